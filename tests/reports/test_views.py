"""Report pages: staff prepare and submit, the supervisor above reviews and publishes; the public reads
the published report in the official table layout; the supervision page shows missing and late reports."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.applications import services as app_services
from gongkai.core.context import Actor
from gongkai.orgs.roles import Role
from gongkai.reports import selectors
from gongkai.reports.models import AnnualReport
from gongkai.reports.schedule import due_date
from tests import factories
from tests.portal.html_checks import accessibility_problems
from tests.reports.prose import prose

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.approver = factories.staff("approver", Role.APPROVER, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.sup = factories.staff("supx", Role.SUPERVISOR, division=w.yuexiu)  # type: ignore[attr-defined]
    app = factories.registered_application(w.yuexiu_edu, w.clerk, date(2020, 3, 2))
    app_services.application_decide(
        actor=Actor(user=w.clerk),
        application=app,
        outcome="三、本年度办理结果/（一）予以公开",
        on=date(2020, 3, 20),
    )
    return w


def test_deadlines_per_level() -> None:
    assert due_date(scope="agency", level=3, year=2020) == date(2021, 1, 31)
    assert due_date(scope="government", level=4, year=2020) == date(2021, 1, 31)  # 乡镇
    assert due_date(scope="region", level=3, year=2020) == date(2021, 2, 20)
    assert due_date(scope="region", level=2, year=2020) == date(2021, 3, 10)
    assert due_date(scope="region", level=1, year=2020) == date(2021, 3, 31)


def test_prepare_review_publish_and_read(client: Client, world: Any) -> None:
    client.force_login(world.approver)
    response = client.get(f"/staff/reports/open/?scope=agency&agency={world.yuexiu_edu.pk}&year=2020")
    report = AnnualReport.objects.get()
    assert response["Location"] == f"/staff/reports/{report.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "广州市越秀区教育局2020年政府信息公开工作年度报告" in page and "校验未通过" not in page
    assert accessibility_problems(page) == []
    written = prose(一="本局依法公开。")
    client.post(f"/staff/reports/{report.pk}/prose/", {f"prose:{h}": t for h, t in written.items()})
    client.post(f"/staff/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == "submitted" and report.prose == written
    client.force_login(world.sup)
    client.post(f"/staff/reports/{report.pk}/approve/")
    client.force_login(world.approver)  # the department publishes its own report (R2)
    client.post(f"/staff/reports/{report.pk}/publish/", {"confirm": "yes"})
    report.refresh_from_db()
    assert report.status == "published"
    public = Client()
    listing = public.get("/reports/").content.decode()
    assert f'href="/reports/{report.pk}/"' in listing
    html = public.get(f"/reports/{report.pk}/").content.decode()
    assert "本局依法公开。" in html and 'rowspan="20"' in html
    assert accessibility_problems(html) == []
    assert public.get(f"/reports/{report.pk}/download.xlsx").status_code == 200
    assert (
        public.get(f"/reports/{report.pk}/download.json").json()["table3"][
            "一、本年新收政府信息公开申请数量"
        ]["总计"]
        == 1
    )


def test_drafts_are_not_public(client: Client, world: Any) -> None:
    client.force_login(world.approver)
    client.get(f"/staff/reports/open/?scope=agency&agency={world.yuexiu_edu.pk}&year=2020")
    report = AnnualReport.objects.get()
    assert Client().get(f"/reports/{report.pk}/").status_code == 404
    assert Client().get(f"/reports/{report.pk}/download.json").status_code == 404


def test_supervision_lists_missing_and_late_reports(client: Client, world: Any) -> None:
    rows = selectors.expected_reports(world.yuexiu, 2020)
    names = [r.name for r in rows]
    assert "广州市越秀区教育局" in names and "北京街道（本级政府）" in names
    assert all(r.missing(date(2021, 2, 1)) for r in rows)
    assert not any(r.missing(date(2021, 1, 31)) for r in rows)
    client.force_login(world.sup)
    html = client.get("/staff/reports/supervision/440104/2020/").content.decode()
    assert "广州市越秀区教育局" in html and "逾期未报" in html
    assert client.get("/staff/reports/supervision/440300/2020/").status_code == 404  # not its division


def test_table2_entry_form_validates_every_cell_and_feeds_the_report(client: Client, world: Any) -> None:
    from gongkai.reports import compute

    client.force_login(world.approver)
    url = f"/staff/reports/table2/{world.yuexiu_edu.pk}/2020/"
    page = client.get(url).content.decode()
    assert "第二十条第（九）项" in page and accessibility_problems(page) == []
    assert "采购总金额（万元）" in page  # the amount is entered in 万元, and the label says so
    bad = client.post(
        url,
        {
            "第二十条第（一）项/规范性文件/本年新公开数量": "3.5",
            "第二十条第（五）项/行政许可/上一年项目数量": "-1",
            "第二十条第（六）项/行政处罚/本年增/减": "-2",
        },
    )
    html = bad.content.decode()
    assert (
        "“规范性文件”的“本年新公开数量”应为整数" in html and "“行政许可”的“上一年项目数量”不能为负数" in html
    )
    assert 'value="3.5"' in html  # nothing typed is lost
    ok = client.post(
        url,
        {
            "第二十条第（一）项/规范性文件/本年新公开数量": "12",
            "第二十条第（九）项/政府集中采购/采购总金额": "1,234.5",
            "第二十条第（六）项/行政处罚/本年增/减": "-2",
        },
    )
    assert ok.status_code == 302
    t2 = compute.compute(compute.scope_of_agency(world.yuexiu_edu), 2020).table2
    assert t2["第二十条第（一）项"]["规范性文件"]["本年新公开数量"] == "12"
    assert t2["第二十条第（九）项"]["政府集中采购"]["采购总金额"] == "1234.5"
    assert t2["第二十条第（六）项"]["行政处罚"]["本年增/减"] == "-2"
    client.force_login(world.sup)
    assert client.get(url).status_code == 404  # a supervisor does not enter an agency's figures


def test_supervision_page_checks_every_subordinate_report(client: Client, world: Any) -> None:
    from gongkai.reports import services

    services.report_open(actor=Actor(user=world.approver), scope="agency", agency=world.yuexiu_edu, year=2020)
    client.force_login(world.sup)
    html = client.get("/staff/reports/supervision/440104/2020/").content.decode()
    assert "通过" in html  # the agency's draft passes every identity
    assert accessibility_problems(html) == []
