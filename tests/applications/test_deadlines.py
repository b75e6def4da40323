"""The statutory clock (pure), with concrete dates across the 2020 National Day break."""

from __future__ import annotations

from datetime import date

import pytest
from chinese_calendar import constants

from gongkai.applications import deadlines
from gongkai.applications.deadlines import Pause
from gongkai.core.workdays import WorkdayCalendar

CAL = WorkdayCalendar.build(range(2004, 2027), constants.holidays, constants.workdays)


def test_art33_reply_within_20_working_days_of_receipt() -> None:
    assert deadlines.reply_due(CAL, clock_start=date(2020, 9, 28)) == date(2020, 11, 2)


def test_art33_extension_adds_up_to_20_working_days() -> None:
    assert deadlines.reply_due(CAL, clock_start=date(2020, 9, 28), extension_days=20) == date(2020, 11, 30)
    with pytest.raises(ValueError, match="0–20"):
        deadlines.reply_due(CAL, clock_start=date(2020, 9, 28), extension_days=21)


def test_art33_para3_five_working_day_consultation_moves_due_date_five_working_days() -> None:
    # Letter to the third party Mon 2020-10-12, reply Mon 2020-10-19: 5 working days not counted.
    pause = Pause(date(2020, 10, 12), date(2020, 10, 19), date(2020, 11, 2))
    assert deadlines.reply_due(CAL, clock_start=date(2020, 9, 28), pauses=[pause]) == date(2020, 11, 9)


def test_running_pause_counts_to_its_expected_end() -> None:
    # 第三十二条: third party has 15 working days; while waiting the due date assumes the full 15.
    sent = date(2020, 10, 12)
    expected = deadlines.consultation_due(CAL, sent)
    assert expected == date(2020, 11, 2)
    due = deadlines.reply_due(CAL, clock_start=date(2020, 9, 28), pauses=[Pause(sent, None, expected)])
    assert due == CAL.add_working_days(date(2020, 11, 2), 15)


def test_pause_before_the_clock_start_is_ignored() -> None:
    # After a 补正 the clock restarts; an earlier pause does not count again.
    pause = Pause(date(2020, 9, 1), date(2020, 9, 8), date(2020, 9, 22))
    assert deadlines.reply_due(CAL, clock_start=date(2020, 9, 28), pauses=[pause]) == date(2020, 11, 2)


def test_art30_correction_notice_within_7_working_days() -> None:
    # Received Fri 2020-09-25; 7 working days: 09-27 (Sun, worked), 28, 29, 30, 10-09, 10-10 (Sat), 10-12.
    assert deadlines.correction_notice_due(CAL, date(2020, 9, 25)) == date(2020, 10, 12)


def test_fee_payment_within_20_working_days_from_the_day_after_notice() -> None:
    assert deadlines.fee_payment_due(CAL, date(2020, 9, 28)) == date(2020, 11, 2)


def test_working_days_left_is_negative_when_overdue() -> None:
    assert deadlines.working_days_left(CAL, date(2020, 11, 3), date(2020, 11, 2)) == -1
    assert deadlines.working_days_left(CAL, date(2020, 10, 30), date(2020, 11, 2)) == 1
