"""Reading a holiday schedule as typed from the State Council's notice: nothing is guessed, every problem
names its line (a wrong holiday moves every reply deadline that crosses it)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.calendar_entry import ScheduleError, parse_lines, schedule_days


def test_ranges_single_days_and_the_notices_short_end_form() -> None:
    entries = parse_lines(
        "2027-01-01 至 2027-01-03 元旦\n\n2027-04-05 清明节\n"
        "2027-10-01至10-07 国庆节\n2027年2月6日～2月12日 春节",
        year=2027,
        ranges=True,
    )
    assert [(e.first, e.last, e.name) for e in entries] == [
        (date(2027, 1, 1), date(2027, 1, 3), "元旦"),
        (date(2027, 4, 5), date(2027, 4, 5), "清明节"),
        (date(2027, 10, 1), date(2027, 10, 7), "国庆节"),
        (date(2027, 2, 6), date(2027, 2, 12), "春节"),
    ]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2027-10-01至10月七日 国庆", "第1行"),  # a range typed wrongly is never a one-day "name"
        ("2027-10-01 到 国庆 10-07", "第1行"),
        (
            "2027-01-01 至 2027-01-03 元旦\n2027-01-02 至 2027-01-05 重复",
            "第2行与第1行的日期重叠（2027-01-02）",
        ),
        ("2027-02-30 春节", "日期“2027-02-30”不存在"),
        ("2026-12-31 至 2027-01-02 元旦", "日期不在2027年内"),
        ("2027-02-12 至 2027-02-06 春节", "结束日期早于开始日期"),
    ],
)
def test_holiday_lines_that_cannot_be_read_are_refused(text: str, says: str) -> None:
    with pytest.raises(ScheduleError) as err:
        parse_lines(text, year=2027, ranges=True)
    assert says in str(err.value)


def test_every_problem_is_reported_not_only_the_first() -> None:
    with pytest.raises(ScheduleError) as err:
        parse_lines("2027-02-30 春节\n2027/02/06-2027/02/12 春节\n二月十四", year=2027, ranges=True)
    assert [p[:4] for p in err.value.problems] == ["第1行：", "第3行："]  # line 2 is a valid range


def test_workday_lines_name_their_line_and_their_format() -> None:
    with pytest.raises(ScheduleError) as err:
        parse_lines("2027-02-14 春节调休\n2027-02-15\n二月二十", year=2027, ranges=False)
    assert err.value.problems[0] == "第2行：2027-02-15是工作日，不需要录入为调休上班日"
    assert "第3行" in err.value.problems[1] and "每行一天" in err.value.problems[1]
    holidays = parse_lines("2027-02-06 至 2027-02-13 春节", year=2027, ranges=True)
    with pytest.raises(ScheduleError) as err:
        schedule_days(holidays, parse_lines("2027-02-13", year=2027, ranges=False))
    assert "第1行的2027-02-13同时出现在放假安排中" in str(err.value)
