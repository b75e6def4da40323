"""Reads: the staff inbox with derived overdue / due-soon flags, the public tracker, masked views, stats."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.applications import access, deadlines
from gongkai.applications.models import Applicant, Application, ApplicationEvent, ClockPause
from gongkai.applications.states import CLOCK_RUNNING, OPEN, Status
from gongkai.applications.steps import _pause
from gongkai.core import calendar, clock
from gongkai.core.names import display_names
from gongkai.core.personal import mask_address, mask_email, mask_id, mask_name, mask_phone
from gongkai.orgs.models import Agency, Division

DUE_SOON_WORKING_DAYS = 5


def inbox(
    agency: Agency,
    *,
    today: date | None = None,
    status: str = "",
    flag: str = "",
    handler_id: int | None = None,
    channel: str = "",
) -> QuerySet[Application]:
    """An agency's applications, each annotated with ``flag`` = overdue / due_soon / "" (derived, not stored).

    ``flag`` filters to overdue or due-soon cases; ``status`` to one state ("open" for all open ones).
    """
    today = today or clock.today()
    running = Q(status__in=CLOCK_RUNNING, due_date__isnull=False)
    whens = [
        When(running & Q(due_date__lt=today), then=Value("overdue")),
        When(running & Q(due_date__lte=due_soon_threshold(today)), then=Value("due_soon")),
    ]
    qs = (
        Application.objects.filter(agency=agency)
        .annotate(flag=Case(*whens, default=Value("")))
        .select_related("handler")
    )
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status:
        qs = qs.filter(status=status)
    if flag in ("overdue", "due_soon"):
        qs = qs.filter(flag=flag)
    if handler_id is not None:
        qs = qs.filter(handler_id=handler_id)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("due_date", "submitted_at")


@dataclass(frozen=True)
class InboxRow:
    """A line of the inbox: the case, and for one not yet confirmed how many working days it has waited
    (第三十一条: confirm on the day it arrives; ``late`` from one working day)."""

    app: Application
    waiting_days: int
    late: bool


def inbox_rows(apps: Any, today: date | None = None) -> list[InboxRow]:
    today = today or clock.today()
    return [InboxRow(app, *unconfirmed_age(app, today)) for app in apps]


def my_work(user: Any, today: date | None = None) -> dict[str, int]:
    """The staff home's counts over the agencies where ``user`` handles cases: 待确认, 办理中 (the open cases
    they handle), 即将到期, 已超期 (of those), and 待审批 where they are the 负责人."""
    from gongkai.orgs.models import StaffRole
    from gongkai.orgs.roles import Role

    today = today or clock.today()
    roles = StaffRole.objects.filter(user=user, role__in=[Role.CLERK, Role.APPROVER])
    agency_ids = list(roles.values_list("agency_id", flat=True))
    head_of = list(roles.filter(role=Role.APPROVER).values_list("agency_id", flat=True))
    cases = Application.objects.filter(agency_id__in=agency_ids)
    running = Q(handler=user, status__in=CLOCK_RUNNING, due_date__isnull=False)
    soon = due_soon_threshold(today)
    counts = cases.aggregate(
        unconfirmed=Count("id", filter=Q(status=Status.SUBMITTED)),
        in_progress=Count("id", filter=Q(handler=user, status__in=OPEN)),
        due_soon=Count("id", filter=running & Q(due_date__gte=today, due_date__lte=soon)),
        overdue=Count("id", filter=running & Q(due_date__lt=today)),
        pending_approval=Count(
            "id", filter=Q(agency_id__in=head_of, status=Status.PENDING_APPROVAL) & ~Q(proposed_by=user)
        ),
    )
    return {k: int(v) for k, v in counts.items()} | {"is_head": int(bool(head_of))}


def due_soon_threshold(today: date) -> date:
    """The last due date that counts as due soon (5 working days ahead; provisional, by weekends only,
    where next year's holiday schedule is not entered yet)."""
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)


def track(receipt_number: str, query_code: str) -> Application | None:
    """The public tracker: number + secret code, no account. Constant-time code comparison."""
    from gongkai.applications.services import hash_query_code

    app = (
        Application.objects.select_related("agency")
        .filter(receipt_number=receipt_number.strip().upper())
        .first()
    )
    if app is None or not hmac.compare_digest(app.query_code_hash, hash_query_code(query_code)):
        return None
    return app


@dataclass(frozen=True)
class TimelineEntry:
    """A step of the case as the staff page shows it: who did it by name (Chinese order), not username."""

    event: ApplicationEvent
    actor: str


def case_timeline(app: Application) -> list[TimelineEntry]:
    events = list(app.events.all())
    names = display_names(e.actor_label for e in events)
    others = {"public": "申请人"}
    return [TimelineEntry(e, names.get(e.actor_label) or others.get(e.actor_label, "系统")) for e in events]


