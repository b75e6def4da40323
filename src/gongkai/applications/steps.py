"""The common frame of every workflow step on an application: lock the row, check the handler and the
transition, record the step on the timeline and in the audit log, recompute the statutory clock. Shared by
:mod:`gongkai.applications.services` (intake, reply) and :mod:`gongkai.applications.clock_services`
(补正, 征求意见, 延期, 收费, 第三十五条)."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.applications import access, deadlines, outcomes
from gongkai.applications.models import Application, ApplicationEvent, ClockPause
from gongkai.applications.states import Status, ensure_transition
from gongkai.core import calendar, clock
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.dates import chinese_date
from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied

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
    """The reply due date from the clock start, extension and pauses (第三十三条), never blocked by a year
    without a holiday schedule: such a date is computed by weekends only and marked 暂定
    (``due_provisional``) until the schedule is entered. A reasoned later deadline fixed under 第三十五条
    stands unless the statutory one is later."""
    if app.clock_start is None:
        app.due_date, app.due_provisional = None, False
        return
    cal = calendar.current_calendar()
    pauses = [_pause(p) for p in app.pauses.all()]
    due = deadlines.reply_due(
        cal,
        clock_start=app.clock_start,
        extension_days=app.extension_days,
        pauses=pauses,
    )
    app.due_provisional = not cal.covers(app.clock_start, due)
    if app.reasonable_due is not None and app.reasonable_due > due:
        due, app.due_provisional = app.reasonable_due, False  # a fixed date, told to the applicant
    app.due_date = due


def _pause(p: ClockPause) -> deadlines.Pause:
    """A stored pause for the clock arithmetic: a consultation excludes at most 15 working days
    (第三十二条、第三十四条 with 第三十三条第三款); the fee window is not capped."""
    cap = None if p.kind == ClockPause.Kind.FEE else deadlines.CONSULTATION_WORKING_DAYS
    return deadlines.Pause(p.start, p.end, p.expected_end, cap=cap)


#: What the date of a step is called, by the state it leads to (for "cannot be after today" messages).
_DATE_LABELS: dict[str, str] = {
    S.RECEIVED: "收到日期",
    S.IN_PROGRESS: "办理日期",
    S.CORRECTION: "补正告知日期",
    S.REASONS: "要求说明理由日期",
    S.CONSULTING: "征求意见日期",
    S.AWAITING_FEE: "收费通知日期",
    S.DECIDED: "答复日期",
    S.DELIVERED: "送达日期",
    S.CLOSED: "终止日期",
    S.WITHDRAWN: "撤回日期",
}


def _not_future(on: date, label: str, field: str = "on") -> date:
    """A step is recorded when it has happened: its date is never after today (clock of record)."""
    if on > clock.today():
        raise InvalidInput.for_field(field, f"{label}不能晚于今天（{chinese_date(clock.today())}）")
    return on


def _require_handler(actor: Actor, app: Application) -> None:
    if not access.can_handle(actor.user, app):
        raise PermissionDenied("只有受理机关的经办人或负责人可以办理该申请")


def _begin(
    actor: Actor, application: Application, target: str, on: date | None, *, label: str = ""
) -> tuple[Application, date]:
    """The common start of a workflow step: lock the row, check the handler's permission and that the
    transition is allowed, default the date to today — and refuse a date after today."""
    app = _locked(application)
    _require_handler(actor, app)
    ensure_transition(app.status, target)
    label = label or _DATE_LABELS.get(target, "日期")
    on = _not_future(on or _today(), label)
    if app.received_on is not None and on < app.received_on:  # no step before the application arrived
        raise InvalidInput.for_field("on", f"{label}不能早于收到申请之日（{chinese_date(app.received_on)}）")
    return app, on


def _locked(app: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=app.pk)


def _close(app: Application, actor: Actor, on: date, outcome: str, action: str, note: str) -> None:
    app.status = S.CLOSED if action != "withdrawn" else S.WITHDRAWN
    app.outcome = outcome
    app.outcome_basis = outcomes.get(outcome).basis
    app.decided_on = on
    app.save(update_fields=["status", "outcome", "outcome_basis", "decided_on", "updated_at"])
    _event(app, actor, action, on, note)
