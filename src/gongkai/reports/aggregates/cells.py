"""Counting the figures of the annual report from the records, per agency and year (the recount).

The same definitions as ``gongkai.reports.compute`` (which still computes a report straight from the
records: the baseline and the oracle), grouped by agency so that one pass serves every agency:

- 表三: an application counts in year Y when it was received by Y's end and not decided before Y's start,
  i.e. ``r <= Y <= d`` on the years of 收到申请之日 (r) and of the decision (d, open cases never end).
  One grouped query by (agency, category, outcome, r, d, year the fee was paid) covers every year.
- 表四: a case counts in the year it was filed, as concluded if it concluded by that year's end.
- 表二: the records of the publications app (``table2_cells_by_agency``), or, for an agency that entered
  its figures for the year (Table2Entry), those entries instead, as a whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import CharField, Count, Q, Sum
from django.db.models.functions import Cast, Substr

from gongkai.appeals.models import Appeal
from gongkai.applications.models import Application
from gongkai.reports.aggregates.table2 import table2_cells_by_agency
from gongkai.reports.models import Table2Entry

#: (agency id, year) -> key -> value (counts as int, amounts as Decimal); zeros left out.
Cells = dict[tuple[int, int], dict[str, Decimal | int]]

PARTS = ("t3", "t4", "t2")
FEES = "t3fee"


def _year_of(field: str) -> Substr:
    """The year of a date column as text, in SQL on both databases (no per-row Python function)."""
    return Substr(Cast(field, output_field=CharField()), 1, 4)


def _bump(cells: Cells, agency: int, year: int, key: str, n: Decimal | int) -> None:
    if n:
        bucket = cells.get((agency, year))
        if bucket is None:
            bucket = cells[(agency, year)] = {}
        bucket[key] = bucket.get(key, 0) + n


def t3_cells(where: Q, years: Iterable[int]) -> Cells:
    wanted = sorted(set(years))
    cells: Cells = {}
    if not wanted:
        return cells
    rows = (
        Application.objects.filter(where, received_on__isnull=False)
        .annotate(r=_year_of("received_on"), d=_year_of("decided_on"), p=_year_of("fee_paid_on"))
        .values_list("agency_id", "applicant_category", "outcome", "r", "d", "p")
        .annotate(n=Count("id"), fees=Sum("fee_amount"))
        .order_by()
    )
    for agency, category, outcome, r_text, d_text, p_text, n, fees in rows:
        r, d = int(r_text), int(d_text) if d_text else None
        paid = int(p_text) if p_text else None
        stem = f"t3|{category}|{outcome or ''}|"
        received, carried_in = stem + "received", stem + "carried_in"
        decided, carried_out = stem + "decided", stem + "carried_out"
        for year in wanted:
            if year < r or (d is not None and year > d):
                continue  # received after the year, or decided before it
            _bump(cells, agency, year, received if r == year else carried_in, n)
            _bump(cells, agency, year, decided if d == year else carried_out, n)
            if paid == year and fees:
                _bump(cells, agency, year, FEES, Decimal(fees))
    return cells


def t4_cells(where: Q, years: Iterable[int]) -> Cells:
    wanted = set(years)
    cells: Cells = {}
    rows = (
        Appeal.objects.filter(where)
        .annotate(f=_year_of("filed_on"), c=_year_of("concluded_on"))
        .values_list("agency_id", "kind", "result", "f", "c")
        .annotate(n=Count("id"))
        .order_by()
    )
    for agency, kind, result, f_text, c_text, n in rows:
        filed = int(f_text)
        if filed not in wanted:
            continue
        concluded = c_text is not None and int(c_text) <= filed
        _bump(cells, agency, filed, f"t4|{kind}|{result}|{'concluded' if concluded else 'pending'}", n)
    return cells


def t2_cells(where: Q, years: Iterable[int]) -> Cells:
    wanted = sorted(set(years))
    cells: Cells = {}
    entered: dict[tuple[int, int], dict[str, Decimal | int]] = defaultdict(dict)
    rows = Table2Entry.objects.filter(where, year__in=wanted)
    for agency, year, block, row, column, value in rows.values_list(
        "agency_id", "year", "block", "row", "column", "value"
    ):
        entered[(agency, year)][f"t2|{block}|{row}|{column}"] = Decimal(value)
    names: dict[tuple[str, str, str], str] = {}
    for target, by_key in table2_cells_by_agency(where, wanted).items():
        if target in entered:
            continue  # an agency that entered its figures for the year is taken from them, as a whole
        for cell, counted in by_key.items():
            key = names.get(cell) or names.setdefault(cell, "t2|" + "|".join(cell))
            _bump(cells, target[0], target[1], key, counted)
    for (agency, year), by_cell in entered.items():
        for key, amount in by_cell.items():
            _bump(cells, agency, year, key, amount)
    return cells


def recount(where: Q, years: Iterable[int], parts: Iterable[str] = PARTS) -> Cells:
    """Every figure of the agencies matched by ``where`` (a filter on ``agency``) for ``years``."""
    counters = {"t3": t3_cells, "t4": t4_cells, "t2": t2_cells}
    years = list(years)
    out: Cells = {}
    for part in parts:
        for target, by_key in counters[part](where, years).items():
            out.setdefault(target, {}).update(by_key)
    return out


def part_of(key: str) -> str:
    return "t3" if key.startswith("t3") else key[:2]
