"""第二十六条 and its 另有规定: the pure deadline arithmetic (publications/timeliness.py) against an
independent oracle — counting days one by one on a small hand-made schedule — and kept free of Django."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from importlib import util
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.workdays import WorkdayCalendar
from gongkai.publications import timeliness

# A hand-made schedule for 2020 only: 国庆/中秋 2020-10-01～08 off, Sunday 2020-09-27 and Saturday 2020-10-10
# working days. 2021 has no schedule: weekends only, and the result is provisional.
HOLIDAYS = {date(2020, 10, d) for d in range(1, 9)}
MAKEUP = {date(2020, 9, 27), date(2020, 10, 10)}
CALENDAR = WorkdayCalendar.build([2020], HOLIDAYS, MAKEUP)
RULES = timeliness.Rules.of(
    [
        timeliness.STATUTORY_DEFAULT,
        timeliness.Rule("20-7", timeliness.CALENDAR_DAYS, 20, timeliness.APPROVED),
        timeliness.Rule("20-6", timeliness.WORKING_DAYS, 7, timeliness.DECIDED),
    ]
)


def _oracle_workday(d: date) -> bool:
    if d in MAKEUP:
        return True
    return d not in HOLIDAYS and d.weekday() < 5


def _oracle_nth_workday(start: date, n: int) -> date:
    d = start
    while n:
        d += timedelta(days=1)
        n -= _oracle_workday(d)
    return d


_starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2021, 6, 30))


@settings(max_examples=300, deadline=None)
@given(start=_starts)
def test_default_is_the_20th_working_day_after_forming(start: date) -> None:
    """第二十六条: 20 个工作日 from 形成或者变更之日 (the day itself not counted), provisional past 2020."""
    found = timeliness.deadline(RULES, "20-15", timeliness.RecordDates(start), CALENDAR)
    assert found.publish_by == _oracle_nth_workday(start, 20)
    assert found.provisional == (found.publish_by.year > 2020)
    assert not found.is_late(found.publish_by) and found.is_late(found.publish_by + timedelta(days=1))


@settings(max_examples=200, deadline=None)
@given(written=_starts, approved=_starts)
def test_budgets_are_due_20_calendar_days_after_the_approval(written: date, approved: date) -> None:
    """预算法第十四条: 批复后二十日内 — calendar days, never provisional."""
    found = timeliness.deadline(
        RULES, "20-7", timeliness.RecordDates(written, approved_on=approved), CALENDAR
    )
    assert (found.start, found.publish_by, found.provisional) == (approved, approved + timedelta(20), False)


@settings(max_examples=200, deadline=None)
@given(written=_starts, decided=st.one_of(st.none(), _starts))
def test_decisions_are_due_7_working_days_after_the_decision(written: date, decided: date | None) -> None:
    """双公示 [S]: 7 working days from the 决定日期; without one, 第二十六条's default from 形成."""
    found = timeliness.deadline(RULES, "20-6", timeliness.RecordDates(written, decided_on=decided), CALENDAR)
    if decided is None:
        assert (found.rule, found.publish_by) == (RULES.default, _oracle_nth_workday(written, 20))
    else:
        assert (found.rule.length, found.publish_by) == (7, _oracle_nth_workday(decided, 7))


def test_the_checker_agrees_with_the_function() -> None:
    """第二十六条: the memoising checker used for lists gives the same deadlines."""
    checker = timeliness.Checker(RULES, CALENDAR)
    for offset in range(0, 500, 7):
        dates = timeliness.RecordDates(date(2020, 1, 1) + timedelta(offset))
        assert checker.deadline("20-1", dates) == timeliness.deadline(RULES, "20-1", dates, CALENDAR)


def test_the_arithmetic_does_not_touch_django() -> None:
    """Pure date arithmetic (STYLE.md): no ORM, no settings."""
    spec = util.find_spec("gongkai.publications.timeliness")
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    imported = {
        n.module if isinstance(n, ast.ImportFrom) else alias.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for alias in n.names
    }
    assert not any(str(m).startswith("django") for m in imported), imported
