"""Writes of the shared kernel: the working-day calendar, and reference data kept by the administrator."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.calendar_seed import package_calendar_rows
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.core.models import CalendarDay, CalendarYear


def _require_administrator(actor: Actor, message: str = "只有系统管理员可以维护工作日历") -> None:
    """Kept by the system administrator, or by the operator's tasks (init, demo)."""
    if not (actor.is_system or actor.is_administrator):
        raise PermissionDenied(message)


@transaction.atomic
def calendar_seed_from_package(*, actor: Actor) -> list[int]:
    """Add every year the ``chinese-calendar`` package covers that the database does not have yet.

    Idempotent, and never overwrites a year already present (an administrator may have corrected it).
    Returns the years added. Migration ``core/0003`` runs the same seeding when a database is created.
    """
    _require_administrator(actor)
    added, days = package_calendar_rows(set(CalendarYear.objects.values_list("year", flat=True)))
    if not added:
        return []
    year_rows = {
        y: CalendarYear.objects.create(year=y, source=CalendarYear.Source.PACKAGE, notice="chinese-calendar")
        for y in added
    }
    CalendarDay.objects.bulk_create(
        [CalendarDay(calendar_year=year_rows[d.year], date=d, kind=kind, name=name) for d, kind, name in days]
    )
    audit_record(
        actor, "calendar.seeded", data={"years": added, "days": len(days)}, object_type="core.calendaryear"
    )
    from gongkai.core import calendar

    calendar.invalidate()
    return added


def _calendar_changed(actor: Actor) -> None:
    """Let the apps that store dates computed from the calendar recompute them (same transaction)."""
    from gongkai.core import calendar, hooks

    calendar.invalidate()
    hooks.notify_calendar_changed(actor)


@transaction.atomic
def calendar_year_create(*, actor: Actor, year: int, notice: str = "") -> CalendarYear:
    """Declare a year's schedule present (its exceptions are then added with :func:`calendar_day_set`)."""
    _require_administrator(actor)
    if year < 1990 or year > 2100:
        raise InvalidInput.for_field("year", "年份超出范围（1990～2100）")
    if CalendarYear.objects.filter(year=year).exists():
        raise InvalidInput.for_field("year", f"{year}年的节假日安排已存在")
    row = CalendarYear.objects.create(year=year, notice=notice, source=CalendarYear.Source.MANUAL)
    audit_record(actor, "calendar.year_created", row, data={"notice": notice})
    return row


@transaction.atomic
def calendar_year_update(*, actor: Actor, year: CalendarYear, notice: str) -> CalendarYear:
    """Correct the notice a year's schedule cites (e.g. 国办发明电〔2023〕7号)."""
    _require_administrator(actor)
    if year.notice == notice:
        return year
    year.notice = notice
    year.save(update_fields=["notice", "updated_at"])
    audit_record(actor, "calendar.year_updated", year, data={"notice": notice})
    return year


@transaction.atomic
def calendar_year_enter(
    *, actor: Actor, year: int, notice: str, holidays_text: str, workdays_text: str
) -> CalendarYear:
    """Enter (or replace) a year's whole schedule in one step, as the administrator types it from the
    State Council's notice (:mod:`gongkai.core.calendar_entry`): the year, its 放假 ranges and 调休 working
    days are stored together, then every open case's due date is recomputed once and audited."""
    from gongkai.core import calendar_entry

    _require_administrator(actor)
    if year < 1990 or year > 2100:
        raise InvalidInput.for_field("year", "年份超出范围（1990～2100）")
    errors: dict[str, str] = {}
    holidays: list[calendar_entry.Entry] = []
    makeup: list[calendar_entry.Entry] = []
    for field, text, ranges in (("holidays", holidays_text, True), ("workdays", workdays_text, False)):
        try:
            (holidays if ranges else makeup).extend(
                calendar_entry.parse_lines(text, year=year, ranges=ranges)
            )
        except calendar_entry.ScheduleError as e:
            errors[field] = "；".join(e.problems)
    if not errors:
        try:
            off, work = calendar_entry.schedule_days(holidays, makeup)
        except calendar_entry.ScheduleError as e:
            errors["workdays"] = "；".join(e.problems)
    if errors:
        raise InvalidInput(next(iter(errors.values())), fields=errors)
    if not off:
        raise InvalidInput.for_field("holidays", "请至少录入一个放假区间（元旦、春节、国庆节等）")
    row, created = CalendarYear.objects.update_or_create(
        year=year, defaults={"notice": notice.strip()[:200], "source": CalendarYear.Source.MANUAL}
    )
    CalendarDay.objects.filter(calendar_year=row).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(calendar_year=row, date=d, kind=CalendarDay.Kind.HOLIDAY, name=n) for d, n in off]
        + [
            CalendarDay(calendar_year=row, date=d, kind=CalendarDay.Kind.MAKEUP_WORKDAY, name=n)
            for d, n in work
        ]
    )
    CalendarYear.objects.filter(pk=row.pk).update(updated_at=timezone.now())  # real time: revision check
    audit_record(
        actor,
        "calendar.year_entered",
        row,
        data={"year": year, "holidays": len(off), "workdays": len(work), "created": created},
    )
    _calendar_changed(actor)
    return row


