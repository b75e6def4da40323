"""Background task of search: the index follows the outbox (enqueued by the worker's schedule whenever
entries are pending; safe to run any number of times)."""

from __future__ import annotations

from django_tasks import task

from gongkai.search.services import search_apply_outbox


@task()
def apply_outbox(attempt: int = 1) -> int:
    return search_apply_outbox()
