"""The portal shell as a person uses it: in Chromium, on a desktop and on a phone, by keyboard."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from gongkai.orgs.roles import Role
from tests import factories
from tests.browser.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_browse_from_province_to_agency_without_accessibility_violations(page: Any) -> None:
    w = factories.small_province()
    page.goto("/")
    assert page.locator("h1").inner_text() == "广东省政府信息公开"
    assert serious_violations(page) == []
    page.get_by_role("link", name="广州市", exact=True).click()
    page.wait_for_url("**/divisions/440100/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="越秀区").click()
    page.get_by_role("link", name="广州市越秀区教育局").click()
    page.wait_for_url(f"**/agencies/{w.yuexiu_edu.pk}/")
    assert page.locator("h1").inner_text() == "广州市越秀区教育局"
    crumbs = page.get_by_role("navigation", name="当前位置").get_by_role("listitem").all_inner_texts()
    assert crumbs == ["首页", "广东省", "广州市", "越秀区", "广州市越秀区教育局"]
    assert serious_violations(page) == []


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Any) -> None:
    factories.small_province()
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到主要内容"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_usable_on_a_phone(phone: Any) -> None:
    factories.small_province()
    phone.goto("/divisions/440100/")
    # Nothing wider than the screen: no horizontal scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    # Body text at least 16 px; tap targets of the main links reasonably large.
    assert float(phone.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px")) >= 16
    assert serious_violations(phone) == []


def test_staff_login_and_logout_by_keyboard(page: Any) -> None:
    w = factories.small_province()
    factories.staff("clerk1", Role.CLERK, agency=w.gz_edu)
    page.goto("/accounts/login/")
    assert serious_violations(page) == []
    page.get_by_label("用户名").fill("clerk1")
    page.get_by_label("密码").fill("wrong")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    assert "正确的用户名和密码" in alert.inner_text()
    assert page.get_by_label("用户名").input_value() == "clerk1"
    assert serious_violations(page) == []
    page.get_by_label("密码").fill("pw-clerk1")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    assert "广州市教育局" in page.locator("main").inner_text()
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("link", name="工作人员登录")).to_be_visible()
    assert urlparse(page.url).path == "/"  # back on the home page
