"""The official holiday schedules shipped in the ``chinese-calendar`` package, as rows to store.

Pure (no ORM): used by the service ``calendar_seed_from_package`` and by migration ``core/0003``.
"""

from __future__ import annotations

from datetime import date

HOLIDAY = "holiday"
MAKEUP_WORKDAY = "workday"

_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def package_calendar_rows(existing_years: set[int]) -> tuple[list[int], list[tuple[date, str, str]]]:
    """Years the package covers that are not in ``existing_years``, and their (date, kind, name) rows."""
    from chinese_calendar import constants

    covered = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    years = [y for y in range(min(covered), max(covered) + 1) if y not in existing_years]
    wanted = set(years)
    rows = [
        (d, HOLIDAY, _HOLIDAY_NAMES.get(str(getattr(n, "value", n)), str(getattr(n, "value", n) or "")))
        for d, n in constants.holidays.items()
        if d.year in wanted
    ]
    rows += [(d, MAKEUP_WORKDAY, "") for d in constants.workdays if d.year in wanted]
    return years, sorted(rows)
