"""The public application form: staff who open it are told what to do, and every field's rule is
explained in Chinese naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.applications.models import Application
from gongkai.orgs.roles import Role
from tests import factories
from tests.applications.test_views import VALID
from tests.security.test_hostile_params import unlimited  # noqa: F401  # the walk reaches every view

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    return w


def test_a_clerk_of_the_agency_can_use_the_public_form_and_is_told_how_it_is_recorded(world: Any) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.clerk)
    url = f"/agencies/{world.yuexiu_edu.pk}/apply/"
    page = client.get(url)
    assert page.status_code == 200 and "在此提交的申请记为本机关工作人员代为提交" in page.content.decode()
    assert client.post(url, VALID).status_code == 302
    assert Application.objects.get().agency == world.yuexiu_edu


def test_other_staff_opening_the_public_form_get_an_explanation_not_a_500(world: Any) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(factories.staff("sup", Role.SUPERVISOR, division=world.guangzhou))
    url = f"/agencies/{world.yuexiu_edu.pk}/apply/"
    page = client.get(url).content.decode()
    assert "不是本机关的经办人，不能以工作人员身份提交此申请" in page
    refused = client.post(url, VALID)
    assert refused.status_code == 403
    assert "只有本机关经办人可以登记申请" in refused.content.decode()
    assert Application.objects.count() == 0


def _errors(client: Client, world: Any, **changes: str) -> dict[str, list[str]]:
    response = client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", VALID | changes)
    assert response.status_code == 200 and Application.objects.count() == 0
    return dict(response.context["form"].errors)


@pytest.mark.parametrize("email", ["a@b", "chen@@example.cn", "chen ming@example.cn", "@example.cn", "陈@"])
def test_email_is_checked_with_djangos_validator(client: Client, world: Any, email: str) -> None:
    assert _errors(client, world, email=email)["email"] == ["电子邮箱格式不正确，应如 name@example.cn"]


def test_resident_id_born_in_the_future_is_refused(client: Client, world: Any) -> None:
    future = factories.resident_id("44010620990101123")  # valid check digit, born 2099-01-01
    assert _errors(client, world, id_number=future)["id_number"] == [
        "居民身份证号码中的出生日期2099年1月1日晚于今天，请核对后重新填写"
    ]
    impossible = factories.resident_id("44010619900230123")  # 30 February
    assert _errors(client, world, id_number=impossible)["id_number"] == ["居民身份证号码中的出生日期无效"]


def test_too_long_values_are_named_in_chinese(client: Client, world: Any) -> None:
    errors = _errors(client, world, address="路" * 201, name="陈" * 101)
    assert errors["address"] == ["“通信地址”不能超过200个字（现有201个）"]
    assert errors["name"] == ["“姓名或名称”不能超过100个字（现有101个）"]


def test_nul_characters_are_refused_not_a_500(world: Any) -> None:
    client = Client(raise_request_exception=False)
    response = client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", VALID | {"name": "陈\x00明"})
    assert response.status_code == 200 and Application.objects.count() == 0
    assert response.context["form"].errors["name"]


@pytest.mark.parametrize(
    ("received_on", "message"),
    [
        ("9999-12-31", "“收到申请之日”不能晚于今天"),
        ("0001-01-01", "“收到申请之日”不能早于2008年5月1日（《政府信息公开条例》施行之日）"),
        ("2020-02-30", "“收到申请之日”不是存在的日期，请按YYYY-MM-DD填写"),
    ],
)
def test_staff_registration_with_an_impossible_date_is_a_field_error(
    world: Any, received_on: str, message: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.clerk)
    data = VALID | {"channel": "in_person", "received_on": received_on}
    response = client.post("/staff/applications/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [message]
    assert Application.objects.count() == 0


def test_case_action_dated_in_year_9999_is_a_field_error(world: Any) -> None:
    from datetime import date

    app = factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 3, 2))
    client = Client(raise_request_exception=False)
    client.force_login(world.clerk)
    response = client.post(
        f"/staff/applications/{app.pk}/extend/",
        {"extend-on": "9999-12-31", "extend-days": "10", "extend-reason": "需要征求意见"},
    )
    assert response.status_code == 400
    assert "“批准日期”不能晚于" in response.content.decode()


def test_each_field_of_the_public_form_with_hostile_values_gives_no_5xx(world: Any) -> None:
    """One field at a time (the others valid), so that each value reaches the service's checks."""
    from urllib.parse import unquote

    from tests.security.test_hostile_params import VALUES

    client = Client(raise_request_exception=False)
    url = f"/agencies/{world.yuexiu_edu.pk}/apply/"
    failures, seen = [], set()
    for field in VALID:
        for value in (*VALUES, "", " ", "<script>alert(1)</script>"):
            data = VALID | {field: unquote(value), "token": f"{field}-{value[:30]}"}
            status = client.post(url, data).status_code
            seen.add(status)
            if status >= 500:
                failures.append(f"{field}={value[:30]} → {status}")
    assert failures == []
    assert seen == {200, 302}  # refused with the form's errors, or accepted; never rate-limited here


def test_a_tampered_form_token_is_a_form_error_not_a_500(world: Any) -> None:
    client = Client(raise_request_exception=False)
    response = client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", VALID | {"token": "a" * 65})
    assert response.status_code == 200
    assert "表单已失效，请刷新页面后重新填写提交" in response.content.decode()
    assert Application.objects.count() == 0


def test_each_field_of_the_staff_registration_with_hostile_values_gives_no_5xx(world: Any) -> None:
    from urllib.parse import unquote

    from tests.security.test_hostile_params import VALUES

    client = Client(raise_request_exception=False)
    client.force_login(world.clerk)
    valid = VALID | {"channel": "in_person", "received_on": "2020-03-02"}
    assert client.post("/staff/applications/new/", valid | {"token": "baseline"}).status_code == 302
    failures = []
    for field in valid:
        for value in VALUES:
            data = valid | {field: unquote(value)}
            if field != "token":
                data["token"] = f"{field}-{value[:30]}"
            status = client.post("/staff/applications/new/", data).status_code
            if status >= 500:
                failures.append(f"{field}={value[:30]} → {status}")
    assert failures == []
