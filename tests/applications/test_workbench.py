"""The clerk's workbench (inbox, case page, staff home) and the applicant's side (form, receipt, tracker)."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.test import Client

from gongkai.applications import outcomes, selectors, services
from gongkai.applications.models import Application
from gongkai.core.context import Actor
from gongkai.core.names import display_name
from gongkai.orgs.roles import Role
from tests import factories
from tests.applications.test_views import VALID
from tests.portal.html_checks import accessibility_problems

pytestmark = pytest.mark.django_db
GRANTED = "三、本年度办理结果/（一）予以公开"
PARTIAL = next(k for k in outcomes.outcomes() if k.startswith(outcomes.PARTIAL))


@pytest.fixture
def world(settings: Any) -> Any:
    settings.GONGKAI_TODAY = "2020-09-30"
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.clerk.last_name, w.clerk.first_name = "邹", "海梓"
    w.clerk.save(update_fields=["last_name", "first_name"])
    return w


def _online(w: Any, key: str = "tok-1") -> tuple[Application, str]:
    from django.conf import settings

    today, settings.GONGKAI_TODAY = settings.GONGKAI_TODAY, "2020-09-27"  # submitted on a Sunday
    with time_machine.travel(factories.aware(2020, 9, 27), tick=False):
        sub = services.application_submit(
            actor=Actor.public(),
            agency=w.yuexiu_edu,
            applicant=factories.applicant_data(),
            request=factories.request_data(),
            idempotency_key=key,
        )
    settings.GONGKAI_TODAY = today
    return sub.application, sub.query_code


def test_names_are_shown_in_chinese_order() -> None:
    assert display_name(SimpleNamespace(last_name="邹", first_name="海梓")) == "邹海梓"
    assert display_name(SimpleNamespace(last_name="Smith", first_name="Anna")) == "Anna Smith"
    blank = SimpleNamespace(last_name="", first_name="", get_username=lambda: "clerk")
    assert display_name(blank) == "clerk"
    assert display_name(None) == ""


def test_outcomes_have_plain_labels_for_citizens() -> None:
    assert outcomes.get(PARTIAL).public_label == "部分公开"
    assert outcomes.get(GRANTED).public_label == "予以公开"
    refused = "三、本年度办理结果/（三）不予公开/1.属于国家秘密"
    assert outcomes.get(refused).public_label == "不予公开：属于国家秘密"
    assert outcomes.get(outcomes.other()).public_label == "其他处理"
    assert all("（" not in o.public_label[:1] for o in outcomes.outcomes().values())


def test_inbox_shows_waiting_confirmation_handler_and_filters_by_channel(client: Client, world: Any) -> None:
    waiting, _code = _online(world)
    registered = factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 9, 28))
    services.application_start(actor=Actor(user=world.clerk), application=registered)
    client.force_login(world.clerk)
    html = client.get("/staff/applications/").content.decode()
    # submitted on Sunday 27 September, not confirmed by Wednesday the 30th: three working days, flagged
    assert "待确认 3个工作日" in html and "未及时确认" in html
    assert "邹海梓" in html and "海梓 邹" not in html
    for header in ("收到日期", "答复期限", "经办人", "申请方式"):
        assert f'<th scope="col">{header}</th>' in html
    assert accessibility_problems(html) == []
    online = client.get("/staff/applications/?channel=online").content.decode()
    assert waiting.receipt_number in online and registered.receipt_number not in online
    assert client.get("/staff/applications/?channel=pigeon").status_code == 400


def test_unconfirmed_age_never_fails_for_a_year_without_holidays(world: Any) -> None:
    from gongkai.core import calendar
    from gongkai.core.models import CalendarYear

    app, _code = _online(world)
    CalendarYear.objects.filter(year=2020).delete()  # the year's schedule is missing (real calendar)
    calendar.invalidate()
    assert selectors.unconfirmed_age(app, date(2020, 10, 5)) == (6, True)  # weekdays only (provisional)


def test_staff_home_counts_my_work(client: Client, world: Any) -> None:
    _online(world)
    mine = factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 9, 28))
    services.application_start(actor=Actor(user=world.clerk), application=mine)
    client.force_login(world.clerk)
    html = client.get("/staff/").content.decode()
    assert "您好，邹海梓。" in html
    work = html.split('id="my-work"')[1].split("</ul>")[0]
    counts = dict((label, int(n)) for n, label in re.findall(r"<strong>(\d+)</strong> (\S+)</a>", work))
    assert counts == {"待确认": 1, "未办结": 1, "即将到期": 0, "已超期": 0}  # 待审批: heads only


def test_case_page_lists_letters_offers_issuable_kinds_and_labels_the_timeline(
    client: Client, world: Any, settings: Any
) -> None:
    app = factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 9, 28))
    client.force_login(world.clerk)
    before = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert '<option value="decision">' not in before  # nothing decided yet: no 答复书 offered
    assert 'value="2020-09-30"' in before  # date inputs prefilled with today, ISO
    services.application_start(actor=Actor(user=world.clerk), application=app)
    settings.GONGKAI_TODAY = "2020-10-09"
    services.application_decide(actor=Actor(user=world.clerk), application=app, outcome=GRANTED)
    letter = app.letters.get()
    html = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "尚未出具文书" not in html
    table = html.split('id="letters"')[1].split("</table>")[0]
    assert letter.title in table and letter.number in table and "2020年10月9日" in table
    assert f"/staff/applications/{app.pk}/letters/{letter.pk}.docx" in table
    assert f"/staff/applications/{app.pk}/letters/{letter.pk}.pdf" in table
    assert '<option value="decision">' in html
    timeline = html.split('class="timeline"')[1].split("</ol>")[0]
    assert "letter_issued" not in timeline and "出具文书" in timeline
    assert "申请人可见" in timeline and "内部" in timeline  # 开始办理 is internal
    assert "邹海梓" in timeline
    assert accessibility_problems(html) == []


def test_the_public_form_preselects_nothing_and_marks_what_is_required(client: Client, world: Any) -> None:
    html = client.get(f"/agencies/{world.yuexiu_edu.pk}/apply/").content.decode()
    for name in ("info_form", "delivery"):
        select = html.split(f'name="{name}"')[1].split("</select>")[0]
        assert '<option value="" selected>请选择</option>' in select
        assert "required" in html.split(f'name="{name}"')[0].rsplit("<select", 1)[1] + select[:40]
    assert html.count("（必填）") >= 9
    assert 'data-category="organisation"' in html and "portal/apply.js" in html
    assert accessibility_problems(html) == []
    response = client.post(
        f"/agencies/{world.yuexiu_edu.pk}/apply/", VALID | {"delivery": "", "info_form": "", "email": ""}
    )
    page = response.content.decode()
    assert "请选择获取信息的方式" in page and "请选择所需信息的形式" in page
    assert "请填写电子邮箱" not in page  # no error about a choice the applicant never made
    assert Application.objects.count() == 0


def test_receipt_states_the_reply_time_and_can_be_printed_and_saved(client: Client, world: Any) -> None:
    client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", VALID)
    app = Application.objects.get()
    html = client.get(f"/apply/submitted/{app.receipt_number}/").content.decode()
    assert "自确认收到申请之日起20个工作日内答复（条例第三十三条）" in html
    assert "第三十一条" in html and "data-print" in html and "portal/print.js" in html
    code = html.split('id="query-code">')[1][:8]
    saved = client.get(f"/apply/submitted/{app.receipt_number}/receipt.txt")
    text = saved.content.decode()
    assert saved["Content-Type"] == "text/plain; charset=utf-8"
    assert saved["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    assert app.receipt_number in text and code in text and "20个工作日" in text and "&" not in text
    assert f"所需政府信息：{app.description}" in text and "申请人：" in text  # what was asked, by whom
    assert Client().get(f"/apply/submitted/{app.receipt_number}/receipt.txt").status_code == 404


def test_tracker_speaks_plainly_and_shows_the_outcome_without_statistics_notes(
    client: Client, world: Any, settings: Any
) -> None:
    app, code = _online(world)
    html = client.post("/track/", {"receipt_number": app.receipt_number, "query_code": code}).content.decode()
    assert "机关尚未确认收到" in html
    assert 'name="confirm"' in html  # 撤回 asks for confirmation in the form itself
    services.application_confirm_receipt(actor=Actor(user=world.clerk), application=app, on=date(2020, 9, 28))
    settings.GONGKAI_TODAY = "2020-10-09"
    services.application_decide(
        actor=Actor(user=world.clerk),
        application=app,
        outcome=PARTIAL,
        reason="第3页载有第三方个人信息，已作区分处理",
    )
    html = client.post("/track/", {"receipt_number": app.receipt_number, "query_code": code}).content.decode()
    outcome = html.split('id="outcome">')[1].split("</dd>")[0]
    assert outcome == "部分公开"
    assert "请查看下方的答复书" in html and "只计这一情形" not in html


def test_the_admin_user_list_names_people_in_chinese_order(client: Client, world: Any) -> None:
    client.force_login(factories.user("root", is_staff=True, is_superuser=True))
    html = client.get("/admin/auth/user/").content.decode()
    assert "邹海梓" in html and "海梓 邹" not in html


def test_tracker_tells_a_late_case_what_the_applicant_can_do(
    client: Client, world: Any, settings: Any
) -> None:
    app, code = _online(world)
    services.application_confirm_receipt(actor=Actor(user=world.clerk), application=app, on=date(2020, 9, 28))
    query = {"receipt_number": app.receipt_number, "query_code": code}
    settings.GONGKAI_TODAY = "2020-11-02"  # the due date itself: not late yet
    assert "第五十一条" not in client.post("/track/", query).content.decode()
    settings.GONGKAI_TODAY = "2020-11-03"
    html = client.post("/track/", query).content.decode()
    assert "答复期限已过而机关尚未答复" in html and "行政复议" in html and "第五十一条" in html


def test_tracker_after_withdrawal_shows_no_statistics_category(client: Client, world: Any) -> None:
    app, code = _online(world)
    query = {"receipt_number": app.receipt_number, "query_code": code}
    client.post("/track/", query)
    client.post("/track/withdraw/", {"receipt_number": app.receipt_number, "confirm": "on"})
    html = client.post("/track/", query).content.decode()
    assert "您已撤回申请" in html and "其他处理" not in html and "机关确认收到后计算" not in html
