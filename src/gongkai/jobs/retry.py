"""Retries for background tasks: django-tasks runs a task once; a failed attempt is enqueued again with
exponential back-off until ``MAX_ATTEMPTS``. The last failure stays as a dead letter (a FAILED result
whose ``attempt`` is the last) that the administrator sees in the admin and can run again.

Every gongkai task takes a keyword argument ``attempt`` (1 for the first run)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus, task_finished

MAX_ATTEMPTS = 5
logger = logging.getLogger("gongkai.jobs")


def backoff(attempt: int) -> timedelta:
    """Delay before attempt ``attempt + 1``: 30 s, 1 min, 2 min, 4 min … at most one hour."""
    return timedelta(seconds=min(30 * 2 ** (attempt - 1), 3600))


def attempt_of(kwargs: dict[str, Any]) -> int:
    value = kwargs.get("attempt", 1)
    return value if isinstance(value, int) and value > 0 else 1


def enqueue_retry(task: Any, args: list[Any], kwargs: dict[str, Any], *, delay: timedelta) -> Any:
    attempt = attempt_of(kwargs)
    return task.using(run_after=timezone.now() + delay).enqueue(*args, **{**kwargs, "attempt": attempt + 1})


def _on_finished(sender: Any, task_result: Any, **_: Any) -> None:
    if task_result.status != TaskResultStatus.FAILED:
        return
    attempt = attempt_of(task_result.kwargs)
    error = task_result.errors[-1].exception_class_path if task_result.errors else "?"
    if attempt >= MAX_ATTEMPTS:
        name = task_result.task.name
        logger.error("任务 %s 第%d次失败（%s），不再重试，见管理后台“后台任务”", name, attempt, error)
        return
    delay = backoff(attempt)
    name = task_result.task.name
    logger.warning("任务 %s 第%d次失败（%s），%d秒后重试", name, attempt, error, delay.seconds)
    enqueue_retry(task_result.task, list(task_result.args), dict(task_result.kwargs), delay=delay)


def connect() -> None:
    task_finished.connect(_on_finished, dispatch_uid="gongkai.jobs.retry")
