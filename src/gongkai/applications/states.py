"""The workflow of a 政府信息公开申请, readable in one place.

submitted ──confirm──▶ received ──start──▶ in_progress ──decide──▶ decided ──deliver──▶ delivered
(online, fax, email, plain letter: 第三十一条 双方确认之日)
received / in_progress ──request_correction──▶ correction ──corrected──▶ received  (clock restarts, 第三十条)
                                               correction ──lapse──▶ closed (（六）1 逾期不补正)
in_progress ──consult──▶ consulting ──consulted──▶ in_progress   (clock paused, 第三十二条/第三十四条)
in_progress ──fee_notice──▶ awaiting_fee ──paid──▶ in_progress    (国办函〔2020〕109号)
                                          awaiting_fee ──lapse──▶ closed (（六）2 逾期未缴费)
received / in_progress ──ask_reasons──▶ reasons ──reasons_accepted──▶ in_progress (第三十五条: reasoned
                                        reasons ──not_processed──▶ decided          later deadline, 不予处理)
received / in_progress ──propose──▶ pending_approval ──approve──▶ decided   (经办人拟办 → 负责人审批,
                                    pending_approval ──return──▶ in_progress  per agency setting)
any open state ──withdraw──▶ withdrawn (（六）3 其他)
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import InvalidTransition


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待确认")
    RECEIVED = "received", _("已受理")
    IN_PROGRESS = "in_progress", _("办理中")
    CORRECTION = "correction", _("待补正")
    REASONS = "reasons", _("待说明理由")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    PENDING_APPROVAL = "pending_approval", _("待审批")
    DECIDED = "decided", _("已答复")
    DELIVERED = "delivered", _("已送达")
    CLOSED = "closed", _("已终止")
    WITHDRAWN = "withdrawn", _("已撤回")


S = Status
OPEN = frozenset(
    {
        S.SUBMITTED,
        S.RECEIVED,
        S.IN_PROGRESS,
        S.CORRECTION,
        S.REASONS,
        S.CONSULTING,
        S.AWAITING_FEE,
        S.PENDING_APPROVAL,
    }
)
#: States in which the 20-working-day clock runs (or is paused but not stopped).
# 第三十五条 does not stop the clock while the applicant is asked for reasons (a later deadline must be fixed
# and told), so REASONS runs too; PENDING_APPROVAL is internal and the applicant's clock runs on.
CLOCK_RUNNING = frozenset(
    {S.RECEIVED, S.IN_PROGRESS, S.REASONS, S.CONSULTING, S.AWAITING_FEE, S.PENDING_APPROVAL}
)
FINISHED = frozenset({S.DECIDED, S.DELIVERED, S.CLOSED, S.WITHDRAWN})

TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.RECEIVED, S.WITHDRAWN}),
    S.RECEIVED: frozenset(
        {S.IN_PROGRESS, S.CORRECTION, S.REASONS, S.PENDING_APPROVAL, S.DECIDED, S.WITHDRAWN}
    ),
    S.IN_PROGRESS: frozenset(
        {S.CORRECTION, S.REASONS, S.CONSULTING, S.AWAITING_FEE, S.PENDING_APPROVAL, S.DECIDED, S.WITHDRAWN}
    ),
    S.CORRECTION: frozenset({S.RECEIVED, S.CLOSED, S.WITHDRAWN}),
    S.REASONS: frozenset({S.IN_PROGRESS, S.DECIDED, S.WITHDRAWN}),
    S.PENDING_APPROVAL: frozenset({S.DECIDED, S.IN_PROGRESS, S.WITHDRAWN}),
    S.CONSULTING: frozenset({S.IN_PROGRESS, S.WITHDRAWN}),
    S.AWAITING_FEE: frozenset({S.IN_PROGRESS, S.CLOSED, S.WITHDRAWN}),
    S.DECIDED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}


def can_transition(old: str, new: str) -> bool:
    return new in TRANSITIONS.get(old, frozenset())


def ensure_transition(old: str, new: str) -> None:
    if not can_transition(old, new):
        raise InvalidTransition(f"申请状态不能从“{Status(old).label}”变为“{Status(new).label}”")


#: The staff actions on a case and the states they can be taken from (what the case page offers).
ACTIONS: dict[str, frozenset[str]] = {
    "confirm": frozenset({S.SUBMITTED}),
    "start": frozenset({S.RECEIVED}),
    "correction": frozenset({S.RECEIVED, S.IN_PROGRESS}),
    "corrected": frozenset({S.CORRECTION}),
    "close_uncorrected": frozenset({S.CORRECTION}),
    "consult": frozenset({S.IN_PROGRESS}),
    "consulted": frozenset({S.CONSULTING}),
    "extend": CLOCK_RUNNING - {S.REASONS},  # 第三十五条 fixes its own later deadline
    "set_items": frozenset({S.RECEIVED, S.IN_PROGRESS}),  # 国办函〔2020〕109号第四条 一事一申请
    "fee_notice": frozenset({S.IN_PROGRESS}),
    "fee_delivered": frozenset({S.AWAITING_FEE}),  # 国办函〔2020〕109号: the window runs from receipt
    "fee_paid": frozenset({S.AWAITING_FEE}),
    "close_unpaid": frozenset({S.AWAITING_FEE}),
    "ask_reasons": frozenset({S.RECEIVED, S.IN_PROGRESS}),  # 第三十五条
    "reasons_answered": frozenset({S.REASONS}),
    "decide": frozenset({S.RECEIVED, S.IN_PROGRESS}),
    "approve": frozenset({S.PENDING_APPROVAL}),  # 负责人审批同意
    "return": frozenset({S.PENDING_APPROVAL}),  # 负责人退回修改
    "deliver": frozenset({S.DECIDED}),
    "withdraw": OPEN,
}


def actions_for(status: str) -> list[str]:
    return [name for name, sources in ACTIONS.items() if status in sources]
