"""By when a 主动公开 record must be published (pure: no ORM, no I/O).

《政府信息公开条例》第二十六条: “属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内
及时公开。法律、法规对政府信息公开的期限另有规定的，从其规定。” The second sentence makes the deadline
depend on the 第二十条 category; the rules are data (``DeadlineRule`` rows, edited in the admin) and this
module only does the arithmetic. The seeded rules (see :mod:`gongkai.publications.reference`):

* every category without its own rule: 20 working days from 形成或者变更之日 (第二十六条);
* 第二十条（七） 财政预算、决算: 20 days (calendar days) from the 批复 (预算法第十四条);
* 第二十条（五）（六） 行政许可、行政处罚决定: 7 working days from the decision (national “双公示” practice
  [S], local rules vary).

A rule whose start date a record does not carry (a （五） record that publishes the 依据、条件、程序
rather than a decision has no 决定日期) falls back to the default rule of 第二十六条.

Working days come from a :class:`~gongkai.core.workdays.WorkdayCalendar`. A year without an entered
holiday schedule must not stop the count: it is counted by weekends only and the result is *provisional*
(暂定) until the schedule is entered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.core.errors import CalendarNotCovered
from gongkai.core.workdays import WorkdayCalendar

#: Units of a deadline.
WORKING_DAYS, CALENDAR_DAYS = "working", "calendar"
#: Start events: 形成或者变更之日 (第二十六条), 批复之日 (预算法第十四条), 决定之日 (双公示).
FORMED, APPROVED, DECIDED = "formed", "approved", "decided"
#: The rule row that applies to every category without its own rule.
DEFAULT_CATEGORY = "*"


@dataclass(frozen=True)
class Rule:
    category: str
    unit: str
    length: int
    start_event: str
    basis: str = ""


#: 《政府信息公开条例》第二十六条 itself: used when the database holds no usable default rule.
STATUTORY_DEFAULT = Rule(
    DEFAULT_CATEGORY,
    WORKING_DAYS,
    20,
    FORMED,
    "《政府信息公开条例》第二十六条：自形成或者变更之日起20个工作日内",
)


@dataclass(frozen=True)
class Rules:
    """The rules by category code (``20-7`` …), the default under :data:`DEFAULT_CATEGORY`."""

    by_category: Mapping[str, Rule] = field(default_factory=dict)

    @classmethod
    def of(cls, rules: Iterable[Rule]) -> Rules:
        return cls({r.category: r for r in rules})

    @property
    def default(self) -> Rule:
        rule = self.by_category.get(DEFAULT_CATEGORY)
        # 第二十六条: the default counts from 形成或者变更之日, the one date every record has.
        return rule if rule is not None and rule.start_event == FORMED else STATUTORY_DEFAULT

    def for_category(self, category: str) -> Rule:
        return self.by_category.get(category) or self.default


@dataclass(frozen=True)
class RecordDates:
    """The dates of a record a deadline can start from."""

    written_on: date
    changed_on: date | None = None
    approved_on: date | None = None
    decided_on: date | None = None

    def start(self, event: str) -> date | None:
        if event == FORMED:  # 第二十六条: 形成或者变更之日
            return self.changed_on or self.written_on
        if event == APPROVED:  # 预算法第十四条: 批复后二十日内
            return self.approved_on
        if event == DECIDED:  # 双公示: 作出决定之日起7个工作日内
            return self.decided_on
        return None


@dataclass(frozen=True)
class Deadline:
    rule: Rule
    start: date
    publish_by: date
    #: Counted through a year without a holiday schedule (weekends only): 暂定.
    provisional: bool = False

    def is_late(self, published: date) -> bool:
        """Published after the last day of the period (the last day itself is on time)."""
        return published > self.publish_by


def _weekends_only(calendar: WorkdayCalendar, start: date, length: int) -> WorkdayCalendar:
    """The same schedule, with the years it lacks counted Monday–Friday (a calendar whose missing years
    are declared covered without holidays)."""
    span = range(start.year, start.year + 2 + length // 200)
    return WorkdayCalendar.build(
        set(calendar.covered_years) | set(span), calendar.holidays, calendar.makeup_workdays
    )


def add_period(rule: Rule, start: date, calendar: WorkdayCalendar) -> Deadline:
    """The last day of ``rule``'s period counted from ``start`` (the start day itself is not counted)."""
    if rule.unit == CALENDAR_DAYS:  # 预算法第十四条: “二十日”, calendar days
        return Deadline(rule, start, start + timedelta(days=rule.length))
    # 第二十六条 and 双公示: working days per the State Council's holiday schedule.
    try:
        end = calendar.add_working_days(start, rule.length)
    except CalendarNotCovered:
        end = _weekends_only(calendar, start, rule.length).add_working_days(start, rule.length)
    first = start + timedelta(days=1)
    covered = all(y in calendar.covered_years for y in range(first.year, end.year + 1))
    return Deadline(rule, start, end, provisional=not covered)


def _rule_and_start(rules: Rules, category: str, dates: RecordDates) -> tuple[Rule, date]:
    rule = rules.for_category(category)
    start = dates.start(rule.start_event)
    if start is None:  # the record does not carry the rule's start date: 第二十六条's default applies
        rule = rules.default
        start = dates.start(rule.start_event) or dates.written_on
    return rule, start


def deadline(rules: Rules, category: str, dates: RecordDates, calendar: WorkdayCalendar) -> Deadline:
    """第二十六条 (and the 另有规定 of its second sentence): the publish-by date of a record."""
    return add_period(*_rule_and_start(rules, category, dates), calendar)


class Checker:
    """:func:`deadline` for many records at once: one rule set and one calendar, the period of each
    (rule, start day) counted once."""

    def __init__(self, rules: Rules, calendar: WorkdayCalendar) -> None:
        self.rules, self.calendar = rules, calendar
        self._periods: dict[tuple[Rule, date], Deadline] = {}

    def deadline(self, category: str, dates: RecordDates) -> Deadline:
        key = _rule_and_start(self.rules, category, dates)
        found = self._periods.get(key)
        if found is None:
            found = self._periods[key] = add_period(*key, self.calendar)
        return found
