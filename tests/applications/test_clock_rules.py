"""The statutory clock of 依申请公开 (issue #11 item 4): each test names the article it implements."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.applications import clock_services, deadlines, outcomes, selectors, services
from gongkai.applications.deadlines import Pause
from gongkai.applications.models import Application, ClockPause
from gongkai.applications.states import Status, actions_for
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent, CalendarYear
from gongkai.core.workdays import WorkdayCalendar
from gongkai.orgs.roles import Role
from tests import factories

D = date
CAL = WorkdayCalendar.build(range(2004, 2027), constants.holidays, constants.workdays)


@pytest.fixture
def office() -> dict[str, Any]:
    w = factories.small_province()
    return {
        "agency": w.yuexiu_edu,
        "clerk": factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu),
        "approver": factories.staff("approver", Role.APPROVER, agency=w.yuexiu_edu),
    }


def _app(o: dict[str, Any], received: date, **kw: Any) -> Application:
    return factories.registered_application(o["agency"], o["clerk"], received, **kw)


def _clerk(o: dict[str, Any]) -> Actor:
    return Actor(user=o["clerk"])


def _started(o: dict[str, Any], received: date, **kw: Any) -> Application:
    return services.application_start(actor=_clerk(o), application=_app(o, received, **kw))


# ----------------------------------------------------------- 1. consultation pauses capped at 15 working days
def test_art33_para3_consultation_excludes_at_most_15_working_days_art32_art34() -> None:
    # Received 2020-09-28 (due 2020-11-02). Consulted 2020-10-12 for 20 working days (until 2020-11-09):
    # 第三十二条/第三十四条 give the party 15 working days; only those are not counted (第三十三条第三款).
    start = D(2020, 10, 12)
    end = CAL.add_working_days(start, 20)
    capped = Pause(
        start, end, deadlines.consultation_due(CAL, start), cap=deadlines.CONSULTATION_WORKING_DAYS
    )
    due = deadlines.reply_due(CAL, clock_start=D(2020, 9, 28), pauses=[capped])
    assert due == CAL.add_working_days(D(2020, 11, 2), 15)
    assert deadlines.pause_overrun(CAL, capped, end) == 5
    # Within the 15 days nothing changes (same as before the cap).
    short = Pause(start, D(2020, 10, 19), D(2020, 11, 2), cap=15)
    assert deadlines.reply_due(CAL, clock_start=D(2020, 9, 28), pauses=[short]) == D(2020, 11, 9)
    assert deadlines.pause_overrun(CAL, short, D(2020, 10, 19)) == 0
    # The fee window (国办函〔2020〕109号) has no cap.
    fee = Pause(start, end, end)
    assert deadlines.reply_due(CAL, clock_start=D(2020, 9, 28), pauses=[fee]) == CAL.add_working_days(
        D(2020, 11, 2), 20
    )


@settings(max_examples=200, deadline=None)
@given(
    clock_start=st.dates(date(2019, 5, 15), date(2026, 6, 30)),
    offset=st.integers(0, 19),  # the consultation starts while the 20 working days run
    length=st.integers(0, 40),
)
def test_art33_para3_capped_pause_against_a_day_by_day_oracle(
    clock_start: date, offset: int, length: int
) -> None:
    # Oracle: walk the calendar day by day, counting the first 15 working days of the consultation as
    # not counted (第三十三条第三款 with 第三十二条、第三十四条) and every other working day as counted.
    start = CAL.add_working_days(clock_start, offset) if offset else clock_start
    end = CAL.add_working_days(start, length) if length else start
    pause = Pause(start, end, deadlines.consultation_due(CAL, start), cap=15)
    day, counted, excluded = clock_start, 0, 0
    while counted < 20:
        day += timedelta(days=1)
        if not CAL.is_workday(day):
            continue
        if start < day <= end and excluded < 15:
            excluded += 1
        else:
            counted += 1
    assert deadlines.reply_due(CAL, clock_start=clock_start, pauses=[pause]) == day
    assert deadlines.pause_overrun(CAL, pause, end) == max(length - 15, 0)


@pytest.mark.django_db
def test_art32_art34_consultation_overrun_counts_against_the_agency_and_is_flagged(office: Any) -> None:
    clerk = _clerk(office)
    app = _started(office, D(2020, 9, 28))
    app = services.application_start_consultation(
        actor=clerk,
        application=app,
        kind=ClockPause.Kind.OTHER_AGENCY,
        party="广州市教育局",
        reason="需征求制作机关意见",
        on=D(2020, 10, 12),
    )
    answered = CAL.add_working_days(D(2020, 10, 12), 18)  # 3 working days late
    assert selectors.consultation_overrun(app, answered) == 3  # still running: flagged already
    assert [a.pk for a, n in selectors.consultations_overrun(Application.objects.all(), answered)] == [app.pk]
    app = services.application_end_consultation(actor=clerk, application=app, on=answered)
    assert app.due_date == CAL.add_working_days(D(2020, 11, 2), 15)  # not 18 (第三十三条第三款)
    assert selectors.consultation_overrun(app) == 3
    assert selectors.OVERRUN_LABEL == "征求意见超过15个工作日"
    assert "征求意见超过15个工作日（超出3个工作日" in app.events.get(action="consultation_ended").note
    from django.test import Client

    browser = Client()
    browser.force_login(office["clerk"])
    page = browser.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "征求意见超过15个工作日：超出的3个工作日计入答复期限" in page  # shown on the case page


# ------------------------------------------------------------------------ 2. 补正 (第三十条)
@pytest.mark.django_db
def test_art30_correction_deadline_must_be_reasonable_and_a_working_day(office: Any, settings: Any) -> None:
    clerk = _clerk(office)
    app = _app(office, D(2020, 9, 28))
    # Notice 2020-09-29: 10 working days (the National Day break, 2020-10-10 worked) end on 2020-10-20.
    with pytest.raises(InvalidInput, match="2020年10月20日") as err:
        services.application_request_correction(
            actor=clerk, application=app, items="文号", deadline=D(2020, 10, 19), on=D(2020, 9, 29)
        )
    assert set(err.value.fields) == {"deadline"}
    with pytest.raises(InvalidInput, match="工作日"):  # Sunday 2020-10-25
        services.application_request_correction(
            actor=clerk, application=app, items="文号", deadline=D(2020, 10, 25), on=D(2020, 9, 29)
        )
    settings.GONGKAI_CORRECTION_MIN_WORKING_DAYS = 3  # [UNCONFIRMED] local practice: configurable
    # 09-30, 10-09 and the make-up working Saturday 10-10 (调休): the earliest is 2020-10-10.
    app = services.application_request_correction(
        actor=clerk, application=app, items="文号", deadline=D(2020, 10, 10), on=D(2020, 9, 29)
    )
    assert app.correction_deadline == D(2020, 10, 10)


@pytest.mark.django_db
def test_art30_outcome_unclear_after_correction_only_after_a_correction_was_received(office: Any) -> None:
    clerk = _clerk(office)
    unclear = outcomes.unclear_after_correction()
    assert unclear.endswith("（四）无法提供/3.补正后申请内容仍不明确")
    app = _app(office, D(2020, 9, 28))
    with pytest.raises(InvalidInput, match="补正"):
        services.ensure_outcome_allowed(app, unclear)
    app = services.application_request_correction(
        actor=clerk, application=app, items="文号", deadline=D(2020, 10, 20), on=D(2020, 9, 29)
    )
    with pytest.raises(InvalidInput, match="收到补正后"):
        services.ensure_outcome_allowed(app, unclear)
    app = services.application_receive_correction(actor=clerk, application=app, on=D(2020, 10, 12))
    services.ensure_outcome_allowed(app, unclear)  # now allowed
    services.ensure_outcome_allowed(_app(office, D(2020, 9, 28)), outcomes.other())  # others unaffected


# ------------------------------------------------------------------------------- 3. no future dates
@pytest.mark.django_db
def test_art31_art33_steps_are_recorded_when_they_happened_never_after_today(office: Any) -> None:
    clerk = _clerk(office)
    with time_machine.travel(factories.aware(2021, 3, 10), tick=False):
        online = services.application_submit(
            actor=Actor.public("127.0.0.1"),
            agency=office["agency"],
            applicant=factories.applicant_data(),
            request=factories.request_data(),
        ).application
        with pytest.raises(InvalidInput, match="不能晚于今天") as err:
            services.application_confirm_receipt(actor=clerk, application=online, on=D(2021, 3, 11))
        assert "received_on" in err.value.fields
        app = _app(office, D(2021, 3, 1))
        with pytest.raises(InvalidInput, match="答复日期不能晚于今天"):
            services.application_decide(
                actor=clerk, application=app, outcome=outcomes.other(), basis="x", on=D(2021, 3, 11)
            )
        with pytest.raises(InvalidInput, match="补正告知日期不能晚于今天"):
            services.application_request_correction(
                actor=clerk, application=app, items="a", deadline=D(2021, 3, 31), on=D(2021, 3, 11)
            )
        app = services.application_request_correction(
            actor=clerk, application=app, items="a", deadline=D(2021, 3, 16), on=D(2021, 3, 2)
        )
        with pytest.raises(InvalidInput, match="收到补正日期不能晚于今天"):
            services.application_receive_correction(actor=clerk, application=app, on=D(2021, 3, 11))
        with pytest.raises(InvalidInput, match="延期日期不能晚于今天"):
            services.application_extend(
                actor=Actor(user=office["approver"]),
                application=_app(office, D(2021, 3, 1)),
                days=5,
                reason="x",
                on=D(2021, 3, 11),
            )


@pytest.mark.django_db
def test_delivery_and_payment_dates_cannot_precede_the_decision_or_notice(office: Any) -> None:
    clerk = _clerk(office)
    app = _app(office, D(2021, 3, 1))
    app = services.application_decide(
        actor=clerk, application=app, outcome=outcomes.other(), basis="其他理由", on=D(2021, 3, 5)
    )
    with pytest.raises(InvalidInput, match="送达日期不能早于答复日期"):
        services.application_deliver(actor=clerk, application=app, on=D(2021, 3, 4))
    fee_app = _fee_case(office)
    with (
        time_machine.travel(factories.aware(2021, 3, 10), tick=False),
        pytest.raises(InvalidInput, match="缴费日期不能晚于今天"),
    ):
        services.application_fee_paid(actor=clerk, application=fee_app, on=D(2021, 3, 11))
    with pytest.raises(InvalidInput, match="缴费日期不能早于收费通知日期"):
        services.application_fee_paid(actor=clerk, application=fee_app, on=D(2021, 3, 1))
    letter = fee_app.letters.get(kind="fee")
    with pytest.raises(InvalidInput, match="送达日期不能早于文书成文日期"):
        services.application_letter_delivered(
            actor=clerk, application=fee_app, letter=letter, on=D(2021, 3, 1), method="post"
        )


# ---------------------------------------------------------------- 4. unconfirmed submissions (第三十一条)
@pytest.mark.django_db
def test_art31_unconfirmed_submission_is_flagged_after_one_working_day(office: Any) -> None:
    with time_machine.travel(factories.aware(2021, 3, 5), tick=False):  # Friday
        app = services.application_submit(
            actor=Actor.public("127.0.0.1"),
            agency=office["agency"],
            applicant=factories.applicant_data(),
            request=factories.request_data(),
        ).application
    assert selectors.unconfirmed_age(app, D(2021, 3, 5)) == (0, False)
    assert selectors.unconfirmed_age(app, D(2021, 3, 7)) == (0, False)  # the weekend does not count
    assert selectors.unconfirmed_age(app, D(2021, 3, 8)) == (1, True)
    assert selectors.unconfirmed_age(app, D(2021, 3, 10)) == (3, True)
    # Once confirmed (or registered in person) there is nothing to flag.
    assert selectors.unconfirmed_age(_app(office, D(2021, 3, 5)), D(2021, 3, 10)) == (0, False)
    # Sent on a Sunday, it reaches the office on Monday, the day to confirm it: late only from Tuesday.
    with time_machine.travel(factories.aware(2021, 3, 14, 20), tick=False):
        sunday = services.application_submit(
            actor=Actor.public("127.0.0.1"),
            agency=office["agency"],
            applicant=factories.applicant_data(),
            request=factories.request_data(),
        ).application
    assert selectors.unconfirmed_age(sunday, D(2021, 3, 15)) == (1, False)
    assert selectors.unconfirmed_age(sunday, D(2021, 3, 16)) == (2, True)


@pytest.mark.django_db
def test_art31_unconfirmed_age_falls_back_to_weekdays_without_a_holiday_schedule(office: Any) -> None:
    CalendarYear.objects.filter(year=2021).delete()
    with time_machine.travel(factories.aware(2021, 3, 5), tick=False):
        app = services.application_submit(
            actor=Actor.public("127.0.0.1"),
            agency=office["agency"],
            applicant=factories.applicant_data(),
            request=factories.request_data(),
        ).application
    assert selectors.unconfirmed_age(app, D(2021, 3, 9)) == (2, True)  # Mon, Tue; no error


# ------------------------------------------------------------------------------- 5. 第三十五条
@pytest.mark.django_db
def test_art35_ask_reasons_then_not_accepted_is_not_processed_row_five_4(office: Any) -> None:
    clerk = _clerk(office)
    app = _started(office, D(2021, 3, 1))
    assert "ask_reasons" in actions_for(Status.IN_PROGRESS)
    assert "ask_reasons" in actions_for(Status.RECEIVED)
    app = services.application_ask_reasons(
        actor=clerk, application=app, note="本月已提出同类申请48件", on=D(2021, 3, 3)
    )
    assert (app.status, app.reasons_requested_on) == (Status.REASONS, D(2021, 3, 3))
    assert actions_for(Status.REASONS) == ["reasons_answered", "withdraw"]
    assert app.events.filter(action="reasons_requested").exists()
    assert AuditEvent.objects.filter(action="application.reasons_requested", object_id=str(app.pk)).exists()
    with pytest.raises(InvalidInput) as err:
        services.application_reasons_answered(
            actor=clerk, application=app, reasons_text="研究需要", accepted=False, on=D(2021, 3, 10)
        )
    assert "basis" in err.value.fields  # 第三十五条: the clerk's written reason is required
    app = services.application_reasons_answered(
        actor=clerk,
        application=app,
        reasons_text="研究需要",
        accepted=False,
        basis="申请人未能说明大量反复申请的正当理由",
        on=D(2021, 3, 10),
    )
    assert app.status == Status.DECIDED
    assert app.outcome == outcomes.unreasonable_repeats()
    assert app.outcome.endswith("（五）不予处理/4.无正当理由大量反复申请")
    # 第三十五条: the citation stays the citation; the clerk's reason is stored as the reply's reason
    assert app.outcome_basis == "《中华人民共和国政府信息公开条例》第三十五条"
    assert app.reason == "申请人未能说明大量反复申请的正当理由"
    assert app.decided_on == D(2021, 3, 10)
    with pytest.raises(InvalidTransition):
        services.application_reasons_answered(
            actor=clerk, application=app, reasons_text="x", accepted=True, on=D(2021, 3, 11)
        )


@pytest.mark.django_db
def test_art35_accepted_reasons_with_a_reasonable_later_deadline_or_without(office: Any) -> None:
    clerk = _clerk(office)
    app = _started(office, D(2021, 3, 1))
    due = app.due_date
    assert due == D(2021, 3, 29)
    app = services.application_ask_reasons(
        actor=clerk, application=app, note="数量明显超过", on=D(2021, 3, 2)
    )
    with pytest.raises(InvalidInput, match="应晚于现在的答复期限") as err:
        services.application_reasons_answered(
            actor=clerk,
            application=app,
            reasons_text="课题研究",
            accepted=True,
            reasonable_due=D(2021, 3, 29),
            on=D(2021, 3, 5),
        )
    assert "reasonable_due" in err.value.fields
    app = services.application_reasons_answered(
        actor=clerk,
        application=app,
        reasons_text="课题研究",
        accepted=True,
        reasonable_due=D(2021, 4, 30),
        on=D(2021, 3, 5),
    )
    assert (app.status, app.due_date, app.reasonable_due) == (
        Status.IN_PROGRESS,
        D(2021, 4, 30),
        D(2021, 4, 30),
    )
    assert "合理期限为2021年4月30日" in app.events.get(action="reasons_accepted").note
    assert AuditEvent.objects.filter(action="application.reasons_accepted", object_id=str(app.pk)).exists()

    plain = _started(office, D(2021, 3, 1))
    plain = services.application_ask_reasons(actor=clerk, application=plain, note="频次高", on=D(2021, 3, 2))
    plain = services.application_reasons_answered(
        actor=clerk, application=plain, reasons_text="合理", accepted=True, on=D(2021, 3, 5)
    )
    assert (plain.status, plain.due_date, plain.reasonable_due) == (Status.IN_PROGRESS, due, None)


# --------------------------------------------------------------------------- 6. third parties (第三十二条)
@pytest.mark.django_db
def test_art32_third_party_is_named_and_its_objection_and_a_disclosure_decision_recorded(office: Any) -> None:
    clerk = _clerk(office)
    app = _started(office, D(2021, 3, 1))
    with pytest.raises(InvalidInput, match="第三十二条") as err:
        services.application_start_consultation(
            actor=clerk, application=app, kind=ClockPause.Kind.THIRD_PARTY, party=" ", reason="商业秘密"
        )
    assert "party" in err.value.fields
    app = services.application_start_consultation(
        actor=clerk,
        application=app,
        kind=ClockPause.Kind.THIRD_PARTY,
        party="广州某某科技有限公司",
        reason="涉及商业秘密",
        on=D(2021, 3, 2),
    )
    with pytest.raises(InvalidInput) as err:
        services.application_end_consultation(actor=clerk, application=app, on=D(2021, 3, 9))
    assert "third_party_objected" in err.value.fields
    with pytest.raises(InvalidInput) as err:
        services.application_end_consultation(
            actor=clerk, application=app, on=D(2021, 3, 9), third_party_objected=True, disclose=True
        )
    assert "disclose_reason" in err.value.fields
    app = services.application_end_consultation(
        actor=clerk,
        application=app,
        on=D(2021, 3, 9),
        third_party_objected=True,
        disclose=True,
        disclose_reason="涉及公共安全，不公开可能对公共利益造成重大影响",
    )
    pause = clock_services.third_party_consultation(app)
    assert pause is not None
    assert (pause.party, pause.third_party_objected, pause.disclose_despite_objection) == (
        "广州某某科技有限公司",
        True,
        True,
    )
    assert pause.disclose_reason.startswith("涉及公共安全")


# --------------------------------------------------------------------- 7. closures only after the deadline
@pytest.mark.django_db
def test_fee_window_runs_from_the_day_after_the_notice_is_received_109(office: Any) -> None:
    clerk = _clerk(office)
    app = _fee_case(office)  # notice issued 2021-03-02
    with pytest.raises(InvalidInput, match="送达日期尚未登记"):
        services.application_close_unpaid(actor=clerk, application=app, on=D(2021, 5, 6))
    services.application_letter_delivered(
        actor=clerk, application=app, letter=app.letters.get(kind="fee"), on=D(2021, 3, 5), method="post"
    )
    due = clock_services.fee_payment_due(app)
    assert due == CAL.add_working_days(D(2021, 3, 5), 20) == D(2021, 4, 2)  # signed for on 03-05
    with pytest.raises(InvalidInput, match="届满后"):
        services.application_close_unpaid(actor=clerk, application=app, on=D(2021, 4, 2))
    app = services.application_close_unpaid(actor=clerk, application=app, on=D(2021, 4, 6))
    assert (app.status, app.outcome) == (Status.CLOSED, outcomes.fee_unpaid())


# ------------------------------------------------------------------------------ 8. fees (国办函〔2020〕109号)
def _fee_case(o: dict[str, Any]) -> Application:
    app = _started(o, D(2021, 3, 1))
    return services.application_fee_notice(
        actor=_clerk(o), application=app, method="per_page", pages=31, on=D(2021, 3, 2)
    )


@pytest.mark.django_db
def test_109_art4_items_not_applications_are_counted_per_applicant_per_month(office: Any) -> None:
    clerk = _clerk(office)
    first = _app(office, D(2021, 3, 1))
    services.application_set_items(
        actor=clerk, application=first, items=10, reason="一份申请含10项内容，按一事一申请拆分"
    )
    assert AuditEvent.objects.filter(action="application.items_set", object_id=str(first.pk)).exists()
    assert "计为10件" in first.events.get(action="items_set").note
    second = _app(office, D(2021, 3, 2))
    assert services.fee_quote(second, method="per_item") == Decimal(100)  # the 11th 件 of March
    assert services.fee_quote(second, method="per_item", items=2) == Decimal(200)
    # Registered as 3 件 at once: 11th–13th.
    third = _app(office, D(2021, 3, 3), items=3)
    assert third.items == 3
    assert services.fee_quote(third, method="per_item") == Decimal(300)  # 12th–14th 件: 3 × 100
    # Next natural month starts again.
    assert services.fee_quote(_app(office, D(2021, 4, 1)), method="per_item") == Decimal(0)


@pytest.mark.django_db
def test_109_art5_per_page_not_for_viewing_or_online(office: Any) -> None:
    sub = services.application_submit(
        actor=Actor(user=office["clerk"]),
        agency=office["agency"],
        applicant=factories.applicant_data(),
        request=factories.request_data(info_form="view", delivery="pickup"),
        channel="in_person",
        received_on=D(2021, 3, 1),
    )
    with pytest.raises(InvalidInput, match="第五条"):
        services.fee_quote(sub.application, method="per_page", pages=300)
    assert services.fee_quote(_app(office, D(2021, 3, 1)), method="per_page", pages=31) == Decimal(10)


@pytest.mark.django_db
def test_109_no_fee_before_commencement_nor_before_the_regulation_art42(office: Any, settings: Any) -> None:
    clerk = _clerk(office)
    app = _started(office, D(2020, 12, 31))
    with pytest.raises(InvalidInput, match="2021年1月1日") as err:
        services.application_fee_notice(
            actor=clerk, application=app, method="per_page", pages=300, on=D(2021, 1, 4)
        )
    assert "method" in err.value.fields
    settings.GONGKAI_FEE_COMMENCEMENT = "2018-01-01"  # never before the 条例 (2019-05-15)
    old = _started(office, D(2019, 5, 14))
    with pytest.raises(InvalidInput, match="2019年5月15日"):
        services.fee_quote(old, method="per_page", pages=300)
    assert services.fee_quote(app, method="per_page", pages=31) == Decimal(10)


# ----------------------------------------------------------------------------- the case page's actions
@pytest.mark.django_db
def test_art35_and_109_actions_through_the_case_page(client: Any, office: Any) -> None:
    app = _started(office, D(2021, 3, 1))
    client.force_login(office["clerk"])
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "要求说明理由（第三十五条）" in page and "确定件数（一事一申请）" in page
    ok = client.post(
        f"/staff/applications/{app.pk}/set_items/",
        {"set_items-items": "3", "set_items-reason": "含三项不同事项"},
    )
    assert ok.status_code == 302
    ok = client.post(
        f"/staff/applications/{app.pk}/ask_reasons/",
        {"ask_reasons-on": "2021-03-02", "ask_reasons-note": "本月已申请40件"},
    )
    assert ok.status_code == 302
    bad = client.post(
        f"/staff/applications/{app.pk}/reasons_answered/",
        {"reasons_answered-on": "2021-03-05", "reasons_answered-accepted": "no"},
    )
    assert bad.status_code == 400 and "不予处理的，请写明" in bad.content.decode()
    ok = client.post(
        f"/staff/applications/{app.pk}/reasons_answered/",
        {
            "reasons_answered-on": "2021-03-05",
            "reasons_answered-accepted": "yes",
            "reasons_answered-reasons_text": "课题研究",
            "reasons_answered-reasonable_due": "2021-04-30",
        },
    )
    assert ok.status_code == 302
    app.refresh_from_db()
    assert (app.items, app.status, app.due_date) == (3, Status.IN_PROGRESS, D(2021, 4, 30))


@pytest.mark.django_db
def test_art31_no_step_before_the_application_was_received(office: Any) -> None:
    clerk = _clerk(office)
    app = _app(office, D(2021, 3, 3))
    with pytest.raises(InvalidInput, match="不能早于收到申请之日（2021年3月3日）"):
        services.application_request_correction(
            actor=clerk, application=app, items="a", deadline=D(2021, 3, 31), on=D(2021, 3, 2)
        )
    with pytest.raises(InvalidInput, match="延期日期不能早于收到申请之日"):
        services.application_extend(
            actor=Actor(user=office["approver"]), application=app, days=5, reason="x", on=D(2021, 3, 2)
        )
    app = services.application_start(actor=clerk, application=app)
    with pytest.raises(InvalidInput, match="征求意见日期不能早于收到申请之日"):
        services.application_start_consultation(
            actor=clerk,
            application=app,
            kind=ClockPause.Kind.OTHER_AGENCY,
            party="市局",
            reason="x",
            on=D(2021, 3, 1),
        )


@pytest.mark.django_db
def test_109_fee_notice_within_the_reply_period(office: Any) -> None:
    # 国办函〔2020〕109号 (REGULATIONS.md §3): 应当在政府信息公开申请处理期限内…发出收费通知.
    app = _started(office, D(2021, 3, 1))
    assert app.due_date == D(2021, 3, 29)
    with pytest.raises(InvalidInput, match="答复期限（2021年3月29日）内发出"):
        services.application_fee_notice(
            actor=_clerk(office), application=app, method="per_page", pages=31, on=D(2021, 3, 30)
        )


@pytest.mark.django_db
def test_art35_the_clock_runs_while_reasons_are_asked(office: Any) -> None:
    # 第三十五条 does not stop the 第三十三条 clock: a case waiting for reasons past its due date is overdue.
    app = _started(office, D(2021, 3, 1))
    app = services.application_ask_reasons(
        actor=_clerk(office), application=app, note="本月已提出同类申请48件", on=D(2021, 3, 3)
    )
    flags = dict(
        selectors.inbox(office["agency"], today=app.due_date + timedelta(days=1)).values_list("pk", "flag")
    )
    assert flags[app.pk] == "overdue"


@pytest.mark.django_db
def test_art30_unclear_after_correction_is_refused_without_a_correction(office: Any) -> None:
    # （四）3 补正后申请内容仍不明确 (第三十条) is open to application_decide only after a 补正 was received.
    app = _started(office, D(2021, 3, 1))
    with pytest.raises(InvalidInput) as err:
        services.application_decide(
            actor=_clerk(office),
            application=app,
            outcome=outcomes.unclear_after_correction(),
            on=D(2021, 3, 5),
        )
    assert "第三十条" in err.value.fields["outcome"]


# ------------------------------------------------------------------------------ timeline wording
@pytest.mark.django_db
def test_art31_timeline_notes_read_once_and_date_like_letters(office: Any) -> None:
    """The timeline says each thing once, dates as 2021年3月15日 (GB/T 9704, no 虚位), and a staff-registered
    当面提交 (第三十一条: the day handed in) is not shown submitted after it was received."""
    clerk = _clerk(office)
    with time_machine.travel(factories.aware(2021, 3, 15, 10), tick=False):
        app = _app(office, D(2021, 3, 10))
        submitted = app.events.get(action="submitted")
        assert submitted.on_date == D(2021, 3, 10)  # the receipt date, not the registration day
        assert submitted.note == "当面提交（2021年3月15日10:00登记）"
        assert "提交提交" not in submitted.note
        received = app.events.get(action="received").note
        assert "收到申请之日：2021年3月10日" in received and "年0" not in received
        services.application_request_correction(
            actor=clerk,
            application=app,
            items="请说明所需警情数据的统计口径及是否需要按警情类别分类。",
            deadline=D(2021, 3, 26),
            on=D(2021, 3, 11),
        )
    note = app.events.get(action="correction_requested").note
    assert note == "需要补正：请说明所需警情数据的统计口径及是否需要按警情类别分类；补正期限：2021年3月26日"
    fee = _fee_case(office).events.get(action="fee_notice").note
    assert fee.startswith("信息处理费10元") and "收费通知：" not in fee  # the label already says 发出收费通知


def test_art33_para2_extension_form_says_why_in_chinese() -> None:
    """第三十三条第二款: 延长的期限最长不得超过20个工作日 — not Django's generic "确保该值小于或等于20"."""
    from gongkai.applications.forms import ExtensionForm

    form = ExtensionForm({"on": "2021-03-15", "days": "25", "reason": "需调取档案"})
    assert not form.is_valid()
    assert form.errors["days"] == ["延长的期限最长不得超过20个工作日（条例第三十三条第二款）"]
