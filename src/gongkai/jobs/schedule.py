"""What the worker runs on its own, and how often: the search outbox and the page cache's purges whenever
entries are pending (and the page cache's new day), the document views nginx logged every 30 s, the
deadline-reminder sweep and the retention erasure every ``GONGKAI_WORKER_SWEEP_SECONDS`` (10 minutes),
and pruning of old results daily. A periodic task is enqueued only when none of its kind is waiting or
running, so a slow or failing task is never piled up (its retries carry on with back-off instead)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.applications import tasks as application_tasks
from gongkai.jobs import tasks as job_tasks
from gongkai.pages import hits as page_hits
from gongkai.pages import purges as page_purges
from gongkai.pages import tasks as page_tasks
from gongkai.search import tasks as search_tasks


@dataclass(frozen=True)
class Periodic:
    task: Any
    every: timedelta
    #: Enqueue only when this says there is work (None: always, once ``every`` has passed).
    has_work: Any = None


def periodic() -> list[Periodic]:
    sweep = timedelta(seconds=int(getattr(settings, "GONGKAI_WORKER_SWEEP_SECONDS", 600)))
    return [
        Periodic(
            search_tasks.apply_outbox,
            timedelta(0),
            search_tasks.has_work,
        ),
        Periodic(page_tasks.purge_pages, timedelta(0), page_purges.has_work),
        Periodic(page_tasks.count_nginx_views, timedelta(seconds=30), page_hits.has_work),
        Periodic(application_tasks.deadline_reminders, sweep),
        Periodic(application_tasks.erase_expired, sweep),
        Periodic(job_tasks.prune, timedelta(days=1)),
    ]


def _due(item: Periodic, *, force: bool) -> bool:
    path = item.task.module_path
    busy = DBTaskResult.objects.filter(
        task_path=path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    if busy.exists():
        return False
    if not force and item.every:
        last = DBTaskResult.objects.filter(task_path=path).order_by("-enqueued_at").first()
        if last is not None and last.enqueued_at > timezone.now() - item.every:
            return False
    return force or item.has_work is None or bool(item.has_work())


def enqueue_due(*, force: bool = False) -> list[str]:
    """Enqueue every periodic task that is due (``force``: all of them, as ``gongkai worker --once``
    does); returns their names."""
    names = []
    for item in periodic():
        if _due(item, force=force):
            item.task.enqueue()
            names.append(item.task.name)
    return names
