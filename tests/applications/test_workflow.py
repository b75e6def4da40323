"""Every transition of an application, with concrete dates; each legal rule's test names its article."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gongkai.applications import outcomes, services
from gongkai.applications.models import Application, ApplicationEvent, ClockPause
from gongkai.applications.states import TRANSITIONS, Status
from gongkai.core import services as core_services
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture
def office() -> dict[str, Any]:
    w = factories.small_province()
    return {
        "agency": w.yuexiu_edu,
        "other_agency": w.gz_edu,
        "clerk": factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu),
        "approver": factories.staff("approver", Role.APPROVER, agency=w.yuexiu_edu),
        "outsider": factories.staff("outsider", Role.CLERK, agency=w.gz_edu),
    }


RECEIVED = D(2020, 9, 28)


def _app(o: dict[str, Any], received: date = RECEIVED, **kw: Any) -> Application:
    return factories.registered_application(o["agency"], o["clerk"], received, **kw)


def test_art31_in_person_application_is_received_the_day_handed_in_and_due_in_20_working_days(
    office: Any,
) -> None:
    app = _app(office)
    assert app.status == Status.RECEIVED
    assert (app.received_on, app.due_date) == (D(2020, 9, 28), D(2020, 11, 2))
    assert app.receipt_number.startswith(f"YSQ{timezone.localdate().year}-{office['agency'].pk:05d}-")
    assert [e.action for e in app.events.all()] == ["submitted", "received"]
    assert AuditEvent.objects.filter(action="application.received", object_id=str(app.pk)).exists()


def test_art31_online_application_waits_for_confirmation(office: Any) -> None:
    sub = services.application_submit(
        actor=Actor.public("127.0.0.1"),
        agency=office["agency"],
        applicant=factories.applicant_data(),
        request=factories.request_data(),
        idempotency_key="k1",
    )
    app = sub.application
    assert (app.status, app.received_on, app.due_date) == (Status.SUBMITTED, None, None)
    Application.objects.filter(pk=app.pk).update(
        submitted_at=timezone.make_aware(timezone.datetime(2020, 9, 27, 20))
    )
    app = services.application_confirm_receipt(
        actor=Actor(user=office["clerk"]), application=app, on=D(2020, 9, 28)
    )
    assert (app.status, app.received_on, app.due_date) == (Status.RECEIVED, D(2020, 9, 28), D(2020, 11, 2))


def test_confirmation_cannot_predate_online_submission(office: Any) -> None:
    app = services.application_submit(
        actor=Actor.public(),
        agency=office["agency"],
        applicant=factories.applicant_data(),
        request=factories.request_data(),
    ).application
    with pytest.raises(InvalidInput) as err:
        services.application_confirm_receipt(
            actor=Actor(user=office["clerk"]), application=app, on=timezone.localdate() - timedelta(days=3)
        )
    assert "received_on" in err.value.fields


def test_public_cannot_set_the_date_of_receipt(office: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.application_submit(
            actor=Actor.public(),
            agency=office["agency"],
            applicant=factories.applicant_data(),
            request=factories.request_data(),
            received_on=D(2020, 1, 2),
        )


def test_replayed_submission_returns_the_same_application(office: Any) -> None:
    kw = {
        "actor": Actor.public(),
        "agency": office["agency"],
        "applicant": factories.applicant_data(),
        "request": factories.request_data(),
        "idempotency_key": "same-token",
    }
    first = services.application_submit(**kw)
    replays = [services.application_submit(**kw) for _ in range(10)]
    assert Application.objects.count() == 1
    assert {r.application.pk for r in replays} == {first.application.pk}
    assert {r.query_code for r in replays} == {first.query_code}
    assert first.created and not any(r.created for r in replays)


def test_receipt_numbers_are_sequential_per_agency(office: Any) -> None:
    numbers = [_app(office).receipt_number for _ in range(3)]
    assert [n[-5:] for n in numbers] == ["00001", "00002", "00003"]
    other = factories.registered_application(office["other_agency"], office["outsider"], D(2020, 9, 28))
    assert other.receipt_number.endswith("-00001")


def test_art30_correction_restarts_the_clock_from_receipt_of_the_correction(office: Any) -> None:
    app = _app(office)
    clerk = Actor(user=office["clerk"])
    app = services.application_request_correction(
        actor=clerk,
        application=app,
        items="请写明所需信息的文号",
        deadline=D(2020, 10, 20),
        on=D(2020, 9, 29),
    )
    assert (app.status, app.due_date) == (Status.CORRECTION, None)
    app = services.application_receive_correction(actor=clerk, application=app, on=D(2020, 10, 12))
    assert app.status == Status.RECEIVED
    assert app.clock_start == D(2020, 10, 12)
    assert app.due_date == D(2020, 11, 9)  # 20 working days after 2020-10-12


def test_art30_correction_notice_after_7_working_days_is_refused(office: Any) -> None:
    app = _app(office, received=D(2020, 9, 25))
    with pytest.raises(InvalidInput, match="7个工作日") as err:
        services.application_request_correction(
            actor=Actor(user=office["clerk"]),
            application=app,
            items="x",
            deadline=D(2020, 11, 1),
            on=D(2020, 10, 13),
        )
    assert "2020年10月12日" in err.value.fields["on"]


def test_art30_correction_is_asked_once(office: Any) -> None:
    clerk = Actor(user=office["clerk"])
    app = _app(office)
    services.application_request_correction(
        actor=clerk, application=app, items="a", deadline=D(2020, 10, 20), on=D(2020, 9, 29)
    )
    services.application_receive_correction(actor=clerk, application=app, on=D(2020, 10, 9))
    with pytest.raises(InvalidInput, match="一次性"):
        services.application_request_correction(
            actor=clerk, application=app, items="b", deadline=D(2020, 10, 30), on=D(2020, 10, 12)
        )


def test_art30_not_corrected_in_time_closes_as_other_processing_1(office: Any) -> None:
    clerk = Actor(user=office["clerk"])
    app = _app(office)
    services.application_request_correction(
        actor=clerk, application=app, items="a", deadline=D(2020, 10, 20), on=D(2020, 9, 29)
    )
    with pytest.raises(InvalidInput, match="期限届满后"):
        services.application_close_uncorrected(actor=clerk, application=app, on=D(2020, 10, 20))
    app = services.application_close_uncorrected(actor=clerk, application=app, on=D(2020, 10, 21))
    assert app.status == Status.CLOSED
    assert app.outcome == outcomes.not_corrected()
    assert app.outcome.endswith("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    assert app.decided_on == D(2020, 10, 21)


def test_art32_consultation_pauses_the_clock_by_its_working_days(office: Any) -> None:
    clerk = Actor(user=office["clerk"])
    app = services.application_start(actor=clerk, application=_app(office))
    app = services.application_start_consultation(
        actor=clerk,
        application=app,
        kind=ClockPause.Kind.THIRD_PARTY,
        party="广州某某科技有限公司",
        reason="涉及商业秘密",
        on=D(2020, 10, 12),
    )
    assert app.status == Status.CONSULTING
    pause = app.pauses.get()
    assert pause.expected_end == D(2020, 11, 2)  # 第三十二条: 15 working days
    app = services.application_end_consultation(  # 第三十二条: the third party's answer is recorded
        actor=clerk, application=app, on=D(2020, 10, 19), note="第三方不同意公开", third_party_objected=True
    )
    assert app.status == Status.IN_PROGRESS
    assert app.due_date == D(2020, 11, 9)  # 2020-11-02 + 5 working days not counted (第三十三条第三款)


def test_art33_extension_needs_the_approver_and_adds_working_days(office: Any) -> None:
    app = _app(office)
    with pytest.raises(PermissionDenied, match="负责人"):
        services.application_extend(
            actor=Actor(user=office["clerk"]), application=app, days=20, reason="需协调", on=D(2020, 10, 30)
        )
    app = services.application_extend(
        actor=Actor(user=office["approver"]),
        application=app,
        days=15,
        reason="需跨部门检索",
        on=D(2020, 10, 30),
    )
    assert app.due_date == D(2020, 11, 23)
    app = services.application_extend(
        actor=Actor(user=office["approver"]), application=app, days=5, reason="继续检索", on=D(2020, 11, 2)
    )
    assert app.due_date == D(2020, 11, 30)
    with pytest.raises(InvalidInput, match="最长不得超过20个工作日") as err:
        services.application_extend(
            actor=Actor(user=office["approver"]), application=app, days=1, reason="x", on=D(2020, 11, 3)
        )
    assert "还可延长0个工作日" in err.value.fields["days"]
    assert ApplicationEvent.objects.filter(application=app, action="extended").count() == 2


def test_art33_no_extension_after_the_deadline(office: Any) -> None:
    app = _app(office)
    with pytest.raises(InvalidInput, match="已届满"):
        services.application_extend(
            actor=Actor(user=office["approver"]), application=app, days=5, reason="x", on=D(2020, 11, 3)
        )


def test_fee_per_item_twelfth_application_of_the_month_costs_100(office: Any) -> None:
    # 国办函〔2020〕109号 applies to applications received from its commencement (2021-01-01 by default).
    clerk = Actor(user=office["clerk"])
    apps = [_app(office, received=D(2021, 3, 1)) for _ in range(12)]
    assert services.fee_quote(apps[10], method="per_item") == Decimal(100)  # the 11th
    twelfth = services.application_start(actor=clerk, application=apps[11])
    twelfth = services.application_fee_notice(
        actor=clerk, application=twelfth, method="per_item", on=D(2021, 3, 2)
    )
    assert (twelfth.status, twelfth.fee_amount) == (Status.AWAITING_FEE, Decimal(100))
    with pytest.raises(InvalidInput, match="免费额度"):
        services.application_fee_notice(
            actor=clerk,
            application=services.application_start(actor=clerk, application=apps[0]),
            method="per_item",
            on=D(2021, 3, 2),
        )
    # Another applicant in the same month starts from zero.
    other = _app(
        office,
        received=D(2021, 3, 1),
        applicant=factories.applicant_data(id_number=factories.resident_id("44010619850505321")),
    )
    assert services.fee_quote(other, method="per_item") == Decimal(0)


def test_fee_paid_resumes_clock_and_unpaid_closes_as_other_processing_2(office: Any) -> None:
    # 国办函〔2020〕109号: from its commencement (2021-01-01); 20 working days from the day after the
    # applicant receives the notice (REGULATIONS.md §3), so its delivery date is recorded first.
    clerk = Actor(user=office["clerk"])
    app = services.application_start(actor=clerk, application=_app(office, received=D(2021, 3, 1)))
    app = services.application_fee_notice(
        actor=clerk, application=app, method="per_page", pages=250, on=D(2021, 3, 8)
    )
    assert app.fee_amount == Decimal(4700)
    with pytest.raises(InvalidInput, match="重复计算"):
        services.application_fee_notice(actor=clerk, application=app, method="per_item", on=D(2021, 3, 9))
    paid = services.application_fee_paid(actor=clerk, application=app, on=D(2021, 3, 15))
    assert paid.status == Status.IN_PROGRESS and paid.due_date == D(2021, 4, 6)  # 03-29 + 5 working days

    unpaid = services.application_start(actor=clerk, application=_app(office, received=D(2021, 3, 1)))
    unpaid = services.application_fee_notice(
        actor=clerk, application=unpaid, method="per_page", pages=31, on=D(2021, 3, 8)
    )
    services.application_letter_delivered(
        actor=clerk,
        application=unpaid,
        letter=unpaid.letters.get(kind="fee"),
        on=D(2021, 3, 10),
        method="post",
    )
    with pytest.raises(InvalidInput, match="届满后"):
        services.application_close_unpaid(
            actor=clerk, application=unpaid, on=D(2021, 4, 8)
        )  # the 20th working day after the signed-for date
    closed = services.application_close_unpaid(actor=clerk, application=unpaid, on=D(2021, 4, 9))
    assert closed.status == Status.CLOSED and closed.outcome == outcomes.fee_unpaid()


def test_decide_deliver_and_partial_disclosure_counts_only_as_row_two(office: Any) -> None:
    clerk = Actor(user=office["clerk"])
    app = _app(office)
    partial = next(k for k in outcomes.outcomes() if "部分公开" in k)
    app = services.application_decide(
        actor=clerk,
        application=app,
        outcome=partial,
        reason="附件中的学生姓名和身份证号属于个人隐私，已作遮盖处理",  # 第三十七条: 说明理由
        on=D(2020, 10, 30),
    )
    assert app.outcome == "三、本年度办理结果/（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert "第三十七条" in app.outcome_basis
    app = services.application_deliver(actor=clerk, application=app, on=D(2020, 11, 2))
    assert (app.status, app.delivered_on) == (Status.DELIVERED, D(2020, 11, 2))
    with pytest.raises(InvalidTransition):
        services.application_decide(actor=clerk, application=app, outcome=partial, on=D(2020, 11, 3))


def test_workflow_closures_cannot_be_chosen_as_decisions(office: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        services.application_decide(
            actor=Actor(user=office["clerk"]),
            application=_app(office),
            outcome=outcomes.not_corrected(),
            on=D(2020, 10, 9),
        )
    assert "outcome" in err.value.fields


def test_late_decision_is_marked_on_the_timeline(office: Any) -> None:
    app = services.application_decide(
        actor=Actor(user=office["clerk"]),
        application=_app(office),
        outcome=next(iter(outcomes.outcomes())),
        on=D(2020, 11, 3),
    )
    assert "已超过答复期限" in app.events.get(action="decided").note


def test_withdrawal_counts_as_other_processing_3(office: Any) -> None:
    case = _app(office)
    verified = Actor.public(tracker_case_id=case.pk)  # the tracker checked receipt number and query code
    app = services.application_withdraw(actor=verified, application=case, on=D(2020, 10, 9))
    assert (app.status, app.outcome) == (Status.WITHDRAWN, outcomes.other())


def test_only_the_verified_applicant_withdraws_from_outside(office: Any) -> None:
    case, other = _app(office), _app(office)
    for actor in (Actor.public(), Actor.public(tracker_case_id=other.pk), Actor.system("tests")):
        with pytest.raises(PermissionDenied):
            services.application_withdraw(actor=actor, application=case, on=D(2020, 10, 9))
    case.refresh_from_db()
    assert case.status != Status.WITHDRAWN
    assert not AuditEvent.objects.filter(action="application.withdrawn").exists()


def test_other_agencies_staff_cannot_touch_the_case(office: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.application_start(actor=Actor(user=office["outsider"]), application=_app(office))


def test_transition_table_is_enforced_everywhere(office: Any) -> None:
    # Every terminal state has no way out, and every state is reachable from the start.
    for terminal in (Status.DELIVERED, Status.CLOSED, Status.WITHDRAWN):
        assert TRANSITIONS[terminal] == frozenset()
    seen, frontier = {Status.SUBMITTED.value}, [Status.SUBMITTED.value]
    while frontier:
        for nxt in TRANSITIONS[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(Status.values)


def test_calendar_correction_recomputes_open_cases(office: Any) -> None:
    app = _app(office)
    done = services.application_decide(
        actor=Actor(user=office["clerk"]),
        application=_app(office),
        outcome=next(iter(outcomes.outcomes())),
        on=D(2020, 10, 9),
    )
    # The correction itself triggers the recomputation (core.hooks), audited and on the timeline.
    core_services.calendar_day_set(actor=Actor.system(), day=D(2020, 10, 28), kind="holiday", name="更正")
    assert AuditEvent.objects.filter(action="application.due_dates_recomputed", data__changed=1).exists()
    assert services.applications_recompute_due_dates(actor=Actor.system()) == 0  # nothing left to move
    app.refresh_from_db()
    done.refresh_from_db()
    assert app.due_date == D(2020, 11, 3)
    assert done.due_date == D(2020, 11, 2)  # decided cases keep their historical due date
    assert app.events.filter(action="due_recomputed").exists()
