"""Reads for a supervisor (政务公开办) over its subtree: overdue and due-soon applications down to the case,
their trend by month, and the reminders (催办) sent and received. No applicant data is read here.

Overdue and due soon follow the staff inbox (:func:`gongkai.applications.selectors.inbox`): the clock runs
(条例第三十三条, 第三十五条), the due date has passed, or falls within 5 working days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, When
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from gongkai.applications.models import Application
from gongkai.applications.selectors import due_soon_threshold
from gongkai.applications.states import CLOCK_RUNNING, FINISHED, OPEN
from gongkai.core import calendar, clock
from gongkai.core.names import display_name
from gongkai.orgs.models import Agency, Division, StaffRole
from gongkai.orgs.roles import Role
from gongkai.orgs.selectors import subtree_range
from gongkai.supervision.models import Urge
from gongkai.supervision.rollup import Rollup, prefix_of, rollup

OVERDUE_KEYS = ("overdue", "due_soon")


def _flagged(today: date) -> Q:
    return Q(status__in=CLOCK_RUNNING, due_date__isnull=False, due_date__lte=due_soon_threshold(today))


def overdue_rollup(division: Division, today: date | None = None) -> Rollup:
    """Overdue and due-soon open applications per child division and 本级 (one grouped query)."""
    today = today or clock.today()
    grouped = (
        Application.objects.filter(
            _flagged(today), agency__division__path__range=subtree_range(division.path)
        )
        .annotate(prefix=prefix_of(division, "agency__division__path"))
        .values("prefix")
        .annotate(
            overdue=Count("id", filter=Q(due_date__lt=today)),
            due_soon=Count("id", filter=Q(due_date__gte=today)),
        )
        .order_by()
    )
    return rollup(division, grouped, OVERDUE_KEYS)


def overdue_cases(
    *,
    division: Division | None = None,
    agency: Agency | None = None,
    own_only: bool = False,
    today: date | None = None,
) -> QuerySet[Application]:
    """Every overdue and due-soon application of the subtree (or of the division's own agencies, or of one
    agency), by level, place and agency, the most urgent first within an agency. Annotated with
    ``urge_count``; the handler is joined (no applicant)."""
    today = today or clock.today()
    qs = Application.objects.filter(_flagged(today))
    if agency is not None:
        qs = qs.filter(agency=agency)
    elif division is not None and own_only:
        qs = qs.filter(agency__division=division)
    elif division is not None:
        qs = qs.filter(agency__division__path__range=subtree_range(division.path))
    return (
        qs.select_related("agency__division", "handler")
        .annotate(urge_count=Count("urges"))
        .order_by(
            "agency__division__depth",
            "agency__division__path",
            "agency__sort_order",
            "agency_id",
            "due_date",
            "id",
        )
    )


@dataclass(frozen=True)
class CaseRow:
    """A line of the overdue list: the case, its agency, how late (working days past the due date, as the
    inbox counts them: after the due date up to and including today) or how soon, and the handler's name."""

    app: Application
    overdue: bool
    days: int
    handler: str
    urges: int

    @property
    def agency(self) -> Agency:
        return self.app.agency


def case_rows(apps: Any, today: date | None = None) -> list[CaseRow]:
    today = today or clock.today()
    cal = calendar.current_calendar()  # loaded once for the page
    rows = []
    for app in apps:
        late = app.due_date < today
        days = (
            cal.working_days_between(app.due_date, today)
            if late
            else cal.working_days_between(today, app.due_date)
        )
        rows.append(CaseRow(app, late, days, display_name(app.handler), getattr(app, "urge_count", 0)))
    return rows


# ------------------------------------------------------------------------------------------ trend
@dataclass(frozen=True)
class MonthPoint:
    month: int
    received: int
    closed: int
    overdue: int


def monthly_trend(division: Division, year: int, today: date | None = None) -> list[MonthPoint]:
    """Received (收到申请之日), closed (答复、终止或撤回之日) and overdue at each month's end of ``year``
    in the subtree, in one query. Overdue at a month's end: the clock had started, the due date had passed
    and the case was not yet finished; counted with the due dates as they stand now (extensions and pauses
    included), so a month's figure is what the record says today, not a snapshot kept at the time.
    Months after today are left out."""
    today = today or clock.today()
    months = [m for m in range(1, 13) if date(year, m, 1) <= today]
    qs = Application.objects.filter(agency__division__path__range=subtree_range(division.path))
    received = dict(
        qs.filter(received_on__year=year)
        .annotate(m=ExtractMonth("received_on"))
        .values_list("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    closed = dict(
        qs.filter(status__in=FINISHED, decided_on__year=year)
        .annotate(m=ExtractMonth("decided_on"))
        .values_list("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    # Only a case still open, or answered after its due date, was ever overdue at a month's end.
    late = qs.filter(clock_start__isnull=False, due_date__isnull=False).filter(
        Q(status__in=OPEN) | Q(decided_on__gt=F("due_date"))
    )
    aggregates: dict[str, Any] = {}
    for m in months:
        end = min(_month_end(year, m), today)
        aggregates[f"o{m}"] = Count(
            "id",
            filter=Q(clock_start__lte=end, due_date__lt=end)
            & ~Q(status="submitted")
            & (Q(decided_on__isnull=True) | Q(decided_on__gt=end)),
        )
    overdue = late.aggregate(**aggregates) if aggregates else {}
    return [MonthPoint(m, received.get(m, 0), closed.get(m, 0), overdue[f"o{m}"]) for m in months]


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


# ------------------------------------------------------------------------------------------ urges
def urges_of_case(application: Application) -> list[Urge]:
    return list(
        Urge.objects.filter(application=application, kind=Urge.Kind.CASE)
        .select_related("sender_division", "sent_by", "seen_by")
        .order_by("-sent_at", "-id")
    )


def urges_for_staff(user: Any, *, limit: int = 20) -> list[Urge]:
    """The 催办 on the cases of the agencies where ``user`` is clerk or approver, unseen first, newest
    first: the workbench's list."""
    agency_ids = StaffRole.objects.filter(user=user, role__in=[Role.CLERK, Role.APPROVER]).values("agency_id")
    return list(
        Urge.objects.filter(kind=Urge.Kind.CASE, agency_id__in=agency_ids)
        .select_related("application", "agency", "sender_division")
        .order_by(Case(When(seen_at__isnull=True, then=0), default=1), "-sent_at", "-id")[:limit]
    )


def urge_label(urge: Urge) -> str:
    return _("%(office)s政务公开办") % {"office": urge.sender_division.name}
