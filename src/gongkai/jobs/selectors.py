"""What `/healthz` and the administrator see of the background work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.jobs.retry import MAX_ATTEMPTS
from gongkai.search.models import IndexState, OutboxEntry

#: Above these the worker is behind (or stopped) and health says "degraded".
OUTBOX_LAG_LIMIT_S = 60
QUEUE_LAG_LIMIT_S = 300


def _age(then: datetime | None, now: datetime) -> float | None:
    return None if then is None else round(max((now - then).total_seconds(), 0.0), 1)


def dead_letters() -> Any:
    """Failed results that will not be retried: the last attempt, or a task whose code is gone."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).filter(
        Q(args_kwargs__kwargs__attempt__gte=MAX_ATTEMPTS)
    )


def health() -> dict[str, Any]:
    """Database, queue lag and index freshness; raises if the database cannot be reached."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest_ready = ready.aggregate(m=Min("enqueued_at"))["m"]
    pending = OutboxEntry.objects.filter(applied_batch__isnull=True)
    oldest_pending = pending.aggregate(m=Min("created_at"))["m"]
    state = IndexState.objects.filter(pk=1).first()
    queue_lag, outbox_lag = _age(oldest_ready, now), _age(oldest_pending, now)
    queue: dict[str, Any] = {
        "ready": ready.count(),
        "running": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        "lag_seconds": queue_lag,
        "dead_letters": dead_letters().count(),
    }
    index: dict[str, Any] = {
        "pending": pending.count(),
        "lag_seconds": outbox_lag,
        "applied_at": state.applied_at.isoformat() if state and state.applied_at else None,
        "documents_at_rebuild": state.documents if state else 0,
    }
    behind = (outbox_lag or 0) > OUTBOX_LAG_LIMIT_S or (queue_lag or 0) > QUEUE_LAG_LIMIT_S
    return {
        "status": "degraded" if behind or queue["dead_letters"] else "ok",
        "database": "ok",
        "queue": queue,
        "index": index,
    }
