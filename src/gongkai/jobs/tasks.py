"""Housekeeping of the queue itself."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.search.services import outbox_prune

#: Successful results are kept this long (failures stay until an administrator deals with them).
KEEP_SUCCESSFUL = timedelta(days=7)


@task()
def prune(attempt: int = 1) -> dict[str, int]:
    old = timezone.now() - KEEP_SUCCESSFUL
    results, _ = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=old).delete()
    return {"results": results, "outbox": outbox_prune()}
