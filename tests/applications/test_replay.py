"""A replayed submission token (idempotency key) returns the earlier receipt only to the session that
made the submission; another session replaying it learns nothing (the query code derives from the key)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput
from gongkai.orgs.roles import Role
from tests import factories
from tests.applications.test_views import VALID

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Any:
    return factories.small_province()


def _token_of(page: str) -> str:
    return page.split('name="token" value="', 1)[1].split('"', 1)[0]


def test_the_form_session_gets_its_receipt_again_on_replay(client: Client, world: Any) -> None:
    url = f"/agencies/{world.yuexiu_edu.pk}/apply/"
    token = _token_of(client.get(url).content.decode())
    first = client.post(url, VALID | {"token": token})
    assert first.status_code == 302
    again = client.post(url, VALID | {"token": token})  # a double click, a reload after a timeout
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Application.objects.count() == 1


def test_another_session_replaying_the_token_gets_an_error_not_the_receipt(
    client: Client, world: Any
) -> None:
    url = f"/agencies/{world.yuexiu_edu.pk}/apply/"
    token = _token_of(client.get(url).content.decode())
    client.post(url, VALID | {"token": token})
    app = Application.objects.get()
    stranger = Client()
    response = stranger.post(url, VALID | {"token": token})
    html = response.content.decode()
    assert response.status_code == 200
    assert "申请编号和查询码只向提交申请的浏览器显示" in html
    assert app.receipt_number not in html
    assert not any(k.startswith("code:") for k, _v in stranger.session.items())
    assert stranger.get(f"/apply/submitted/{app.receipt_number}/").status_code == 404
    assert Application.objects.count() == 1


def test_a_token_the_session_was_not_given_still_files_a_new_application(client: Client, world: Any) -> None:
    """Only replays are refused: a first submission with an unknown token (e.g. the session expired between
    opening the form and sending it) is filed and its receipt shown."""
    response = client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", VALID | {"token": "not-issued-here"})
    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_the_service_refuses_a_replay_not_allowed(world: Any) -> None:
    kwargs: dict[str, Any] = {
        "actor": Actor.public(),
        "agency": world.yuexiu_edu,
        "applicant": factories.applicant_data(),
        "request": factories.request_data(),
        "idempotency_key": "k-1",
    }
    first = services.application_submit(**kwargs)
    with pytest.raises(InvalidInput) as e:
        services.application_submit(**kwargs, replay_allowed=False)
    assert "submission" in e.value.fields
    again = services.application_submit(**kwargs)
    assert (again.application, again.query_code, again.created) == (
        first.application,
        first.query_code,
        False,
    )


def test_staff_registration_replay_is_bound_to_the_session_too(client: Client, world: Any) -> None:
    clerk = factories.staff("clerk", Role.CLERK, agency=world.yuexiu_edu)
    colleague = factories.staff("colleague", Role.CLERK, agency=world.yuexiu_edu)
    data = VALID | {"channel": "letter_signed", "received_on": "2020-09-28"}
    client.force_login(clerk)
    token = _token_of(client.get("/staff/applications/new/").content.decode())
    assert client.post("/staff/applications/new/", data | {"token": token}).status_code == 302
    other = Client()
    other.force_login(colleague)
    response = other.post("/staff/applications/new/", data | {"token": token})
    assert response.status_code == 200 and "只向提交申请的浏览器显示" in response.content.decode()
    assert Application.objects.count() == 1


def test_sending_the_form_again_after_going_back_files_nothing_twice(client: Client, world: Any) -> None:
    """Back re-fetches the form (it is never cached) with a fresh token, and the browser restores what was
    typed: the same person asking the same agency for the same information again within the hour gets
    the earlier receipt, with a notice, not a second 件."""
    url = f"/agencies/{world.yuexiu_edu.pk}/apply/"
    first = client.post(url, VALID | {"token": _token_of(client.get(url).content.decode())})
    again = client.post(url, VALID | {"token": _token_of(client.get(url).content.decode())}, follow=True)
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "没有重复提交" in again.content.decode()
    assert Application.objects.count() == 1
    other = VALID | {"description": "2021年越秀区义务教育学校招生计划"}  # another request: filed
    client.post(url, other | {"token": _token_of(client.get(url).content.decode())})
    assert Application.objects.count() == 2
    stranger = Client()  # another browser's identical request is not this session's to merge
    stranger.post(url, VALID | {"token": _token_of(stranger.get(url).content.decode())})
    assert Application.objects.count() == 3
