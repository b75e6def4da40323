"""催报: a supervising office reminds a body directly below it that an annual report is owed.

Who owes whom (REGULATIONS.md §2.3, from 国办公开办函〔2021〕30号): a department reports to its own level's
政府信息公开工作主管部门, a 乡镇 (and here a 街道) to its county's, and each county and prefecture sends its
aggregate one level up. So the office of a division chases its departments (scope ``agency``) and each
division directly below it (``government`` for a town, ``region`` for a county or city) — nobody else.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from gongkai.core import clock
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency, Division
from gongkai.reports.models import AnnualReport
from gongkai.reports.states import Status
from gongkai.supervision.models import Urge

#: A second identical 催报 from the same person within this time is the same one sent twice (a double
#: click, a resubmitted form): it is not recorded again.
REPEAT_WINDOW = timedelta(minutes=10)
MAX_MESSAGE = 500
#: Agencies whose work is the government's own report, not a department's (they owe no ``agency`` report).
OWN_KINDS = frozenset(
    {
        Agency.Kind.GOVERNMENT,
        Agency.Kind.GENERAL_OFFICE,
        Agency.Kind.SUBDISTRICT_OFFICE,
        Agency.Kind.ZONE_COMMITTEE,
    }
)
#: Reports that still need the body below to act (a returned report must be submitted again).
OPEN_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})


def owed_scope(division: Division) -> str:
    """The report a division owes the office above: a town its own government's, others an aggregate."""
    return "government" if division.level == Division.Level.TOWN else "region"


def default_message(year: int) -> str:
    return f"请抓紧编制并报送{year}年度政府信息公开工作年度报告。"


def _check_target(
    sender: Division, scope: str, agency: Agency | None, division: Division | None
) -> tuple[str, str]:
    """(field, message) when the target is not directly below ``sender`` or owes another report."""
    if (agency is None) == (division is None):
        return "target", "请指定被催报的机关或下级行政区划（二者选一）"
    if agency is not None:
        if agency.division_id != sender.pk or agency.kind in OWN_KINDS or not agency.is_active:
            return "agency", "只能向本级政府部门催报"
        if scope != "agency":
            return "scope", "政府部门报送的是部门年度报告"
        return "", ""
    if division is None or not (division.path.startswith(sender.path) and division.depth == sender.depth + 1):
        return "division", "只能向直接下级行政区划催报"
    if scope != owed_scope(division):
        return "scope", "下级行政区划应报送的报告范围不符"
    return "", ""


def _delivered(scope: str, year: int, agency: Agency | None, division: Division | None) -> bool:
    latest = (
        AnnualReport.objects.filter(scope=scope, year=year, agency=agency, division=division)
        .order_by("-version")
        .values_list("status", flat=True)
        .first()
    )
    return latest is not None and latest not in OPEN_STATUSES


@transaction.atomic
def urge_report(
    *,
    actor: Actor,
    sender_division: Division,
    year: int,
    scope: str,
    message: str = "",
    agency: Agency | None = None,
    division: Division | None = None,
) -> Urge:
    """Send (once) a 催报 from the office of ``sender_division`` to ``agency`` or ``division`` below it."""
    if not actor.is_staff or not org_access.can_supervise_division(actor.user, sender_division):
        raise PermissionDenied("只有本级政务公开办可以催报")
    field, problem = _check_target(sender_division, scope, agency, division)
    if problem:
        raise InvalidInput.for_field(field, problem)
    text = _checked_message(year, message)
    # One row lock on the target serialises concurrent sends, so the repeat check below is reliable.
    if agency is not None:
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
    else:
        Division.objects.select_for_update().filter(pk=division.pk).first()  # type: ignore[union-attr]
    if _delivered(scope, year, agency, division):
        raise InvalidInput.for_field("report", "该报告已报送，无需催报")
    now = clock.now()
    target = Q(agency=agency) if agency is not None else Q(division=division)
    repeat = (
        Urge.objects.filter(target, kind=Urge.Kind.REPORT, sender_division=sender_division)
        .filter(sent_by_id=getattr(actor.user, "pk", None), report_year=year, report_scope=scope)
        .filter(message=text, sent_at__gte=now - REPEAT_WINDOW)
        .order_by("-sent_at")
        .first()
    )
    if repeat is not None:  # a double submit: the 催报 already sent
        return repeat
    government = (
        Agency.objects.filter(division=division, kind__in=OWN_KINDS - {Agency.Kind.GENERAL_OFFICE})
        .order_by("sort_order", "pk")
        .first()
        if division is not None
        else None
    )
    urge = Urge.objects.create(
        kind=Urge.Kind.REPORT,
        sender_division=sender_division,
        sent_by_id=actor.user.pk,  # type: ignore[union-attr]  # a staff actor has a user
        sent_at=now,
        agency=agency or government,
        division=division,
        report_year=year,
        report_scope=scope,
        message=text,
    )
    audit_record(
        actor,
        "report.urged",
        urge,
        data={
            "year": year,
            "scope": scope,
            "agency": getattr(agency, "pk", None),
            "division": getattr(division, "code", None),
        },
    )
    return urge


