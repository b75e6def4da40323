"""主动公开 timeliness counted by the database (issue #13 item 2) against the Python checker of
the publications app: 第二十六条's 20 working days, the special deadlines kept in
``DeadlineRule`` (预算法第十四条's 20 calendar days from the 批复, 双公示's 7 working days from
the decision), a year without a holiday schedule (2027: weekends only, 暂定); filters, paging,
rows that add up with 本级, pinned query counts, and hostile parameters that never give a 500.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.orgs.models import Agency
from gongkai.orgs.roles import Role
from gongkai.publications import selectors as pub_selectors
from gongkai.publications import services as pub_services
from gongkai.publications.models import DocKind, Publication
from gongkai.publications.states import PUBLIC
from gongkai.supervision import timeliness, views
from gongkai.supervision.timeliness import Filters
from tests import factories
from tests.publications.conftest import publish, staff_of

pytestmark = pytest.mark.django_db

#: Late enough for every record below, 2027 included (its holiday schedule is not seeded).
TODAY = date(2027, 2, 1)


@pytest.fixture
def pinned() -> Iterator[None]:
    with time_machine.travel(factories.aware(TODAY.year, TODAY.month, TODAY.day), tick=False):
        yield


@dataclass(frozen=True)
class Case:
    """One record: who publishes it, its 第二十条 category and dates, when it is published (local time),
    and whether it is late under the seeded rules."""

    agency: str
    category: str
    written_on: date
    published: tuple[int, int, int, int]
    late: bool
    changed_on: date | None = None
    approved_on: date | None = None
    decided_on: date | None = None


CASES = [
    # 第二十六条: formed 2020-01-20, 春节 2020-01-24～02-02 off: the 20th working day is 2020-02-25.
    Case("gd_office", "20-15", date(2020, 1, 20), (2020, 2, 25, 23), False),
    # The 21st working day at 07:00 local time (the evening before in UTC) is late: the local date counts.
    Case("gd_office", "20-15", date(2020, 1, 20), (2020, 2, 26, 7), True),
    # 预算法第十四条: 20 calendar days from the 批复 2020-03-10, so 03-30 is on time, 03-31 late.
    Case("gz_gov", "20-7", date(2020, 3, 10), (2020, 3, 30, 10), False, approved_on=date(2020, 3, 10)),
    Case("gz_gov", "20-7", date(2020, 3, 10), (2020, 3, 31, 10), True, approved_on=date(2020, 3, 10)),
    # 双公示: 7 working days from the decision 2020-06-22 (端午 off, Sunday 06-28 a 调休 working day).
    Case("gz_gov", "20-6", date(2020, 6, 22), (2020, 7, 2, 10), False, decided_on=date(2020, 6, 22)),
    Case("gz_gov", "20-6", date(2020, 6, 22), (2020, 7, 3, 10), True, decided_on=date(2020, 6, 22)),
    # A 行政处罚 record without a 决定日期 keeps 第二十六条's 20 working days (to 2020-07-21).
    Case("yuexiu_edu", "20-6", date(2020, 6, 22), (2020, 7, 3, 10), False),
    Case("yuexiu_edu", "20-5", date(2020, 6, 22), (2020, 7, 21, 10), True, decided_on=date(2020, 6, 22)),
    # 第二十六条 from the 变更之日 when there is one.
    Case("yuexiu_edu", "20-15", date(2020, 1, 2), (2020, 2, 25, 10), False, changed_on=date(2020, 1, 20)),
    Case("yuexiu_edu", "20-15", date(2020, 1, 2), (2020, 2, 26, 10), True, changed_on=date(2020, 1, 20)),
    # 2019: formed 2019-12-02, the 20th working day is 2019-12-30.
    Case("beijing_office", "20-15", date(2019, 12, 2), (2019, 12, 30, 10), False),
    Case("beijing_office", "20-15", date(2019, 12, 2), (2019, 12, 31, 10), True),
    # 2027 has no holiday schedule: weekends only, 2027-01-01 counted as a working day → 2027-01-25.
    Case("futian_gov", "20-15", date(2026, 12, 28), (2027, 1, 25, 10), False),
    Case("futian_gov", "20-15", date(2026, 12, 28), (2027, 1, 26, 10), True),
    # 7 working days by weekends only: 12-29, 12-30, 12-31, 01-01, 01-04, 01-05, 01-06.
    Case("futian_gov", "20-5", date(2026, 12, 28), (2027, 1, 7, 10), True, decided_on=date(2026, 12, 28)),
]


def _people(agency: Agency) -> dict[str, Any]:
    return staff_of(agency, f"a{agency.pk}")


def _publish(case: Case, agency: Agency, people: dict[str, Any], n: int) -> Publication:
    data = pub_services.PublicationInput(
        title=f"{agency.name}信息{n}",
        written_on=case.written_on,
        kind=DocKind.OTHER,
        genre="通知",
        category=case.category,
        changed_on=case.changed_on,
        approved_on=case.approved_on,
        decided_on=case.decided_on,
    )
    pub = pub_services.publication_create(actor=people["clerk"], agency=agency, data=data)
    publish(people, pub, now=factories.aware(*case.published))
    return pub


def _build() -> tuple[factories.World, dict[int, bool]]:
    """The small province with every case published; returns the expected lateness by record id."""
    w = factories.small_province()
    people: dict[str, dict[str, Any]] = {}
    expected = {}
    for n, case in enumerate(CASES):
        agency = getattr(w, case.agency)
        if case.agency not in people:
            people[case.agency] = _people(agency)
        pub = _publish(case, agency, people[case.agency], n)
        expected[pub.pk] = case.late
    return w, expected


def _oracle(filters: Filters) -> Counter[tuple[int, bool]]:
    """(agency, late) counts by the publications app's Python checker, filtered in Python."""
    checker = pub_selectors.deadline_checker()
    counts: Counter[tuple[int, bool]] = Counter()
    for pub in Publication.objects.filter(status__in=PUBLIC).select_related("agency__division"):
        local = timezone.localdate(pub.published_at)
        if filters.year and local.year != filters.year:
            continue
        if filters.category and pub.category != filters.category:
            continue
        if filters.level and pub.agency.division.level != filters.level:
            continue
        counts[pub.agency_id, pub_selectors.publication_deadline(pub, checker).is_late(local)] += 1
    return counts


