"""Reading the figures: the sums a report needs, for one scope or many at once, in a constant number of
queries (the years checked, the regions' rows, the agencies' rows)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet

from gongkai.core import clock
from gongkai.reports.aggregates import store
from gongkai.reports.models import AgencyFigure, DivisionFigure

if TYPE_CHECKING:
    from gongkai.reports.compute import Scope

#: year -> key -> value: the year's figures and, for the four years before it, applications received.
Figures = dict[int, dict[str, Decimal | int]]

#: The 条例 took effect on 2008-05-01: no application, publication or case is dated earlier.
FIRST_YEAR = 2004
TREND_YEARS = 5
_PLACES = Decimal("0.000001")


def kept(year: int) -> bool:
    """Whether the figures of ``year`` (and of the years its trend shows) are kept: from 2004 to next year.
    Other years are computed from the records (no report is due for them)."""
    return FIRST_YEAR + TREND_YEARS - 1 <= year <= clock.today().year + 1


def _wanted(year: int) -> Q:
    earlier = (year - TREND_YEARS + 1, year - 1)
    return Q(year=year) | Q(year__range=earlier, key__startswith="t3|", key__endswith="|received")


def _rows(qs: QuerySet[Any], owner: str, ids: list[int]) -> dict[int, Figures]:
    """owner -> year -> key -> value, read without the ORM's per-value Decimal conversion (thousands of
    rows for a supervision page): SQLite returns whole numbers as int (kept) and fractions as float
    (made decimal at the column's scale), PostgreSQL returns Decimal."""
    out: dict[int, Figures] = defaultdict(lambda: defaultdict(dict))
    if not ids:
        return out
    qs = qs.filter(**{f"{owner}__in": ids})
    sql, params = qs.values_list(owner, "year", "key", "value").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for pk, y, key, value in cursor.fetchall():
            if isinstance(value, float):
                value = Decimal(repr(value)).quantize(_PLACES)
            out[pk][y][key] = value if isinstance(value, int) else Decimal(value)
    return out


def figures_for(scopes: Sequence[Scope], year: int) -> list[Figures]:
    """The figures of each scope (a region: its division's rows; otherwise the sum over its agencies)."""
    store.ensure_years(range(year - TREND_YEARS + 1, year + 1))
    regions = sorted({s.division_id for s in scopes if s.division_id is not None})
    agencies = sorted({a for s in scopes if s.division_id is None for a in s.agency_ids})
    by_division = _rows(DivisionFigure.objects.filter(_wanted(year)), "division_id", regions)
    by_agency = _rows(AgencyFigure.objects.filter(_wanted(year)), "agency_id", agencies)
    out: list[Figures] = []
    for scope in scopes:
        if scope.division_id is not None:
            out.append({y: dict(keys) for y, keys in by_division.get(scope.division_id, {}).items()})
            continue
        summed: Figures = {}
        for agency in scope.agency_ids:
            for y, keys in by_agency.get(agency, {}).items():
                target = summed.setdefault(y, {})
                for key, value in keys.items():
                    target[key] = target.get(key, Decimal(0)) + value
        out.append(summed)
    return out
