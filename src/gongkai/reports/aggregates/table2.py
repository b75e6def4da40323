"""表二 from the records of the publications app, per agency and year: the definitions of
``gongkai.publications.selectors.table2_cells`` (which stays the from-scratch baseline), each query grouped
by agency and by the years of the dates it compares, so that one pass (five queries) counts every agency
in scope for every year wanted: a date is on or before 12月31日 of Y exactly when its year is at most Y."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Case, CharField, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Cast, Substr
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
Out = dict[tuple[int, int], dict[Key, Decimal | int]]  # (agency id, year) -> cell -> value
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


def _year(field: str) -> Substr:
    return Substr(Cast(field, output_field=CharField()), 1, 4)


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _rules(by_agency: Q, years: list[int], out: Out) -> None:
    """第（一）项 规章/规范性文件: 成文 in the year, published in it, published in force at its end."""
    first, last = years[0], years[-1]
    # The local year of publication, by comparisons with each year's start (no per-row function); all
    # years before the first wanted one count alike, as the year before it.
    published_in = Case(
        *(When(published_at__lt=_start_of(y + 1), then=Value(y)) for y in range(first - 1, last)),
        default=Value(last),
        output_field=IntegerField(),
    )
    rows = (
        Publication.objects.filter(
            by_agency,
            kind__in=[DocKind.RULE, DocKind.NORMATIVE],
            status__in=PUBLIC,
            published_at__lt=_start_of(last + 1),
        )
        .annotate(p=published_in, w=_year("written_on"), v=_year("validity_changed_on"))
        .values_list("agency_id", "kind", "status", "validity", "p", "w", "v")
        .annotate(n=Count("id"))
        .order_by()
    )
    ended = (Validity.REPEALED, Validity.EXPIRED)
    for agency, kind, status, validity, published, w_text, v_text, n in rows:
        written, changed, published = _int(w_text), _int(v_text), int(published)
        row19, row21 = _RULE_ROWS[DocKind(kind)]
        current = status == Status.PUBLISHED
        in_force = validity in (Validity.IN_FORCE, Validity.AMENDED)
        repealed = changed if validity in ended else None
        for year in years:
            if published > year:
                continue
            counted = []
            if written == year:
                counted += [(B1, row19, "本年新制作数量"), (B1, row21, "本年制发件数")]
            if published == year:
                counted.append((B1, row19, "本年新公开数量"))
            if current:
                counted.append((B1, row19, "对外公开总数量"))
                if in_force or (changed is not None and changed > year):
                    counted.append((B1, row21, "现行有效件数"))
            if repealed == year:
                counted.append((B1, row21, "本年废止件数"))
            if counted:
                cells = out.setdefault((agency, year), {})
                for key in counted:
                    cells[key] = cells.get(key, 0) + n


def _items(by_agency: Q, years: list[int], out: Out) -> None:
    """第（五）（六）（八）项: 权责事项 in force at the ends of the year before and of the year; decisions."""
    items = PowerItem.objects.filter(by_agency)
    rows = (
        items.annotate(e=_year("established_on"), a=_year("abolished_on"))
        .values_list("agency_id", "kind", "e", "a")
        .annotate(n=Count("id"))
        .order_by()
    )
    decisions: dict[tuple[int, str, int], int] = {
        (agency, kind, int(y)): n
        for agency, kind, y, n in ItemDecision.objects.filter(item__in=items)
        .annotate(y=_year("decided_on"))
        .values_list("item__agency_id", "item__kind", "y")
        .annotate(n=Count("id"))
        .order_by()
    }
    in_force: dict[tuple[int, str, int], int] = {}
    for agency, kind, e_text, a_text, n in rows:
        established, abolished = int(e_text), _int(a_text)
        for year in {y for y in years} | {y - 1 for y in years}:
            if established <= year and (abolished is None or abolished > year):
                in_force[(agency, kind, year)] = in_force.get((agency, kind, year), 0) + n
    for agency, kind in {(a, k) for a, k, _y in in_force} | {(a, k) for a, k, _y in decisions}:
        block = _ITEM_BLOCKS[PowerItem.Kind(kind)]
        for year in years:
            before, after = in_force.get((agency, kind, year - 1), 0), in_force.get((agency, kind, year), 0)
            decided = decisions.get((agency, kind, year), 0)
            if not (before or after or decided):
                continue
            cells = out.setdefault((agency, year), {})
            cells[(block, kind, "上一年项目数量")] = before
            cells[(block, kind, "本年增/减")] = after - before
            cells[(block, kind, "处理决定数量")] = decided
            cells[(block, kind, "本年处理决定数量")] = decided


def table2_cells_by_agency(by_agency: Q, years: Iterable[int]) -> Out:
    """表二 cells from records for every agency matched by ``by_agency`` and every year of ``years``."""
    wanted = sorted(set(years))
    out: Out = {}
    if not wanted:
        return out
    _rules(by_agency, wanted, out)
    _items(by_agency, wanted, out)
    procurement = (
        ProcurementProject.objects.filter(by_agency)
        .annotate(y=_year("contracted_on"))
        .values_list("agency_id", "y")
        .annotate(n=Count("id"), amount=Sum("amount_fen"))
        .order_by()
    )
    for agency, y, n, amount in procurement:
        if int(y) in wanted:
            cells = out.setdefault((agency, int(y)), {})
            cells[(B9, "政府集中采购", "采购项目数量")] = int(n)
            cells[(B9, "政府集中采购", "采购总金额")] = Decimal(amount or 0) / FEN_PER_WAN
    return out
