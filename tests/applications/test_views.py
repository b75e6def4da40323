"""The public form, receipt and tracker; staff inbox and case page; masking of personal data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.applications.models import Application
from gongkai.applications.states import Status
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from tests import factories
from tests.portal.html_checks import accessibility_problems

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
    w.supervisor = factories.staff("supg", Role.SUPERVISOR, division=w.guangzhou)  # type: ignore[attr-defined]
    return w


def test_public_form_is_accessible(client: Client, world: Any) -> None:
    html = client.get(f"/agencies/{world.yuexiu_edu.pk}/apply/").content.decode()
    assert "向广州市越秀区教育局申请政府信息公开" in html
    assert accessibility_problems(html) == []


def test_every_invalid_field_gets_a_specific_chinese_error_and_nothing_is_lost(
    client: Client, world: Any
) -> None:
    bad = VALID | {
        "id_number": "440106199001011230",
        "phone": "12345",
        "email": "not-an-email",
        "postcode": "51003",
        "description": "无",
        "name": "  ",
    }
    response = client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "校验位错误" in errors["id_number"][0]
    assert "11位手机号码" in errors["phone"][0]
    assert "电子邮箱格式不正确" in errors["email"][0]
    assert "6位数字" in errors["postcode"][0]
    assert "特征性描述" in errors["description"][0]
    assert "姓名" in errors["name"][0]
    html = response.content.decode()
    assert 'value="广州市越秀区东风中路100号"' in html  # what was typed is kept
    assert 'id="error-summary"' in html
    assert accessibility_problems(html) == []
    assert Application.objects.count() == 0


def test_organisation_needs_a_valid_credit_code_and_contact(client: Client, world: Any) -> None:
    data = VALID | {
        "category": "legal",
        "name": "广东某某律师事务所",
        "uscc": "31440000MD0000000X",
        "contact_person": "",
    }
    errors = client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", data).context["form"].errors
    assert "统一社会信用代码" in errors["uscc"][0]
    assert "联系人" in errors["contact_person"][0]


def test_submit_show_receipt_and_replay_is_idempotent(client: Client, world: Any) -> None:
    url = f"/agencies/{world.yuexiu_edu.pk}/apply/"
    first = client.post(url, VALID)
    assert first.status_code == 302
    for _ in range(3):
        assert client.post(url, VALID)["Location"] == first["Location"]
    assert Application.objects.count() == 1
    page = client.get(first["Location"]).content.decode()
    app = Application.objects.get()
    assert app.receipt_number in page
    code = page.split('id="query-code">', 1)[1].split("<", 1)[0]
    assert len(code) == 8
    # The tracker: number + code, no account.
    tracked = client.post(
        "/track/", {"receipt_number": app.receipt_number, "query_code": code}
    ).content.decode()
    assert "待确认" in tracked and "提交申请" in tracked
    assert accessibility_problems(tracked) == []
    wrong = client.post(
        "/track/", {"receipt_number": app.receipt_number, "query_code": "WRONG123"}
    ).content.decode()
    assert "申请编号或查询码不正确" in wrong and "待确认" not in wrong
    # Another browser (no session) cannot see the query code page.
    assert Client().get(first["Location"]).status_code == 404


def test_applicant_can_withdraw_on_the_tracker(client: Client, world: Any) -> None:
    client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", VALID)
    app = Application.objects.get()
    code = (
        client.get(f"/apply/submitted/{app.receipt_number}/")
        .content.decode()
        .split('id="query-code">')[1][:8]
    )
    data = {"receipt_number": app.receipt_number, "query_code": code, "reason": "不再需要"}
    unconfirmed = client.post("/track/withdraw/", data)  # 撤回 asks for confirmation first
    assert unconfirmed.status_code == 400
    assert "请勾选“我确认撤回本申请”" in unconfirmed.content.decode()
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    client.post("/track/withdraw/", data | {"confirm": "on"})
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN


def _registered(world: Any) -> Application:
    return factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 9, 28))


def test_clerk_sees_masked_data_until_revealing_which_is_audited(client: Client, world: Any) -> None:
    app = _registered(world)
    client.force_login(world.clerk)
    html = client.get(f"/staff/applications/{app.pk}/").content.decode()
    id_number = app.applicant.id_number
    assert id_number not in html and id_number[:6] + "********" + id_number[-4:] in html
    assert "13812345678" not in html and "138****5678" in html
    assert accessibility_problems(html) == []
    revealed = client.post(f"/staff/applications/{app.pk}/applicant/").content.decode()
    assert id_number in revealed and "13812345678" in revealed
    event = AuditEvent.objects.get(action="application.personal_data_viewed")
    assert (event.actor_label, event.object_id) == ("clerk", str(app.pk))
    assert id_number not in str(event.data)  # the log never holds the data itself


def test_supervisor_sees_the_case_masked_and_cannot_reveal(client: Client, world: Any) -> None:
    app = _registered(world)
    client.force_login(world.supervisor)
    html = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert app.applicant.id_number not in html and "13812345678" not in html and "东风中路100号" not in html
    assert "陈*" in html
    assert client.post(f"/staff/applications/{app.pk}/applicant/").status_code == 403
    assert not AuditEvent.objects.filter(action="application.personal_data_viewed").exists()
    stats = client.get("/staff/supervision/440100/?year=" + str(app.submitted_at.year)).content.decode()
    assert "越秀区" in stats
    assert app.applicant.id_number not in stats


def test_other_agencies_cannot_open_the_case(client: Client, world: Any) -> None:
    app = _registered(world)
    client.force_login(factories.staff("sz", Role.CLERK, agency=world.futian_gov))
    assert client.get(f"/staff/applications/{app.pk}/").status_code == 404


def test_case_actions_through_the_page(client: Client, world: Any) -> None:
    app = _registered(world)
    client.force_login(world.clerk)
    assert client.post(f"/staff/applications/{app.pk}/start/").status_code == 302
    bad = client.post(
        f"/staff/applications/{app.pk}/correction/",
        {"correction-on": "2020-10-20", "correction-items": "文号", "correction-deadline": "2020-11-01"},
    )
    assert bad.status_code == 400
    assert "7个工作日" in bad.content.decode()
    ok = client.post(
        f"/staff/applications/{app.pk}/decide/",
        {
            "decide-on": "2020-10-30",
            "decide-outcome": "三、本年度办理结果/（一）予以公开",
            "decide-basis": "",
        },
    )
    assert ok.status_code == 302
    app.refresh_from_db()
    assert (app.status, app.decided_on) == (Status.DECIDED, date(2020, 10, 30))
    inbox = client.get("/staff/applications/?status=").content.decode()
    assert app.receipt_number in inbox
    assert accessibility_problems(inbox) == []


def test_staff_registers_a_letter(client: Client, world: Any) -> None:
    client.force_login(world.clerk)
    data = VALID | {"channel": "letter_signed", "received_on": "2020-09-28", "token": "staff-1"}
    response = client.post("/staff/applications/new/", data)
    assert response.status_code == 302
    app = Application.objects.get()
    assert (app.channel, app.received_on, app.due_date) == (
        "letter_signed",
        date(2020, 9, 28),
        date(2020, 11, 2),
    )


def test_referral_names_the_competent_agency_and_appeals_are_recorded(client: Client, world: Any) -> None:
    app = _registered(world)
    client.force_login(world.clerk)
    unable = "三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息"
    # One name field (第三十六条第（五）项): the form no longer asks for the organ twice.
    form = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert 'name="decide-competent_name"' in form and 'name="decide-referred_agency"' not in form
    assert "法律依据（可选：留空则按办理结果自动引用条款）" in form and "法律依据及理由" not in form
    type(world.gz_edu).objects.filter(pk=world.gz_edu.pk).update(phone="020-83862525")
    client.post(
        f"/staff/applications/{app.pk}/decide/",
        {"decide-on": "2020-10-20", "decide-outcome": unable, "decide-competent_name": "广州市教育局"},
    )
    app.refresh_from_db()  # a name matching an agency on the platform links it, and its phone is the contact
    assert app.referred_agency == world.gz_edu and app.competent_contact == "020-83862525"
    letter = app.letters.get(kind="decision")
    assert letter.number.endswith("〔2020〕1号")
    client.post(
        f"/staff/applications/{app.pk}/appeals/",
        {"appeal-kind": "review", "appeal-filed_on": "2020-12-01", "appeal-case_number": "穗府复〔2020〕8号"},
    )
    appeal = app.appeals.get()
    assert (appeal.kind, appeal.result) == ("review", "pending")
    client.post(
        f"/staff/applications/{app.pk}/appeals/{appeal.pk}/",
        {f"conclude-{appeal.pk}-result": "upheld", f"conclude-{appeal.pk}-on": "2021-01-20"},
    )
    appeal.refresh_from_db()
    assert (appeal.result, appeal.concluded_on) == ("upheld", date(2021, 1, 20))
    assert AuditEvent.objects.filter(action__in=["appeal.recorded", "appeal.concluded"]).count() == 2


def test_inbox_flags_overdue_and_filters_mine(client: Client, world: Any) -> None:
    from gongkai.applications import services as svc
    from gongkai.core.context import Actor

    late = _registered(world)  # due 2020-11-02: long overdue today
    other = _registered(world)
    svc.application_start(actor=Actor(user=world.clerk), application=late)
    colleague = factories.staff("colleague", Role.CLERK, agency=world.yuexiu_edu)
    svc.application_start(actor=Actor(user=colleague), application=other)
    client.force_login(world.clerk)
    overdue = client.get("/staff/applications/?flag=overdue").content.decode()
    assert late.receipt_number in overdue and "已超期" in overdue
    mine = client.get("/staff/applications/?mine=1").content.decode()
    assert late.receipt_number in mine and other.receipt_number not in mine


def test_outcome_is_shown_as_people_read_it(client: Client, world: Any) -> None:
    from gongkai.applications import services as svc
    from gongkai.core.context import Actor

    app = _registered(world)
    svc.application_decide(
        actor=Actor(user=world.clerk),
        application=app,
        outcome="三、本年度办理结果/（三）不予公开/6.属于四类过程性信息",
        reason="该方案仍为讨论稿，尚未定稿印发",  # 第三十六条第（三）项: 说明理由
        on=date(2020, 10, 9),
    )
    client.force_login(world.clerk)
    html = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "（三）不予公开 6.属于四类过程性信息" in html and "不予公开/6." not in html


def test_every_timeline_action_has_a_chinese_label() -> None:
    """The tracker and the case page show ApplicationEvent labels; a code without one ("letter_issued")
    reached the public as English."""
    import re
    from pathlib import Path

    import gongkai.applications
    from gongkai.applications.models import ApplicationEvent

    package = Path(gongkai.applications.__file__).parent
    source = "".join(p.read_text(encoding="utf-8") for p in package.glob("*.py"))
    actions = set(re.findall(r'_event\(\s*app,\s*actor,\s*"(\w+)"', source))
    actions |= set(re.findall(r'action="(\w+)"', source))
    assert {"submitted", "decided", "letter_issued"} <= actions
    assert sorted(actions - set(ApplicationEvent.LABELS)) == []
