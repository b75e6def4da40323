"""Overdue and due-soon applications across a subtree: rows that add up, 本级 included; the case list; the
.xlsx; query counts that do not grow with the number of agencies."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.applications.models import Application
from gongkai.orgs.roles import Role
from gongkai.supervision import dashboard, selectors
from tests import factories
from tests.supervision.conftest import DUE_SOON_ON, OVERDUE_ON, TODAY, build_tree, open_case

pytestmark = pytest.mark.django_db


def _cases(tree: Any) -> None:
    for agency_id, clerk in tree.clerks.items():
        agency = clerk and Application._meta.get_field("agency").related_model.objects.get(pk=agency_id)
        open_case(agency, clerk, OVERDUE_ON)
        open_case(agency, clerk, DUE_SOON_ON)


def test_rows_add_up_to_the_total_with_the_provincial_own_row(pinned: None) -> None:
    tree = build_tree()
    _cases(tree)
    w = tree.world
    result = selectors.overdue_rollup(w.province)
    labels = [a.label for a in result.rows]
    assert labels == ["省本级", "广州市", "深圳市"]
    by_label = {a.label: a.counts for a in result.rows}
    assert by_label["省本级"] == {"overdue": 1, "due_soon": 1}  # 广东省教育厅
    assert by_label["广州市"] == {"overdue": 3, "due_soon": 3}  # 市教育局, 越秀区教育局, 北京街道
    assert by_label["深圳市"] == {"overdue": 1, "due_soon": 1}
    assert result.total == {"overdue": 5, "due_soon": 5}
    assert (
        sum(a.counts["overdue"] for a in result.rows)
        == Application.objects.filter(due_date__lt=TODAY).count()
    )
    city = selectors.overdue_rollup(w.guangzhou)
    assert [(a.label, a.counts["overdue"]) for a in city.rows] == [("市本级", 1), ("越秀区", 2)]
    county = selectors.overdue_rollup(w.yuexiu)
    assert [(a.label, a.counts["overdue"]) for a in county.rows] == [("县本级", 1), ("北京街道", 1)]


def test_case_rows_name_agency_due_date_days_over_and_handler_only(pinned: None) -> None:
    tree = build_tree()
    w = tree.world
    clerk = tree.clerks[w.gz_edu.pk]
    clerk.last_name, clerk.first_name = "邹", "海梓"
    clerk.save(update_fields=["last_name", "first_name"])
    late = open_case(w.gz_edu, clerk, OVERDUE_ON)
    soon = open_case(w.gz_edu, clerk, DUE_SOON_ON)
    open_case(w.gz_edu, clerk, TODAY)  # due in 20 working days: neither
    rows = selectors.case_rows(selectors.overdue_cases(division=w.guangzhou))
    assert [r.app.pk for r in rows] == [late.pk, soon.pk]
    first, second = rows
    assert (first.overdue, first.days, first.handler) == (True, 28, "邹海梓")
    assert (second.overdue, second.days) == (False, 3)
    assert first.agency == w.gz_edu
    own = selectors.overdue_cases(division=w.guangzhou, own_only=True)
    assert list(own) == [late, soon]
    assert list(selectors.overdue_cases(division=w.yuexiu)) == []


def test_the_xlsx_opens_and_its_numbers_are_numbers(pinned: None) -> None:
    tree = build_tree()
    _cases(tree)
    w = tree.world
    from gongkai.supervision.export import overdue_workbook

    rows = selectors.case_rows(selectors.overdue_cases(division=w.province))
    body = overdue_workbook(w.province, TODAY, selectors.overdue_rollup(w.province), rows)
    wb = load_workbook(io.BytesIO(body))
    assert wb.sheetnames == ["汇总", "案件"]
    summary = wb["汇总"]
    assert [c.value for c in summary[1]] == ["地区", "已超期（件）", "即将到期（件）"]
    assert [c.value for c in summary[2]] == ["省本级", 1, 1]
    assert [c.value for c in summary[summary.max_row]] == ["合计", 5, 5]
    assert all(isinstance(c.value, int) for row in summary.iter_rows(min_row=2, min_col=2) for c in row)
    cases = wb["案件"]
    assert cases.max_row == 11
    days = [r[7].value for r in cases.iter_rows(min_row=2) if r[7].value is not None]
    assert days == [28] * 5 and all(type(d) is int for d in days)
    assert cases.column_dimensions["C"].width == 30


def _count_queries(fn: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_the_number_of_agencies(pinned: None) -> None:
    tree = build_tree()
    _cases(tree)
    w = tree.world
    dashboard.dashboard(w.province, 2020)  # builds the working-day index once
    small = (
        _count_queries(lambda: selectors.overdue_rollup(w.province)),
        _count_queries(lambda: selectors.case_rows(selectors.overdue_cases(division=w.province))),
        _count_queries(lambda: dashboard.dashboard(w.province, 2020)),
        _count_queries(lambda: selectors.monthly_trend(w.province, 2020)),
    )
    for i in range(6):
        agency = factories.agency(w.shenzhen, f"深圳市第{i}局")
        clerk = factories.staff(f"more{i}", Role.CLERK, agency=agency)
        open_case(agency, clerk, OVERDUE_ON)
    large = (
        _count_queries(lambda: selectors.overdue_rollup(w.province)),
        _count_queries(lambda: selectors.case_rows(selectors.overdue_cases(division=w.province))),
        _count_queries(lambda: dashboard.dashboard(w.province, 2020)),
        _count_queries(lambda: selectors.monthly_trend(w.province, 2020)),
    )
    assert small == large
    assert small[0] == 3  # the calendar's revision, the children, the grouped counts
    assert selectors.overdue_rollup(w.province).total["overdue"] == 11


def test_dashboard_rows_add_up_and_the_trend_counts_month_ends(pinned: None) -> None:
    tree = build_tree()
    _cases(tree)
    w = tree.world
    board = dashboard.dashboard(w.province, 2020)
    for key in ("received", "closed", "overdue", "due_soon", "published", "late"):
        assert sum(a.counts[key] for a in board.rows) == board.total[key]
    assert board.total["received"] == 10
    assert board.total["overdue"] == 5
    assert board.rows[0].label == "省本级"
    trend = selectors.monthly_trend(w.province, 2020)
    assert [p.month for p in trend] == list(range(1, 13))
    by_month = {p.month: p for p in trend}
    assert by_month[10].received == 5 and by_month[11].received == 5
    assert by_month[10].overdue == 0 and by_month[11].overdue == 5  # due 11-05, open at 11-30
    assert by_month[12].overdue == 5  # at today, 12-15
