"""The life of an annual report, readable in one place (REGULATIONS.md §2.3).

draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published (figures frozen)
                     │  ▲                    │
              return │  │ submit      return │
                     ▼  │                    │
                  returned ◀─────────────────┘

A correction never changes a published report: it starts a new version (a new draft) of it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import InvalidTransition


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")
    PUBLISHED = "published", _("已公开")


S = Status
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.RETURNED, S.APPROVED}),
    S.RETURNED: frozenset({S.SUBMITTED}),
    S.APPROVED: frozenset({S.PUBLISHED, S.RETURNED}),
    S.PUBLISHED: frozenset(),
}

#: Statuses in which the preparer may still edit the prose.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
#: Statuses from which a corrected version may be started.
CORRECTABLE = frozenset({S.PUBLISHED})


def can_transition(old: str, new: str) -> bool:
    return new in TRANSITIONS.get(old, frozenset())


def sources(target: str) -> frozenset[str]:
    """The statuses from which ``target`` may be reached."""
    return frozenset(old for old, targets in TRANSITIONS.items() if target in targets)


#: The staff actions on a report and the statuses they can be taken from (what the report page offers;
#: who may take them is decided in gongkai.reports.access).
ACTIONS: dict[str, frozenset[str]] = {
    "prose": EDITABLE,
    "submit": sources(S.SUBMITTED),
    "approve": sources(S.APPROVED),
    "return": sources(S.RETURNED),
    "publish": sources(S.PUBLISHED),
    "correct": CORRECTABLE,
}


def actions_for(status: str) -> list[str]:
    return [name for name, allowed in ACTIONS.items() if status in allowed]


def ensure_transition(old: str, new: str) -> None:
    if not can_transition(old, new):
        raise InvalidTransition(
            gettext("年度报告不能从“%(old)s”变为“%(new)s”") % {"old": S(old).label, "new": S(new).label}
        )
