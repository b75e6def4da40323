"""行政复议/行政诉讼 cases follow gongkai.appeals.states: pending → one result, once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.appeals import services
from gongkai.appeals.models import Appeal
from gongkai.appeals.states import CONCLUDED, TRANSITIONS, Result, ensure_transition
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> dict[str, Any]:
    w = factories.small_province()
    return {"agency": w.yuexiu_edu, "clerk": Actor(factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu))}


def _case(office: dict[str, Any]) -> Appeal:
    return services.appeal_record(
        actor=office["clerk"], agency=office["agency"], kind=Appeal.Kind.REVIEW, filed_on=date(2020, 3, 2)
    )


@pytest.mark.parametrize("old", Result.values)
@pytest.mark.parametrize("new", Result.values)
def test_ensure_transition_follows_the_table(old: str, new: str) -> None:
    if new in TRANSITIONS[old]:
        ensure_transition(old, new)
    else:
        with pytest.raises(InvalidTransition):
            ensure_transition(old, new)


def test_table_every_result_is_reachable_from_pending_and_final() -> None:
    assert set(TRANSITIONS) == set(Result.values)
    assert TRANSITIONS[Result.PENDING] == CONCLUDED == {Result.UPHELD, Result.CORRECTED, Result.OTHER}
    assert all(TRANSITIONS[r] == frozenset() for r in CONCLUDED)


@pytest.mark.parametrize("result", sorted(CONCLUDED))
def test_every_result_is_reachable_through_the_service(office: dict[str, Any], result: str) -> None:
    concluded = services.appeal_conclude(
        actor=office["clerk"], appeal=_case(office), result=result, on=date(2020, 6, 1)
    )
    concluded.refresh_from_db()
    assert (concluded.result, concluded.concluded_on) == (result, date(2020, 6, 1))
    assert AuditEvent.objects.filter(action="appeal.concluded", object_id=str(concluded.pk)).count() == 1


def test_a_case_is_concluded_only_once(office: dict[str, Any]) -> None:
    case = _case(office)
    services.appeal_conclude(actor=office["clerk"], appeal=case, result="upheld", on=date(2020, 6, 1))
    for result in sorted(CONCLUDED):  # the same object as the caller had it, still showing "pending"
        with pytest.raises(InvalidTransition):
            services.appeal_conclude(actor=office["clerk"], appeal=case, result=result, on=date(2020, 7, 1))
    case.refresh_from_db()
    assert (case.result, case.concluded_on) == ("upheld", date(2020, 6, 1))
    assert AuditEvent.objects.filter(action="appeal.concluded").count() == 1


def test_pending_is_not_a_result(office: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput):
        services.appeal_conclude(
            actor=office["clerk"], appeal=_case(office), result="pending", on=date(2020, 6, 1)
        )


@pytest.mark.parametrize("actor", [Actor.public("10.0.0.1"), Actor.system("worker")])
def test_neither_the_public_nor_a_system_task_records_or_concludes(
    office: dict[str, Any], actor: Actor
) -> None:
    with pytest.raises(PermissionDenied):
        services.appeal_record(actor=actor, agency=office["agency"], kind="review", filed_on=date(2020, 3, 2))
    case = _case(office)
    with pytest.raises(PermissionDenied):
        services.appeal_conclude(actor=actor, appeal=case, result="upheld", on=date(2020, 6, 1))
    case.refresh_from_db()
    assert case.result == Result.PENDING


def test_a_second_conclusion_posted_on_the_case_page_is_refused(client: Any) -> None:
    w = factories.small_province()
    clerk = factories.staff("pageclerk", Role.CLERK, agency=w.yuexiu_edu)
    app = factories.registered_application(w.yuexiu_edu, clerk, date(2020, 3, 2))
    case = services.appeal_record(
        actor=Actor(clerk), agency=w.yuexiu_edu, application=app, kind="review", filed_on=date(2020, 4, 1)
    )
    client.force_login(clerk)
    url = f"/staff/applications/{app.pk}/appeals/{case.pk}/"
    prefix = f"conclude-{case.pk}"
    client.post(url, {f"{prefix}-result": "upheld", f"{prefix}-on": "2020-06-01"})
    page = client.post(url, {f"{prefix}-result": "corrected", f"{prefix}-on": "2020-07-01"}, follow=True)
    assert "该案件已审结（结果维持），不能再次登记审结结果" in page.content.decode()
    case.refresh_from_db()
    assert (case.result, case.concluded_on) == ("upheld", date(2020, 6, 1))
