"""Checking the stored figures against a recount from scratch (``gongkai report verify-aggregates``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from gongkai.orgs.models import Agency, Division
from gongkai.reports.aggregates import store
from gongkai.reports.aggregates.cells import recount
from gongkai.reports.models import AgencyFigure, DivisionFigure

_PLACES = Decimal("0.000001")  # the columns' scale (SQLite adds fractions as floating point)


@dataclass(frozen=True)
class Difference:
    owner: str  # "agency" | "division"
    owner_id: int
    name: str
    year: int
    key: str
    stored: Decimal
    counted: Decimal


def _norm(value: Decimal) -> Decimal:
    return Decimal(value).quantize(_PLACES)


def differences(years: Iterable[int] | None = None) -> list[Difference]:
    """Every figure that differs from a recount of the records (of the built years, or of ``years``
    among them), for agencies and for the divisions' roll-ups; zeros and absent rows are equal."""
    built = store.built_years()
    wanted = [y for y in built if years is None or y in set(years)]
    if not wanted:
        return []
    counted = recount(Q(), wanted)
    _, agency_up = store.ancestor_map()
    rollup: dict[tuple[int, int, str], Decimal] = defaultdict(Decimal)
    expected_agency: dict[tuple[int, int, str], Decimal] = {}
    for (agency, year), by_key in counted.items():
        for key, value in by_key.items():
            expected_agency[(agency, year, key)] = Decimal(value)
            for division in agency_up.get(agency, []):
                rollup[(division, year, key)] += value
    stored_agency = {
        (a, y, k): Decimal(v)
        for a, y, k, v in AgencyFigure.objects.filter(year__in=wanted).values_list(
            "agency_id", "year", "key", "value"
        )
    }
    stored_division = {
        (d, y, k): Decimal(v)
        for d, y, k, v in DivisionFigure.objects.filter(year__in=wanted).values_list(
            "division_id", "year", "key", "value"
        )
    }
    names = {
        "agency": dict(Agency.objects.values_list("pk", "name")),
        "division": dict(Division.objects.values_list("pk", "name")),
    }
    out: list[Difference] = []
    for owner, stored, expected in (
        ("agency", stored_agency, expected_agency),
        ("division", stored_division, dict(rollup)),
    ):
        for target in sorted(set(stored) | set(expected)):
            a, b = _norm(stored.get(target, Decimal(0))), _norm(expected.get(target, Decimal(0)))
            if a != b:
                pk, year, key = target
                out.append(Difference(owner, pk, names[owner].get(pk, str(pk)), year, key, a, b))
    return out
