"""The annual report's workflow table (gongkai.reports.states) is the one the services enforce: every
transition in it is reachable through a service, every other one raises and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gongkai.core.context import Actor
from gongkai.core.errors import InvalidTransition, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.reports.states import ACTIONS, TRANSITIONS, Status, actions_for, ensure_transition
from tests import factories
from tests.reports.prose import FULL_PROSE

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def people() -> dict[str, Any]:
    w = factories.small_province()
    return {
        "agency": w.yuexiu_edu,
        "preparer": Actor(factories.staff("approver", Role.APPROVER, agency=w.yuexiu_edu)),
        "reviewer": Actor(factories.staff("supx", Role.SUPERVISOR, division=w.yuexiu)),
    }


def _actions(p: dict[str, Any]) -> dict[str, Callable[[AnnualReport], AnnualReport]]:
    """The service that moves a report into each status, called by the person entitled to it."""
    return {
        S.SUBMITTED: lambda r: services.report_submit(actor=p["preparer"], report=r),
        S.RETURNED: lambda r: services.report_return(actor=p["reviewer"], report=r, reason="请补充"),
        S.APPROVED: lambda r: services.report_approve(actor=p["reviewer"], report=r),
        S.PUBLISHED: lambda r: services.report_publish(actor=p["preparer"], report=r, confirm=True),
    }


def test_table_covers_every_status_and_everything_leads_to_publication() -> None:
    assert set(TRANSITIONS) == set(S.values)
    assert TRANSITIONS[S.PUBLISHED] == frozenset()
    for status in S.values:
        seen, frontier = {status}, [status]
        while frontier:
            for nxt in TRANSITIONS[frontier.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        assert S.PUBLISHED in seen, status


@pytest.mark.parametrize("old", S.values)
@pytest.mark.parametrize("new", S.values)
def test_ensure_transition_follows_the_table(old: str, new: str) -> None:
    if new in TRANSITIONS[old]:
        ensure_transition(old, new)
    else:
        with pytest.raises(InvalidTransition):
            ensure_transition(old, new)


def test_every_transition_is_reachable_through_the_services_and_no_other(people: dict[str, Any]) -> None:
    report = services.report_open(
        actor=people["preparer"], scope="agency", agency=people["agency"], year=2020
    )
    services.report_update_prose(
        actor=people["preparer"],
        report=report,
        prose=FULL_PROSE,
    )
    actions = _actions(people)
    walk = [
        S.SUBMITTED,
        S.RETURNED,
        S.SUBMITTED,
        S.APPROVED,
        S.RETURNED,
        S.SUBMITTED,
        S.APPROVED,
        S.PUBLISHED,
    ]
    taken: set[tuple[str, str]] = set()
    for target in walk:
        old = report.status
        for illegal in set(actions) - TRANSITIONS[old]:
            events = AuditEvent.objects.count()
            with pytest.raises(InvalidTransition):
                actions[illegal](report)
            report.refresh_from_db()
            assert (report.status, AuditEvent.objects.count()) == (old, events)
        report = actions[target](report)
        report.refresh_from_db()
        assert report.status == target
        taken.add((old, target))
    assert taken == {(old, new) for old, targets in TRANSITIONS.items() for new in targets}
    audited = AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="report.")
    assert list(audited.order_by("pk").values_list("action", flat=True)) == [
        "report.opened",
        "report.prose_updated",
        *(f"report.{t}" for t in walk),
    ]


@pytest.mark.parametrize("actor", [Actor.public("10.0.0.1"), Actor.system("worker")])
def test_the_public_and_system_tasks_cannot_open_a_report(people: dict[str, Any], actor: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.report_open(actor=actor, scope="agency", agency=people["agency"], year=2020)
    services.report_open(actor=people["preparer"], scope="agency", agency=people["agency"], year=2020)
    with pytest.raises(PermissionDenied):  # nor get hold of an existing draft
        services.report_open(actor=actor, scope="agency", agency=people["agency"], year=2020)
    assert AnnualReport.objects.count() == 1


def test_the_page_offers_exactly_the_actions_the_table_allows() -> None:
    assert {s: actions_for(s) for s in S.values} == {
        S.DRAFT: ["prose", "submit"],
        S.SUBMITTED: ["approve", "return"],
        S.RETURNED: ["prose", "submit"],
        S.APPROVED: ["return", "publish"],
        S.PUBLISHED: ["correct"],
    }
    for action, target in (("submit", S.SUBMITTED), ("approve", S.APPROVED), ("return", S.RETURNED)):
        assert ACTIONS[action] == {old for old in S.values if target in TRANSITIONS[old]}


def test_the_report_page_shows_the_buttons_of_its_status(client: Any, people: dict[str, Any]) -> None:
    report = services.report_open(
        actor=people["preparer"], scope="agency", agency=people["agency"], year=2020
    )
    services.report_update_prose(
        actor=people["preparer"],
        report=report,
        prose=FULL_PROSE,
    )
    services.report_submit(actor=people["preparer"], report=report)
    client.force_login(people["reviewer"].user)
    page = client.get(f"/staff/reports/{report.pk}/").content.decode()
    shown = {a for a in ACTIONS if f"/staff/reports/{report.pk}/{a}/" in page}
    assert shown == {"approve", "return"}