@transaction.atomic
def calendar_day_set(*, actor: Actor, day: date, kind: str, name: str = "") -> CalendarDay:
    """Record (or correct) one holiday or make-up working day."""
    _require_administrator(actor)
    if kind not in CalendarDay.Kind.values:
        raise InvalidInput.for_field("kind", "类型应为法定节假日或调休上班日")
    year = CalendarYear.objects.filter(year=day.year).first()
    if year is None:
        raise InvalidInput.for_field("date", f"请先添加{day.year}年度，再录入该年的节假日")
    row, created = CalendarDay.objects.update_or_create(
        date=day, defaults={"kind": kind, "name": name, "calendar_year": year}
    )
    audit_record(
        actor, "calendar.day_set", row, data={"date": day.isoformat(), "kind": kind, "created": created}
    )
    _calendar_changed(actor)
    return row


@transaction.atomic
def calendar_day_remove(*, actor: Actor, day: date) -> None:
    _require_administrator(actor)
    row = CalendarDay.objects.filter(date=day).first()
    if row is None:
        raise InvalidInput.for_field("date", f"{day.isoformat()}不是已录入的节假日或调休日")
    audit_record(actor, "calendar.day_removed", row, data={"date": day.isoformat(), "kind": row.kind})
    row.delete()
    _calendar_changed(actor)


def login_lockout_record(*, actor: Actor, username: str, failures: int) -> None:
    """Audits that logins for ``username`` from the actor's address were locked after ``failures`` failed
    attempts (django-axes keeps the lock itself). The username is the staff account attacked, not an
    applicant's personal data; a username that is no account is recorded only masked."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first() if username else None
    audit_record(
        actor,
        "auth.login_locked_out",
        user,
        object_type="auth.user",
        object_repr=username if user is not None else f"{username[:2]}***（不存在的账号）",
        data={"failures": failures},
    )


@transaction.atomic
def login_lockout_clear(*, actor: Actor, attempt: Any) -> None:
    """Lift a login lockout before its cool-off ends (django-axes' AccessAttempt row): administrator only,
    audited with the account and address that were locked."""
    if not (actor.is_system or actor.is_administrator):
        raise PermissionDenied("只有系统管理员可以解除登录锁定")
    audit_record(
        actor,
        "auth.login_lock_cleared",
        object_type="axes.accessattempt",
        object_id=str(attempt.pk),
        object_repr=str(attempt.username or "")[:200],
        data={"ip": attempt.ip_address, "failures": attempt.failures_since_start},
    )
    attempt.delete()


# ------------------------------------------------------------------------------------------ reference data
#: Models whose rows are reference data without a workflow of their own (主题分类, 指南, 权责事项, search
#: terms …), edited by the administrator. Each app registers its own in ``ready()``; only these can be
#: written through :func:`reference_row_save` and :func:`reference_row_delete`.
_REFERENCE_MODELS: set[str] = set()


def reference_models_register(*model_classes: type[models.Model]) -> None:
    _REFERENCE_MODELS.update(m._meta.label_lower for m in model_classes)


def _reference_label(row: models.Model) -> str:
    label = row._meta.label_lower
    if label not in _REFERENCE_MODELS:
        raise TypeError(f"{label} is not registered as reference data; it has services of its own")
    return label


def _invalid(e: ValidationError) -> InvalidInput:
    fields = {k: "；".join(str(m) for m in v) for k, v in e.message_dict.items()} if e.error_dict else {}
    return InvalidInput("；".join(str(m) for m in e.messages), fields=fields)


@transaction.atomic
def reference_row_save(*, actor: Actor, row: models.Model, fields: Iterable[str] = ()) -> models.Model:
    """Create ``row`` (unsaved) or save the changed ``fields`` of an existing one; validated and audited
    as ``<app>.<model>.created`` / ``.updated`` with the names of the fields (never their values)."""
    label = _reference_label(row)
    _require_administrator(actor, "只有系统管理员可以维护基础数据")
    created = row._state.adding
    changed = sorted(set(fields))
    if not created and not changed:
        return row
    # A field left at its model default is valid by definition (e.g. an empty list of channels).
    defaults = [
        f.name
        for f in row._meta.concrete_fields
        if f.has_default() and getattr(row, f.attname) == f.get_default()
    ]
    try:
        row.full_clean(exclude=defaults)
    except ValidationError as e:
        raise _invalid(e) from e
    if created:
        row.save()
    else:
        stamps = [f.name for f in row._meta.concrete_fields if getattr(f, "auto_now", False)]
        row.save(update_fields=[*changed, *stamps])
    audit_record(actor, f"{label}.{'created' if created else 'updated'}", row, data={"fields": changed})
    return row


@transaction.atomic
def reference_row_delete(*, actor: Actor, row: models.Model) -> None:
    """Delete a row of reference data nothing protects (a 主题分类 still used by records stays)."""
    label = _reference_label(row)
    _require_administrator(actor, "只有系统管理员可以维护基础数据")
    audit_record(actor, f"{label}.deleted", row)
    try:
        with transaction.atomic():
            row.delete()
    except models.ProtectedError as e:
        raise InvalidInput(f"“{row}”仍被其他数据引用，不能删除") from e
