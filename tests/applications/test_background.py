"""Deadline reminders (5 and 2 working days before, overdue) and erasure of personal data after retention."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import outcomes, services
from gongkai.applications.models import Applicant, Application, Reminder
from gongkai.applications.tasks import send_deadline_reminders
from gongkai.core.context import Actor
from gongkai.core.models import AuditEvent
from gongkai.jobs.runner import run_ready
from gongkai.orgs.roles import Role
from gongkai.supervision.dashboard import dashboard
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.clerk.email = "clerk@yuexiu.gov.cn"
    w.clerk.save()
    return w


@pytest.mark.django_db(transaction=True)  # the queue's worker runs the mail tasks: real commits
def test_reminders_at_5_and_2_working_days_and_when_overdue_once_each(office: Any, settings: Any) -> None:
    factories.restore_reference_data()
    settings.GONGKAI_MAIL_ENABLED = True
    app = factories.registered_application(
        office.yuexiu_edu, office.clerk, date(2020, 9, 28)
    )  # due 2020-11-02
    services.application_start(actor=Actor(user=office.clerk), application=app)
    assert send_deadline_reminders(date(2020, 10, 23)) == {"due_in_5": 0, "due_in_2": 0, "overdue": 0}
    assert send_deadline_reminders(date(2020, 10, 26))["due_in_5"] == 1  # 5 working days before 11-02
    assert send_deadline_reminders(date(2020, 10, 27))["due_in_5"] == 0  # not twice
    assert send_deadline_reminders(date(2020, 10, 29))["due_in_2"] == 1
    assert send_deadline_reminders(date(2020, 11, 3))["overdue"] == 1
    assert send_deadline_reminders(date(2020, 11, 4))["overdue"] == 0
    assert list(Reminder.objects.order_by("created_on").values_list("kind", flat=True)) == [
        "due_in_5",
        "due_in_2",
        "overdue",
    ]
    assert mail.outbox == []  # mail is a task of its own, after the reminders are committed
    run_ready()
    assert len(mail.outbox) == 3 and mail.outbox[0].to == ["clerk@yuexiu.gov.cn"]
    assert Reminder.objects.filter(mailed_at__isnull=True).count() == 0
    assert app.applicant.id_number not in mail.outbox[0].body and app.receipt_number in mail.outbox[0].body


def test_extension_earns_fresh_reminders_and_finished_cases_none(office: Any) -> None:
    approver = factories.staff("approver", Role.APPROVER, agency=office.yuexiu_edu)
    app = factories.registered_application(office.yuexiu_edu, office.clerk, date(2020, 9, 28))
    send_deadline_reminders(date(2020, 10, 26))
    services.application_extend(
        actor=Actor(user=approver), application=app, days=20, reason="检索", on=date(2020, 10, 26)
    )
    assert send_deadline_reminders(date(2020, 11, 23))["due_in_5"] == 1  # new due date 2020-11-30
    done = factories.registered_application(office.yuexiu_edu, office.clerk, date(2020, 9, 28))
    services.application_decide(
        actor=Actor(user=office.clerk),
        application=done,
        outcome=next(iter(outcomes.outcomes())),
        on=date(2020, 10, 9),
    )
    assert not Reminder.objects.filter(application=done).exists()
    assert send_deadline_reminders(date(2020, 11, 30))["due_in_2"] == 1


def test_personal_data_is_erased_after_retention_and_statistics_survive(office: Any, settings: Any) -> None:
    settings.GONGKAI_PERSONAL_DATA_RETENTION_YEARS = 5
    old = services.application_submit(
        actor=Actor(user=office.clerk),
        agency=office.yuexiu_edu,
        applicant=factories.applicant_data(),
        request=factories.request_data(),
        channel="in_person",
        received_on=date(2020, 9, 28),
        attachments=[SimpleUploadedFile("id.pdf", b"%PDF-1.4\n%%EOF\n")],
    ).application
    services.application_decide(
        actor=Actor(user=office.clerk),
        application=old,
        outcome=next(iter(outcomes.outcomes())),
        on=date(2020, 10, 9),
    )
    recent = factories.registered_application(office.yuexiu_edu, office.clerk, date(2024, 9, 27))
    before = dashboard(office.guangzhou, 2020).total  # what the supervisor sees

    erased = services.personal_data_erase_expired(actor=Actor.system(), today=date(2025, 10, 10))
    assert erased == 1
    person = Applicant.objects.get(applications=old)
    assert (person.name, person.id_number, person.phone, person.address) == ("（已删除）", "", "", "")
    assert person.erased_at is not None
    assert not old.attachments.exists()
    assert Applicant.objects.get(applications=recent).id_number  # still within the period
    old.refresh_from_db()
    assert (old.applicant_category, old.outcome, old.decided_on) == (
        "natural",
        next(iter(outcomes.outcomes())),
        date(2020, 10, 9),
    )
    assert dashboard(office.guangzhou, 2020).total == before
    assert (
        services.personal_data_erase_expired(actor=Actor.system(), today=date(2025, 10, 10)) == 0
    )  # idempotent
    assert AuditEvent.objects.filter(action="applicant.personal_data_erased").count() == 2
    assert Application.objects.count() == 2


def test_missing_next_year_schedule_never_breaks_the_inbox_or_the_reminders(office: Any) -> None:
    from gongkai.applications import selectors

    late = factories.registered_application(
        office.yuexiu_edu, office.clerk, date(2026, 11, 2)
    )  # due 2026-11-30
    # 2026-12-28: five working days ahead reach 2027, whose schedule is not entered.
    flags = dict(
        selectors.inbox(office.yuexiu_edu, today=date(2026, 12, 28), status="open").values_list("pk", "flag")
    )
    assert flags == {late.pk: "overdue"}
    assert send_deadline_reminders(date(2026, 12, 28)) == {"due_in_5": 0, "due_in_2": 0, "overdue": 1}
    # The warning is the administrators' (portal.context / core.calendar.coverage_warning, tested in
    # tests/applications/test_provisional_clock.py), not a banner in every clerk's inbox.
