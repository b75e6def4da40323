"""Background work of 依申请公开: the deadline-reminder sweep (safe to run any number of times)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.applications.models import Application, Reminder
from gongkai.applications.states import CLOCK_RUNNING
from gongkai.core import calendar
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import CalendarNotCovered


def send_deadline_reminders(today: date | None = None) -> dict[str, int]:
    """Remind the handling agency of every running case due within 5 or 2 working days, or overdue.

    Idempotent: one reminder per case, kind and due date. The handler (if any, with an e-mail address)
    is also mailed; mail never carries the applicant's personal data."""
    today = today or timezone.localdate()
    cal = calendar.current_calendar()
    try:
        in5, in2 = cal.add_working_days(today, 5), cal.add_working_days(today, 2)
    except CalendarNotCovered:
        # Next year's schedule is missing: "due soon" cannot be computed without guessing, but overdue
        # cases are still reminded (the worker also reports the missing year).
        in5 = in2 = today - timedelta(days=1)
    counts = {kind: 0 for kind in Reminder.Kind.values}
    running = Application.objects.filter(status__in=CLOCK_RUNNING, due_date__isnull=False, due_date__lte=in5)
    for app in running.select_related("handler", "agency").iterator():
        if app.due_date is None:
            continue
        if app.due_date < today:
            kind = Reminder.Kind.OVERDUE
        elif app.due_date <= in2:
            kind = Reminder.Kind.DUE_IN_2
        else:
            kind = Reminder.Kind.DUE_IN_5
        try:
            with transaction.atomic():
                Reminder.objects.create(application=app, kind=kind, due_date=app.due_date, created_on=today)
        except IntegrityError:
            continue  # already reminded for this due date
        counts[kind] += 1
        email = getattr(app.handler, "email", "")
        if email:
            label = Reminder.Kind(kind).label
            send_mail(
                f"[{settings.GONGKAI_SITE_NAME or '政府信息公开平台'}] 申请{app.receipt_number}{label}",
                f"{app.agency.name}受理的政府信息公开申请{app.receipt_number}答复期限为{app.due_date:%Y年%m月%d日}（{label}），"
                "请及时办理。",
                None,
                [email],
                fail_silently=True,
            )
    if any(counts.values()):
        audit_record(
            Actor.system("reminders"),
            "application.reminders_sent",
            data=counts,
            object_type="applications.reminder",
        )
    return counts