def _sql(w: factories.World, filters: Filters) -> Counter[tuple[int, bool]]:
    counts: Counter[tuple[int, bool]] = Counter()
    for row in timeliness.timeliness_table(w.province, filters).agencies:
        counts[row.agency_id, True] += row.late
        counts[row.agency_id, False] += row.published - row.late
    return +counts  # drop zero counts, as the oracle has none


def test_each_record_is_judged_as_the_python_checker_judges_it(pinned: None) -> None:
    """Record by record: the SQL ``is_late`` equals the expected answer and the publications app's."""
    w, expected = _build()
    checker = pub_selectors.deadline_checker()
    python = {
        p.pk: pub_selectors.publication_deadline(p, checker).is_late(timezone.localdate(p.published_at))
        for p in Publication.objects.all()
    }
    sql = dict(
        timeliness.with_lateness(timeliness.published_in(w.province, Filters())).values_list("pk", "is_late")  # type: ignore[misc]
    )
    assert python == expected
    assert {pk: bool(v) for pk, v in sql.items()} == expected
    late = pub_selectors.late_publications(w.province)
    assert (late.total, late.provisional) == (sum(expected.values()), 2)  # the two 2027 records


@pytest.mark.parametrize("year", [None, 2019, 2020, 2027])
def test_late_totals_equal_late_publications_per_year(pinned: None, year: int | None) -> None:
    w, _expected = _build()
    table = timeliness.timeliness_table(w.province, Filters(year=year))
    assert table.summary.total["late"] == pub_selectors.late_publications(w.province, year=year).total
    assert table.summary.total == {
        "published": sum(1 for c in CASES if year in (None, c.published[0])),
        "late": sum(c.late for c in CASES if year in (None, c.published[0])),
    }


