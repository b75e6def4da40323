"""Computing a 政府信息公开工作年度报告 from the records (REGULATIONS.md §2; labels from the report formats).

表三 per column (applicant category), as of 12月31日 of the year:
  一 received in the year (收到申请之日 in the year);
  二 carried in = received before the year and undecided at its start;
  三 decided in the year, by outcome row (partial disclosure only in （二）; the 2019 format has one
     （六）其他处理 row);
  四 carried out = received by the end of the year and undecided at its end.
表四 from 行政复议/行政诉讼 cases filed in the year, by their result as known on 12月31日.
表二 from the per-agency entries (until publications computes it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from gongkai.appeals.models import Appeal
from gongkai.applications import outcomes
from gongkai.applications.models import ApplicantCategory, Application
from gongkai.core import report_formats
from gongkai.orgs.models import Agency, Division
from gongkai.orgs.selectors import subtree_range
from gongkai.publications.selectors import table2_cells
from gongkai.reports.models import Table2Entry

RECEIVED, CARRIED_IN, TOTAL, CARRIED_OUT = (
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果/（七）总计",
    "四、结转下年度继续办理",
)
TOTAL_COLUMN = "总计"
_CATEGORY_COLUMN = {c.value: c.label for c in ApplicantCategory}  # labels equal the 表三 column labels


@dataclass
class Report:
    format: str
    year: int
    organization: str
    table2: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    table3: dict[str, dict[str, int]] = field(default_factory=dict)
    table4: dict[str, dict[str, int]] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    fees_total: Decimal = Decimal(0)
    previous_received: int | None = None  # 一 总计 of the year before, for the year-on-year change
    trend: dict[str, int] = field(default_factory=dict)  # applications received, the five years to this one

    def as_json(self) -> dict[str, Any]:
        """The documented JSON layout (docs/reports.md); ``trend`` is an optional extension for the charts."""
        return {
            "trend": self.trend,
            "format": self.format,
            "year": self.year,
            "organization": self.organization,
            "table2": self.table2,
            "table3": self.table3,
            "table4": self.table4,
            "sections": self.sections,
        }


@dataclass(frozen=True)
class Scope:
    """Whose report: the name printed on it, and which agencies' records count — as a filter on any model
    with an ``agency`` foreign key (a join on the division path for regions, so the planner never has to
    guess through an IN-subquery)."""

    organization: str
    by_agency: Q
    #: The same scope for the stored figures: a region's division, or else the agencies counted.
    agency_ids: tuple[int, ...] = ()
    division_id: int | None = None


def scope_of_agency(agency: Agency) -> Scope:
    return Scope(agency.name, Q(agency_id=agency.pk), agency_ids=(agency.pk,))


def scope_of_division(division: Division, *, region: bool) -> Scope:
    """``region``: the aggregated report of the division (every agency under it, REGULATIONS.md §2.3);
    otherwise the government's own report (本政府机关: the people's government and its general office)."""
    if region:
        by_agency = Q(agency__division__path__range=subtree_range(division.path))
        if division.level < Division.Level.TOWN:  # the figures keep a roll-up of its whole region
            return Scope(division.name, by_agency, division_id=division.pk)
        below = Agency.objects.filter(division__path__range=subtree_range(division.path)).order_by("pk")
        return Scope(division.name, by_agency, agency_ids=tuple(below.values_list("pk", flat=True)))
    return governments_of([division])[division.pk]


OWN_KINDS = (
    Agency.Kind.GOVERNMENT,
    Agency.Kind.GENERAL_OFFICE,
    Agency.Kind.SUBDISTRICT_OFFICE,
    Agency.Kind.ZONE_COMMITTEE,
)
_GOVERNMENT_KINDS = (Agency.Kind.GOVERNMENT, Agency.Kind.SUBDISTRICT_OFFICE, Agency.Kind.ZONE_COMMITTEE)


def governments_of(divisions: list[Division]) -> dict[int, Scope]:
    """The government's own report of each division (本政府机关: the people's government and its general
    office), in one query for all of them."""
    own: dict[int, list[Agency]] = {d.pk: [] for d in divisions}
    for agency in Agency.objects.filter(division__in=divisions, kind__in=OWN_KINDS).order_by(
        "sort_order", "pk"
    ):
        own[agency.division_id].append(agency)
    out = {}
    for division in divisions:
        agencies = own[division.pk]
        government = next((a for a in agencies if a.kind in _GOVERNMENT_KINDS), None)
        name = government.name if government else f"{division.name}人民政府"
        ids = tuple(a.pk for a in agencies)
        out[division.pk] = Scope(name, Q(agency_id__in=list(ids)), agency_ids=ids)
    return out


def _empty_table3(fmt: str) -> dict[str, dict[str, int]]:
    columns = report_formats.table3_columns()
    return {row: dict.fromkeys(columns, 0) for row in report_formats.table3_rows(fmt)}


def _add(table: dict[str, dict[str, int]], row: str, category: str, n: int) -> None:
    table[row][_CATEGORY_COLUMN[category]] += n


def compute_table3(
    apps: QuerySet[Application], year: int, fmt: str
) -> tuple[dict[str, dict[str, int]], Decimal]:
    """One grouped query: every application that touches the year (received by its end and not decided
    before its start), counted into 一/二/三/四 with conditional aggregates; also the 信息处理费 paid in
    the year (a fee is paid while the case is open, so those cases are among these)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    table = _empty_table3(fmt)
    undecided_at_start = Q(decided_on__isnull=True) | Q(decided_on__gte=start)
    undecided_at_end = Q(decided_on__isnull=True) | Q(decided_on__gt=end)
    relevant = apps.filter(received_on__isnull=False, received_on__lte=end).filter(undecided_at_start)
    rows = (
        relevant.values_list("applicant_category", "outcome")
        .annotate(
            received=Count("id", filter=Q(received_on__gte=start)),
            carried_in=Count("id", filter=Q(received_on__lt=start)),
            decided=Count("id", filter=Q(decided_on__lte=end)),
            carried_out=Count("id", filter=undecided_at_end),
            fees=Sum("fee_amount", filter=Q(fee_paid_on__range=(start, end))),
        )
        .order_by()
    )
    fees_total = Decimal(0)
    for category, outcome, received, carried_in, decided, carried_out, fees in rows:
        fees_total += Decimal(fees or 0)
        _add(table, RECEIVED, category, received)
        _add(table, CARRIED_IN, category, carried_in)
        _add(table, CARRIED_OUT, category, carried_out)
        if decided:
            _add(table, outcomes.row_in_format(outcome, fmt), category, decided)
    _table3_totals(table, fmt)
    return table, fees_total


