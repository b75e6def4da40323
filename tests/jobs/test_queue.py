"""Background work on the task queue (issue #10, item 3): reminder mail through a real SMTP server
(aiosmtpd on 127.0.0.1), retries with back-off, dead letters the administrator can run again, recovery of
a task left running by a dead worker, /healthz, and the supervisor that restarts the worker."""

from __future__ import annotations

import socket
import sys
import time
from datetime import date, timedelta
from email.header import decode_header, make_header
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.test import Client
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.applications import services
from gongkai.applications.models import Reminder
from gongkai.applications.tasks import reminder_mail, send_deadline_reminders
from gongkai.cli.server import WorkerSupervisor
from gongkai.core.context import Actor
from gongkai.core.errors import PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.jobs import selectors
from gongkai.jobs.retry import MAX_ATTEMPTS
from gongkai.jobs.runner import recover_orphans, run_ready
from gongkai.jobs.services import task_retry
from gongkai.orgs.roles import Role
from gongkai.search.models import OutboxEntry
from tests import factories


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Any] = []

    def handle_message(self, message: Any) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Any:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.GONGKAI_MAIL_ENABLED = True
    yield inbox
    controller.stop()


@pytest.fixture
def due_case(transactional_db: Any) -> Any:
    # Real commits: django-tasks-db's worker closes a connection it finds inside a transaction (as a test's
    # would be), exactly as in production between tasks.
    factories.restore_reference_data()
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    clerk.email = "clerk@yuexiu.gov.cn"
    clerk.save()
    app = factories.registered_application(w.yuexiu_edu, clerk, date(2020, 9, 28))  # due 2020-11-02
    services.application_start(actor=Actor(user=clerk), application=app)
    return app


def results(path_end: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path__endswith=path_end).order_by("enqueued_at"))


def test_reminder_mail_reaches_a_real_smtp_server(smtp: Any, due_case: Any) -> None:
    assert send_deadline_reminders(date(2020, 10, 26))["due_in_5"] == 1
    run_ready()
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "clerk@yuexiu.gov.cn"
    assert due_case.receipt_number in str(make_header(decode_header(message["Subject"])))
    assert due_case.applicant.id_number not in message.get_payload(decode=True).decode()
    assert Reminder.objects.get().mailed_at is not None
    reminder_mail.enqueue(reminder_id=Reminder.objects.get().pk)  # a replay sends nothing twice
    run_ready()
    assert len(smtp.messages) == 1


def test_failed_mail_is_retried_with_backoff_then_kept_as_a_dead_letter(settings: Any, due_case: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.GONGKAI_MAIL_ENABLED = True
    send_deadline_reminders(date(2020, 10, 26))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        run_ready()
        attempts = results("reminder_mail")
        assert [r.status for r in attempts] == [TaskResultStatus.FAILED, TaskResultStatus.READY]
        assert attempts[1].args_kwargs["kwargs"]["attempt"] == 2
        assert attempts[1].run_after - attempts[0].finished_at >= timedelta(seconds=29)
        run_ready()  # not due yet: nothing runs
        assert len(results("reminder_mail")) == 2
        for _ in range(MAX_ATTEMPTS):
            clock.shift(timedelta(hours=1))
            run_ready()
    attempts = results("reminder_mail")
    assert len(attempts) == MAX_ATTEMPTS and all(r.status == TaskResultStatus.FAILED for r in attempts)
    assert [r.pk for r in selectors.dead_letters()] == [attempts[-1].pk]
    assert selectors.health()["status"] == "degraded"
    assert Reminder.objects.get().mailed_at is None  # visible: the reminder was not mailed

    clerk = Actor(user=factories.staff("c2", Role.CLERK, agency=due_case.agency))
    with pytest.raises(PermissionDenied):
        task_retry(actor=clerk, result_id=str(attempts[-1].pk))
    admin = Actor(user=factories.staff("root", Role.ADMIN))
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_PORT = controller.port
        task_retry(actor=admin, result_id=str(attempts[-1].pk))
        run_ready()
    finally:
        controller.stop()
    assert len(inbox.messages) == 1 and Reminder.objects.get().mailed_at is not None
    assert AuditEvent.objects.filter(action="jobs.task_retried").count() == 1


def test_a_task_left_running_by_a_dead_worker_runs_again(due_case: Any) -> None:
    OutboxEntry.objects.create(content_type="publication", object_id=1)
    from gongkai.search.tasks import apply_outbox

    result = apply_outbox.enqueue()
    DBTaskResult.objects.get(pk=result.id).claim("dead-worker")
    assert recover_orphans() == 1
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED
    run_ready()
    assert OutboxEntry.objects.filter(applied_batch__isnull=True).count() == 0


def test_healthz_reports_database_queue_and_index(db: Any) -> None:
    body = Client().get("/healthz").json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["index"]["pending"] == 0 and body["queue"]["dead_letters"] == 0
    with time_machine.travel(timezone.now() - timedelta(minutes=5), tick=False):
        OutboxEntry.objects.create(content_type="publication", object_id=1)
    response = Client().get("/healthz")
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert response.json()["status"] == "degraded"
    assert response.json()["index"]["lag_seconds"] >= 299


def test_the_supervisor_restarts_a_worker_that_exits() -> None:
    supervisor = WorkerSupervisor([sys.executable, "-c", "import sys; sys.exit(3)"])
    supervisor.start()
    deadline = time.monotonic() + 10
    while supervisor.restarts < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    supervisor.stop()
    assert supervisor.restarts >= 2
    supervisor.thread.join(5)
    assert not supervisor.thread.is_alive()
