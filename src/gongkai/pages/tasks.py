"""Background tasks of the page cache: drop the pages the outbox says changed, and start a new day's
directory at midnight; count the document views nginx served (enqueued by the worker's schedule whenever
there is work; safe to repeat)."""

from __future__ import annotations

from django_tasks import task

from gongkai.pages.hits import count_logged_views
from gongkai.pages.purges import purge_outbox


@task()
def purge_pages(attempt: int = 1) -> int:
    return purge_outbox()


@task()
def count_nginx_views(attempt: int = 1) -> int:
    """Document pages nginx served from the cache, added to their view counts (gongkai.pages.hits)."""
    return count_logged_views()
