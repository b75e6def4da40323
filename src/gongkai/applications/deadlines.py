"""The statutory clock of an application (pure: no ORM). Each rule cites the article it implements.

《政府信息公开条例》:
- 第三十三条第二款: reply within 20 个工作日 of 收到申请之日 (the day of receipt itself not counted).
- 第三十三条第二款: an extension approved by the 政府信息公开工作机构负责人 adds at most 20 个工作日.
- 第三十三条第三款: time spent consulting third parties (第三十二条) and other agencies (第三十四条) is not
  counted; the paused working days are added back — but only up to the 15 个工作日 the consulted party has
  (第三十二条、第三十四条): a consultation that overruns is flagged, and the days beyond 15 count against the
  agency (:func:`pause_overrun`).
- 第三十条: a 补正 notice goes out within 7 个工作日 of receipt; once corrected, the 20 days run from the
  receipt of the correction.
- 第三十二条 / 第三十四条: a consulted third party or agency answers within 15 个工作日.
- 国办函〔2020〕109号 (as restated by 四川省财政厅 etc.; REGULATIONS.md §3): the fee is paid within 20
  个工作日 from the day after the fee notice. Whether that window stops the reply clock is [UNCONFIRMED]
  and therefore a setting (``GONGKAI_FEE_WINDOW_PAUSES_CLOCK``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.core.workdays import WorkdayCalendar

REPLY_WORKING_DAYS = 20  # 第三十三条第二款
MAX_EXTENSION_WORKING_DAYS = 20  # 第三十三条第二款
CORRECTION_NOTICE_WORKING_DAYS = 7  # 第三十条
CONSULTATION_WORKING_DAYS = 15  # 第三十二条、第三十四条
FEE_PAYMENT_WORKING_DAYS = 20  # 国办函〔2020〕109号


@dataclass(frozen=True)
class Pause:
    """An interval (start, end] during which the reply clock stands still; ``end`` None = still running."""

    start: date
    end: date | None
    expected_end: date
    #: Most working days the pause may exclude (consultations: 15, 第三十二条、第三十四条); None = no cap.
    cap: int | None = None


def paused_days(cal: WorkdayCalendar, pause: Pause) -> int:
    """Working days the pause takes out of the reply clock (a running pause: up to its expected end),
    never more than its cap (第三十三条第三款 with 第三十二条、第三十四条)."""
    days = max(cal.working_days_between(pause.start, pause.end or pause.expected_end), 0)
    return days if pause.cap is None else min(days, pause.cap)


def pause_overrun(cal: WorkdayCalendar, pause: Pause, today: date) -> int:
    """Working days a capped pause has run beyond its cap (until its end, or until ``today`` while it is
    still running): the consulted party had 15 个工作日 (第三十二条、第三十四条), the rest is not excluded
    from the reply clock."""
    if pause.cap is None:
        return 0
    return max(cal.working_days_between(pause.start, pause.end or today) - pause.cap, 0)


def reply_due(
    cal: WorkdayCalendar, *, clock_start: date, extension_days: int = 0, pauses: Iterable[Pause] = ()
) -> date:
    """Due date of the reply.

    ``clock_start`` is 收到申请之日 or, after a 补正, the day the correction was received. Paused working
    days are added back, a consultation's at most 15 (第三十二条、第三十四条); a pause still running counts up
    to its expected end (so the stored due date is deterministic), and the date is recomputed when the
    pause actually ends.
    """
    if not 0 <= extension_days <= MAX_EXTENSION_WORKING_DAYS:
        raise ValueError("extension must be 0–20 working days (条例第三十三条第二款)")
    paused = sum(paused_days(cal, p) for p in pauses if p.start >= clock_start)
    return cal.add_working_days(clock_start, REPLY_WORKING_DAYS + extension_days + paused)


def correction_deadline_earliest(cal: WorkdayCalendar, notice_on: date, min_working_days: int) -> date:
    """Earliest reasonable 补正期限 (第三十条: 合理的补正期限): ``min_working_days`` working days after
    the notice; being a working day, it never ends on a day off."""
    return cal.add_working_days(notice_on, min_working_days)


def correction_notice_due(cal: WorkdayCalendar, received_on: date) -> date:
    """Last day to send the 补正 notice (第三十条: 7 个工作日 of receipt)."""
    return cal.add_working_days(received_on, CORRECTION_NOTICE_WORKING_DAYS)


def consultation_due(cal: WorkdayCalendar, sent_on: date) -> date:
    """Last day for the consulted party's opinion (第三十二条、第三十四条: 15 个工作日)."""
    return cal.add_working_days(sent_on, CONSULTATION_WORKING_DAYS)


def fee_payment_due(cal: WorkdayCalendar, notice_on: date) -> date:
    """Last day to pay: 20 个工作日 counted from the day after the fee notice."""
    return cal.add_working_days(notice_on, FEE_PAYMENT_WORKING_DAYS)


def working_days_left(cal: WorkdayCalendar, today: date, due: date) -> int:
    """Working days from today until the due date (0 on the due date itself, negative once overdue)."""
    return cal.working_days_between(today, due)
