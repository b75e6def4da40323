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
    """The calendar as the database holds it now.

    Costs one small aggregate query per call to notice changes made by other processes; the full load
    happens only when the calendar changed. Callers doing many computations keep the returned object.
    """
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
