"""Rows of a supervision table: one per division directly below, and one 本级 row for the agencies located
at the division itself, so that the rows add up to the subtree's total.

The database groups by the first ``len(path) + steplen`` characters of each agency's division path (the
child's path, or the division's own path for its 本级 agencies); Python only names the groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Func
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Division
from gongkai.orgs.selectors import division_children

_OWN_LABELS = {1: _("省本级"), 2: _("市本级"), 3: _("县本级"), 4: _("乡镇本级")}


def own_label(division: Division) -> str:
    """省本级, 市本级, 县本级 …: the agencies located at ``division`` itself."""
    return str(_OWN_LABELS.get(division.level, _("本级")))


def prefix_of(division: Division, path_field: str) -> Func:
    """The grouping key of a row whose division path is ``path_field``: its child-of-``division`` prefix."""
    return Substr(path_field, 1, len(division.path) + Division.steplen)


@dataclass
class Area:
    """A row: a child division (``division``) or the 本级 agencies (``division`` is None)."""

    key: str
    label: str
    division: Division | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def is_own(self) -> bool:
        return self.division is None


@dataclass
class Rollup:
    rows: list[Area]
    total: dict[str, int]


def areas_of(division: Division) -> list[Area]:
    """The 本级 row first, then each child in code order (one query)."""
    own = Area(division.path, own_label(division), None)
    return [own, *(Area(c.path, c.name, c) for c in division_children(division))]


def rollup(
    division: Division,
    grouped: Iterable[Mapping[str, object]],
    keys: Sequence[str],
    areas: list[Area] | None = None,
) -> Rollup:
    """Place the database's per-prefix counts (``grouped`` rows with ``prefix`` and ``keys``) on the areas
    of ``division``; the total is the sum of the rows, so rows and total always agree."""
    rows = areas if areas is not None else areas_of(division)
    by_key = {a.key: a for a in rows}
    for a in rows:
        a.counts.update(dict.fromkeys(keys, 0))
    for g in grouped:
        area = by_key.get(str(g["prefix"]))
        if area is None:  # a division below not listed (cannot happen: paths nest); never drop counts
            area = by_key[division.path]
        for k in keys:
            area.counts[k] += int(g[k] or 0)  # type: ignore[call-overload]
    total = {k: sum(a.counts[k] for a in rows) for k in keys}
    return Rollup(rows, total)


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a percentage with one decimal, None when there is nothing to share."""
    return round(100.0 * part / whole, 1) if whole else None