def test_every_combination_of_filters_counts_as_the_python_checker(pinned: None) -> None:
    w, _expected = _build()
    for year, category, level in itertools.product(
        (None, 2019, 2020, 2027), ("", "20-5", "20-6", "20-7", "20-15", "20-1"), (None, 1, 2, 3, 4)
    ):
        filters = Filters(year=year, category=category, level=level)
        assert _sql(w, filters) == +_oracle(filters), filters


def test_filters_select_the_records_they_name(pinned: None) -> None:
    w, _expected = _build()
    penalties = timeliness.timeliness_table(w.province, Filters(category="20-6"))
    assert [(r.name, r.published, r.late) for r in penalties.agencies] == [
        ("广州市人民政府", 2, 1),
        ("广州市越秀区教育局", 1, 0),
    ]
    counties = timeliness.timeliness_table(w.province, Filters(year=2020, level=3))
    assert [(r.name, r.published, r.late) for r in counties.agencies] == [("广州市越秀区教育局", 4, 2)]
    assert timeliness.timeliness_table(w.province, Filters(year=2021)).agencies == []


def test_rows_add_up_to_the_total_with_the_own_rows(pinned: None) -> None:
    w, _expected = _build()
    province = timeliness.timeliness_table(w.province, Filters())
    assert [(a.label, a.counts) for a in province.summary.rows] == [
        ("省本级", {"published": 2, "late": 1}),
        ("广州市", {"published": 10, "late": 5}),
        ("深圳市", {"published": 3, "late": 2}),
    ]
    assert province.summary.total == {"published": 15, "late": 8}
    for key in timeliness.KEYS:
        assert sum(a.counts[key] for a in province.summary.rows) == province.summary.total[key]
        assert sum(getattr(r, key) for r in province.agencies) == province.summary.total[key]
    city = timeliness.timeliness_table(w.guangzhou, Filters())
    assert [(a.label, a.counts["published"]) for a in city.summary.rows] == [("市本级", 4), ("越秀区", 6)]
    county = timeliness.timeliness_table(w.yuexiu, Filters())
    assert [(a.label, a.counts["late"]) for a in county.summary.rows] == [("县本级", 2), ("北京街道", 1)]
    # Agencies by level (省, 市, 县, 乡镇), the share on time per agency.
    assert [(r.level, r.name, r.on_time_share) for r in province.agencies] == [
        (1, "广东省人民政府办公厅", 50.0),
        (2, "广州市人民政府", 50.0),
        (3, "广州市越秀区教育局", 50.0),
        (3, "深圳市福田区人民政府", 33.3),
        (4, "北京街道办事处", 50.0),
    ]


def test_a_rule_edited_by_the_administrator_changes_the_sql_count_too(pinned: None) -> None:
    """第二十六条 “另有规定” is data: with 双公示 at 5 working days the decision published on the 7th
    working day is late, in SQL as in Python."""
    from gongkai.publications.models import DeadlineRule

    w, _expected = _build()
    before = timeliness.timeliness_table(w.province, Filters(category="20-6")).summary.total["late"]
    DeadlineRule.objects.filter(category="20-6").update(length=5)
    after = timeliness.timeliness_table(w.province, Filters(category="20-6")).summary.total["late"]
    assert (before, after) == (1, 2)
    assert after == pub_selectors.late_publications(w.province).total - 7


# ---------------------------------------------------------------- the pages


def _supervisor(w: factories.World) -> Client:
    c = Client()
    c.force_login(factories.staff("gd-sup", Role.SUPERVISOR, division=w.province))
    return c


