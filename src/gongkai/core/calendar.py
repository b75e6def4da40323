"""The working-day calendar as stored in the database, and date arithmetic over it.

Reads only (a selector module under another name, kept here because every app needs it). Writes to the
calendar go through :mod:`gongkai.core.services`.
"""

from __future__ import annotations

import threading
from datetime import date, datetime

from django.db.models import Count, Max

from gongkai.core.models import CalendarDay, CalendarYear
from gongkai.core.workdays import WorkdayCalendar

_lock = threading.Lock()
_cached: tuple[tuple[int, datetime | None], WorkdayCalendar] | None = None


def _revision() -> tuple[int, datetime | None]:
    agg = CalendarYear.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    return (int(agg["n"]), agg["latest"])


def _load() -> WorkdayCalendar:
    years = list(CalendarYear.objects.values_list("year", flat=True))
    holidays: list[date] = []
    makeup: list[date] = []
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else makeup).append(day)
    return WorkdayCalendar.build(years, holidays, makeup)


def current_calendar() -> WorkdayCalendar:
    """The calendar as the database holds it now, *provisional* for years without a schedule: work never
    stops for a missing year (dates reaching into one are 暂定, see :func:`is_provisional`).

    Costs one small aggregate query per call to notice changes made by other processes; the full load
    happens only when the calendar changed. Callers doing many computations keep the returned object.
    """
    return strict_calendar().provisional()


def strict_calendar() -> WorkdayCalendar:
    """The calendar that raises :class:`~gongkai.core.errors.CalendarNotCovered` for a missing year."""
    global _cached
    revision = _revision()
    with _lock:
        if _cached is not None and _cached[0] == revision:
            return _cached[1]
    calendar = _load()
    with _lock:
        _cached = (revision, calendar)
    return calendar


def invalidate() -> None:
    global _cached
    with _lock:
        _cached = None


def add_working_days(start: date, n: int) -> date:
    """The n-th working day strictly after ``start`` (see :meth:`WorkdayCalendar.add_working_days`)."""
    return current_calendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    return current_calendar().working_days_between(a, b)


def is_workday(d: date) -> bool:
    return current_calendar().is_workday(d)


def covered_years() -> list[int]:
    return sorted(current_calendar().covered_years)


def is_provisional(start: date, end: date | None) -> bool:
    """Whether a date computed from ``start`` to ``end`` crossed a year without a schedule (暂定)."""
    return end is not None and not current_calendar().covers(start, end)


#: Administrators are warned this many days before the last year with a schedule ends.
WARN_DAYS_BEFORE_YEAR_END = 60


def coverage_warning(today: date) -> str | None:
    """The administrators' warning when next year's holiday schedule is due, or None.

    From 60 days before the end of the last year with a schedule (and whenever today's year has none),
    due dates reaching past it are provisional until the State Council's notice is entered."""
    cal = current_calendar()
    last = cal.last_covered_year
    if last is None:
        return "工作日历中还没有任何年度的节假日安排，答复期限均按周末计算为暂定日期。请录入节假日安排。"
    if today.year > last:
        return (
            f"工作日历中没有{today.year}年的节假日安排，答复期限按周末计算并标为“暂定”。"
            f"请尽快录入国务院办公厅公布的{today.year}年节假日安排。"
        )
    if (date(last, 12, 31) - today).days <= WARN_DAYS_BEFORE_YEAR_END:
        return (
            f"工作日历只录入到{last}年，{last + 1}年的节假日安排尚未录入：跨入{last + 1}年的期限为暂定。"
            f"国务院办公厅公布{last + 1}年节假日安排后，请在工作日历中录入。"
        )
    return None
