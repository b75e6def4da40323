"""Background task of search: the index follows the outbox (enqueued by the worker's schedule whenever
entries are pending; safe to run any number of times)."""

from __future__ import annotations

from django_tasks import task

from gongkai.search.models import OutboxEntry
from gongkai.search.services import index_outdated, search_apply_outbox


def has_work() -> bool:
    """For the worker's schedule: entries are pending, or the live index was written by an older gongkai
    and lacks content added since (applying the outbox brings it up to date first)."""
    return OutboxEntry.objects.filter(applied_batch__isnull=True).exists() or index_outdated()


@task()
def apply_outbox(attempt: int = 1) -> int:
    return search_apply_outbox()