#: What each state means for the applicant, in plain words (the tracker and the receipt).
PLAIN_STATUS: dict[str, Any] = {
    Status.SUBMITTED: _("机关尚未确认收到您的申请。确认收到之日起20个工作日内答复。"),
    Status.RECEIVED: _("机关已确认收到您的申请，正在办理。"),
    Status.IN_PROGRESS: _("机关正在办理您的申请。"),
    Status.CORRECTION: _("您的申请需要补正：请按补正告知书的要求在期限内补充或更改。"),
    Status.REASONS: _("机关请您说明申请的理由（条例第三十五条），请按告知书的要求答复。"),
    Status.CONSULTING: _("机关正在征求第三方或其他机关的意见，这段时间不计入答复期限。"),
    Status.AWAITING_FEE: _("请按收费通知书缴纳信息处理费；逾期未缴纳的，视为放弃申请。"),
    Status.PENDING_APPROVAL: _("机关正在办理您的申请，答复正在审核。"),
    Status.DECIDED: _("机关已作出答复，请查看下方的答复书。"),
    Status.DELIVERED: _("答复已送达。"),
    Status.CLOSED: _("机关已终止办理您的申请，原因见办理过程。"),
    Status.WITHDRAWN: _("您已撤回申请。"),
}


def plain_status(app: Application, today: date | None = None) -> str:
    """The state in plain words, and what the applicant can do when the agency is late (第五十一条) or a
    补正 deadline has passed (第三十条)."""
    today = today or clock.today()
    text = str(PLAIN_STATUS.get(app.status, ""))
    if app.status in CLOCK_RUNNING and app.due_date is not None and app.due_date < today:
        text += str(
            _(
                "答复期限已过而机关尚未答复。您可以向该机关的上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
                "也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。"
            )
        )
    if app.status == Status.CORRECTION and app.correction_deadline and app.correction_deadline < today:
        text = str(
            _(
                "补正期限已过。无正当理由逾期不补正的，视为放弃申请（条例第三十条）；"
                "如有正当理由，请尽快与受理机关联系。"
            )
        )
    return text


@dataclass(frozen=True)
class PublicStep:
    """A step of the case as the applicant reads it on the tracker."""

    event: ApplicationEvent
    note: str


def public_steps(app: Application) -> list[PublicStep]:
    """The public timeline, the outcome in plain words ("部分公开", not the report row with its
    statistics note) where a note names it."""
    from gongkai.applications import outcomes

    chosen = outcomes.outcomes().get(app.outcome)
    steps = []
    for e in public_timeline(app):
        note = e.note.replace(chosen.short, chosen.public_label) if chosen is not None else e.note
        steps.append(PublicStep(e, note))
    return steps


def public_timeline(app: Application) -> QuerySet[ApplicationEvent]:
    return app.events.filter(public=True).order_by("occurred_at", "id")


@dataclass(frozen=True)
class ApplicantView:
    """What a viewer may see of the applicant; masked unless the viewer belongs to the handling agency."""

    name: str
    category: str
    id_number: str
    uscc: str
    phone: str
    email: str
    address: str
    masked: bool


def applicant_masked(applicant: Applicant) -> ApplicantView:
    return ApplicantView(
        name=mask_name(applicant.name) if applicant.category == "natural" else applicant.name,
        category=applicant.get_category_display(),
        id_number=mask_id(applicant.id_number) if applicant.id_number else "",
        uscc=applicant.uscc,
        phone=mask_phone(applicant.phone) if applicant.phone else "",
        email=mask_email(applicant.email) if applicant.email else "",
        address=mask_address(applicant.address) if applicant.address else "",
        masked=True,
    )


def applicant_for_viewer(user: Any, app: Application) -> ApplicantView:
    """Masked for everyone but the handling agency; the unmasked view goes through
    :func:`gongkai.applications.services.applicant_personal_data`, which audits it."""
    if not access.can_view_personal_data(user, app):
        return applicant_masked(app.applicant)
    from gongkai.applications.services import applicant_personal_data
    from gongkai.core.context import Actor

    a = applicant_personal_data(actor=Actor(user=user), application=app)
    return ApplicantView(
        a.name, a.get_category_display(), a.id_number, a.uscc, a.phone, a.email, a.address, False
    )


