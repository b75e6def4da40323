"""The search page in Chromium: results with highlighted words, facets, pagination, accessibility, and the
basic query without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.publications import services
from gongkai.search.services import search_apply_outbox
from tests import factories
from tests.browser.conftest import serious_violations
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _publish_many() -> None:
    w = factories.small_province()
    for agency, prefix in ((w.gz_gov, "gz"), (w.sz_gov, "sz")):
        people = staff_of(agency, prefix)
        for i in range(6):
            pub = services.publication_create(
                actor=people["clerk"],
                agency=agency,
                data=normative_input(
                    title=f"{agency.name}关于做好第{i + 1}号台风防汛工作的通知",
                    doc_number=f"{prefix[0]}府〔2020〕{i + 1}号",
                    body="<p>全力做好防汛防风工作。</p>",
                ),
            )
            publish(people, pub)
    search_apply_outbox()


def test_search_with_facets_pagination_and_highlighting(page: Any) -> None:
    _publish_many()
    page.goto("/")
    page.get_by_label("搜索全省政府信息").fill("防汛")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "找到 12 条结果" in page.locator("main").inner_text()
    assert page.locator("ol.results > li").count() == 10
    assert page.locator("mark", has_text="防汛").count() >= 10
    assert serious_violations(page) == []
    page.get_by_role("link", name="下一页").click()
    assert page.locator("ol.results > li").count() == 2
    facets = page.get_by_role("navigation", name="筛选")
    facets.get_by_role("link", name="深圳市人民政府").click()
    assert "找到 6 条结果" in page.locator("main").inner_text()
    assert all(
        "深圳市人民政府" in t for t in page.locator("ol.results > li > p:first-child").all_inner_texts()
    )
    assert serious_violations(page) == []
    page.get_by_role("link", name="发布日期").click()
    assert "sort=date" in page.url


def test_basic_query_without_javascript(browser: Any, live_server: Any) -> None:
    from tests.browser.conftest import _restore_reference_data

    _restore_reference_data()
    _publish_many()
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False)
    p = context.new_page()
    try:
        p.goto("/search/")
        p.get_by_label("搜索词").fill("台风 防汛")
        p.get_by_role("button", name="搜索").click()
        assert "找到 12 条结果" in p.locator("main").inner_text()
        p.get_by_role("link", name="广州市人民政府关于做好第1号台风防汛工作的通知").click()
        assert p.locator("h1").inner_text() == "广州市人民政府关于做好第1号台风防汛工作的通知"
    finally:
        context.close()
