"""Admin for the calendar (editable through its audited services: the State Council publishes a new schedule
each year), the audit log (read-only, exportable) and django-axes' login records (read-only; a lockout is
lifted through an audited service)."""

from __future__ import annotations

import csv
from typing import Any

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from gongkai.core import calendar_entry, services
from gongkai.core.adminkit import ReadOnlyAdmin, ServiceAdmin
from gongkai.core.context import Actor
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear


class CalendarYearForm(forms.ModelForm):  # type: ignore[type-arg]
    """One form for a whole year: the notice, its 放假 ranges and its 调休 working days."""

    holidays = forms.CharField(
        label=_("放假安排"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
        help_text=_("每行一个放假区间，如“2027-01-01 至 2027-01-03 元旦”；单日可只写一个日期"),
    )
    workdays = forms.CharField(
        label=_("调休上班日"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("每行一个周末上班的日期，如“2027-02-14 春节调休”"),
    )

    class Meta:
        model = CalendarYear
        fields = ("year", "notice")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
            self.initial.setdefault("holidays", _ranges_text(self.instance, CalendarDay.Kind.HOLIDAY))
            self.initial.setdefault("workdays", _ranges_text(self.instance, CalendarDay.Kind.MAKEUP_WORKDAY))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year = data.get("year") or self.instance.year
        if not year:
            return data
        parsed: dict[str, list[calendar_entry.Entry]] = {}
        for field, ranges in (("holidays", True), ("workdays", False)):
            try:
                parsed[field] = calendar_entry.parse_lines(data.get(field, ""), year=year, ranges=ranges)
            except calendar_entry.ScheduleError as e:
                self.add_error(field, list(e.problems))  # every problem, each naming its line
        if len(parsed) == 2:
            try:
                calendar_entry.schedule_days(parsed["holidays"], parsed["workdays"])
            except calendar_entry.ScheduleError as e:
                self.add_error("workdays", list(e.problems))
        return data

    def validate_unique(self) -> None:  # entering a year again replaces its schedule (the service decides)
        pass


def _ranges_text(year: CalendarYear, kind: str) -> str:
    """The stored days of a kind, consecutive days of the same name folded back into ranges."""
    lines: list[list[Any]] = []
    for day in year.days.filter(kind=kind).order_by("date"):
        last = lines[-1] if lines else None
        if (
            kind == CalendarDay.Kind.HOLIDAY
            and last
            and (day.date - last[1]).days == 1
            and last[2] == day.name
        ):
            last[1] = day.date
        else:
            lines.append([day.date, day.date, day.name])
    return "\n".join(
        f"{a.isoformat()}{f' 至 {b.isoformat()}' if b != a else ''} {name}".rstrip() for a, b, name in lines
    )


@admin.register(CalendarYear)
class CalendarYearAdmin(ServiceAdmin):
    """录入年度节假日安排: one form per year (the State Council's notice, 放假 ranges, 调休 days); saving
    recomputes every open case's due date (provisional ones become definite) with an audit trail."""

    form = CalendarYearForm
    list_display = ("year", "source", "notice", "updated_at")
    readonly_fields = ("source", "updated_at")

    def has_delete_permission(self, request: HttpRequest, obj: CalendarYear | None = None) -> bool:
        return False  # open cases' deadlines were computed from it; correct its days instead

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change and not {"holidays", "workdays"} & set(form.changed_data):  # only the notice's title
            fresh = CalendarYear.objects.get(pk=obj.pk)
            services.calendar_year_update(
                actor=Actor.from_request(request), year=fresh, notice=data["notice"]
            )
            return
        saved = services.calendar_year_enter(
            actor=Actor.from_request(request),
            year=obj.year,
            notice=data.get("notice", ""),
            holidays_text=data["holidays"],
            workdays_text=data.get("workdays", ""),
        )
        obj.pk = saved.pk


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
