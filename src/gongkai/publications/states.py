"""The publishing workflow: which status may follow which, and who acts at each step.

draft ─submit→ in_review (保密审查) ─clear→ approval ─publish→ published ─withdraw→ withdrawn
  ↑               │return                    │return
  └───────────────┴──────────────────────────┘
A correction of a published record publishes a new version of it (the status stays ``published``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import InvalidTransition


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("保密审查中")
    APPROVAL = "approval", _("待审批发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.IN_REVIEW}),
    Status.IN_REVIEW: frozenset({Status.APPROVAL, Status.DRAFT}),
    Status.APPROVAL: frozenset({Status.PUBLISHED, Status.DRAFT}),
    Status.PUBLISHED: frozenset({Status.WITHDRAWN}),
    Status.WITHDRAWN: frozenset(),
}

#: Statuses whose record the public may see (a withdrawn record shows that it was withdrawn, and why).
PUBLIC = frozenset({Status.PUBLISHED, Status.WITHDRAWN})
#: Statuses in which the author may still edit the record.
EDITABLE = frozenset({Status.DRAFT})


def ensure_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(
            f"当前状态“{Status(current).label}”不能转为“{Status(target).label}”",
            code="invalid_transition",
        )


# ---------------------------------------------------------------- 联合发文 (co-issuers)
#
# pending ─accept→ accepted        (the named agency's 负责人; only then the record lists it)
#    │   ─decline→ declined ─named again→ pending
#    └── (a change of what the draft amends or repeals sends an accepted co-issuer back to pending)


class CoIssueStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    ACCEPTED = "accepted", _("已同意")
    DECLINED = "declined", _("已拒绝")


CO_ISSUE_TRANSITIONS: dict[str, frozenset[str]] = {
    CoIssueStatus.PENDING: frozenset({CoIssueStatus.ACCEPTED, CoIssueStatus.DECLINED}),
    CoIssueStatus.ACCEPTED: frozenset({CoIssueStatus.PENDING}),
    CoIssueStatus.DECLINED: frozenset({CoIssueStatus.PENDING}),
}


def ensure_co_issue_transition(current: str, target: str) -> None:
    if target not in CO_ISSUE_TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(
            f"联合发文确认：当前状态“{CoIssueStatus(current).label}”不能转为“{CoIssueStatus(target).label}”",
            code="invalid_transition",
        )
