"""Reports from the stored figures cost a constant number of queries, however many agencies and drafts:
the province's region report, the checks over every expected report, the supervision page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.orgs.models import Agency, Division
from gongkai.orgs.roles import Role
from gongkai.reports import checks, compute, selectors, services
from gongkai.reports.aggregates import store
from gongkai.reports.models import AnnualReport
from tests import factories

pytestmark = pytest.mark.django_db


def _grow(world: Any, cities: int, first: int = 0) -> None:
    """``cities`` more cities under the province, each with departments, a county and a town, every agency
    with an application, and a draft report for every report the province and the new cities expect."""
    clerk = factories.staff(f"grow-{first}", Role.CLERK, agency=world.gz_edu)
    factories.registered_application(world.gz_edu, clerk, date(2020, 4, 1))
    for i in range(first, first + cities):
        city = factories.division(world.province, f"44{i + 5:02d}00", f"新{i}市")
        county = factories.division(city, f"44{i + 5:02d}02", f"新{i}区")
        town = factories.division(county, f"44{i + 5:02d}02001", f"新{i}街道")
        factories.agency(city, f"新{i}市人民政府", Agency.Kind.GOVERNMENT)
        factories.agency(town, f"新{i}街道办事处", Agency.Kind.SUBDISTRICT_OFFICE)
        for name in ("教育局", "公安局", "民政局"):
            agency = factories.agency(city, f"新{i}市{name}")
            staff = factories.staff(f"c{i}{name}", Role.CLERK, agency=agency)
            factories.registered_application(agency, staff, date(2020, 3, i + 1))
        factories.agency(world.province, f"广东省第{i}厅")
    for row in selectors.expected_reports(world.province, 2020):
        if row.report is None:
            AnnualReport.objects.create(
                scope=row.scope, agency=row.agency, division=row.division, year=2020, prose={}
            )


def _queries(func: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("cities", [1, 6])
def test_the_province_report_is_two_queries_whatever_the_number_of_agencies(cities: int) -> None:
    world = factories.small_province()
    _grow(world, cities)
    store.build_years(range(2016, 2021))
    scope = compute.scope_of_division(world.province, region=True)
    assert _queries(lambda: compute.compute(scope, 2020)) == 2  # the built years; the province's roll-up
    report = compute.compute(scope, 2020)
    assert report.table3[compute.RECEIVED]["总计"] == 1 + 3 * cities
    assert report.as_json() == compute.compute_from_records(scope, 2020).as_json()


@pytest.mark.parametrize("cities", [1, 6])
def test_checking_every_expected_report_is_a_constant_number_of_queries(cities: int) -> None:
    world = factories.small_province()
    _grow(world, cities)
    store.build_years(range(2016, 2021))
    drafts = AnnualReport.objects.count()
    assert drafts == 2 + 2 * cities  # the province's new departments; every city below it

    def check_all() -> None:
        rows = selectors.expected_reports(world.province, 2020)
        assert all(r.problems() is not None for r in rows)

    # reports, agencies, divisions below; then the built years, the agencies' and the regions' figures
    assert _queries(check_all) == 6
    for row in selectors.expected_reports(world.province, 2020):  # the same findings as from the records
        assert row.report is not None
        counted = compute.compute_from_records(services.scope_of(row.report), 2020).as_json()
        data = services._with_prose(row.report, counted)
        assert row.problems() == len(checks.check_report(data) + checks.check_narrative(data))


def _page_queries(world: Any, client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/staff/reports/supervision/440000/2020/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_supervision_page_costs_the_same_queries_for_a_larger_province() -> None:
    small = factories.small_province()
    _grow(small, 1)
    store.build_years(range(2016, 2021))
    supervisor = factories.staff("sup", Role.SUPERVISOR, division=small.province)
    client = Client()
    client.force_login(supervisor)
    _page_queries(small, client)  # the session and caches settle
    before = _page_queries(small, client)
    _grow(small, 5, first=1)  # five more cities with their drafts
    assert Division.objects.count() == 24 and AnnualReport.objects.count() == 14
    assert _page_queries(small, client) == before


@pytest.mark.parametrize("towns", [1, 5])
def test_a_county_checks_its_towns_government_reports_in_constant_queries(towns: int) -> None:
    world = factories.small_province()
    for i in range(towns):
        town = factories.division(world.yuexiu, f"440104{i + 2:03d}", f"新{i}街道")
        office = factories.agency(town, f"新{i}街道办事处", Agency.Kind.SUBDISTRICT_OFFICE)
        staff = factories.staff(f"t{i}", Role.CLERK, agency=office)
        factories.registered_application(office, staff, date(2020, 6, i + 1))
    for row in selectors.expected_reports(world.yuexiu, 2020):
        AnnualReport.objects.create(scope=row.scope, agency=row.agency, division=row.division, year=2020)
    store.build_years(range(2016, 2021))

    def check_all() -> None:
        rows = selectors.expected_reports(world.yuexiu, 2020)
        assert all(r.problems() is not None for r in rows)

    # reports, agencies, divisions below; the built years, the towns' own agencies, the agencies' figures
    assert _queries(check_all) == 6
    rows = selectors.expected_reports(world.yuexiu, 2020)
    assert sum(r.scope == "government" for r in rows) == towns + 1
