"""The working-day calendar as a table the database can join (``WorkdayOrdinal``).

Derived data: rebuilt from the calendar whenever the calendar's revision (its years and their last change)
or the span it must cover changes, checked with one small query before each use. Years without a holiday
schedule are counted by weekends only, as everywhere else (暂定, :mod:`gongkai.core.workdays`).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Max

from gongkai.core import calendar, clock
from gongkai.core.models import CalendarYear
from gongkai.supervision.models import WorkdayOrdinal, WorkdayOrdinalStamp

#: The first day indexed. Records dated earlier are not judged (their start has no ordinal).
FIRST_DAY = date(1990, 1, 1)
#: Years indexed after the current one (deadlines reach a little into the future).
YEARS_AHEAD = 3
_EPOCH = date(1970, 1, 1)


def _span_end() -> date:
    return date(clock.today().year + YEARS_AHEAD, 12, 31)


def _stamp() -> str:
    agg = CalendarYear.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    latest = agg["latest"].isoformat() if agg["latest"] else "-"
    return f"{agg['n']}|{latest}|{_span_end().isoformat()}"


def ensure_current() -> None:
    """Rebuild the index if the calendar or the span changed since it was built (two queries when not)."""
    stamp = _stamp()
    current = WorkdayOrdinalStamp.objects.values_list("stamp", flat=True).first()
    if current != stamp:
        rebuild(stamp)


def rebuild(stamp: str | None = None) -> int:
    """Write every day of the span with its ordinals (one transaction; concurrent rebuilds queue on the
    stamp row's lock and the later one finds the work done). Returns the number of days written."""
    stamp = stamp or _stamp()
    with transaction.atomic():
        row = WorkdayOrdinalStamp.objects.select_for_update().first()
        if row is not None and row.stamp == stamp:
            return 0
        cal = calendar.current_calendar()
        rows = []
        worked = 0
        day, end = FIRST_DAY, _span_end()
        while day <= end:
            before = worked
            if cal.is_workday(day):
                worked += 1
            rows.append(
                WorkdayOrdinal(day=day, day_no=(day - _EPOCH).days, work_no=worked, work_before=before)
            )
            day += timedelta(days=1)
        WorkdayOrdinal.objects.all().delete()
        WorkdayOrdinal.objects.bulk_create(rows, batch_size=2000)
        if row is None:
            WorkdayOrdinalStamp.objects.create(stamp=stamp)
        else:
            row.stamp, row.built_at = stamp, clock.now()
            row.save(update_fields=["stamp", "built_at"])
    return len(rows)
