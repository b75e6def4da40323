"""Reading a year's holiday schedule as an administrator types it from the State Council's notice
(国务院办公厅关于某年部分节假日安排的通知): one 放假 range per line, one 调休上班 day per line.

Pure (no ORM). Accepted line forms, full-width or half-width punctuation::

    2027-01-01 至 2027-01-03 元旦
    2027-02-06～2027-02-13 春节
    2027-04-05 清明节            (a single day)
    2027-02-14 春节调休          (a make-up working day, in the second list)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_DATE = r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?"
_RANGE = re.compile(rf"^\s*{_DATE}\s*(?:(?:至|到|~|～|－|—|–|-{{1,2}})\s*{_DATE})?\s*(.*?)\s*$")
#: No official holiday break is longer than this (春节 and 国庆节 are 7–9 days).
MAX_BREAK_DAYS = 15


@dataclass(frozen=True)
class Entry:
    first: date
    last: date
    name: str

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


class ScheduleError(ValueError):
    """A line that cannot be read; the message is for the administrator, in Chinese."""


def _date(parts: tuple[str | None, ...], line_no: int) -> date:
    try:
        return date(int(parts[0] or 0), int(parts[1] or 0), int(parts[2] or 0))
    except ValueError:
        raise ScheduleError(f"第{line_no}行：日期“{'-'.join(p or '' for p in parts)}”不存在") from None


def parse_lines(text: str, *, year: int, ranges: bool) -> list[Entry]:
    """The entries of ``text`` (blank lines skipped); raises :class:`ScheduleError` naming the line."""
    entries: list[Entry] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _RANGE.match(raw)
        if match is None:
            raise ScheduleError(f"第{line_no}行：“{raw.strip()[:40]}”不是“YYYY-MM-DD 至 YYYY-MM-DD 名称”格式")
        first = _date(match.group(1, 2, 3), line_no)
        last = _date(match.group(4, 5, 6), line_no) if match.group(4) else first
        if match.group(4) and not ranges:
            raise ScheduleError(f"第{line_no}行：调休上班日请每行填写一天")
        if last < first:
            raise ScheduleError(f"第{line_no}行：结束日期早于开始日期")
        if (last - first).days >= MAX_BREAK_DAYS:
            raise ScheduleError(f"第{line_no}行：放假区间超过{MAX_BREAK_DAYS}天，请检查日期")
        # A break may start in the previous year's last days only if it belongs to this year's notice:
        # the notice of year Y lists Y's days (元旦 may run from 12-30 of Y-1, which belongs to Y-1).
        if first.year != year or last.year != year:
            raise ScheduleError(f"第{line_no}行：日期不在{year}年内")
        entries.append(Entry(first, last, match.group(7)[:40]))
    return entries


def schedule_days(
    holidays: list[Entry], makeup: list[Entry]
) -> tuple[list[tuple[date, str]], list[tuple[date, str]]]:
    """(holiday days, make-up working days) with their names; raises when a day is in both lists or a
    make-up day is not a weekend day (调休上班 is always a Saturday or Sunday)."""
    off = {d: e.name for e in holidays for d in e.days()}
    work: dict[date, str] = {}
    for e in makeup:
        if e.first.weekday() < 5:
            raise ScheduleError(f"{e.first.isoformat()}是工作日，不需要录入为调休上班日")
        if e.first in off:
            raise ScheduleError(f"{e.first.isoformat()}同时出现在放假和调休上班两个列表中")
        work[e.first] = e.name
    return sorted(off.items()), sorted(work.items())
