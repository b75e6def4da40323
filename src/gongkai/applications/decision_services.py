"""Deciding an application (第三十六条～第三十九条): the decision itself and, where the agency asks for it,
经办人拟办 → 负责人审批 (propose, approve, return). Transactional, permission-checked, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from gongkai.applications import access, decisions, outcomes
from gongkai.applications.clock_services import ensure_outcome_allowed
from gongkai.applications.letter_services import letter_issue
from gongkai.applications.models import Application
from gongkai.applications.states import Status, ensure_transition
from gongkai.applications.steps import _begin, _event, _locked, _today, _user
from gongkai.core import clock
from gongkai.core.context import Actor
from gongkai.core.dates import chinese_date
from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from gongkai.orgs.models import Agency

S = Status


_WORKFLOW_ONLY = {outcomes.not_corrected, outcomes.fee_unpaid}
_INPUT_FIELDS = ("reason", "provision", "competent_name", "competent_contact", "special_procedure")


@transaction.atomic
def application_decide(
    *,
    actor: Actor,
    application: Application,
    outcome: str,
    basis: str = "",
    on: date | None = None,
    referred_agency: Agency | str | None = None,
    reason: str = "",
    provision: str = "",
    competent_name: str = "",
    competent_contact: str = "",
    special_procedure: str = "",
) -> Application:
    """Reply (第三十六条～第三十九条). The outcome is a leaf row of 表三; 部分公开 counts only as （二）.

    Each leaf's required inputs are checked by :func:`decisions.problems`: a written ``reason`` for
    不予公开 and 部分公开 (第三十六条第（三）项、第三十七条: 说明理由), the law's procedure for （三）8
    (第三十六条第（七）项), the route for information already public (第三十六条第（一）项).
    ``competent_name`` makes a （四）1 a 第三十六条第（五）项 reply naming the competent organ."""
    app, on = _begin(actor, application, S.DECIDED, on)
    if outcome not in outcomes.outcomes():
        raise InvalidInput.for_field("outcome", "请选择办理结果")
    if outcome in {f() for f in _WORKFLOW_ONLY}:
        raise InvalidInput.for_field("outcome", "逾期不补正、逾期未缴费由相应程序终止，不能直接选择")
    ensure_outcome_allowed(app, outcome)  # （四）3 only after a 补正 was received (第三十条)
    chosen = outcomes.get(outcome)
    if isinstance(referred_agency, str):
        name = referred_agency.strip()
        referred_agency = Agency.objects.filter(name=name, is_active=True).first() if name else None
        if name and referred_agency is None:
            raise InvalidInput.for_field("referred_agency", f"没有名为“{name}”的机关，请填写机关全称")
    if isinstance(referred_agency, Agency) and not competent_name.strip():
        # 第三十六条第（五）项: an agency picked from the database is the competent organ named in the reply.
        competent_name = referred_agency.name
        competent_contact = competent_contact.strip() or referred_agency.phone
    elif referred_agency is None and competent_name.strip():
        # The one name field: a competent organ that is an agency on the platform is linked to it, and its
        # telephone is the contact told to the applicant unless the clerk wrote one (第三十六条第（五）项).
        referred_agency = Agency.objects.filter(name=competent_name.strip(), is_active=True).first()
        if referred_agency is not None:
            competent_contact = competent_contact.strip() or referred_agency.phone
    inputs = decisions.DecisionInputs(
        reason=reason.strip(),
        provision=provision.strip(),
        competent_name=competent_name.strip(),
        competent_contact=competent_contact.strip(),
        special_procedure=special_procedure.strip(),
    )
    if errors := decisions.problems(outcome, inputs):
        raise InvalidInput(next(iter(errors.values())), fields=errors)
    # The basis cites exactly the leaf's item (第三十六条第（四）项 or （五）…), unless the clerk wrote one.
    own = decisions.basis_for(outcome, provision=inputs.provision, competent_name=inputs.competent_name)
    text = basis.strip() or own or chosen.basis
    if not text:
        raise InvalidInput.for_field("basis", "请写明法律依据")
    if app.received_on and on < app.received_on:
        raise InvalidInput.for_field("on", "答复日期不能早于收到申请之日")
    decision = {
        "outcome": outcome,
        "outcome_basis": text,
        "referred_agency": referred_agency,
        **{f: getattr(inputs, f) for f in _INPUT_FIELDS},
    }
    if app.agency.requires_approval:  # 经办人拟办 → 负责人审批: held as a proposal until approved
        return _propose(actor, app, on, **decision)
    for field, value in decision.items():
        setattr(app, field, value)
    app.status, app.decided_on = S.DECIDED, on
    app.save(update_fields=["status", *decision, "decided_on", "updated_at"])
    late = app.due_date is not None and on > app.due_date
    _event(app, actor, "decided", on, f"办理结果：{chosen.short}" + ("（已超过答复期限）" if late else ""))
    letter_issue(actor=actor, application=app, kind="decision", on=on)
    return app


# ------------------------------------------------------------------------------------------ approval
#: The decision fields a proposal fills and a return clears (the reply's content, not its date).
_DECISION_FIELDS = (
    "outcome",
    "outcome_basis",
    "referred_agency",
    "reason",
    "provision",
    "competent_name",
    "competent_contact",
    "special_procedure",
)


def _propose(actor: Actor, app: Application, on: date, **decision: Any) -> Application:
    """Hold a checked decision for the 负责人 (the agency requires approval): the case waits in 待审批 with
    the proposed content, no 答复日期 and no letter yet."""
    ensure_transition(app.status, S.PENDING_APPROVAL)
    for field, value in decision.items():
        setattr(app, field, value)
    app.status, app.proposed_at, app.proposed_by = S.PENDING_APPROVAL, clock.now(), _user(actor)
    app.approved_by = None
    app.save(update_fields=["status", *decision, "proposed_at", "proposed_by", "approved_by", "updated_at"])
    chosen = outcomes.get(app.outcome)
    _event(app, actor, "proposed", on, f"拟办结果：{chosen.short}，报负责人审批", public=False)
    return app


def application_propose(
    *,
    actor: Actor,
    application: Application,
    outcome: str,
    basis: str = "",
    on: date | None = None,
    referred_agency: Agency | str | None = None,
    **decision: Any,
) -> Application:
    """经办人拟办: the handler proposes a reply for the 负责人's approval. The same checks as
    :func:`application_decide` (it is called, and holds the decision when the agency requires approval)."""
    if not application.agency.requires_approval:
        raise InvalidInput.for_field("outcome", "本机关的答复无须负责人审批，请直接作出答复")
    return application_decide(
        actor=actor,
        application=application,
        outcome=outcome,
        basis=basis,
        on=on,
        referred_agency=referred_agency,
        **decision,
    )


def _begin_review(actor: Actor, application: Application, target: str) -> Application:
    app = _locked(application)
    if not access.can_approve_decision(actor.user, app):
        raise PermissionDenied("拟办的答复须经本机关政府信息公开工作机构负责人审批")
    if app.status != S.PENDING_APPROVAL:
        raise InvalidTransition(f"申请状态为“{Status(app.status).label}”，没有待审批的答复")
    if app.proposed_by_id is not None and app.proposed_by_id == getattr(actor.user, "pk", None):
        raise PermissionDenied("不能审批本人拟办的答复，请由其他负责人审批")
    ensure_transition(app.status, target)
    return app


@transaction.atomic
def application_approve(*, actor: Actor, application: Application, on: date | None = None) -> Application:
    """负责人审批同意: the proposal becomes the reply, dated ``on`` (答复日期), and its letter is issued."""
    app = _begin_review(actor, application, S.DECIDED)
    on = on or _today()
    if on > _today():
        raise InvalidInput.for_field("on", f"答复日期不能晚于今天（{chinese_date(_today())}）")
    if app.received_on and on < app.received_on:
        raise InvalidInput.for_field("on", "答复日期不能早于收到申请之日")
    app.status, app.decided_on, app.approved_by = S.DECIDED, on, _user(actor)
    app.save(update_fields=["status", "decided_on", "approved_by", "updated_at"])
    chosen = outcomes.get(app.outcome)
    _event(app, actor, "approved", on, f"同意拟办结果：{chosen.short}", public=False)
    late = app.due_date is not None and on > app.due_date
    _event(app, actor, "decided", on, f"办理结果：{chosen.short}" + ("（已超过答复期限）" if late else ""))
    letter_issue(actor=actor, application=app, kind="decision", on=on)
    return app


@transaction.atomic
def application_return(
    *, actor: Actor, application: Application, note: str, on: date | None = None
) -> Application:
    """负责人退回修改: the case goes back to the handler (办理中) with the head's note; the proposal is
    cleared (it stays on the timeline)."""
    app = _begin_review(actor, application, S.IN_PROGRESS)
    if not note.strip():
        raise InvalidInput.for_field("note", "请写明退回修改的意见")
    blank = {f: None if f == "referred_agency" else "" for f in _DECISION_FIELDS}
    for field, value in blank.items():
        setattr(app, field, value)
    app.status, app.proposed_at = S.IN_PROGRESS, None
    app.save(update_fields=["status", *blank, "proposed_at", "updated_at"])
    _event(app, actor, "returned", on or _today(), f"退回修改：{note.strip()}", public=False)
    return app
