"""A member of the public applies; the agency's staff ask for a correction, extend and decide; the public
follows the case and downloads the reply letter. Real Chromium, real server, no shortcuts in between."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from gongkai.applications.models import Application
from gongkai.applications.states import Status
from gongkai.orgs.roles import Role
from tests import factories
from tests.browser.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _login(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"pw-{username}")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


def _act(page: Any, summary: str, fields: dict[str, str], button: str | None = None) -> None:
    page.locator("summary", has_text=summary).click()
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    for label, value in fields.items():
        control = details.get_by_label(label, exact=True)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    details.get_by_role("button", name=button or summary).click()


def test_apply_handle_and_follow(browser: Any, live_server: Any) -> None:
    factories.restore_reference_data()  # the working-day calendar: this test opens its own pages
    w = factories.small_province()
    factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    factories.staff("approver", Role.APPROVER, agency=w.yuexiu_edu)
    public = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()

    # The public finds the agency and applies; a wrong ID number is caught without losing anything typed.
    public.goto("/apply/")
    public.get_by_label("机关名称").fill("越秀区教育局")
    public.get_by_role("button", name="查找").click()
    public.get_by_role("link", name="广州市越秀区教育局").click()
    public.get_by_label("姓名或名称").fill("陈明")
    public.get_by_label("身份证明号码").fill("440106199001011230")
    public.get_by_label("联系电话").fill("13812345678")
    public.get_by_label("电子邮箱").fill("chenming@example.cn")
    public.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").fill(
        "2020年越秀区义务教育招生计划"
    )
    public.get_by_label("所需信息的形式").select_option("electronic")  # nothing is preselected
    public.get_by_label("获取信息的方式").select_option("email")
    public.get_by_role("button", name="提交申请").click()
    expect(public.get_by_role("alert")).to_contain_text("校验位错误")
    assert public.get_by_label("联系电话").input_value() == "13812345678"
    assert serious_violations(public) == []
    public.get_by_label("身份证明号码").fill(factories.resident_id())
    public.get_by_role("button", name="提交申请").click()
    receipt = public.locator("#receipt-number").inner_text()
    code = public.locator("#query-code").inner_text()
    assert serious_violations(public) == []

    # Staff confirm receipt, ask for a correction, receive it, extend (approver) and decide.
    app = Application.objects.get(receipt_number=receipt)
    Application.objects.filter(pk=app.pk).update(submitted_at=factories.aware(2020, 9, 27))
    staff = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    _login(staff, "clerk")
    staff.goto("/staff/applications/")
    staff.get_by_role("link", name=receipt).click()
    assert serious_violations(staff) == []
    _act(staff, "确认收到申请", {"日期": "2020-09-28"})
    expect(staff.locator("#due-date")).to_contain_text("2020年11月2日")
    _act(
        staff,
        "告知补正",
        {"告知日期": "2020-09-29", "需要补正的事项": "请写明所需文件的文号", "补正期限": "2020-10-20"},
    )
    expect(staff.locator("#status")).to_have_text("待补正")
    _act(staff, "收到补正", {"日期": "2020-10-12"})
    expect(staff.locator("#due-date")).to_contain_text("2020年11月9日")
    _act(staff, "开始办理", {})

    approver = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    _login(approver, "approver")
    approver.goto(f"/staff/applications/{app.pk}/")
    _act(
        approver,
        "延长答复期限（负责人）",
        {"批准日期": "2020-11-02", "延长工作日数": "10", "延期理由": "需调取档案"},
    )
    expect(approver.locator("#due-date")).to_contain_text("2020年11月23日")

    staff.reload()
    _act(staff, "作出答复", {"答复日期": "2020-11-10", "办理结果": "三、本年度办理结果/（一）予以公开"})
    expect(staff.locator("#status")).to_have_text("已答复")
    _act(staff, "送达", {"日期": "2020-11-11"})
    app.refresh_from_db()
    assert (app.status, app.extension_days, app.letters.count()) == (Status.DELIVERED, 10, 3)

    # The public sees the status, the timeline and the letters.
    public.goto("/track/")
    public.get_by_label("申请编号").fill(receipt)
    public.get_by_label("查询码").fill(code)
    public.get_by_role("button", name="查询").click()
    expect(public.locator("#status")).to_have_text("已送达")
    timeline = public.locator("ol.timeline").inner_text()
    for step in ("提交申请", "告知补正", "收到补正", "延长答复期限", "作出答复", "送达"):
        assert step in timeline
    assert serious_violations(public) == []
    with public.expect_download() as download:
        public.get_by_role("link", name="Word").first.click()
    assert download.value.suggested_filename.endswith(".docx")
    response = public.request.get(public.get_by_role("link", name="PDF").last.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    assert date(2020, 11, 10) == app.decided_on