def _table3_totals(table: dict[str, dict[str, int]], fmt: str) -> None:
    leaves = report_formats.table3_leaf_rows(fmt)
    columns = report_formats.table3_columns()
    for column in columns[:-1]:
        table[TOTAL][column] = sum(table[leaf][column] for leaf in leaves)
    for cells in table.values():
        cells[TOTAL_COLUMN] = sum(v for c, v in cells.items() if c != TOTAL_COLUMN)


_RESULT_COLUMN = {r.value: r.label for r in Appeal.Result}
_KIND_GROUP = {k.value: k.label for k in Appeal.Kind}  # labels equal the 表四 group paths


def compute_table4(appeals: QuerySet[Appeal], year: int) -> dict[str, dict[str, int]]:
    end = date(year, 12, 31)
    columns = report_formats.table4_columns()
    table = {group: dict.fromkeys(columns, 0) for group in report_formats.table4_groups()}
    filed = appeals.filter(filed_on__year=year)
    rows = filed.values_list("kind", "result").annotate(
        concluded=Count("id", filter=Q(concluded_on__lte=end)),
        pending=Count("id", filter=~Q(concluded_on__lte=end)),
    )
    for kind, result, concluded, pending in rows.order_by():
        group = table[_KIND_GROUP[kind]]
        group[_RESULT_COLUMN[result]] += concluded
        group[_RESULT_COLUMN[Appeal.Result.PENDING]] += pending
    _table4_totals(table)
    return table


def _empty_table4() -> dict[str, dict[str, int]]:
    columns = report_formats.table4_columns()
    return {group: dict.fromkeys(columns, 0) for group in report_formats.table4_groups()}


def _table4_totals(table: dict[str, dict[str, int]]) -> None:
    for group in table.values():
        group[TOTAL_COLUMN] = sum(v for c, v in group.items() if c != TOTAL_COLUMN)


def compute_table2(by_agency: Q, year: int, fmt: str) -> dict[str, dict[str, dict[str, str]]]:
    """表二 from the records the publications app keeps; an agency that entered its figures for the year
    (Table2Entry: agencies not keeping their records on the platform, years before it went live) is taken
    from its entries instead, as a whole, so that nothing is counted twice."""
    entries = Table2Entry.objects.filter(by_agency, year=year)
    entered = entries.values("agency_id")
    sums: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for key, value in table2_cells(by_agency & ~Q(agency_id__in=entered), year).items():
        sums[key] += value
    for block, row, column, total in (
        entries.values_list("block", "row", "column").annotate(total=Sum("value")).order_by()
    ):
        sums[(block, row, column)] += total
    return _table2_from(sums, fmt)


