"""Pure working-day arithmetic, checked against concrete dates and against chinese-calendar as an oracle."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.errors import CalendarNotCovered
from gongkai.core.workdays import WorkdayCalendar

FIRST_YEAR, LAST_YEAR = 2004, max(d.year for d in constants.holidays)
CAL = WorkdayCalendar.build(range(FIRST_YEAR, LAST_YEAR + 1), constants.holidays, constants.workdays)


def oracle_add(start: date, n: int) -> date:
    """Independent oracle: walk day by day asking chinese-calendar itself."""
    d = start
    while n:
        d += timedelta(days=1)
        if chinese_calendar.is_workday(d):
            n -= 1
    return d


def test_receipt_on_2020_09_28_is_due_2020_11_02() -> None:
    # 条例第三十三条: 20 个工作日 from receipt; the day of receipt is not counted. The 2020 National
    # Day / Mid-Autumn break ran 10-01..10-08, with 09-27 (Sun) and 10-10 (Sat) worked.
    assert CAL.add_working_days(date(2020, 9, 28), 20) == date(2020, 11, 2)


def test_makeup_saturday_counts_and_holiday_weekday_does_not() -> None:
    assert CAL.is_workday(date(2020, 10, 10))  # Saturday, 调休上班
    assert not CAL.is_workday(date(2020, 10, 5))  # Monday inside the National Day break
    assert CAL.is_workday(date(2020, 9, 27))  # Sunday, 调休上班
    assert not CAL.is_workday(date(2020, 9, 26))  # ordinary Saturday


def test_one_working_day_after_friday_before_spring_festival() -> None:
    # 2021 Spring Festival: 02-11..02-17 off, 02-07 (Sun) and 02-20 (Sat) worked.
    assert CAL.add_working_days(date(2021, 2, 5), 1) == date(2021, 2, 7)
    assert CAL.add_working_days(date(2021, 2, 10), 1) == date(2021, 2, 18)


def test_seven_working_days_for_correction_notice_across_new_year() -> None:
    # 条例第三十条: 补正 notice within 7 个工作日 of receipt. 2020-12-28 + 7 → 2021-01-07 (01-01 off).
    assert CAL.add_working_days(date(2020, 12, 28), 7) == date(2021, 1, 7)


def test_extension_adds_twenty_more_working_days() -> None:
    # 条例第三十三条第二款: extension of at most 20 个工作日 runs on from the original due date.
    due = CAL.add_working_days(date(2020, 9, 28), 20)
    assert CAL.add_working_days(due, 20) == date(2020, 11, 30)
    assert CAL.add_working_days(date(2020, 9, 28), 40) == date(2020, 11, 30)


def test_uncovered_year_raises_naming_the_year() -> None:
    with pytest.raises(CalendarNotCovered) as err:
        CAL.add_working_days(date(LAST_YEAR, 12, 20), 20)
    assert err.value.year == LAST_YEAR + 1
    assert f"{LAST_YEAR + 1}年" in err.value.message


def test_date_before_first_covered_year_raises() -> None:
    with pytest.raises(CalendarNotCovered, match="2003"):
        CAL.is_workday(date(2003, 6, 2))


def test_non_positive_n_is_rejected() -> None:
    with pytest.raises(ValueError, match="positive"):
        CAL.add_working_days(date(2020, 1, 2), 0)


def test_working_days_between_counts_half_open_interval() -> None:
    assert CAL.working_days_between(date(2020, 9, 28), date(2020, 11, 2)) == 20
    assert CAL.working_days_between(date(2020, 9, 28), date(2020, 9, 28)) == 0
    assert CAL.working_days_between(date(2020, 11, 2), date(2020, 9, 28)) == -20
    # Across the whole National Day break only two days were worked (09-29, 09-30) plus 10-09, 10-10.
    assert CAL.working_days_between(date(2020, 9, 28), date(2020, 10, 10)) == 4


# Late enough in the last covered year that 45 working days (National Day break included) stay in it.
_days = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 9, 30))


@settings(max_examples=400, deadline=None)
@given(start=_days, n=st.integers(min_value=1, max_value=45))
def test_add_working_days_matches_chinese_calendar(start: date, n: int) -> None:
    assert CAL.add_working_days(start, n) == oracle_add(start, n)


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 31)))
def test_is_workday_matches_chinese_calendar(day: date) -> None:
    assert CAL.is_workday(day) == chinese_calendar.is_workday(day)


@settings(max_examples=300, deadline=None)
@given(start=_days, n=st.integers(min_value=1, max_value=45))
def test_between_is_inverse_of_add(start: date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    # and the result is itself a working day, the previous working day is n-1 away
    assert CAL.is_workday(end)
