"""The queue in the admin: every result read-only (django-tasks-db's own view), with a filter for dead
letters and an action that runs failed tasks again through the service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError
from gongkai.jobs import selectors, services


class DeadLetterFilter(admin.SimpleListFilter):
    title = _("死信（不再重试）")
    parameter_name = "dead"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("1", _("是"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "1":
            return queryset.filter(pk__in=selectors.dead_letters().values("pk"))
        return queryset


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_filter = (DeadLetterFilter, "status", "queue_name")  # type: ignore[assignment]
    actions = ("retry",)

    @admin.action(description=_("重新执行所选的失败任务"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        actor = Actor.from_request(request)
        done = 0
        for result in queryset:
            try:
                services.task_retry(actor=actor, result_id=str(result.pk))
                done += 1
            except GongkaiError as e:
                self.message_user(request, f"{result.task_name}：{e.message}", messages.WARNING)
        if done:
            self.message_user(request, f"已重新排队{done}个任务", messages.SUCCESS)
