"""A clerk's day in a real browser: register a letter, handle it, reply with a reason, issue and download the
答复书 from the case page; the applicant reads the outcome on the tracker. And the public form fits a 375 px
phone, in standard and in 长者模式."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.core.context import Actor
from gongkai.orgs.roles import Role
from tests import factories
from tests.browser.test_application_flow import _act, _login

GRANTED = "三、本年度办理结果/（一）予以公开"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_clerk_registers_decides_issues_and_downloads_and_the_applicant_sees_the_outcome(
    browser: Any, live_server: Any
) -> None:
    factories.restore_reference_data()
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    clerk.last_name, clerk.first_name = "邹", "海梓"
    clerk.save(update_fields=["last_name", "first_name"])
    staff = browser.new_context(base_url=live_server.url, locale="zh-CN", accept_downloads=True).new_page()
    _login(staff, "clerk")
    expect(staff.locator("#my-work")).to_contain_text("待确认")

    # Register a letter handed in today (the date is prefilled with today).
    staff.goto("/staff/applications/new/")
    staff.get_by_label("申请方式").select_option("letter_signed")
    staff.get_by_label("姓名或名称").fill("陈明")
    staff.get_by_label("身份证明号码").fill(factories.resident_id())
    staff.get_by_label("联系电话").fill("13812345678")
    staff.get_by_label("通信地址").fill("广州市越秀区东风中路100号")
    staff.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").fill(
        "2020年越秀区义务教育招生计划"
    )
    staff.get_by_label("所需信息的形式").select_option("paper")
    staff.get_by_label("获取信息的方式").select_option("post")
    staff.get_by_role("button", name="登记").click()
    notice = staff.locator(".messages").inner_text()
    receipt, code = re.search(r"申请编号 (\S+)，查询码 (\S+)", notice).groups()  # type: ignore[union-attr]

    # Confirmed on registration (签收之日, 第三十一条): the case is 已受理 with its due date; start, reply.
    expect(staff.locator("#status")).to_have_text("已受理")
    expect(staff.locator("#due-date")).not_to_have_text("—")
    _act(staff, "开始办理", {})
    expect(staff.locator("#status")).to_have_text("办理中")
    staff.locator("summary", has_text="作出答复").click()
    decide = staff.locator("details", has=staff.locator("summary", has_text="作出答复"))
    decide.get_by_label("办理结果", exact=True).select_option("三、本年度办理结果/（一）予以公开")
    reason = decide.get_by_label("理由", exact=True)
    if reason.count():  # the written reason of 第三十六条 (required for some outcomes)
        reason.fill("所申请信息已制作，予以公开，随答复书邮寄纸质件")
    provision = decide.get_by_label("提供方式", exact=True)
    if provision.count():
        provision.select_option("with_letter")
    decide.get_by_role("button", name="作出答复").click()
    expect(staff.locator("#status")).to_have_text("已答复")

    # The 答复书 is listed with its 文号 and date; issuing it again the same day gives the same letter.
    letters = staff.locator("#letters")
    expect(letters).to_contain_text("政府信息公开申请答复书")
    number = letters.locator("tbody tr td").nth(1).inner_text()
    staff.get_by_label("出具文书").select_option("decision")
    staff.get_by_role("button", name="出具", exact=True).click()
    expect(staff.locator(".messages")).to_contain_text(number)
    with staff.expect_download() as download:
        letters.get_by_role("link", name="Word").first.click()
    assert download.value.suggested_filename.endswith(".docx")
    assert Path(download.value.path()).read_bytes().startswith(b"PK")
    timeline = staff.locator("ol.timeline").inner_text()
    assert "letter_issued" not in timeline and "出具文书" in timeline and "邹海梓" in timeline

    # The applicant follows it with the number and code.
    public = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    public.goto("/track/")
    public.get_by_label("申请编号").fill(receipt)
    public.get_by_label("查询码").fill(code)
    public.get_by_role("button", name="查询").click()
    expect(public.locator("#status")).to_have_text("已答复")
    expect(public.locator("#outcome")).to_have_text("予以公开")
    expect(public.locator("#status-explained")).to_contain_text("已作出答复")
    assert Application.objects.get(receipt_number=receipt).letters.count() == 1


def _scroll_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_the_public_form_fits_a_phone_also_in_elder_mode(phone: Any) -> None:
    w = factories.small_province()
    phone.goto(f"/agencies/{w.yuexiu_edu.pk}/apply/")
    assert _scroll_width(phone) <= 375
    # organisation fields only for 法人或其他组织 (apply.js), the ID fields only for 自然人
    expect(phone.get_by_label("统一社会信用代码")).to_be_hidden()
    phone.get_by_label("申请人类别").select_option("commercial")
    expect(phone.get_by_label("统一社会信用代码")).to_be_visible()
    expect(phone.get_by_label("身份证明号码")).to_be_hidden()
    assert _scroll_width(phone) <= 375
    phone.get_by_role("link", name="长者模式（大字体、高对比度）").click()
    expect(phone.locator("body")).to_have_class(re.compile(r"\belder\b"))
    assert phone.url.endswith(f"/agencies/{w.yuexiu_edu.pk}/apply/")
    assert _scroll_width(phone) <= 375
    phone.get_by_role("button", name="提交申请").click()  # with every error shown, still no sideways scroll
    expect(phone.get_by_role("alert")).to_be_visible()
    assert _scroll_width(phone) <= 375


def test_staff_tables_scroll_inside_their_wrapper_on_a_phone(phone: Any) -> None:
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    app = factories.registered_application(w.yuexiu_edu, clerk, date(2020, 9, 28))
    services.application_decide(  # a letter, so that the case page has its table of letters
        actor=Actor(user=clerk), application=app, outcome=GRANTED, on=date(2020, 10, 9)
    )
    _login(phone, "clerk")
    for url in ("/staff/applications/?status=", f"/staff/applications/{app.pk}/"):
        phone.goto(url)
        assert _scroll_width(phone) <= 375, url
        heights = phone.evaluate(
            "[...document.querySelectorAll('table.data th')].map(th => th.getBoundingClientRect().height)"
        )
        line = phone.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
        assert heights and max(heights) < 2 * line + 16, (url, heights)  # one line, not a letter per line
