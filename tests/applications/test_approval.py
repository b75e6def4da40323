"""经办人拟办 → 负责人审批 (per agency, Agency.requires_approval): the handler's reply waits for the head, who
approves it (the reply and its letter) or returns it with a note; nobody approves their own proposal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.applications import letter_services, services
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.states import Status
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db
GRANTED = "三、本年度办理结果/（一）予以公开"


@pytest.fixture
def world() -> Any:
    w = factories.small_province()
    w.yuexiu_edu.requires_approval = True
    w.yuexiu_edu.save(update_fields=["requires_approval"])
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.head = factories.staff("head", Role.APPROVER, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    return w


def _proposed(w: Any) -> Application:
    app = factories.registered_application(w.yuexiu_edu, w.clerk, date(2020, 9, 28))
    services.application_start(actor=Actor(user=w.clerk), application=app)
    return services.application_decide(
        actor=Actor(user=w.clerk), application=app, outcome=GRANTED, on=date(2020, 10, 9)
    )


def _actions(app: Application) -> list[str]:
    return list(app.events.order_by("occurred_at", "id").values_list("action", flat=True))


def test_a_handlers_decision_waits_for_the_head_without_a_letter(world: Any) -> None:
    app = _proposed(world)
    app.refresh_from_db()
    assert (app.status, app.outcome, app.decided_on) == (Status.PENDING_APPROVAL, GRANTED, None)
    assert (app.proposed_by, app.approved_by) == (world.clerk, None)
    assert app.proposed_at is not None
    assert app.letters.count() == 0
    event = app.events.get(action="proposed")
    assert (event.public, event.get_action_label()) == (False, "拟办答复")
    assert AuditEvent.objects.filter(action="application.proposed", object_id=str(app.pk)).count() == 1
    # no decision letter before approval, and the case page does not offer one
    with pytest.raises(InvalidInput, match="尚待负责人审批"):
        letter_services.letter_issue(actor=Actor(user=world.clerk), application=app, kind="decision")
    assert "decision" not in dict(letter_services.issuable_kinds(app))


def test_the_head_approves_and_the_reply_is_issued(world: Any) -> None:
    app = _proposed(world)
    services.application_approve(actor=Actor(user=world.head), application=app, on=date(2020, 10, 12))
    app.refresh_from_db()
    assert (app.status, app.decided_on, app.approved_by) == (Status.DECIDED, date(2020, 10, 12), world.head)
    assert _actions(app)[-4:] == ["proposed", "approved", "decided", "letter_issued"]
    assert app.events.get(action="approved").get_action_label() == "审批同意"
    letter = app.letters.get()
    assert (letter.kind, letter.issued_on) == ("decision", date(2020, 10, 12))


def test_the_handler_cannot_approve_and_nobody_approves_their_own_proposal(world: Any) -> None:
    app = _proposed(world)
    with pytest.raises(PermissionDenied, match="负责人审批"):
        services.application_approve(actor=Actor(user=world.clerk), application=app)
    # a head who proposed (heads handle cases too) needs another head
    other = factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 9, 28))
    services.application_decide(
        actor=Actor(user=world.head), application=other, outcome=GRANTED, on=date(2020, 10, 9)
    )
    with pytest.raises(PermissionDenied, match="不能审批本人拟办"):
        services.application_approve(actor=Actor(user=world.head), application=other)
    with pytest.raises(PermissionDenied, match="不能审批本人拟办"):
        services.application_return(actor=Actor(user=world.head), application=other, note="改")
    second = factories.staff("head2", Role.APPROVER, agency=world.yuexiu_edu)
    services.application_approve(actor=Actor(user=second), application=other, on=date(2020, 10, 9))
    other.refresh_from_db()
    assert (other.status, other.approved_by) == (Status.DECIDED, second)
    app.refresh_from_db()
    assert app.status == Status.PENDING_APPROVAL and app.letters.count() == 0


def test_the_head_returns_with_a_note_and_the_handler_proposes_again(world: Any) -> None:
    app = _proposed(world)
    with pytest.raises(InvalidInput, match="退回修改的意见"):
        services.application_return(actor=Actor(user=world.head), application=app, note="  ")
    services.application_return(
        actor=Actor(user=world.head), application=app, note="请写明已主动公开的网址", on=date(2020, 10, 10)
    )
    app.refresh_from_db()
    assert (app.status, app.outcome, app.proposed_at) == (Status.IN_PROGRESS, "", None)
    event = app.events.get(action="returned")
    assert (event.note, event.public, event.get_action_label()) == (
        "退回修改：请写明已主动公开的网址",
        False,
        "退回修改",
    )
    with pytest.raises(InvalidTransition):
        services.application_approve(actor=Actor(user=world.head), application=app)
    services.application_propose(
        actor=Actor(user=world.clerk), application=app, outcome=GRANTED, on=date(2020, 10, 12)
    )
    app.refresh_from_db()
    assert app.status == Status.PENDING_APPROVAL
    assert _actions(app).count("proposed") == 2


def test_without_the_setting_a_decision_is_direct_and_propose_is_refused(world: Any) -> None:
    world.yuexiu_edu.requires_approval = False
    world.yuexiu_edu.save(update_fields=["requires_approval"])
    app = factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 9, 28))
    with pytest.raises(InvalidInput, match="无须负责人审批"):
        services.application_propose(actor=Actor(user=world.clerk), application=app, outcome=GRANTED)
    services.application_decide(
        actor=Actor(user=world.clerk), application=app, outcome=GRANTED, on=date(2020, 10, 9)
    )
    app.refresh_from_db()
    assert (app.status, app.proposed_by) == (Status.DECIDED, None)
    assert not ApplicationEvent.objects.filter(application=app, action="proposed").exists()


def test_approval_through_the_case_page(client: Client, world: Any) -> None:
    app = _proposed(world)
    client.force_login(world.clerk)
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "待审批" in page and "拟办答复" in page
    approve, give_back = (f'action="/staff/applications/{app.pk}/{a}/"' for a in ("approve", "return"))
    assert approve not in page  # not offered to the handler
    refused = client.post(f"/staff/applications/{app.pk}/approve/", {"approve-on": "2020-10-12"})
    assert refused.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.PENDING_APPROVAL
    client.force_login(world.head)
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert approve in page and give_back in page
    bad = client.post(f"/staff/applications/{app.pk}/return/", {"return-note": ""})
    assert bad.status_code == 400
    client.post(f"/staff/applications/{app.pk}/approve/", {"approve-on": "2020-10-12"})
    app.refresh_from_db()
    assert (app.status, app.approved_by) == (Status.DECIDED, world.head)
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "审批同意" in page and app.letters.get().number in page
