"""The administrator's one write on the queue: run a dead letter again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, NotFound, PermissionDenied
from gongkai.orgs import access as org_access


def task_retry(*, actor: Actor, result_id: str) -> str:
    """Enqueue a failed task again from its first attempt; returns the new result's id."""
    if not org_access.can_administer(actor.user):
        raise PermissionDenied("只有系统管理员可以重新执行后台任务")
    with transaction.atomic():
        result = DBTaskResult.objects.select_for_update().filter(pk=result_id).first()
        if result is None:
            raise NotFound("后台任务不存在")
        if result.status != TaskResultStatus.FAILED:
            raise InvalidInput("只有失败的后台任务可以重新执行")
        try:
            task = result.task
        except Exception as e:  # the task's code no longer exists
            raise InvalidInput("该任务的程序已不存在，无法重新执行") from e
        kwargs = {**result.args_kwargs["kwargs"], "attempt": 1}
        new = task.using(run_after=timezone.now()).enqueue(*result.args_kwargs["args"], **kwargs)
        audit_record(
            actor,
            "jobs.task_retried",
            object_type="jobs.task",
            object_id=str(result.pk),
            data={"task": result.task_name, "new": str(new.id)},
        )
    return str(new.id)
