"""Reads over annual reports: what a supervisor expects from below, and what is missing or late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from gongkai.orgs.models import Agency, Division
from gongkai.orgs.selectors import division_children, subtree_range
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
        """Failed identities of the report as it stands (None when there is no report yet); the first
        call checks every report of the list it came from at once (``expected_reports``)."""
        if self.report is None:
            return None
        batch: _Problems = getattr(self, "_batch", None) or _Problems([self.report])
        return batch.of(self.report)

    @property
    def submitted_at(self) -> datetime | None:
        return self.report.submitted_at if self.report else None

    def missing(self, today: date) -> bool:
        delivered = self.report is not None and self.report.status != S.DRAFT
        return not delivered and today > self.due

    def late(self) -> bool:
        at = self.submitted_at
        return at is not None and timezone.localtime(at).date() > self.due


class _Problems:
    """The checker over many reports of one year: their figures summed from the stored aggregates in one
    batch (a constant number of queries however many reports), computed on first use."""

    def __init__(self, reports: list[AnnualReport]) -> None:
        self._reports = reports
        self._counts: dict[int, int] | None = None

    def of(self, report: AnnualReport) -> int:
        if self._counts is None:
            from gongkai.reports import checks, services

            data = services.current_many(self._reports)
            self._counts = {
                pk: len(checks.check_report(d) + checks.check_narrative(d)) for pk, d in data.items()
            }
        return self._counts[report.pk]


def expected_reports(division: Division, year: int) -> list[Expected]:
    """The reports the 政务公开办 of ``division`` receives: its departments' (and other agencies at its
    level, save the government's own), and one per division directly below (a town's own report, or a
    county's / city's aggregate)."""
    latest: dict[tuple[str, int | None, int | None], AnnualReport] = {}
    below = Q(agency__division=division) | Q(
        division__path__range=subtree_range(division.path), division__depth=division.depth + 1
    )
    for r in (
        AnnualReport.objects.filter(below, year=year).select_related("agency", "division").order_by("version")
    ):
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
                due_date(scope=scope, level=child.level, year=year, kind=child.kind),
                latest.get((scope, None, child.pk)),
            )
        )
    batch = _Problems([row.report for row in out if row.report is not None])
    for row in out:
        object.__setattr__(row, "_batch", batch)  # not a field: the rows compare and print as before
    return out


# ------------------------------------------------------------------------------ the public list
@dataclass(frozen=True)
class Published:
    """A published report as the public list names it: the organisation's full name and the year."""

    report: AnnualReport
    organization: str  # full Chinese name: 广州市越秀区教育局, 广州市越秀区北京街道办事处, 广州市越秀区

    @property
    def is_region(self) -> bool:
        return self.report.scope == AnnualReport.Scope.REGION


def _prefixes(divisions: list[Division]) -> dict[int, str]:
    """For each division, the names of its ancestors below the province (广州市 for 越秀区); one query."""
    steplen = Division.steplen
    wanted = {d.path[:i] for d in divisions for i in range(2 * steplen, len(d.path), steplen)}
    names = dict(Division.objects.filter(path__in=wanted).values_list("path", "name")) if wanted else {}
    return {
        d.pk: "".join(names.get(d.path[:i], "") for i in range(2 * steplen, len(d.path), steplen))
        for d in divisions
    }


def published_reports(
    *, year: int | None = None, agency_id: int | None = None, limit: int = 500
) -> list[Published]:
    """The newest published version of each report, newest year first, with full names (two queries)."""
    qs = AnnualReport.objects.filter(status=S.PUBLISHED).select_related("agency", "division")
    if year is not None:
        qs = qs.filter(year=year)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    newest: dict[tuple[str, int | None, int | None, int], AnnualReport] = {}
    for r in qs.order_by("-year", "scope", "-version", "id")[: limit * 2]:
        newest.setdefault((r.scope, r.agency_id, r.division_id, r.year), r)
    reports = list(newest.values())[:limit]
    prefixes = _prefixes([r.division for r in reports if r.division is not None])
    out = []
    for r in reports:
        if r.agency is not None:
            name = r.agency.name
        elif r.division is not None:  # the model's check constraint: one of the two
            prefix = prefixes.get(r.division.pk, "")
            if r.scope == AnnualReport.Scope.REGION:
                name = prefix + r.division.name
            else:
                own = str((r.snapshot or {}).get("organization") or f"{r.division.name}人民政府")
                name = own if own.startswith(prefix) else prefix + own
        else:
            continue
        out.append(Published(r, name))
    return out


def published_years() -> list[int]:
    return list(
        AnnualReport.objects.filter(status=S.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