def _checked_message(year: int, message: str) -> str:
    """The year and the message as sent (the default text when empty), or a Chinese error naming the field."""
    if not 2008 <= year <= clock.today().year:  # 条例 in force from 2008-05-01; no report of a future year
        raise InvalidInput.for_field("year", "报告年度无效")
    text = (message or "").strip() or default_message(year)
    if len(text) > MAX_MESSAGE:
        raise InvalidInput.for_field("message", f"催报意见不能超过{MAX_MESSAGE}字")
    if "\x00" in text:  # PostgreSQL stores no NUL in text
        raise InvalidInput.for_field("message", "催报意见含有不允许的字符")
    return text


def _report_target(report: AnnualReport) -> Q:
    if report.agency_id is not None:
        return Q(agency_id=report.agency_id, division__isnull=True)
    return Q(division_id=report.division_id)


def urges_for_report(report: AnnualReport) -> list[Urge]:
    """The 催报 sent for this report (any version), newest first."""
    return list(
        Urge.objects.filter(
            _report_target(report), kind=Urge.Kind.REPORT, report_year=report.year, report_scope=report.scope
        ).select_related("sender_division")[:20]
    )


def urges_for_user(user: Any, *, limit: int = 10) -> list[Urge]:
    """催报 addressed to the user's agencies (as their staff) or divisions (as their own office)."""
    roles = org_access.role_set(user)
    if not (roles.agency_roles or roles.supervised_paths):
        return []
    target = Q(agency_id__in=list(roles.agency_roles), division__isnull=True) | Q(
        division__path__in=list(roles.supervised_paths)
    )
    return list(
        Urge.objects.filter(target, kind=Urge.Kind.REPORT)
        .select_related("sender_division", "agency", "division")
        .order_by("-sent_at", "id")[:limit]
    )


def latest_urges(sender_division: Division, year: int) -> dict[tuple[int | None, int | None], Urge]:
    """The newest 催报 this office sent for ``year``, by the target's (agency id, division id); one query."""
    out: dict[tuple[int | None, int | None], Urge] = {}
    for urge in Urge.objects.filter(
        kind=Urge.Kind.REPORT, sender_division=sender_division, report_year=year
    ).order_by("sent_at", "id"):
        key = (None, urge.division_id) if urge.division_id is not None else (urge.agency_id, None)
        out[key] = urge
    return out


@transaction.atomic
def urges_mark_seen(*, actor: Actor, report: AnnualReport) -> int:
    """The addressee (whoever prepares the report) opened it: its unseen 催报 are marked 已查阅, once."""
    from gongkai.reports import access as report_access

    if not actor.is_staff or not report_access.can_prepare(actor.user, report):
        return 0
    unseen = Urge.objects.filter(
        _report_target(report),
        kind=Urge.Kind.REPORT,
        report_year=report.year,
        report_scope=report.scope,
        seen_at__isnull=True,
    ).select_for_update()
    ids = list(unseen.values_list("pk", flat=True))
    if not ids:
        return 0
    Urge.objects.filter(pk__in=ids).update(seen_at=clock.now(), seen_by_id=actor.user.pk)  # type: ignore[union-attr]
    audit_record(actor, "report.urge_seen", report, data={"urges": ids})
    return len(ids)


@transaction.atomic
def urge_overdue_reports(*, actor: Actor, sender_division: Division, year: int, message: str = "") -> int:
    """催报 to every body below ``sender_division`` whose report for ``year`` is past its deadline and not
    delivered (one urge each, with the same rules and the same double-submit protection as one by one)."""
    from gongkai.reports.selectors import expected_reports

    if not actor.is_staff or not org_access.can_supervise_division(actor.user, sender_division):
        raise PermissionDenied("只有本级政务公开办可以催报")
    today, sent = clock.today(), 0
    for row in expected_reports(sender_division, year):
        if row.missing(today):
            urge_report(
                actor=actor,
                sender_division=sender_division,
                year=year,
                scope=row.scope,
                message=message,
                agency=row.agency,
                division=row.division,
            )
            sent += 1
    return sent
