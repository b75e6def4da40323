"""Reading a year's holiday schedule as an administrator types it from the State Council's notice
(国务院办公厅关于某年部分节假日安排的通知): one 放假 range per line, one 调休上班 day per line.

Pure (no ORM). Accepted line forms, full-width or half-width punctuation::

    2027-01-01 至 2027-01-03 元旦
    2027-02-06～2027-02-13 春节
    2027-10-01至10-07 国庆节      (the end without its year, as the notice writes it)
    2027-04-05 清明节            (a single day)
    2027-02-14 春节调休          (a make-up working day, in the second list)

Every line is checked and every problem reported with its line number; nothing is guessed: a name that
still holds a date or a range sign, ranges that overlap, a weekday entered as 调休 are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_SEP = r"(?:至|到|~|～|－|—|–|-{1,2})"
_FULL = r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?"
_SHORT = r"(?:(\d{4})[-./年])?(\d{1,2})[-./月](\d{1,2})日?"
_LINE = re.compile(rf"^\s*{_FULL}\s*(?:{_SEP}\s*{_SHORT})?\s*(.*?)\s*$")
#: A name is words: no digits, no range signs (a mistyped range must not become a one-day "name").
_NAME = re.compile(r"^[^\d~～\-－—–至到/.]*$")
#: No official holiday break is longer than this (春节 and 国庆节 are 7–9 days).
MAX_BREAK_DAYS = 15
FORMAT_HOLIDAY = "“YYYY-MM-DD 至 YYYY-MM-DD 名称”或“YYYY-MM-DD 名称”"
FORMAT_WORKDAY = "“YYYY-MM-DD 名称”（每行一天）"


@dataclass(frozen=True)
class Entry:
    line: int
    first: date
    last: date
    name: str

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


class ScheduleError(ValueError):
    """Lines that cannot be read; ``problems`` are the messages, in Chinese, each naming its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def _date(y: str | None, m: str | None, d: str | None, where: str) -> date:
    try:
        return date(int(y or 0), int(m or 0), int(d or 0))
    except ValueError:
        raise ValueError(f"{where}日期“{y}-{m}-{d}”不存在") from None


def _entry(raw: str, line_no: int, year: int, *, ranges: bool) -> Entry:
    where = f"第{line_no}行："
    fmt = FORMAT_HOLIDAY if ranges else FORMAT_WORKDAY
    match = _LINE.match(raw)
    if match is None:
        raise ValueError(f"{where}“{raw.strip()[:40]}”不是{fmt}格式")
    y1, m1, d1, y2, m2, d2, name = match.groups()
    if not _NAME.match(name):
        raise ValueError(f"{where}“{raw.strip()[:40]}”不是{fmt}格式（名称中不能有日期或“至”）")
    first = _date(y1, m1, d1, where)
    last = _date(y2 or y1, m2, d2, where) if m2 else first
    if m2 and not ranges:
        raise ValueError(f"{where}调休上班日请每行填写一天")
    if last < first:
        raise ValueError(f"{where}结束日期早于开始日期")
    if (last - first).days >= MAX_BREAK_DAYS:
        raise ValueError(f"{where}放假区间超过{MAX_BREAK_DAYS}天，请检查日期")
    if first.year != year or last.year != year:
        raise ValueError(f"{where}日期不在{year}年内")
    if not ranges and first.weekday() < 5:
        raise ValueError(f"{where}{first.isoformat()}是工作日，不需要录入为调休上班日")
    return Entry(line_no, first, last, name[:40])


def parse_lines(text: str, *, year: int, ranges: bool) -> list[Entry]:
    """The entries of ``text`` (blank lines skipped); raises :class:`ScheduleError` with every problem."""
    entries: list[Entry] = []
    problems: list[str] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            entries.append(_entry(raw, line_no, year, ranges=ranges))
        except ValueError as problem:
            problems.append(str(problem))
    seen: dict[date, Entry] = {}
    for entry in entries:
        for d in entry.days():
            if d in seen and seen[d] is not entry:
                problems.append(f"第{entry.line}行与第{seen[d].line}行的日期重叠（{d.isoformat()}）")
                break
            seen[d] = entry
    if problems:
        raise ScheduleError(problems)
    return entries


def schedule_days(
    holidays: list[Entry], makeup: list[Entry]
) -> tuple[list[tuple[date, str]], list[tuple[date, str]]]:
    """(holiday days, make-up working days) with their names; raises when a day is in both lists."""
    off = {d: e.name for e in holidays for d in e.days()}
    problems = [
        f"调休上班日第{e.line}行的{e.first.isoformat()}同时出现在放假安排中" for e in makeup if e.first in off
    ]
    if problems:
        raise ScheduleError(problems)
    return sorted(off.items()), sorted((e.first, e.name) for e in makeup)
