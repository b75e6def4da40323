"""The figures the report's text states, built from the tables (the prose stays with the staff).

Shares are of the applications decided in the year (三（七）总计), to one decimal, rounded half up — as
the seed report writes them ("予以公开及部分公开24836宗，占52.3%").
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from gongkai.core import report_formats

if TYPE_CHECKING:
    from gongkai.reports.compute import Report

PROSE = "（文字描述）"
GROUPS = (
    ("予以公开及部分公开", ("（一）予以公开", "（二）部分公开")),
    ("不予公开", ("（三）不予公开",)),
    ("因本机关不掌握等原因无法提供", ("（四）无法提供",)),
    ("不予处理", ("（五）不予处理",)),
    ("其他处理", ("（六）其他处理",)),
)


def decimal_text(value: Decimal) -> str:
    """Money and counts as decimal strings without trailing zeros: ``"1296.6"``, ``"4700"`` (PostgreSQL
    returns sums with the column's scale, SQLite without)."""
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def share(part: int, whole: int) -> str:
    if whole == 0:
        return "0.0"
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def group_total(table3: dict[str, dict[str, int]], prefixes: tuple[str, ...], fmt: str) -> int:
    leaves = report_formats.table3_leaf_rows(fmt)
    return sum(table3[leaf]["总计"] for leaf in leaves if any(p in leaf.split("/")[1] for p in prefixes))


def _change(report: Report, now: int) -> str:
    """Year-on-year change of applications received, where last year's records exist."""
    before = report.previous_received
    if not before:
        return ""
    diff = now - before
    word = "增长" if diff > 0 else "下降" if diff < 0 else "持平"
    return f"，比上年{word}{share(abs(diff), before)}%" if diff else "，与上年持平"


def applications_text(report: Report) -> str:
    t3, fmt = report.table3, report.format
    received = t3["一、本年新收政府信息公开申请数量"]
    carried_in = t3["二、上年结转政府信息公开申请数量"]["总计"]
    decided = t3["三、本年度办理结果/（七）总计"]["总计"]
    carried_out = t3["四、结转下年度继续办理"]["总计"]
    orgs = received["总计"] - received["自然人"]
    detail = "、".join(f"{c}{received[c]}宗" for c in report_formats.table3_columns()[1:6] if received[c])
    parts = [
        f"{report.year}年，共收到政府信息公开申请{received['总计']}件，其中自然人申请件{received['自然人']}宗，"
        f"法人或其他组织申请件{orgs}宗"
        + (f"（{detail}）" if detail else "")
        + _change(report, received["总计"])
        + f"；上年结转{carried_in}件。",
        f"办结{decided}件，其中"
        + "；".join(
            f"{label}{(n := group_total(t3, prefixes, fmt))}宗，占{share(n, decided)}%"
            for label, prefixes in GROUPS
        )
        + f"。结转下年度继续办理{carried_out}件。",
    ]
    return "".join(parts)


def appeals_text(report: Report) -> str:
    t4 = report.table4
    review = t4["行政复议"]["总计"]
    direct, after = t4["行政诉讼/未经复议直接起诉"]["总计"], t4["行政诉讼/复议后起诉"]["总计"]
    return (
        f"{report.year}年，因政府信息公开工作被申请行政复议{review}起，被提起行政诉讼{direct + after}起"
        f"（其中未经复议直接起诉{direct}起，复议后起诉{after}起）。"
    )


def sections(report: Report) -> dict[str, str]:
    headings = report_formats.formats()["sections"]
    fee_note = f"本年度收取信息处理费{decimal_text(report.fees_total)}元。" if report.format == "2021" else ""
    return {
        headings[0]: PROSE,
        headings[1]: "见下表。",
        headings[2]: applications_text(report),
        headings[3]: appeals_text(report),
        headings[4]: PROSE,
        headings[5]: (fee_note + PROSE) if fee_note else PROSE,
    }


#: What marks a section the staff have not written yet: the template's own note under 一、五、六
#: ("（文字描述）"; under 六 in the 2021 format the longer note on 信息处理费, REGULATIONS.md §2.1), in
#: full-width or ASCII brackets.
PLACEHOLDER_PATTERN = re.compile(r"[（(]\s*文字描述[^）)]*[）)]")


def unfinished_sections(sections: dict[str, str]) -> list[str]:
    """The headings whose text is empty or still holds the template's placeholder, in report order."""
    headings = report_formats.formats()["sections"]
    return [
        h for h in headings if not (sections.get(h) or "").strip() or PLACEHOLDER_PATTERN.search(sections[h])
    ]