def application_stats() -> dict[str, Any]:
    received = dict(
        Application.objects.exclude(received_on=None)
        .annotate(y=ExtractYear("received_on"))
        .values_list("y")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_status = dict(Application.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {
        "total": sum(by_status.values()),
        "received_by_year": {str(y): received[y] for y in sorted(received)},
        "by_status": {k: by_status[k] for k in sorted(by_status)},
        **workload(),
    }


def workload(today: date | None = None) -> dict[str, Any]:
    """Open, due-soon and overdue applications at the clock's today (due soon: within 5 working days,
    the same rule as the inbox; unconfirmed: online or ordinary-letter submissions awaiting 第三十一条
    confirmation)."""
    today = today or clock.today()
    soon = due_soon_threshold(today)
    running = Q(status__in=CLOCK_RUNNING, due_date__isnull=False)
    counts = Application.objects.aggregate(
        open=Count("id", filter=Q(status__in=OPEN)),
        unconfirmed=Count("id", filter=Q(status=Status.SUBMITTED)),
        due_soon=Count("id", filter=running & Q(due_date__gte=today, due_date__lte=soon)),
        overdue=Count("id", filter=running & Q(due_date__lt=today)),
        provisional=Count("id", filter=Q(status__in=OPEN, due_provisional=True)),
    )
    return {"today": today.isoformat(), **counts}


def open_reminders(agency: Agency, *, limit: int = 20) -> list[Any]:
    """Reminders about the agency's cases that are still running (newest first)."""
    from gongkai.applications.models import Reminder

    return list(
        Reminder.objects.filter(application__agency=agency, application__status__in=CLOCK_RUNNING)
        .select_related("application")
        .order_by("-created_on", "-id")[:limit]
    )


def agency_superior_department(agency: Agency, ancestors: list[Division]) -> Agency | None:
    """The 上一级主管部门 of a department, where the database knows it: the department of the division above
    with the same name after the division's (广州市越秀区教育局 → 广州市教育局). Named in remedies under the
    行政复议法 (2017) 第十二条 only; None when not found (never named in the abstract)."""
    from gongkai.applications.remedies import division_full_name

    if agency.kind != Agency.Kind.DEPARTMENT or not ancestors:
        return None
    own = division_full_name(agency.division, ancestors)
    if not agency.name.startswith(own) or agency.name == own:
        return None
    parent = ancestors[-1]
    name = division_full_name(parent, ancestors[:-1]) + agency.name[len(own) :]
    return Agency.objects.filter(
        division=parent, name=name, kind=Agency.Kind.DEPARTMENT, is_active=True
    ).first()


# ------------------------------------------------------------------------------- clock flags
UNCONFIRMED_FLAG_WORKING_DAYS = 1  # 第三十一条（二）（三）: confirm on the day it arrives
OVERRUN_LABEL = "征求意见超过15个工作日"  # 第三十二条、第三十四条


def _working_days_between(a: date, b: date) -> int:
    """Working days in (a, b]; by weekdays only where the holiday schedule of a year is missing (a flag
    must never fail for that)."""
    return calendar.current_calendar().working_days_between(a, b)  # provisional: never raises


def unconfirmed_age(app: Application, today: date | None = None) -> tuple[int, bool]:
    """How long a SUBMITTED application (online, e-mail, fax, ordinary letter) has waited for the agency's
    confirmation, in working days after the day it was submitted, and whether that is late. 第三十一条
    （二）（三）: 收到申请之日 is the day 双方确认 — the agency should confirm on the day it gets it, so one
    working day without confirmation is flagged. Other states: (0, False)."""
    if app.status != Status.SUBMITTED:
        return 0, False
    today = today or clock.today()
    submitted = timezone.localtime(app.submitted_at).date()
    days = max(_working_days_between(submitted, today), 0)
    # Sent on a weekend or holiday, it reaches the office on the next working day, which is then the day to
    # confirm it: that day is not yet late.
    grace = 0 if _working_days_between(submitted - timedelta(days=1), submitted) == 1 else 1
    return days, days >= UNCONFIRMED_FLAG_WORKING_DAYS + grace


def consultation_overrun(app: Application, today: date | None = None) -> int:
    """Working days the consultations of ``app`` ran beyond the 15 个工作日 the consulted party has
    (第三十二条、第三十四条), summed; a running one counts until ``today``. 0 = none. Those days are not
    excluded from the reply clock (第三十三条第三款 excludes at most the 15): they count against the agency.
    Show :data:`OVERRUN_LABEL` when positive."""
    today = today or clock.today()
    total = 0
    for p in app.pauses.all():
        if p.kind == ClockPause.Kind.FEE:
            continue
        total += deadlines.pause_overrun(calendar.current_calendar(), _pause(p), today)
    return total


def consultations_overrun(
    applications: QuerySet[Application], today: date | None = None
) -> list[tuple[Application, int]]:
    """The applications (of a supervision scope) whose consultations overran their 15 个工作日, with the
    working days over. Pre-filtered in SQL on calendar days (15 working days span at least 15 calendar
    days), then counted exactly."""
    today = today or clock.today()
    long_ago = today - timedelta(days=deadlines.CONSULTATION_WORKING_DAYS)
    candidates = applications.filter(
        pk__in=ClockPause.objects.exclude(kind=ClockPause.Kind.FEE)
        .filter(start__lt=long_ago)
        .values("application_id")
    ).prefetch_related("pauses")
    result = [(app, consultation_overrun(app, today)) for app in candidates]
    return [(app, days) for app, days in result if days > 0]
