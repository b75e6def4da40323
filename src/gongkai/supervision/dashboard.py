"""The supervisor's home: for its subtree and a chosen year, applications received and closed, overdue now,
the outcome shares, 主动公开 timeliness and the annual reports received, per child division and 本级 (rows
that add up to the totals). A constant number of queries, whatever the number of agencies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from gongkai.applications import outcomes
from gongkai.applications.models import Application
from gongkai.applications.selectors import due_soon_threshold
from gongkai.applications.states import CLOCK_RUNNING, FINISHED
from gongkai.core import clock
from gongkai.orgs.models import Division
from gongkai.orgs.selectors import subtree_range
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import expected_reports
from gongkai.supervision import timeliness
from gongkai.supervision.rollup import Area, Rollup, areas_of, prefix_of, rollup, share

APPLICATION_KEYS = ("received", "closed", "overdue", "due_soon")

#: The six groups of 表三 三、本年度办理结果, with the short name the chart shows.
OUTCOME_GROUPS = (
    (outcomes.GRANTED, _("予以公开")),
    (outcomes.PARTIAL, _("部分公开")),
    (outcomes.REFUSED, _("不予公开")),
    (outcomes.UNABLE, _("无法提供")),
    (outcomes.NOT_PROCESSED, _("不予处理")),
    (outcomes.OTHER, _("其他处理")),
)


@dataclass(frozen=True)
class OutcomeShare:
    label: str
    count: int
    percent: float | None


@dataclass(frozen=True)
class ReportSummary:
    """The annual reports for ``year`` that this 政务公开办 receives (条例第四十九条)."""

    expected: int
    submitted: int
    missing: int
    late: int
    #: The division's own report of the year (its region's), if opened.
    own: AnnualReport | None


@dataclass(frozen=True)
class Dashboard:
    division: Division
    year: int
    today: date
    rows: list[Area]
    total: dict[str, int]
    outcomes: list[OutcomeShare]
    reports: ReportSummary

    @property
    def on_time_share(self) -> float | None:
        return share(self.total["published"] - self.total["late"], self.total["published"])


def dashboard(division: Division, year: int, today: date | None = None) -> Dashboard:
    today = today or clock.today()
    rows = areas_of(division)
    apps = _application_rollup(division, year, today, rows)
    pubs = rollup(division, _publication_groups(division, year), timeliness.KEYS, rows)
    return Dashboard(
        division=division,
        year=year,
        today=today,
        rows=rows,
        total=apps.total | pubs.total,
        outcomes=outcome_shares(division, year),
        reports=report_summary(division, year, today),
    )


def _application_rollup(division: Division, year: int, today: date, rows: list[Area]) -> Rollup:
    running = Q(status__in=CLOCK_RUNNING, due_date__isnull=False)
    grouped = (
        Application.objects.filter(agency__division__path__range=subtree_range(division.path))
        .annotate(prefix=prefix_of(division, "agency__division__path"))
        .values("prefix")
        .annotate(
            received=Count("id", filter=Q(received_on__year=year)),
            closed=Count("id", filter=Q(status__in=FINISHED, decided_on__year=year)),
            overdue=Count("id", filter=running & Q(due_date__lt=today)),
            due_soon=Count(
                "id", filter=running & Q(due_date__gte=today, due_date__lte=due_soon_threshold(today))
            ),
        )
        .order_by()
    )
    return rollup(division, grouped, APPLICATION_KEYS, rows)


def _publication_groups(division: Division, year: int) -> Any:
    rows = timeliness.agency_rows(division, timeliness.Filters(year=year))
    return timeliness.area_groups(division, rows)


def outcome_shares(division: Division, year: int) -> list[OutcomeShare]:
    """Applications answered in ``year`` by the group of 表三 their outcome falls in (one query)."""
    counts = dict.fromkeys((label for _p, label in OUTCOME_GROUPS), 0)
    rows = (
        Application.objects.filter(
            agency__division__path__range=subtree_range(division.path),
            status__in=FINISHED,
            decided_on__year=year,
        )
        .exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    for outcome, n in rows:
        for prefix, label in OUTCOME_GROUPS:
            if outcome.startswith(prefix):
                counts[label] += n
                break
    whole = sum(counts.values())
    return [OutcomeShare(str(label), n, share(n, whole)) for label, n in counts.items()]


def report_summary(division: Division, year: int, today: date) -> ReportSummary:
    expected = expected_reports(division, year)
    own = (
        AnnualReport.objects.filter(scope="region", division=division, year=year).order_by("-version").first()
    )
    return ReportSummary(
        expected=len(expected),
        submitted=sum(
            1 for e in expected if e.report is not None and e.report.status != AnnualReport.Status.DRAFT
        ),
        missing=sum(e.missing(today) for e in expected),
        late=sum(e.late() for e in expected),
        own=own,
    )
