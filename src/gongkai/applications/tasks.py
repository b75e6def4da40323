"""Background work of 依申请公开, as django-tasks tasks (run by `gongkai worker`; every task is safe to run
again, and takes ``attempt`` for the retry policy in gongkai.jobs.retry): the deadline-reminder sweep, one
mail per reminder, and the erasure of personal data after the retention period."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from gongkai.applications.models import Application, Reminder
from gongkai.applications.states import CLOCK_RUNNING
from gongkai.core import calendar, clock
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.dates import chinese_date


@task()
def deadline_reminders(attempt: int = 1) -> dict[str, int]:
    return send_deadline_reminders()


@task()
def erase_expired(attempt: int = 1) -> int:
    from gongkai.applications.services import personal_data_erase_expired

    return personal_data_erase_expired(actor=Actor.system("erasure"))


@task()
def reminder_mail(reminder_id: int, attempt: int = 1) -> bool:
    """Mail one reminder to the case's handler; a failure raises (the task is retried, never silently
    dropped). Returns False when there is nothing to send (already sent, or no address any more)."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("application__agency", "application__handler")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None or reminder.mailed_at is not None:
            return False
        app = reminder.application
        email = getattr(app.handler, "email", "")
        if not email:
            return False
        label = Reminder.Kind(reminder.kind).label
        send_mail(
            f"[{settings.GONGKAI_SITE_NAME or '政府信息公开平台'}] 申请{app.receipt_number}{label}",
            f"{app.agency.name}受理的政府信息公开申请{app.receipt_number}答复期限为"
            f"{chinese_date(reminder.due_date)}（{label}），请及时办理。",
            None,
            [email],
            fail_silently=False,
        )
        reminder.mailed_at = timezone.now()
        reminder.save(update_fields=["mailed_at"])
    audit_record(
        Actor.system("reminders"),
        "application.reminder_mailed",
        object_type="applications.reminder",
        object_id=str(reminder.pk),
        data={"kind": reminder.kind},
    )
    return True


def send_deadline_reminders(today: date | None = None) -> dict[str, int]:
    """Remind the handling agency of every running case due within 5 or 2 working days, or overdue.

    Idempotent: one reminder per case, kind and due date. The handler (if any, with an e-mail address)
    is also mailed, by a task per reminder (retried; see :func:`reminder_mail`) when mail is configured
    (``GONGKAI_EMAIL_URL``); mail never carries the applicant's personal data."""
    today = today or clock.today()
    cal = calendar.current_calendar()
    # Provisional (weekends only) where next year's schedule is missing: reminders never stop.
    in5, in2 = cal.add_working_days(today, 5), cal.add_working_days(today, 2)
    counts = {kind: 0 for kind in Reminder.Kind.values}
    to_mail: list[int] = []
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
                reminder = Reminder.objects.create(
                    application=app, kind=kind, due_date=app.due_date, created_on=today
                )
        except IntegrityError:
            continue  # already reminded for this due date
        counts[kind] += 1
        if getattr(app.handler, "email", "") and settings.GONGKAI_MAIL_ENABLED:
            to_mail.append(reminder.pk)
    if any(counts.values()):
        audit_record(
            Actor.system("reminders"),
            "application.reminders_sent",
            data=counts,
            object_type="applications.reminder",
        )
    for pk in to_mail:  # each reminder row is committed already: mail is a task of its own, retried
        reminder_mail.enqueue(reminder_id=pk)
    return counts
