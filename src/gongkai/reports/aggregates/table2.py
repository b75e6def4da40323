"""表二 from the records of the publications app, per agency: the definitions of
``gongkai.publications.selectors.table2_cells`` (which stays the from-scratch baseline), each query grouped
by agency so that one pass counts every agency in scope."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from gongkai.publications.models import (
    DocKind,
    ItemDecision,
    PowerItem,
    ProcurementProject,
    Publication,
    Validity,
)
from gongkai.publications.selectors import FEN_PER_WAN
from gongkai.publications.states import PUBLIC, Status

Key = tuple[str, str, str]
B1, B9 = "第二十条第（一）项", "第二十条第（九）项"
_RULE_ROWS = {DocKind.RULE: ("规章", "规章"), DocKind.NORMATIVE: ("规范性文件", "行政规范性文件")}
_ITEM_BLOCKS = {
    PowerItem.Kind.LICENSING: "第二十条第（五）项",
    PowerItem.Kind.OTHER_SERVICE: "第二十条第（五）项",
    PowerItem.Kind.PENALTY: "第二十条第（六）项",
    PowerItem.Kind.COERCION: "第二十条第（六）项",
    PowerItem.Kind.FEE: "第二十条第（八）项",
}


def _start_of(year: int) -> datetime:
    return timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))


def _grouped(qs: QuerySet[Any], kind: str, agency: str = "agency_id") -> dict[tuple[int, str], int]:
    return {(a, k): int(n) for a, k, n in qs.values_list(agency, kind).annotate(n=Count("id")).order_by()}


def _rules(by_agency: Q, year: int, out: dict[int, dict[Key, Decimal]]) -> None:
    start, end = date(year, 1, 1), date(year, 12, 31)
    published = Publication.objects.filter(
        by_agency,
        kind__in=[DocKind.RULE, DocKind.NORMATIVE],
        status__in=PUBLIC,
        published_at__lt=_start_of(year + 1),
    )
    current = published.filter(status=Status.PUBLISHED)
    made = _grouped(published.filter(written_on__range=(start, end)), "kind")
    new = _grouped(published.filter(published_at__gte=_start_of(year)), "kind")
    total = _grouped(current, "kind")
    repealed = _grouped(
        published.filter(
            validity__in=[Validity.REPEALED, Validity.EXPIRED], validity_changed_on__range=(start, end)
        ),
        "kind",
    )
    in_force = _grouped(
        current.filter(
            Q(validity__in=[Validity.IN_FORCE, Validity.AMENDED]) | Q(validity_changed_on__gt=end)
        ),
        "kind",
    )
    for agency, kind in set(made) | set(new) | set(total) | set(repealed) | set(in_force):
        row19, row21 = _RULE_ROWS[DocKind(kind)]
        cells = out[agency]
        key = (agency, kind)
        cells[(B1, row19, "本年新制作数量")] = Decimal(made.get(key, 0))
        cells[(B1, row19, "本年新公开数量")] = Decimal(new.get(key, 0))
        cells[(B1, row19, "对外公开总数量")] = Decimal(total.get(key, 0))
        cells[(B1, row21, "本年制发件数")] = Decimal(made.get(key, 0))
        cells[(B1, row21, "本年废止件数")] = Decimal(repealed.get(key, 0))
        cells[(B1, row21, "现行有效件数")] = Decimal(in_force.get(key, 0))


def _items(by_agency: Q, year: int, out: dict[int, dict[Key, Decimal]]) -> None:
    start, end = date(year, 1, 1), date(year, 12, 31)
    items = PowerItem.objects.filter(by_agency)

    def in_force_on(d: date) -> dict[tuple[int, str], int]:
        return _grouped(
            items.filter(established_on__lte=d).filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=d)),
            "kind",
        )

    before, after = in_force_on(date(year - 1, 12, 31)), in_force_on(end)
    decisions = _grouped(
        ItemDecision.objects.filter(item__in=items, decided_on__range=(start, end)),
        "item__kind",
        agency="item__agency_id",
    )
    for agency, kind in set(before) | set(after) | set(decisions):
        block, key = _ITEM_BLOCKS[PowerItem.Kind(kind)], (agency, kind)
        cells = out[agency]
        cells[(block, kind, "上一年项目数量")] = Decimal(before.get(key, 0))
        cells[(block, kind, "本年增/减")] = Decimal(after.get(key, 0) - before.get(key, 0))
        cells[(block, kind, "处理决定数量")] = Decimal(decisions.get(key, 0))
        cells[(block, kind, "本年处理决定数量")] = Decimal(decisions.get(key, 0))


def table2_cells_by_agency(by_agency: Q, year: int) -> dict[int, dict[Key, Decimal]]:
    """表二 cells from records for every agency matched by ``by_agency`` (agencies with none left out)."""
    out: dict[int, dict[Key, Decimal]] = defaultdict(dict)
    _rules(by_agency, year, out)
    _items(by_agency, year, out)
    procurement = (
        ProcurementProject.objects.filter(
            by_agency, contracted_on__range=(date(year, 1, 1), date(year, 12, 31))
        )
        .values_list("agency_id")
        .annotate(n=Count("id"), amount=Sum("amount_fen"))
        .order_by()
    )
    for agency, n, amount in procurement:
        out[agency][(B9, "政府集中采购", "采购项目数量")] = Decimal(n)
        out[agency][(B9, "政府集中采购", "采购总金额")] = Decimal(amount or 0) / FEN_PER_WAN
    return dict(out)
