"""The clock of record: the one place that says what "today" is.

Every legal date (收到申请之日, due dates, reminders, the retention sweep, default report years) reads it
from here, never from ``date.today()`` or ``timezone.localdate()``. ``GONGKAI_TODAY`` (ISO date) pins it
for the demo, whose data lives in 2019–2021; tests pin the real clock with time-machine instead and leave
the setting empty. Infrastructure timestamps (task queue, tokens, rate limits) stay on real time.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


def pinned_today() -> date | None:
    """The pinned date, or None when the clock follows the real date."""
    raw = getattr(settings, "GONGKAI_TODAY", "") or ""
    if isinstance(raw, date):
        return raw
    raw = str(raw).strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(f"GONGKAI_TODAY 应为 YYYY-MM-DD 格式的日期，而不是“{raw}”") from None


def today() -> date:
    """Today's date as the law counts it (the local date of the configured time zone)."""
    return pinned_today() or timezone.localdate()


def now() -> datetime:
    """The current moment on the clock of record: with a pinned day, that day at the real time of day."""
    real = timezone.localtime()
    pinned = pinned_today()
    if pinned is None:
        return real
    return real.replace(year=pinned.year, month=pinned.month, day=pinned.day)
