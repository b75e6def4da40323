"""Annual reports in a real browser: a city's 政务公开办 picks the year, chases a department with 催报; the
department's head sees it on the staff home, writes the three sections, submits; the office approves; the
head publishes only through the confirmation step."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from gongkai.orgs.roles import Role
from gongkai.reports.models import AnnualReport
from tests import factories
from tests.browser.test_application_flow import _login
from tests.reports.prose import FULL_PROSE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _page(browser: Any, live_server: Any, username: str) -> Any:
    page = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    _login(page, username)
    return page


def test_year_selector_urge_and_confirmation_before_publishing(browser: Any, live_server: Any) -> None:
    factories.restore_reference_data()
    w = factories.small_province()
    factories.staff("gz-sup", Role.SUPERVISOR, division=w.guangzhou)
    factories.staff("edu-head", Role.APPROVER, agency=w.gz_edu)

    office = _page(browser, live_server, "gz-sup")
    office.get_by_label("年度报告年度").select_option("2020")
    office.get_by_role("button", name="切换").click()
    office.get_by_role("link", name="广州市2020年度报告报送情况").click()
    expect(office.locator("h1")).to_contain_text("2020年度报告报送情况")
    # The selector on the supervision page moves between years.
    office.get_by_label("报告年度").select_option("2019")
    office.get_by_role("button", name="查看").click()
    office.wait_for_url(re.compile(r"/staff/reports/supervision/440100/2019/$"))
    expect(office.locator("h1")).to_contain_text("2019年度报告报送情况")
    office.get_by_label("报告年度").select_option("2020")
    office.get_by_role("button", name="查看").click()
    office.wait_for_url(re.compile(r"/staff/reports/supervision/440100/2020/$"))
    row = office.locator("#expected-reports tr", has_text="广州市教育局")
    row.get_by_role("button", name="催报").click()
    expect(office.locator(".messages")).to_contain_text("已催报")
    expect(office.locator("#expected-reports tr", has_text="广州市教育局")).to_contain_text("催报")

    head = _page(browser, live_server, "edu-head")
    expect(head.locator("#report-urges")).to_contain_text("广州市政务公开办")
    head.get_by_role("link", name="打开2020年度报告").click()
    expect(head.locator("#report-urges")).to_contain_text("2020年度")
    expect(head.locator("#unfinished")).to_contain_text("五、存在的主要问题及改进情况")
    for heading, text in FULL_PROSE.items():
        head.get_by_role("textbox", name=heading).fill(text)
    head.get_by_role("button", name="保存文字").click()
    expect(head.locator("#unfinished")).to_have_count(0)
    head.get_by_role("button", name="报送").click()
    expect(head.locator("#report-status")).to_have_text("已报送")
    report_url = head.url

    office.goto(report_url)
    office.get_by_role("button", name="审核通过").click()
    expect(office.locator("#report-status")).to_have_text("已审核")
    expect(office.locator("#publish-button")).to_have_count(0)  # the reviewer does not publish

    head.goto(report_url)
    expect(head.locator("#report-duties")).to_contain_text("审核人")
    head.locator("#publish-button").click()
    confirm = head.locator("#confirm-publish")
    expect(confirm).to_contain_text("公开后报告的数据将被冻结")
    assert AnnualReport.objects.get().status == AnnualReport.Status.APPROVED  # nothing published yet
    confirm.get_by_role("button", name="确认公开").click()
    expect(head.locator("#report-status")).to_have_text("已公开")
    assert AnnualReport.objects.get().status == AnnualReport.Status.PUBLISHED
