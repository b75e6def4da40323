"""The life of an annual report, readable in one place (REGULATIONS.md §2.3).

draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published (figures frozen)
                     │  ▲                    │
              return │  │ submit      return │
                     ▼  │                    │
                  returned ◀─────────────────┘

A correction never changes a published report: it starts a new version (a new draft) of it.

Guards besides the table (enforced by gongkai.reports.services): 报送 needs every narrative section written
(none empty or still holding the template's "（文字描述）"); the separation of duties below; 公开 only
after an explicit confirmation.
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


#: Separation of duties. R2 (REGULATIONS.md §2.3) has a department submit its report to its government's
#: 主管部门 and publish it itself, and a 主管部门 aggregate, submit upward and publish: the body that reports
#: publishes, the office above reviews (who holds which role: gongkai.reports.access). On top of that one
#: person never takes two duties that are meant to check each other: an action is refused to whoever took
#: one of the steps it excludes on the same report version.
EXCLUDES: dict[str, frozenset[str]] = {
    "approve": frozenset({"prose", "submit"}),  # who drafted or submitted does not approve
    "publish": frozenset({"approve"}),  # who approved does not publish
}
#: Actions the page must confirm in a separate step and the service refuses without an explicit flag.
CONFIRMED = frozenset({"publish"})
#: The audit action recording each step (what EXCLUDES is checked against).
STEP_EVENTS = {
    "prose": "report.prose_updated",
    "submit": "report.submitted",
    "approve": "report.approved",
    "return": "report.returned",
    "publish": "report.published",
}


def excluded_by(action: str, steps_taken: frozenset[str]) -> frozenset[str]:
    """The steps already taken by one person that bar them from ``action`` on the same report."""
    return EXCLUDES.get(action, frozenset()) & steps_taken


def actions_for(status: str) -> list[str]:
    return [name for name, allowed in ACTIONS.items() if status in allowed]


def ensure_transition(old: str, new: str) -> None:
    if not can_transition(old, new):
        raise InvalidTransition(
            gettext("年度报告不能从“%(old)s”变为“%(new)s”") % {"old": S(old).label, "new": S(new).label}
        )
