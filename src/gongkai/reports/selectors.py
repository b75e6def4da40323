"""Reads over annual reports: what a supervisor expects from below, and what is missing or late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from gongkai.orgs.models import Agency, Division
from gongkai.orgs.selectors import division_children
from gongkai.reports.models import AnnualReport
from gongkai.reports.schedule import due_date

S = AnnualReport.Status


@dataclass(frozen=True)
class Expected:
    name: str
    scope: str
    agency: Agency | None
    division: Division | None
    due: date
    report: AnnualReport | None

    @property
    def status(self) -> str:
        return self.report.get_status_display() if self.report else "未编制"

    def problems(self) -> int | None:
        """Failed identities of the report as it stands (None when there is no report yet)."""
        if self.report is None:
            return None
        from gongkai.reports import checks, services

        data = services.current(self.report)
        return len(checks.check_report(data) + checks.check_narrative(data))

    @property
    def submitted_at(self) -> datetime | None:
        return self.report.submitted_at if self.report else None

    def missing(self, today: date) -> bool:
        delivered = self.report is not None and self.report.status != S.DRAFT
        return not delivered and today > self.due

    def late(self) -> bool:
        at = self.submitted_at
        return at is not None and timezone.localtime(at).date() > self.due


def expected_reports(division: Division, year: int) -> list[Expected]:
    """The reports the 政务公开办 of ``division`` receives: its departments' (and other agencies at its
    level, save the government's own), and one per division directly below (a town's own report, or a
    county's / city's aggregate)."""
    latest: dict[tuple[str, int | None, int | None], AnnualReport] = {}
    for r in AnnualReport.objects.filter(year=year).order_by("version"):
        latest[(r.scope, r.agency_id, r.division_id)] = r
    out = []
    own_kinds = (
        Agency.Kind.GOVERNMENT,
        Agency.Kind.GENERAL_OFFICE,
        Agency.Kind.SUBDISTRICT_OFFICE,
        Agency.Kind.ZONE_COMMITTEE,
    )
    for agency in (
        Agency.objects.filter(division=division, is_active=True)
        .exclude(kind__in=own_kinds)
        .order_by("sort_order")
    ):
        out.append(
            Expected(
                agency.name,
                "agency",
                agency,
                None,
                due_date(scope="agency", level=division.level, year=year),
                latest.get(("agency", agency.pk, None)),
            )
        )
    for child in division_children(division):
        scope = "government" if child.level == Division.Level.TOWN else "region"
        name = f"{child.name}（{'本级政府' if scope == 'government' else '汇总'}）"
        out.append(
            Expected(
                name,
                scope,
                None,
                child,
                due_date(scope=scope, level=child.level, year=year),
                latest.get((scope, None, child.pk)),
            )
        )
    return out
