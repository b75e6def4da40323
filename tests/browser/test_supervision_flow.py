"""A provincial supervisor in a real browser: the dashboard for 2020, the overdue list drilled from the
province to the city, the agency and the case; a 催办 sent; the agency's clerk sees it on the case; the
province's 2020 report reachable from the staff home."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from gongkai.orgs.roles import Role
from tests import factories
from tests.browser.test_application_flow import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_supervisor_drills_down_to_the_case_and_urges_the_clerk_sees_it(
    browser: Any, live_server: Any
) -> None:
    factories.restore_reference_data()
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.gz_edu)
    factories.staff("sup", Role.SUPERVISOR, division=w.province)
    with time_machine.travel(factories.aware(2021, 3, 15), tick=True):
        app = factories.registered_application(w.gz_edu, clerk, date(2020, 10, 9))
        page = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
        _login(page, "sup")
        page.get_by_role("link", name="广东省政务公开监督").click()
        page.locator("#year-nav").get_by_role("link", name="2020年").click()
        expect(page.locator("h1")).to_contain_text("2020年")
        expect(page.locator("#own-report")).to_contain_text("广东省2020年度报告")
        page.locator("#overdue-link").click()
        expect(page.locator("#overdue-summary tfoot")).to_contain_text("1")
        expect(page.locator("#as-of")).to_contain_text("2021-03-15")  # counted as of today, not by year
        page.locator("#overdue-summary").get_by_role("link", name="广州市").click()
        page.locator("#overdue-cases").get_by_role("link", name="广州市教育局").click()
        expect(page.locator("h1")).to_contain_text("广州市教育局")
        page.get_by_role("link", name=app.receipt_number).click()
        page.get_by_label("督办意见").fill("该申请已超期，请于三个工作日内答复")
        page.get_by_role("button", name="催办").click()
        expect(page.locator("#urges")).to_contain_text("该申请已超期")

        clerk_page = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
        _login(clerk_page, "clerk")
        expect(clerk_page.locator("#workbench-urges")).to_contain_text(app.receipt_number)
        clerk_page.locator("#workbench-urges").get_by_role("link", name=app.receipt_number).click()
        expect(clerk_page.locator("#urges")).to_contain_text("该申请已超期，请于三个工作日内答复")
        expect(clerk_page.locator("#urges")).to_contain_text("已于")

        # The province's 2020 report from the staff home in three clicks: 监督, 2020年, the report.
        report_page = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
        _login(report_page, "sup")
        report_page.get_by_role("link", name="广东省政务公开监督").click()
        report_page.locator("#year-nav").get_by_role("link", name="2020年").click()
        report_page.locator("#own-report").click()
        expect(report_page.locator("h1")).to_contain_text("广东省")
        expect(report_page.locator("h1")).to_contain_text("2020")
        expect(report_page.locator("main")).to_contain_text("二、主动公开政府信息情况")
