"""主动公开 end to end in Chromium: a clerk drafts a 规范性文件 that needs a 政策解读, the reviewer clears the
personal-data flags, the 负责人 publishes, the public finds it everywhere; a replacement marks it 已修改."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import docx
import pytest
from playwright.sync_api import expect

from gongkai.orgs.roles import Role
from gongkai.publications import services
from gongkai.publications.models import Publication
from tests import factories
from tests.browser.conftest import serious_violations
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def login(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"pw-{username}")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")


def logout(page: Any) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/")


def draft(
    page: Any,
    agency_pk: int,
    title: str,
    doc_number: str,
    attachment: Path | None = None,
    supersedes: int = 0,
) -> None:
    page.goto(f"/staff/publications/new/{agency_pk}/")
    page.get_by_label("标题").fill(title)
    page.get_by_label("信息类别").select_option(label="规范性文件")
    page.get_by_label("体裁/文种").select_option("办法")
    page.get_by_label("主动公开类别").select_option(label="（一）行政法规、规章和规范性文件")
    page.get_by_label("发文字号").fill(doc_number)
    page.get_by_label("成文日期").fill("2020-03-02")
    page.get_by_label("主题分类").select_option(label="科技、教育\\教育")
    page.get_by_label("正文").fill("<p>第一条 为规范义务教育阶段学校招生入学工作，制定本办法。</p>")
    if supersedes:
        page.get_by_label("本文件修改或废止的文件（信息编号）").fill(str(supersedes))
        page.get_by_label("对原文件的效力").select_option(label="已修改")
    else:
        page.get_by_label("需同步发布政策解读").check()
    if attachment is not None:
        page.get_by_label("附件").set_input_files(str(attachment))
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/staff/publications/*/")


def review_and_publish(page: Any, reviewer: str, approver: str) -> None:
    url = page.url
    logout(page)
    login(page, reviewer)
    page.goto(url)
    assert page.locator("#status").inner_text() == "保密审查中"
    buttons = page.get_by_role("button", name="确认")
    for left in range(buttons.count() - 1, -1, -1):
        buttons.first.click()
        expect(buttons).to_have_count(left)
    page.get_by_role("button", name="保密审查通过").click()
    assert page.locator("#status").inner_text() == "待审批发布"
    logout(page)
    login(page, approver)
    page.goto(url)
    page.get_by_role("button", name="审批并发布").click()
    assert page.locator("#status").inner_text() == "已发布"
    logout(page)


def test_publish_a_normative_document_with_its_interpretation(page: Any, tmp_path: Path) -> None:
    w = factories.small_province()
    for role in (Role.CLERK, Role.REVIEWER, Role.APPROVER):
        factories.staff(f"gz-{role}", role, agency=w.gz_gov)
    id_number = factories.resident_id("44010619850307201")
    d = docx.Document()
    d.add_paragraph(f"附件：学位申请人李四，身份证号{id_number}")
    buf = io.BytesIO()
    d.save(buf)
    attachment = tmp_path / "附件1.docx"
    attachment.write_bytes(buf.getvalue())

    login(page, "gz-clerk")
    title = "广州市义务教育阶段学校招生入学管理办法"
    draft(page, w.gz_gov.pk, title, "穗府规〔2020〕3号", attachment)
    page.get_by_role("button", name="提交保密审查").click()
    assert (
        "需同步发布政策解读" in page.get_by_role("status").or_(page.locator(".messages")).first.inner_text()
    )
    page.get_by_text("撰写政策解读").click()
    page.get_by_label("解读形式").select_option(label="文字解读")
    page.get_by_label("解读标题").fill("《广州市义务教育阶段学校招生入学管理办法》政策解读")
    page.get_by_label("解读正文").fill("一、制定背景")
    page.get_by_role("button", name="保存解读").click()
    page.get_by_role("button", name="提交保密审查").click()
    flags = page.locator("table.data").inner_text()
    assert "附件：附件1.docx" in flags and "身份证号码" in flags and id_number not in flags
    assert serious_violations(page) == []
    review_and_publish(page, "gz-reviewer", "gz-approver")

    pub = Publication.objects.get(title=title)
    # the agency catalogue, the policy library, the Atom feed and the sitemap
    page.goto(f"/agencies/{w.gz_gov.pk}/")
    page.get_by_role("link", name="（一）行政法规、规章和规范性文件").click()
    page.get_by_role("link", name=title).click()
    assert page.locator("h1").inner_text() == title
    assert pub.index_no in page.locator(".metadata").inner_text()
    assert "现行有效" in page.locator(".metadata").inner_text()
    page.get_by_role("link", name="《广州市义务教育阶段学校招生入学管理办法》政策解读").click()
    assert "一、制定背景" in page.locator("main").inner_text()
    page.goto("/library/?kind=normative&validity=in_force")
    assert page.get_by_role("link", name=title).count() == 1
    feed = ET.fromstring(page.request.get(f"/agencies/{w.gz_gov.pk}/feed.atom").body())
    assert title in [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    sitemap = page.request.get("/sitemap-1.xml").text()
    assert f"/publications/{pub.pk}/</loc>" in sitemap

    # a later replacement marks it 已修改 with a link
    login(page, "gz-clerk")
    draft(page, w.gz_gov.pk, f"{title}（2020年修订）", "穗府规〔2020〕9号", supersedes=pub.pk)
    page.get_by_role("button", name="提交保密审查").click()
    review_and_publish(page, "gz-reviewer", "gz-approver")
    page.goto(f"/publications/{pub.pk}/")
    assert "已修改" in page.locator(".metadata").inner_text()
    page.get_by_role("link", name=f"{title}（2020年修订）（穗府规〔2020〕9号）").click()
    assert page.locator("h1").inner_text() == f"{title}（2020年修订）"


def _world_with_a_published_document() -> tuple[Any, Publication]:
    w = factories.small_province()
    people = staff_of(w.gz_gov, "p")
    pub = services.publication_create(actor=people["clerk"], agency=w.gz_gov, data=normative_input())
    return w, publish(people, pub)


def test_public_pages_have_no_serious_accessibility_violations(page: Any) -> None:
    w, pub = _world_with_a_published_document()
    for url in (
        "/",
        f"/agencies/{w.gz_gov.pk}/",
        f"/publications/{pub.pk}/",
        "/library/",
        f"/agencies/{w.gz_gov.pk}/catalogue/20-1/",
        f"/agencies/{w.gz_gov.pk}/guide/",
        f"/agencies/{w.yuexiu_gov.pk}/standard-catalogue/",
        f"/agencies/{w.gz_gov.pk}/apply/",
    ):
        page.goto(url)
        assert serious_violations(page) == [], url
    page.goto(f"/display/?mode=elder&next=/publications/{pub.pk}/")
    assert float(page.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px")) >= 18
    assert serious_violations(page) == []


def test_document_and_library_pages_fit_a_phone(phone: Any) -> None:
    w, pub = _world_with_a_published_document()
    apply = f"/agencies/{w.gz_gov.pk}/apply/"
    pages = (f"/publications/{pub.pk}/", "/library/", f"/agencies/{w.gz_gov.pk}/", "/search/?q=招生", apply)
    for url in pages:
        phone.goto(url)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, url
    phone.goto(f"/display/?mode=elder&next={apply}")  # the application form in 长者模式 too
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.goto(f"/publications/{pub.pk}/")
    read_aloud = phone.get_by_role("button", name="朗读全文")
    if phone.evaluate("'speechSynthesis' in window"):
        assert read_aloud.is_visible()  # 语音阅读 where the browser can speak
    else:
        assert read_aloud.is_hidden()