def _count(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    return status, len(ctx.captured_queries)


def test_the_page_lists_late_agencies_with_paging(pinned: None, monkeypatch: pytest.MonkeyPatch) -> None:
    w, _expected = _build()
    monkeypatch.setattr(views, "PER_PAGE", 2)
    c = _supervisor(w)
    first = c.get("/staff/supervision/440000/timeliness/?year=2020&late=0").content.decode()
    assert "共 3 个机关" in first and "1 / 2" in first
    assert "广东省人民政府办公厅" in first and "广州市人民政府" in first and "越秀区教育局" not in first
    second = c.get("/staff/supervision/440000/timeliness/?year=2020&late=0&page=2").content.decode()
    assert "广州市越秀区教育局" in second and "2 / 2" in second
    past_the_end = c.get("/staff/supervision/440000/timeliness/?year=2020&late=0&page=99")
    assert past_the_end.status_code == 200 and "2 / 2" in past_the_end.content.decode()
    # The agency's late records, newest first (07-21 before 02-26), with their deadlines.
    agency = c.get(f"/staff/supervision/agency/{w.yuexiu_edu.pk}/timeliness/?year=2020").content.decode()
    assert "共 2 条" in agency and "信息8" not in agency
    assert agency.index("越秀区教育局信息7") < agency.index("越秀区教育局信息9")
    assert "2020-07-02" in agency  # 双公示: the 7th working day after 2020-06-22
    provisional = c.get(f"/staff/supervision/agency/{w.futian_gov.pk}/timeliness/?year=2027").content.decode()
    assert "共 2 条" in provisional and provisional.count("暂定") == 2


def test_the_page_reads_a_constant_number_of_queries_whatever_the_number_of_agencies(pinned: None) -> None:
    w, _expected = _build()
    c = _supervisor(w)
    url = "/staff/supervision/440000/timeliness/?year=2020&late=0"
    c.get(url)  # builds the working-day index
    small = _count(c, url)
    for i in range(6):
        agency = factories.agency(w.shenzhen, f"深圳市第{i}局")
        _publish(CASES[0], agency, _people(agency), 100 + i)
    large = _count(c, url)
    assert small == large == (200, 10)
    # session, user, division, roles, calendar revision, index stamp, rules, counts, agencies, children
    assert timeliness.timeliness_table(w.province, Filters(year=2020)).summary.total["published"] == 16


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("page=abc", 400, "参数“page”应为1至10000之间的整数"),
        ("page=0", 400, "参数“page”"),
        ("page=%EF%BC%91", 400, "参数“page”"),  # a full-width digit
        ("year=99999", 400, "年份应为1949至2100之间的整数"),
        ("year=-1", 400, "年份应为"),
        ("category=%3Cscript%3Ealert(1)%3C/script%3E", 400, "参数“category”的值无效"),
        ("level=x", 400, "参数“level”的值无效"),
        ("level=5", 400, "参数“level”的值无效"),
        ("late=2", 400, "参数“late”的值无效"),
        ("year=1950", 200, "1950年"),  # a year without records is an empty page, not an error
        ("year=2020&category=20-6&level=2&late=0", 200, "广州市人民政府"),
        ("category=20-6&category=20-7", 200, "主动公开及时性"),
    ],
)
def test_hostile_parameters_get_a_chinese_400_or_a_sane_page(
    pinned: None, query: str, status: int, message: str
) -> None:
    w = factories.small_province()
    _publish(CASES[4], w.gz_gov, _people(w.gz_gov), 1)
    c = _supervisor(w)
    for url in (
        f"/staff/supervision/440000/timeliness/?{query}",
        f"/staff/supervision/agency/{w.gz_gov.pk}/timeliness/?{query}",
    ):
        response = c.get(url)
        body = response.content.decode()
        expected = 200 if "agency" in url and query.startswith("late") else status  # no such filter there
        assert response.status_code == expected, url
        if expected == status:
            assert message in body, url
        assert "<script>alert(1)" not in body


