"""When each annual report is due (REGULATIONS.md §2.3, from 国办公开办函〔2021〕30号 and 条例第四十九条).

- Departments of governments at county level and above, and 乡镇 governments: 1月31日 (第四十九条; R2).
- A county's aggregated report: 2月20日; a prefecture's: 3月10日; a province's: 3月31日 (R2).
- A government's own report (本政府机关, published by its 办公厅（室）) is taken to fall due with its level's
  aggregate [D]. Whether 街道办事处 report like 乡镇 is [UNCONFIRMED] in R2: they are treated alike here.
"""

from __future__ import annotations

from datetime import date

from gongkai.orgs.models import Division

AGGREGATE_DUE = {
    Division.Level.COUNTY: (2, 20),
    Division.Level.PREFECTURE: (3, 10),
    Division.Level.PROVINCE: (3, 31),
}


def due_date(*, scope: str, level: int, year: int) -> date:
    """Deadline of the report for ``year`` (it falls in the next year)."""
    if scope == "agency" or level == Division.Level.TOWN:
        return date(year + 1, 1, 31)
    month, day = AGGREGATE_DUE[Division.Level(level)]
    return date(year + 1, month, day)
