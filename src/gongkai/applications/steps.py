"""The common frame of every workflow step on an application: lock the row, check the handler and the
transition, record the step on the timeline and in the audit log, recompute the statutory clock. Shared by
:mod:`gongkai.applications.services` (intake, reply) and :mod:`gongkai.applications.clock_services`
(补正, 征求意见, 延期, 收费, 第三十五条)."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.applications import access, deadlines, outcomes
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.states import Status, ensure_transition
from gongkai.core import calendar, clock
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidTransition, PermissionDenied

S = Status


def _event(
    app: Application, actor: Actor, action: str, on: date, note: str = "", *, public: bool = True
) -> None:
    ApplicationEvent.objects.create(
        application=app, on_date=on, action=action, actor_label=actor.label, note=note, public=public
    )
    audit_record(actor, f"application.{action}", app, data={"on": on.isoformat(), "status": app.status})


def _user(actor: Actor) -> Any:
    return actor.user


def _known(value: date | None, label: str) -> date:
    if value is None:
        raise InvalidTransition(f"{label}尚未确定，不能办理该操作")
    return value


def _today() -> date:
    return clock.today()


def _recompute_due(app: Application) -> None:
    if app.clock_start is None:
        app.due_date = None
        return
    pauses = [deadlines.Pause(p.start, p.end, p.expected_end) for p in app.pauses.all()]
    app.due_date = deadlines.reply_due(
        calendar.current_calendar(),
        clock_start=app.clock_start,
        extension_days=app.extension_days,
        pauses=pauses,
    )


def _require_handler(actor: Actor, app: Application) -> None:
    if not access.can_handle(actor.user, app):
        raise PermissionDenied("只有受理机关的经办人或负责人可以办理该申请")


def _begin(actor: Actor, application: Application, target: str, on: date | None) -> tuple[Application, date]:
    """The common start of a workflow step: lock the row, check the handler's permission and that the
    transition is allowed, default the date to today."""
    app = _locked(application)
    _require_handler(actor, app)
    ensure_transition(app.status, target)
    return app, on or _today()


def _locked(app: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=app.pk)


def _close(app: Application, actor: Actor, on: date, outcome: str, action: str, note: str) -> None:
    app.status = S.CLOSED if action != "withdrawn" else S.WITHDRAWN
    app.outcome = outcome
    app.outcome_basis = outcomes.get(outcome).basis
    app.decided_on = on
    app.save(update_fields=["status", "outcome", "outcome_basis", "decided_on", "updated_at"])
    _event(app, actor, action, on, note)