def test_other_supervisors_and_staff_do_not_see_the_page(pinned: None) -> None:
    w = factories.small_province()
    c = Client()
    c.force_login(factories.staff("sz-sup", Role.SUPERVISOR, division=w.shenzhen))
    assert c.get("/staff/supervision/440000/timeliness/").status_code == 404
    assert c.get(f"/staff/supervision/agency/{w.gz_gov.pk}/timeliness/").status_code == 404
    assert c.get("/staff/supervision/440300/timeliness/").status_code == 200
    clerk = Client()
    clerk.force_login(factories.staff("gz-clerk", Role.CLERK, agency=w.gz_gov))
    assert clerk.get("/staff/supervision/440100/timeliness/").status_code == 404


def test_a_holiday_entered_for_one_day_rebuilds_the_working_day_index(pinned: None) -> None:
    """The index is derived from the calendar: an administrator's correction of one day (not only a whole
    year) changes the SQL count at once, as it changes the Python checker's. Formed 2020-01-20, the two
    records published on 2020-02-26 (the 21st working day) are late, until 2020-02-03 becomes a holiday
    and 02-26 the 20th working day."""
    from gongkai.core import services as core_services
    from gongkai.core.context import Actor

    w, _expected = _build()
    default_2020 = Filters(year=2020, category="20-15")
    assert timeliness.timeliness_table(w.province, default_2020).summary.total["late"] == 2
    core_services.calendar_day_set(
        actor=Actor.system("test"), day=date(2020, 2, 3), kind="holiday", name="测试"
    )
    assert timeliness.timeliness_table(w.province, default_2020).summary.total["late"] == 0
    assert _sql(w, default_2020) == +_oracle(default_2020)


def test_the_count_walks_the_records_agency_by_agency_on_an_index(pinned: None) -> None:
    """The grouped count reads the records through (agency, status, published_at) for the subtree's
    agencies (an IN list), never by scanning the table or joining the division of every record. SQLite's
    planner has no statistics here, as on the demo database, so the plan is the one the demo gets."""
    if connection.vendor != "sqlite":
        pytest.skip("the plan checked is SQLite's; PostgreSQL plans by its statistics")
    w, _expected = _build()
    qs = timeliness.with_lateness(timeliness.published_in(w.province, Filters(year=2020)))
    grouped = qs.values("agency_id").annotate(late=Sum("is_late")).order_by()
    sql, params = grouped.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "SEARCH publications_publication USING INDEX pub_agency_list_idx (agency_id=?" in plan, plan
    assert "SCAN publications_publication" not in plan, plan
    assert "LIST SUBQUERY" in plan, plan


def test_records_published_within_n_calendar_days_skip_the_index_and_agree_with_the_checker(
    pinned: None,
) -> None:
    """The shortcut (a period of n days cannot end within n calendar days) against the full count: one
    record per publication day around each boundary — 第二十六条 across 春节 2020, 双公示 across 端午 2020
    and its 调休 Sunday, 预算法第十四条's calendar days — judged in SQL as in Python."""
    w = factories.small_province()
    people = _people(w.gz_gov)
    sweeps = [
        ("20-15", date(2020, 1, 20), {}, range(0, 41)),
        ("20-6", date(2020, 6, 22), {"decided_on": date(2020, 6, 22)}, range(0, 14)),
        ("20-7", date(2020, 3, 10), {"approved_on": date(2020, 3, 10)}, range(17, 24)),
    ]
    n = 0
    for category, start, dates, offsets in sweeps:
        for offset in offsets:
            day = start + timedelta(days=offset)
            case = Case("gz_gov", category, start, (day.year, day.month, day.day, 10), False, **dates)
            _publish(case, w.gz_gov, people, n)
            n += 1
    checker = pub_selectors.deadline_checker()
    python = {
        p.pk: pub_selectors.publication_deadline(p, checker).is_late(timezone.localdate(p.published_at))
        for p in Publication.objects.all()
    }
    sql = dict(
        timeliness.with_lateness(timeliness.published_in(w.province, Filters())).values_list("pk", "is_late")  # type: ignore[misc]
    )
    assert {pk: bool(v) for pk, v in sql.items()} == python
    # 2020-02-25 (day 36), 2020-07-02 (day 10) and 2020-03-30 (day 20) are the last days.
    assert sum(python.values()) == 4 + 3 + 3
