"""Background task of the page cache: drop the pages the outbox says changed, and start a new day's
directory at midnight (enqueued by the worker's schedule whenever there is work; safe to repeat)."""

from __future__ import annotations

from django_tasks import task

from gongkai.pages.purges import purge_outbox


@task()
def purge_pages(attempt: int = 1) -> int:
    return purge_outbox()
