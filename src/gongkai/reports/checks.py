"""The arithmetic identities of the annual report (annual_report_formats.json "validation_rules_derived"),
checked on every build and on anyone's published report. Blank cells are reported, never crashed on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gongkai.core import report_formats

TOTAL = "总计"
RECEIVED, CARRIED_IN = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"
DECIDED, CARRIED_OUT = "三、本年度办理结果/（七）总计", "四、结转下年度继续办理"


@dataclass(frozen=True)
class Finding:
    rule: str  # "balance" | "leaves" | "row_total" | "table4_total" | "carry_over" | "blank" | "narrative"
    message: str
    cells: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)


def _num(value: Any) -> int | None:
    if type(value) is int:  # the usual case, first: the supervision page checks every draft at once
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float):
        return int(value)
    match = re.search(r"-?\d+", str(value).replace(",", ""))
    return int(match.group()) if match else None


def _total(values: list[int | None]) -> int | None:
    """Sum of the cells, or None if any is blank (blanks are reported separately)."""
    known = [v for v in values if v is not None]
    return sum(known) if len(known) == len(values) else None


def check_report(data: dict[str, Any], previous: dict[str, Any] | None = None) -> list[Finding]:
    """Every failed identity of a report in the JSON layout (``table3`` / ``table4`` dicts of cells)."""
    fmt = str(data.get("format") or report_formats.format_for_year(int(data.get("year") or 2021)))
    rows = report_formats.table3_rows(fmt)
    columns = report_formats.table3_columns()
    leaves = report_formats.table3_leaf_rows(fmt)
    t3 = data.get("table3") or {}
    findings: list[Finding] = []

    def cell(row: str, column: str) -> int | None:
        return _num((t3.get(row) or {}).get(column))

    for row in rows:
        for column in columns:
            if cell(row, column) is None:
                findings.append(
                    Finding("blank", f"表三“{row}”行“{column}”列为空", (f"table3/{row}/{column}",))
                )
    for column in columns:
        a, b, c, d = (cell(r, column) for r in (RECEIVED, CARRIED_IN, DECIDED, CARRIED_OUT))
        if a is not None and b is not None and c is not None and d is not None and a + b != c + d:
            findings.append(
                Finding(
                    "balance",
                    f"“{column}”列：一+二={a + b}（{a}+{b}），三（七）+四={c + d}（{c}+{d}），两者应相等",
                    tuple(f"table3/{r}/{column}" for r in (RECEIVED, CARRIED_IN, DECIDED, CARRIED_OUT)),
                    {"一": a, "二": b, "三（七）": c, "四": d},
                )
            )
        leaf_sum, total = _total([cell(leaf, column) for leaf in leaves]), cell(DECIDED, column)
        if leaf_sum is not None and total is not None and leaf_sum != total:
            findings.append(
                Finding(
                    "leaves",
                    f"“{column}”列：三（七）总计为{total}，但各办理结果之和为{leaf_sum}",
                    (f"table3/{DECIDED}/{column}",),
                    {"总计": total, "合计": leaf_sum},
                )
            )
    for row in rows:
        part_sum, total = _total([cell(row, c) for c in columns[:-1]]), cell(row, TOTAL)
        if part_sum is not None and total is not None and part_sum != total:
            findings.append(
                Finding(
                    "row_total",
                    f"表三“{row}”行：总计为{total}，但各类申请人之和为{part_sum}",
                    (f"table3/{row}/{TOTAL}",),
                    {"总计": total, "合计": part_sum},
                )
            )
    t4 = data.get("table4") or {}
    for group in report_formats.table4_groups():
        cells = t4.get(group) or {}
        values = [_num(cells.get(c)) for c in report_formats.table4_columns()]
        for label, v in zip(report_formats.table4_columns(), values, strict=True):
            if v is None:
                findings.append(
                    Finding("blank", f"表四“{group}”的“{label}”为空", (f"table4/{group}/{label}",))
                )
        part_sum, total = _total(values[:-1]), values[-1]
        if part_sum is not None and total is not None and part_sum != total:
            findings.append(
                Finding(
                    "table4_total",
                    f"表四“{group}”：总计为{total}，但各结果之和为{part_sum}",
                    (f"table4/{group}/{TOTAL}",),
                    {"总计": total, "合计": part_sum},
                )
            )
    if previous is not None:
        before = previous.get("table3") or {}
        for column in columns:
            now, then = cell(CARRIED_IN, column), _num((before.get(CARRIED_OUT) or {}).get(column))
            if now is not None and then is not None and now != then:
                findings.append(
                    Finding(
                        "carry_over",
                        f"“{column}”列：本年“上年结转”为{now}，上年报告“结转下年度”为{then}",
                        (f"table3/{CARRIED_IN}/{column}",),
                        {"本年": now, "上年": then},
                    )
                )
    return findings


_NARRATIVE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"收到(?:和办理)?(?:政府信息公开申请|依申请公开)[^0-9。；]{0,6}?(\d+)\s*[件宗]",
        ("table3", RECEIVED, TOTAL),
    ),
    (r"自然人申请(?:件)?\s*(\d+)", ("table3", RECEIVED, "自然人")),
    (r"予以公开及部分公开\s*(\d+)", ("group", "（一）予以公开", "（二）部分公开")),
    (r"(?<!予以公开及部分公开)(?<!及)不予公开\s*(\d+)", ("group", "（三）不予公开")),
    (r"无法提供\s*(\d+)", ("group", "（四）无法提供")),
    (r"不予处理\s*(\d+)", ("group", "（五）不予处理")),
    (r"其他处理\s*(\d+)", ("group", "（六）其他处理")),
    (r"行政复议\s*(\d+)\s*起", ("table4", "行政复议")),
)


def check_narrative(data: dict[str, Any]) -> list[Finding]:
    """Figures stated in the text that contradict the tables (where the text states them)."""
    fmt = str(data.get("format") or "2021")
    text = "".join(str(v) for v in (data.get("sections") or {}).values())
    t3, t4 = data.get("table3") or {}, data.get("table4") or {}
    findings = []
    for pattern, target in _NARRATIVE:
        match = re.search(pattern, text)
        if not match:
            continue
        stated = int(match.group(1))
        if target[0] == "table3":
            actual = _num((t3.get(target[1]) or {}).get(target[2]))
        elif target[0] == "table4":
            actual = _num((t4.get(target[1]) or {}).get(TOTAL))
        else:
            values = [
                _num((t3.get(leaf) or {}).get(TOTAL))
                for leaf in report_formats.table3_leaf_rows(fmt)
                if any(g in leaf.split("/")[1] for g in target[1:])
            ]
            actual = None if None in values else sum(v for v in values if v is not None)
        if actual is not None and actual != stated:
            findings.append(
                Finding(
                    "narrative",
                    f"正文“{match.group(0)}”与表格不符（表格为{actual}）",
                    (),
                    {"正文": stated, "表格": actual},
                )
            )
    return findings
