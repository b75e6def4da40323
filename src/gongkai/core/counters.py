"""Per-year number series (receipt numbers, letter numbers, 索引号): one counter row per key, locked while
a number is taken, so concurrent writers never get the same number and numbers are never reused."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction


def next_serial(counter_model: type[models.Model], **key: Any) -> int:
    """The next number of the series ``key`` identifies (e.g. agency=…, year=…) in ``counter_model``,
    whose rows have a ``last`` integer field and a unique constraint over the key fields."""
    for _ in range(3):
        try:
            with transaction.atomic():
                counter, _created = counter_model._default_manager.select_for_update().get_or_create(**key)
                counter.last += 1  # type: ignore[attr-defined]
                counter.save(update_fields=["last"])
                return int(counter.last)  # type: ignore[attr-defined]
        except IntegrityError:  # two first numbers of the year raced to create the counter row
            continue
    raise RuntimeError("could not allocate a serial number")
