"""Recording 行政复议 / 行政诉讼 cases (audited)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.appeals.models import Appeal
from gongkai.appeals.states import CONCLUDED, ensure_transition
from gongkai.applications.models import Application
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.orgs import access
from gongkai.orgs.models import Agency


@transaction.atomic
def appeal_record(
    *,
    actor: Actor,
    agency: Agency,
    kind: str,
    filed_on: date,
    application: Application | None = None,
    case_number: str = "",
    body: str = "",
) -> Appeal:
    if not access.can_handle_cases(actor.user, agency):
        raise PermissionDenied("只有本机关工作人员可以登记复议诉讼案件")
    if kind not in Appeal.Kind.values:
        raise InvalidInput.for_field("kind", "请选择行政复议或行政诉讼（未经复议直接起诉 / 复议后起诉）")
    if application is not None and application.agency_id != agency.pk:
        raise InvalidInput.for_field("application", "相关申请不属于本机关")
    appeal = Appeal.objects.create(
        agency=agency,
        application=application,
        kind=kind,
        filed_on=filed_on,
        case_number=case_number.strip(),
        body=body.strip(),
    )
    audit_record(actor, "appeal.recorded", appeal, data={"kind": kind})
    return appeal


@transaction.atomic
def appeal_conclude(*, actor: Actor, appeal: Appeal, result: str, on: date) -> Appeal:
    appeal = Appeal.objects.select_for_update().select_related("agency").get(pk=appeal.pk)
    if not access.can_handle_cases(actor.user, appeal.agency):
        raise PermissionDenied("只有本机关工作人员可以登记审结结果")
    if result not in CONCLUDED:
        raise InvalidInput.for_field("result", "请选择结果维持、结果纠正或其他结果")
    ensure_transition(appeal.result, result)  # a case is concluded once
    if on < appeal.filed_on:
        raise InvalidInput.for_field("on", "审结日期不能早于受理日期")
    appeal.result, appeal.concluded_on = result, on
    appeal.save(update_fields=["result", "concluded_on"])
    audit_record(actor, "appeal.concluded", appeal, data={"result": result})
    return appeal
