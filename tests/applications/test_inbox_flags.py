"""What the inbox tells a clerk at a glance: a 补正 deadline that has passed (第三十条: the case may now be
closed as 视为放弃申请), and nothing about confirmation on a case that no longer awaits it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from gongkai.applications import services
from gongkai.core.context import Actor
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> dict[str, Any]:
    w = factories.small_province()
    return {"agency": w.yuexiu_edu, "clerk": factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)}


def test_a_passed_correction_deadline_is_flagged(office: Any, client: Any) -> None:
    clerk = Actor(user=office["clerk"])
    with time_machine.travel(factories.aware(2021, 3, 2), tick=False):
        app = factories.registered_application(office["agency"], office["clerk"], date(2021, 3, 1))
        services.application_request_correction(
            actor=clerk,
            application=app,
            items="请写明文件名称",
            deadline=date(2021, 3, 16),
            on=date(2021, 3, 2),
        )
    client.force_login(office["clerk"])
    with time_machine.travel(factories.aware(2021, 3, 16), tick=False):
        page = client.get("/staff/applications/").content.decode()
        assert "补正期限 2021-03-16" in page and "补正期限已过" not in page
    with time_machine.travel(factories.aware(2021, 3, 17), tick=False):
        assert "补正期限已过" in client.get("/staff/applications/").content.decode()


def test_a_withdrawn_unconfirmed_case_shows_no_waiting_age(office: Any, client: Any) -> None:
    with time_machine.travel(factories.aware(2021, 3, 1), tick=False):
        app = services.application_submit(
            actor=Actor.public("127.0.0.1"),
            agency=office["agency"],
            applicant=factories.applicant_data(),
            request=factories.request_data(),
            idempotency_key="w1",
        ).application
        services.application_withdraw(
            actor=Actor(user=office["clerk"]), application=app, reason="申请人来信撤回"
        )
        client.force_login(office["clerk"])
        page = client.get("/staff/applications/?status=").content.decode()
    assert (
        app.receipt_number in page and "待确认" not in page.split(app.receipt_number, 1)[1].split("</tr>")[0]
    )
