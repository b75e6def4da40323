"""The public application form: staff who open it are told what to do, and every field's rule is
explained in Chinese naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.applications.models import Application
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

VALID = {
    "category": "natural",
    "name": "陈明",
    "id_type": "resident_id",
    "id_number": factories.resident_id(),
    "phone": "13812345678",
    "email": "chenming@example.cn",
    "address": "广州市越秀区东风中路100号",
    "postcode": "510030",
    "description": "2020年越秀区义务教育学校招生计划",
    "info_form": "electronic",
    "delivery": "email",
    "token": "t-1",
}


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
