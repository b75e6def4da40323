"""Legal working-day arithmetic (pure: no ORM, no I/O).

The 《政府信息公开条例》 counts its deadlines in 工作日 (第三十条 7 个工作日 for 补正, 第三十三条 20 个工作日
to reply and at most 20 more on extension, 第三十二条/第三十四条 15 个工作日 for consultations, 第二十六条
20 个工作日 to publish). The 条例 does not define 工作日 (../shared/spec/REGULATIONS.md §1.5, §8 item 5): we
use the State Council's annual holiday schedule — statutory holidays off, make-up working days (调休) on.

A year whose schedule has not been entered yet (the State Council publishes the next year's schedule in
November or December) must not stop the office: a *provisional* calendar counts such a year by weekends
only, and every date computed through an uncovered year is marked 暂定 (:meth:`WorkdayCalendar.covers`)
and recomputed when the schedule is entered. The strict calendar (the default of this pure class) raises
:class:`CalendarNotCovered` instead, for callers that must not guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from gongkai.core.errors import CalendarNotCovered

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkdayCalendar:
    """The official schedule for a set of years.

    ``holidays`` are days off that would otherwise be working days (or any day inside a holiday break);
    ``makeup_workdays`` are weekend days declared working days (调休上班).
    """

    covered_years: frozenset[int]
    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_workdays: frozenset[date] = field(default_factory=frozenset)
    #: False: a year without a schedule counts Monday–Friday as working days (results are 暂定).
    strict: bool = True

    @classmethod
    def build(
        cls, years: Iterable[int], holidays: Iterable[date], makeup_workdays: Iterable[date]
    ) -> WorkdayCalendar:
        return cls(frozenset(years), frozenset(holidays), frozenset(makeup_workdays))

    def provisional(self) -> WorkdayCalendar:
        """The same schedule, counting years without one by weekends only instead of raising."""
        return self if not self.strict else replace(self, strict=False)

    def covers(self, a: date, b: date) -> bool:
        """Whether every year from ``a`` to ``b`` has its schedule: dates computed over a span that is not
        covered are provisional (暂定)."""
        low, high = (a, b) if a <= b else (b, a)
        return all(y in self.covered_years for y in range(low.year, high.year + 1))

    @property
    def last_covered_year(self) -> int | None:
        return max(self.covered_years) if self.covered_years else None

    def is_workday(self, d: date) -> bool:
        if d.year not in self.covered_years:
            if self.strict:
                raise CalendarNotCovered(d.year)
            return d.weekday() < 5
        if d in self.makeup_workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start``.

        The day of receipt itself is not counted (the period runs from the next day), so for a request
        received on 2020-09-28 the 20th working day is 2020-11-02. ``n`` must be positive.
        """
        if n < 1:
            raise ValueError("n must be a positive number of working days")
        d = start
        remaining = n
        while remaining:
            d += _ONE_DAY
            if self.is_workday(d):
                remaining -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days in the half-open interval (a, b]: after ``a``, up to and including ``b``.

        Inverse of :meth:`add_working_days`: ``working_days_between(d, add_working_days(d, n)) == n``.
        Negative when ``b`` is before ``a``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a
        while d < b:
            d += _ONE_DAY
            if self.is_workday(d):
                count += 1
        return count

    def next_workday_on_or_after(self, d: date) -> date:
        while not self.is_workday(d):
            d += _ONE_DAY
        return d
