"""Demo step ``reports``: 表二 (主动公开) figures entered per agency for 2019 and 2021.

They are drawn around the seed's 2020 province-wide figures (../shared/seed/000_7ba4a89800fca835.txt):
规章61件、规范性文件3783件 published; 行政许可、行政处罚、行政强制 719项、7802项、409项; 政府集中采购项目
400600项，采购总金额1296.6亿元 (stored in 万元). 2020's 表二 is computed from the publications step's
records; the 2019 and 2021 figures are what agencies entered around it (near 2020's, in each year's
format)."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from gongkai.demo import bulk
from gongkai.demo.builder import BuildContext
from gongkai.orgs.models import Agency
from gongkai.reports.models import Table2Entry

YEAR = 2020
B1, B5, B6, B8, B9 = (
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
)
SEED = {
    "规章": 61,
    "规范性文件": 3783,
    "行政许可": 719,
    "行政处罚": 7802,
    "行政强制": 409,
    "采购项目数量": 400600,
}
PROCUREMENT_WAN_YUAN = Decimal("12966000")  # 1296.6亿元


def wipe() -> None:
    bulk.delete_all(Table2Entry)


def _split(rng: random.Random, total: int, k: int) -> list[int]:
    """``total`` split into ``k`` non-negative integers with random weights (exact sum)."""
    weights = [rng.random() ** 2 for _ in range(k)]
    scale = total / sum(weights)
    parts = [int(w * scale) for w in weights]
    for i in rng.sample(range(k), total - sum(parts)):
        parts[i] += 1
    return parts


def run(ctx: BuildContext) -> None:
    rng = ctx.rng("reports")
    agencies: list[Agency] = ctx.shared["agencies"]
    governments = [a for a in agencies if a.kind == Agency.Kind.GOVERNMENT and a.division.level <= 2]
    rule_makers = governments  # 规章: the provincial and the 21 city governments
    normative = [a for a in agencies if a.division.level <= 3 and a.kind != Agency.Kind.DISPATCHED]
    departments = [a for a in agencies if a.kind == Agency.Kind.DEPARTMENT and a.division.level <= 3]
    buyers = [a for a in agencies if a.division.level <= 3]
    cells: dict[tuple[int, str, str, str], Decimal] = {}

    def put(agency: Agency, block: str, row: str, column: str, value: int | Decimal) -> None:
        cells[(agency.pk, block, row, column)] = Decimal(value)

    for row, pool in (("规章", rule_makers), ("规范性文件", normative)):
        for agency, n in zip(pool, _split(rng, SEED[row], len(pool)), strict=True):
            if n:
                put(agency, B1, row, "本年新制作数量", n)
                put(agency, B1, row, "本年新公开数量", n)
                put(agency, B1, row, "对外公开总数量", n + rng.randint(n, 6 * n + 3))
    for block, row in ((B5, "行政许可"), (B6, "行政处罚"), (B6, "行政强制")):
        for agency, n in zip(departments, _split(rng, SEED[row], len(departments)), strict=True):
            if n:  # items at year end = 上一年项目数量 + 本年增/减
                change = rng.randint(-min(n, 5), 5) if n > 1 else 0
                put(agency, block, row, "上一年项目数量", n - change)
                put(agency, block, row, "本年增/减", change)
                put(agency, block, row, "处理决定数量", n * rng.randint(3, 40))
    for agency in rng.sample(departments, len(departments) // 3):
        n = rng.randint(1, 12)
        put(agency, B5, "其他对外管理服务事项", "上一年项目数量", n)
        put(agency, B5, "其他对外管理服务事项", "本年增/减", rng.randint(-1, 2))
        put(agency, B5, "其他对外管理服务事项", "处理决定数量", n * rng.randint(5, 60))
    for agency in rng.sample(departments, len(departments) // 4):
        put(agency, B8, "行政事业性收费", "上一年项目数量", rng.randint(1, 8))
        put(agency, B8, "行政事业性收费", "本年增/减", rng.randint(-2, 0))
    counts = _split(rng, SEED["采购项目数量"], len(buyers))
    cents = _split(rng, int(PROCUREMENT_WAN_YUAN * 100), len(buyers))
    for agency, n, c in zip(buyers, counts, cents, strict=True):
        put(agency, B9, "政府集中采购", "采购项目数量", n)
        put(agency, B9, "政府集中采购", "采购总金额", Decimal(c) / 100)
    # 2020 itself is computed from the records of the publications step; these cells only seed the
    # figures the agencies entered for 2019 and 2021 (before and after the platform's demo year).
    # A year's figures exist only once the year is over: on the demo's today (2021-03-15) that is 2019's.
    keyed = [(key, value) for key, value in _other_years(rng, cells) if key[0] < ctx.today.year]
    first = bulk.next_id(Table2Entry)
    rows: list[dict[str, Any]] = [
        {
            "id": first + i,
            "agency_id": agency_id,
            "year": year,
            "block": block,
            "row": row,
            "column": column,
            "value": value,
        }
        for i, ((year, agency_id, block, row, column), value) in enumerate(sorted(keyed))
    ]
    bulk.insert(Table2Entry, rows)
    bulk.reset_sequences(Table2Entry)


def _other_years(
    rng: random.Random, cells: dict[tuple[int, str, str, str], Decimal]
) -> list[tuple[tuple[int, int, str, str, str], Decimal]]:
    """2019 (trial format, like 2020) and 2021 (2021 format) figures for the same agencies, near 2020's."""
    out: list[tuple[tuple[int, int, str, str, str], Decimal]] = []

    def near(value: Decimal) -> Decimal:
        return (value * Decimal(rng.uniform(0.8, 1.15))).quantize(
            Decimal(1) if value == value.to_integral() else Decimal("0.01")
        )

    for (agency, block, row, column), value in cells.items():
        out.append(((2019, agency, block, row, column), near(value) if column != "本年增/减" else value))
        if block == B1:  # 规章 / 行政规范性文件: 本年制发件数 / 本年废止件数 / 现行有效件数
            target = "行政规范性文件" if row == "规范性文件" else row
            mapping = {"本年新制作数量": "本年制发件数", "对外公开总数量": "现行有效件数"}
            if column in mapping:
                out.append(((2021, agency, block, target, mapping[column]), near(value)))
            if column == "本年新制作数量":
                out.append(
                    ((2021, agency, block, target, "本年废止件数"), Decimal(rng.randint(0, int(value))))
                )
        elif block in (B5, B6) and column == "处理决定数量" and row in ("行政许可", "行政处罚", "行政强制"):
            out.append(((2021, agency, block, row, "本年处理决定数量"), near(value)))
        elif block == B8 and column == "上一年项目数量":
            amount = Decimal(rng.randint(50, 50000)) / 100  # 万元, two decimals
            out.append(((2021, agency, block, row, "本年收费金额（单位：万元）"), amount))
    return out
