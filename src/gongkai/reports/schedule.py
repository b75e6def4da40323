"""When each annual report is due (REGULATIONS.md §1.10 and §2.3: 条例第四十九条 and 国办公开办函〔2021〕30号,
二、报告方式及时间).

Verbatim facts, the defaults below:

- 县级以上人民政府部门: 1月31日 (第四十九条第一款; R2).
- 乡镇人民政府 report 参照 the departments, to the county's 主管部门: 1月31日 (R2; the date is [D]).
- Aggregated reports: a county's by 2月20日, a prefecture's by 3月10日, a province's by 3月31日 (R2). The
  statute's own limit for publishing 本级政府 reports is 3月31日 (第四十九条第二款); R2 sets the earlier
  cascade so that each level can sum the one below, and the cascade is what a supervisor chases.

Not stated anywhere we could read, hence settings (``GONGKAI_REPORT_DUE``, ``key=MM-DD`` pairs separated
by commas, e.g. ``subdistrict=01-31,government=03-31``):

- ``subdistrict``: whether 街道办事处 report like 乡镇 is [UNCONFIRMED] in R2 (§2.3); default 01-31 as 乡镇.
- ``government``: the report of 本政府机关 published by the 办公厅（室） (R2) has no date of its own; by
  default [D] it falls due with its level's aggregate.
- Any other key (``department``, ``town``, ``county``, ``prefecture``, ``province``) for a province whose
  own rules set other dates (Guangdong's are [UNCONFIRMED], REGULATIONS.md §8 item 4).
"""

from __future__ import annotations

from datetime import date
from functools import cache

from django.conf import settings

from gongkai.core.errors import ConfigurationInvalid
from gongkai.orgs.models import Division

#: (month, day) in the year after the report year.
DEFAULT_DUE: dict[str, tuple[int, int]] = {
    "department": (1, 31),  # 条例第四十九条第一款
    "town": (1, 31),  # R2: 乡镇 参照 the departments
    "subdistrict": (1, 31),  # [UNCONFIRMED]: as 乡镇
    "county": (2, 20),  # R2
    "prefecture": (3, 10),  # R2
    "province": (3, 31),  # R2; 第四十九条第二款
}
LEVEL_KEY = {
    Division.Level.COUNTY: "county",
    Division.Level.PREFECTURE: "prefecture",
    Division.Level.PROVINCE: "province",
}
KEYS = frozenset(DEFAULT_DUE) | {"government"}


@cache
def _parse(text: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, _, value = item.partition("=")
        month, _, day = value.strip().partition("-")
        key = key.strip()
        if key not in KEYS or not (month.isascii() and month.isdigit() and day.isascii() and day.isdigit()):
            raise ConfigurationInvalid(f"GONGKAI_REPORT_DUE 中“{item}”无效，应为 类型=月-日（如 town=01-31）")
        try:
            date(2001, int(month), int(day))  # a day of a common year: no 2月29日
        except ValueError:
            raise ConfigurationInvalid(f"GONGKAI_REPORT_DUE 中“{item}”不是有效日期") from None
        out[key] = (int(month), int(day))
    return out


def configured() -> dict[str, tuple[int, int]]:
    """The dates in force: the defaults above with the installation's overrides."""
    return DEFAULT_DUE | _parse(str(getattr(settings, "GONGKAI_REPORT_DUE", "") or ""))


def due_date(*, scope: str, level: int, year: int, kind: str = "") -> date:
    """Deadline of the report for ``year`` (it falls in the next year). ``kind`` is the division's kind
    (街道 may have a date of their own)."""
    dates = configured()
    if scope == "agency":
        key = "department"
    elif level == Division.Level.TOWN:
        key = "subdistrict" if kind == Division.Kind.SUBDISTRICT else "town"
    elif scope == "government" and "government" in dates:
        key = "government"
    else:
        key = LEVEL_KEY[Division.Level(level)]
    month, day = dates[key]
    return date(year + 1, month, day)
