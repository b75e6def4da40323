"""The national annual-report formats (labels, rows, columns, identities) as data.

``data/annual_report_formats.json`` is a byte-identical copy of ../shared/spec/annual_report_formats.json
(a test checks this), shipped inside the package so that a deployment does not depend on the spec folder.
Labels are read from it, never retyped.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

#: Report years 2019–2020 use the 2019 trial format; 2021 on, the 2021 format (REGULATIONS.md §2.2).
FIRST_YEAR_OF_2021_FORMAT = 2021


@cache
def formats() -> dict[str, Any]:
    text = (
        resources.files("gongkai.core")
        .joinpath("data/annual_report_formats.json")
        .read_text(encoding="utf-8")
    )
    return dict(json.loads(text))


def format_for_year(year: int) -> str:
    return "2021" if year >= FIRST_YEAR_OF_2021_FORMAT else "2019"


def table3_rows(fmt: str) -> list[str]:
    return list(formats()["formats"][fmt]["table3_rows"])


def table3_columns() -> list[str]:
    return list(formats()["table3_columns"])


def table3_leaf_rows(fmt: str) -> list[str]:
    """The outcome rows of 三、本年度办理结果 that carry numbers (everything but （七）总计)."""
    return [r for r in table3_rows(fmt) if r.startswith("三、") and not r.endswith("（七）总计")]


def table4_groups() -> list[str]:
    return list(formats()["table4"]["groups"])


def table4_columns() -> list[str]:
    return list(formats()["table4"]["columns"])


#: 表二 columns whose label in the format carries no unit although the figure has one. 采购总金额 is
#: kept in 万元 (publications.models; the 2021 format says 本年收费金额（单位：万元）); reports published
#: under the 2019 format put a unit in the cell ("73802895.90元", REGULATIONS.md §2.2), so ours says it.
UNITS = {"采购总金额": "万元"}


def column_label(column: str) -> str:
    """A 表二 column as printed: ``"采购总金额（万元）"``; other labels unchanged."""
    unit = UNITS.get(column)
    return f"{column}（{unit}）" if unit else column


def column_key(label: str) -> str:
    """The inverse of :func:`column_label`: the key in the JSON layout."""
    for column, unit in UNITS.items():
        if label == f"{column}（{unit}）":
            return column
    return label


def is_money(column: str) -> bool:
    """A 表二 column counted in 万元 (shown with two decimals)."""
    return "万元" in column_label(column)


#: The first report year of the formats we carry: the revised 条例 took effect on 2019-05-15 and its first
#: annual report format (国办公开办函〔2019〕60号, REGULATIONS.md §2.2) covers the 2019 report year.
FIRST_YEAR = 2019


def report_year_error(year: int, today: date | None = None) -> str | None:
    """Why no report can be built for ``year`` (on ``today``, if given), in Chinese naming the year."""
    if year < FIRST_YEAR:
        return (
            f"报告年度 {year} 早于 {FIRST_YEAR} 年：现行年度报告格式自 {FIRST_YEAR} 年度起适用"
            "（国办公开办函〔2019〕60号），此前年度的报告按原条例的格式编制，本系统不生成"
        )
    if today is not None and year > today.year:
        return f"报告年度 {year} 尚未开始（今天是 {today.isoformat()}），不能生成报告"
    return None
