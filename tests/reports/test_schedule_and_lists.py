"""Deadlines per level (REGULATIONS.md §2.3, the unconfirmed ones configurable); the supervision page's
year selector, deadlines and highlighting; the public list's full names and years."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.core.context import Actor
from gongkai.core.errors import ConfigurationInvalid
from gongkai.orgs.models import Division
from gongkai.orgs.roles import Role
from gongkai.reports import selectors
from gongkai.reports import services as rs
from gongkai.reports.models import AnnualReport
from gongkai.reports.schedule import due_date
from tests import factories
from tests.reports.prose import FULL_PROSE

pytestmark = pytest.mark.django_db
L = Division.Level


def test_deadlines_follow_the_spec_by_default() -> None:
    assert due_date(scope="agency", level=L.PROVINCE, year=2020) == date(2021, 1, 31)  # 第四十九条
    assert due_date(scope="agency", level=L.TOWN, year=2020) == date(2021, 1, 31)
    assert due_date(scope="government", level=L.TOWN, year=2020, kind="town") == date(2021, 1, 31)  # 乡镇
    assert due_date(scope="government", level=L.TOWN, year=2020, kind="subdistrict") == date(2021, 1, 31)
    assert due_date(scope="region", level=L.COUNTY, year=2020) == date(2021, 2, 20)
    assert due_date(scope="region", level=L.PREFECTURE, year=2020) == date(2021, 3, 10)
    assert due_date(scope="region", level=L.PROVINCE, year=2020) == date(2021, 3, 31)
    # 本政府机关's own report has no date of its own: it falls due with its level's aggregate.
    assert due_date(scope="government", level=L.COUNTY, year=2020) == date(2021, 2, 20)


def test_the_unconfirmed_deadlines_are_settings(settings: Any) -> None:
    settings.GONGKAI_REPORT_DUE = "subdistrict=02-20, government=03-31,county=02-25"
    assert due_date(scope="government", level=L.TOWN, year=2020, kind="subdistrict") == date(2021, 2, 20)
    assert due_date(scope="government", level=L.TOWN, year=2020, kind="town") == date(2021, 1, 31)
    assert due_date(scope="government", level=L.COUNTY, year=2020) == date(2021, 3, 31)
    assert due_date(scope="region", level=L.COUNTY, year=2020) == date(2021, 2, 25)
    for bad in ("city=03-10", "town=13-01", "town=02-30", "town=0131", "town=０１-31"):
        settings.GONGKAI_REPORT_DUE = bad
        with pytest.raises(ConfigurationInvalid, match="GONGKAI_REPORT_DUE"):
            due_date(scope="agency", level=L.COUNTY, year=2020)


@pytest.fixture
def w() -> Any:
    w = factories.small_province()
    w.sup = factories.staff("gz-sup", Role.SUPERVISOR, division=w.guangzhou)  # type: ignore[attr-defined]
    w.head = factories.staff("edu-head", Role.APPROVER, agency=w.gz_edu)  # type: ignore[attr-defined]
    return w


def test_supervision_page_year_selector_deadlines_and_highlighting(
    client: Any, w: Any, settings: Any
) -> None:
    settings.GONGKAI_TODAY = "2021-02-05"
    client.force_login(w.sup)
    page = client.get("/staff/reports/supervision/440100/2020/").content.decode()
    for y in (2019, 2020, 2021):
        assert f'<option value="{y}"' in page
    assert '<option value="2020" selected>' in page
    # The department was due on 1月31日: overdue; 越秀区's aggregate is due 2月20日, 15 days away: not yet.
    assert page.count('class="missing"') == 1 and "2021-01-31" in page and "2021-02-20" in page
    assert "逾期未报" in page and "即将到期" not in page
    assert "/staff/reports/supervision/440104/2020/" in page  # drill down to the district
    settings.GONGKAI_TODAY = "2021-02-12"
    page = client.get("/staff/reports/supervision/440100/2020/").content.decode()
    assert page.count('class="soon"') == 1 and "即将到期" in page
    response = client.get("/staff/reports/supervision/440100/?year=2019")
    assert response["Location"] == "/staff/reports/supervision/440100/2019/"
    assert client.get("/staff/reports/supervision/440100/?year=abc").status_code == 400
    assert client.get("/staff/reports/supervision/440300/?year=2019").status_code == 404  # not its city


def test_staff_home_report_links_follow_the_chosen_year(client: Any, w: Any) -> None:
    client.force_login(w.sup)
    home = client.get("/staff/?year=2019").content.decode()
    assert "/staff/reports/supervision/440100/2019/" in home and '<option value="2019" selected>' in home
    client.force_login(w.head)
    home = client.get("/staff/?year=2019").content.decode()
    assert f"/staff/reports/open/?scope=agency&amp;agency={w.gz_edu.pk}&amp;year=2019" in home


def _publish(report: AnnualReport, preparer: Any, reviewer: Any) -> None:
    rs.report_update_prose(actor=Actor(preparer), report=report, prose=FULL_PROSE)
    rs.report_submit(actor=Actor(preparer), report=report)
    rs.report_approve(actor=Actor(reviewer), report=report)
    rs.report_publish(actor=Actor(preparer), report=report, confirm=True)


def test_the_public_list_names_the_organisation_in_full_with_the_year(client: Any, w: Any) -> None:
    yx_sup = factories.staff("yx-sup", Role.SUPERVISOR, division=w.yuexiu)
    bj_sup = factories.staff("bj-sup", Role.SUPERVISOR, division=w.beijing_jie)
    agency_report = rs.report_open(actor=Actor(w.head), scope="agency", agency=w.gz_edu, year=2020)
    _publish(agency_report, w.head, w.sup)
    region = rs.report_open(actor=Actor(yx_sup), scope="region", division=w.yuexiu, year=2019)
    _publish(region, yx_sup, w.sup)
    town = rs.report_open(actor=Actor(bj_sup), scope="government", division=w.beijing_jie, year=2020)
    _publish(town, bj_sup, yx_sup)
    entries = {e.report.pk: e.organization for e in selectors.published_reports()}
    assert entries == {
        agency_report.pk: "广州市教育局",
        region.pk: "广州市越秀区",
        town.pk: "广州市越秀区北京街道办事处",
    }
    html = client.get("/reports/").content.decode()
    assert "广州市越秀区北京街道办事处" in html and "2019年度" in html and "2020年度" in html
    assert "本行政区域汇总" in html
    only_2019 = client.get("/reports/?year=2019").content.decode()
    assert (
        f'href="/reports/{region.pk}/"' in only_2019
        and f'href="/reports/{agency_report.pk}/"' not in only_2019
    )
    by_agency = client.get(f"/reports/?agency={w.gz_edu.pk}").content.decode()
    assert (
        f'href="/reports/{agency_report.pk}/"' in by_agency and f'href="/reports/{town.pk}/"' not in by_agency
    )
    assert client.get("/reports/?year=20x").status_code == 400


def test_each_row_links_to_the_report_the_supervisor_may_open(client: Any, w: Any) -> None:
    gd_sup = factories.staff("gd-sup", Role.SUPERVISOR, division=w.province)
    sz_sup = factories.staff("sz-sup", Role.SUPERVISOR, division=w.shenzhen)
    city = rs.report_open(actor=Actor(w.sup), scope="region", division=w.guangzhou, year=2020)
    dept = rs.report_open(actor=Actor(w.head), scope="agency", agency=w.gz_edu, year=2020)
    client.force_login(gd_sup)
    page = client.get("/staff/reports/supervision/440000/2020/").content.decode()
    assert f'href="/staff/reports/{city.pk}/"' in page and "/staff/reports/supervision/440100/2020/" in page
    assert client.get(f"/staff/reports/{city.pk}/").status_code == 200
    # Drilled down one level, the province still opens the city's department's report.
    page = client.get("/staff/reports/supervision/440100/2020/").content.decode()
    assert f'href="/staff/reports/{dept.pk}/"' in page
    assert client.get(f"/staff/reports/{dept.pk}/").status_code == 200
    client.force_login(sz_sup)
    assert client.get(f"/staff/reports/{city.pk}/").status_code == 404
    assert client.get("/staff/reports/supervision/440100/2020/").status_code == 404
