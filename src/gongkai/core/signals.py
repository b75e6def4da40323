"""Cache invalidation only (no workflow lives in signals)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from gongkai.core import calendar
from gongkai.core.models import CalendarDay, CalendarYear


@receiver([post_save, post_delete], sender=CalendarDay)
def _day_changed(sender: type[CalendarDay], instance: CalendarDay, **kwargs: Any) -> None:
    # Bump the year's revision so that other processes notice the change on their next computation.
    CalendarYear.objects.filter(pk=instance.calendar_year_id).update(updated_at=timezone.now())
    calendar.invalidate()


@receiver([post_save, post_delete], sender=CalendarYear)
def _year_changed(sender: type[CalendarYear], instance: CalendarYear, **kwargs: Any) -> None:
    calendar.invalidate()