def _table2_from(sums: dict[tuple[str, str, str], Decimal], fmt: str) -> dict[str, dict[str, dict[str, str]]]:
    blocks = report_formats.formats()["formats"][fmt]["table2"]
    table: dict[str, dict[str, dict[str, str]]] = {}
    for spec in blocks:
        table[spec["block"]] = {
            row: {
                col: _decimal_str(sums.get((spec["block"], row, col), Decimal(0))) for col in spec["columns"]
            }
            for row in spec["rows"]
        }
    return table


def _decimal_str(value: Decimal) -> str:
    from gongkai.reports.narrative import decimal_text

    return decimal_text(value)


def compute_from_records(scope: Scope, year: int) -> Report:
    """The report counted straight from the records (the baseline the stored figures are checked against)."""
    fmt = report_formats.format_for_year(year)
    apps = Application.objects.filter(scope.by_agency)
    table3, fees = compute_table3(apps, year, fmt)
    five = (
        apps.filter(received_on__range=(date(year - 4, 1, 1), date(year, 12, 31)))
        .annotate(y=ExtractYear("received_on"))
        .values_list("y")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _finish(
        Report(
            format=fmt,
            year=year,
            organization=scope.organization,
            table2=compute_table2(scope.by_agency, year, fmt),
            table3=table3,
            table4=compute_table4(Appeal.objects.filter(scope.by_agency), year),
            fees_total=fees,
        ),
        {int(y): int(n) for y, n in five},
    )


def _finish(report: Report, by_year: dict[int, int]) -> Report:
    """The trend, the year-on-year change and the generated text, from applications received per year."""
    year = report.year
    report.trend = {
        str(y): by_year.get(y, 0)
        for y in range(year - 4, year + 1)
        if by_year.get(y) or y >= min(by_year, default=year)
    }
    report.previous_received = by_year.get(year - 1, 0) or None
    from gongkai.reports.narrative import sections

    report.sections = sections(report)
    return report


def compute(scope: Scope, year: int) -> Report:
    """The report of ``scope``: a sum of the stored per-agency figures (gongkai.reports.aggregates) for the
    years they are kept, else counted from the records."""
    return compute_many([scope], year)[0]


def compute_many(scopes: list[Scope], year: int) -> list[Report]:
    """Several reports of one year in a constant number of queries (the supervision page's batch)."""
    from gongkai.reports.aggregates import read

    if not read.kept(year):
        return [compute_from_records(scope, year) for scope in scopes]
    return [
        from_figures(scope, year, figures)
        for scope, figures in zip(scopes, read.figures_for(scopes, year), strict=True)
    ]


def from_figures(scope: Scope, year: int, figures: dict[int, dict[str, Decimal | int]]) -> Report:
    fmt = report_formats.format_for_year(year)
    table3, table4 = _empty_table3(fmt), _empty_table4()
    sums: dict[tuple[str, str, str], Decimal] = {}
    measures = {"received": RECEIVED, "carried_in": CARRIED_IN, "carried_out": CARRIED_OUT}
    for key, value in figures.get(year, {}).items():
        part, _, rest = key.partition("|")
        if part == "t3":
            category, outcome, measure = rest.split("|")
            row = measures.get(measure) or outcomes.row_in_format(outcome, fmt)
            _add(table3, row, category, int(value))
        elif part == "t4":
            kind, result, measure = rest.split("|")
            column = _RESULT_COLUMN[Appeal.Result.PENDING if measure == "pending" else result]
            table4[_KIND_GROUP[kind]][column] += int(value)
        elif part == "t2":
            block, row, column = rest.split("|")
            sums[(block, row, column)] = Decimal(value)
    _table3_totals(table3, fmt)
    _table4_totals(table4)
    by_year = {
        y: n
        for y in range(year - 4, year + 1)
        if (
            n := sum(
                int(v)
                for k, v in figures.get(y, {}).items()
                if k.startswith("t3|") and k.endswith("|received")
            )
        )
    }
    report = Report(
        format=fmt,
        year=year,
        organization=scope.organization,
        table2=_table2_from(sums, fmt),
        table3=table3,
        table4=table4,
        fees_total=Decimal(figures.get(year, {}).get("t3fee", 0)),
    )
    return _finish(report, by_year)
