"""Admin for the calendar (editable through its audited services: the State Council publishes a new schedule
each year), the audit log (read-only, exportable) and django-axes' login records (read-only; a lockout is
lifted through an audited service)."""

from __future__ import annotations

import csv
from typing import Any

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from gongkai.core import services
from gongkai.core.adminkit import ReadOnlyAdmin, ServiceAdmin
from gongkai.core.context import Actor
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(ServiceAdmin):
    list_display = ("year", "source", "notice", "updated_at")

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarYear | None = None) -> tuple[str, ...]:
        return ("year", "source", "updated_at") if obj is not None else ("source", "updated_at")

    def has_delete_permission(self, request: HttpRequest, obj: CalendarYear | None = None) -> bool:
        return False  # open cases' deadlines were computed from it; correct its days instead

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        actor = Actor.from_request(request)
        if change:
            fresh = CalendarYear.objects.get(pk=obj.pk)
            services.calendar_year_update(actor=actor, year=fresh, notice=form.cleaned_data["notice"])
        else:
            created = services.calendar_year_create(actor=actor, year=obj.year, notice=obj.notice)
            obj.pk = created.pk


@admin.register(CalendarDay)
class CalendarDayAdmin(ServiceAdmin):
    list_display = ("date", "kind", "name", "calendar_year")
    list_filter = ("kind", "calendar_year")
    date_hierarchy = "date"
    exclude = ("calendar_year",)

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        actor = Actor.from_request(request)
        if change and "date" in form.changed_data:
            services.calendar_day_remove(actor=actor, day=form.initial["date"])
        saved = services.calendar_day_set(actor=actor, day=obj.date, kind=obj.kind, name=obj.name)
        obj.pk = saved.pk
        obj.calendar_year_id = saved.calendar_year_id

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        services.calendar_day_remove(actor=Actor.from_request(request), day=obj.date)


@admin.action(description=_("导出所选审计记录（CSV）"))
def export_csv(modeladmin: Any, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    response.write("\ufeff")  # BOM so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(["time", "actor", "action", "object_type", "object_id", "object", "ip", "data"])
    for e in queryset.order_by("occurred_at", "id").iterator():
        writer.writerow(
            [
                e.occurred_at.isoformat(),
                e.actor_label,
                e.action,
                e.object_type,
                e.object_id,
                e.object_repr,
                e.ip_address or "",
                e.data,
            ]
        )
    return response


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "actor_label", "action", "object_type", "object_repr", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_repr", "object_id")
    date_hierarchy = "occurred_at"
    actions = (export_csv,)


class LoginLockoutAdmin(ServiceAdmin, axes_admin.AccessAttemptAdmin):  # type: ignore[misc]
    """Failed logins per account and address; deleting a row lifts its lockout (audited)."""

    actions = None  # axes' own bulk clean-up deletes rows without our audit

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        services.login_lockout_clear(actor=Actor.from_request(request), attempt=obj)


class LoginLogAdmin(ReadOnlyAdmin, axes_admin.AccessLogAdmin):  # type: ignore[misc]
    """Logins and logouts: evidence, never edited or deleted here."""


class LoginFailureLogAdmin(ReadOnlyAdmin, axes_admin.AccessFailureLogAdmin):  # type: ignore[misc]
    """Failed logins: evidence, never edited or deleted here."""


if admin.site.is_registered(AccessAttempt):  # django-axes registers its own unless AXES_ENABLE_ADMIN is off
    for _model, _admin in (
        (AccessAttempt, LoginLockoutAdmin),
        (AccessLog, LoginLogAdmin),
        (AccessFailureLog, LoginFailureLogAdmin),
    ):
        admin.site.unregister(_model)
        admin.site.register(_model, _admin)
