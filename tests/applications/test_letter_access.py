"""Who gets a letter (it names the applicant): the handling agency's staff and the applicant who verified
the case on the tracker; supervisors and administrators are refused. Every download is audited. Letter
templates reach only whitelisted variables."""

from __future__ import annotations

import importlib
import io
from datetime import date
from typing import Any

import pytest
import time_machine
from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.views.debug import SafeExceptionReporterFilter
from docx import Document

from gongkai.applications import letter_services, letters, services, views
from gongkai.applications.models import Application, Letter, LetterTemplate
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from tests import factories
from tests.applications.test_views import VALID
from tests.portal.html_checks import accessibility_problems

pytestmark = pytest.mark.django_db
GRANTED = "三、本年度办理结果/（一）予以公开"


@pytest.fixture
def world() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    return w


def _decided(w: Any) -> tuple[Application, str]:
    """An application submitted online (so we know its query code), received and decided."""
    with time_machine.travel(factories.aware(2020, 9, 27), tick=False):
        sub = services.application_submit(
            actor=Actor.public(),
            agency=w.yuexiu_edu,
            applicant=factories.applicant_data(),
            request=factories.request_data(),
            idempotency_key="tok-letters",
        )
    clerk = Actor(user=w.clerk)
    services.application_confirm_receipt(actor=clerk, application=sub.application, on=date(2020, 9, 28))
    services.application_decide(
        actor=clerk, application=sub.application, outcome=GRANTED, on=date(2020, 10, 9)
    )
    return sub.application, sub.query_code


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_clerk_downloads_the_letter_she_just_issued_from_the_case_page(client: Client, world: Any) -> None:
    app = factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 9, 28))
    client.force_login(world.clerk)
    client.post(
        f"/staff/applications/{app.pk}/decide/",
        {"decide-on": "2020-10-09", "decide-outcome": GRANTED, "decide-basis": ""},
    )
    letter = Letter.objects.get(application=app)
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    url = f"/staff/applications/{app.pk}/letters/{letter.pk}.docx"
    assert url in page and "尚未出具文书" not in page  # the case page lists what was issued
    assert '<option value="decision">' in page  # and offers the kinds to issue
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "陈明：" in _docx_text(response.content)  # the agency gets the full letter
    event = AuditEvent.objects.get(action="application.letter_downloaded")
    assert (event.actor_label, event.object_id) == ("clerk", str(app.pk))
    assert event.data == {"letter": letter.pk, "number": letter.number, "format": "docx", "masked": False}


@pytest.mark.parametrize(
    "who", ["supervisor", "admin", "superuser", "other_clerk"], ids=lambda w: f"refused-{w}"
)
def test_supervisors_and_administrators_are_refused_letters_and_the_refusal_is_audited(
    client: Client, world: Any, who: str
) -> None:
    app, _code = _decided(world)
    letter = Letter.objects.get(application=app)
    user = {
        "supervisor": lambda: factories.staff("supg", Role.SUPERVISOR, division=world.guangzhou),
        "admin": lambda: factories.staff("adm", Role.ADMIN),
        "superuser": lambda: factories.user("root", is_superuser=True),
        "other_clerk": lambda: factories.staff("oclk", Role.CLERK, agency=world.futian_gov),
    }[who]()
    client.force_login(user)
    url = f"/staff/applications/{app.pk}/letters/{letter.pk}.docx"
    response = client.get(url)
    if who == "other_clerk":  # cannot even see the case: no hint that it exists
        assert response.status_code == 404
        assert not AuditEvent.objects.filter(action__startswith="application.letter_download").exists()
        return
    assert response.status_code == 403
    assert "仅受理机关工作人员和申请人本人" in response.content.decode()
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert letter.number in page and url not in page  # listed, not linked
    assert "仅受理机关工作人员可以下载" in page
    refused = AuditEvent.objects.get(action="application.letter_download_refused")
    assert refused.actor_label == user.username and refused.data["letter"] == letter.pk
    assert not AuditEvent.objects.filter(action="application.letter_downloaded").exists()


def test_the_applicant_downloads_letters_only_in_the_session_that_verified_the_case(
    client: Client, world: Any
) -> None:
    app, code = _decided(world)
    letter = Letter.objects.get(application=app)
    url = f"/track/letters/{letter.pk}.docx"
    assert client.get(url).status_code == 404  # not verified in this session
    # The code in a URL is ignored (it would land in access logs and Referer headers).
    leaked = client.get(f"/track/?receipt_number={app.receipt_number}&query_code={code}")
    assert app.get_status_display() not in leaked.content.decode()
    assert client.get(url).status_code == 404
    page = client.post("/track/", {"receipt_number": app.receipt_number, "query_code": code})
    assert url in page.content.decode()
    assert client.session["tracked"] == [app.pk]  # the verified tracker session
    response = client.get(url)
    assert response.status_code == 200 and "陈明：" in _docx_text(response.content)
    event = AuditEvent.objects.get(action="application.letter_downloaded")
    assert event.actor_label == "public" and event.data["masked"] is False
    assert Client().get(url).status_code == 404  # another browser has not verified it


def test_a_wrong_code_verifies_nothing(client: Client, world: Any) -> None:
    app, _code = _decided(world)
    page = client.post("/track/", {"receipt_number": app.receipt_number, "query_code": "WRONG123"})
    assert "申请编号或查询码不正确" in page.content.decode()
    assert "tracked" not in client.session
    letter = Letter.objects.get(application=app)
    assert client.get(f"/track/letters/{letter.pk}.pdf").status_code == 404


def test_service_refuses_unverified_public_and_unknown_formats(world: Any) -> None:
    app, _code = _decided(world)
    letter = Letter.objects.select_related("application").get(application=app)
    with pytest.raises(PermissionDenied):
        letter_services.letter_download(actor=Actor.public(), letter=letter, fmt="docx")
    with pytest.raises(PermissionDenied):  # verified for another case
        letter_services.letter_download(
            actor=Actor.public(tracker_case_id=app.pk + 1), letter=letter, fmt="docx"
        )
    served = letter_services.letter_download(
        actor=Actor.public(tracker_case_id=app.pk), letter=letter, fmt="docx"
    )
    assert served.filename.endswith(".docx") and served.content.startswith(b"PK")
    with pytest.raises(Exception, match="文书格式不存在"):
        letter_services.letter_download(actor=Actor(user=world.clerk), letter=letter, fmt="exe")


# ------------------------------------------------------------------------------------------ templates
def test_letter_context_is_exactly_the_whitelist(world: Any) -> None:
    app, _code = _decided(world)
    ctx = letters.context(app, "decision", date(2020, 10, 9))
    assert set(ctx) == set(letters.VARIABLES)
    assert all(isinstance(v, str) for v in ctx.values())
    applicant = app.applicant
    for secret in (applicant.id_number, applicant.phone, applicant.address, app.idempotency_key):
        assert secret and all(secret not in v for v in ctx.values())


@pytest.mark.parametrize(
    "body",
    [
        "您的身份证号码为{{ app.applicant.id_number }}。",
        "电话{{ app.applicant.phone }}",
        "{{ app.idempotency_key }}",
        "{% debug %}",
        "{% include 'x.html' %}",
        "{{ description|upper }}",
        "{{ agency.phone }}",
        "请于收到本通知后联系{{ agency_name",  # unclosed: Django would print it as text
        "{{ received",
        "收到 }} 之日",
    ],
)
def test_templates_using_anything_but_the_whitelist_are_refused(body: str) -> None:
    admin = factories.staff("adm", Role.ADMIN)
    template = LetterTemplate.objects.get(kind="decision")
    before = template.body
    with pytest.raises(InvalidInput) as e:
        letter_services.letter_template_update(
            actor=Actor(user=admin), template=template, title=template.title, body=body
        )
    assert "{{ description }}（所需政府信息的描述）" in e.value.fields["body"]  # names what is allowed
    template.refresh_from_db()
    assert template.body == before
    assert not AuditEvent.objects.filter(action="application.letter_template_updated").exists()


def test_an_administrator_rewords_a_template_audited_and_letters_use_it(world: Any) -> None:
    admin = factories.staff("adm", Role.ADMIN)
    template = LetterTemplate.objects.get(kind="decision")
    with pytest.raises(PermissionDenied):
        letter_services.letter_template_update(
            actor=Actor(user=world.clerk), template=template, title="答复书", body="{{ description }}"
        )
    letter_services.letter_template_update(
        actor=Actor(user=admin),
        template=template,
        title="政府信息公开申请答复书",
        body="申请编号{{ receipt_number }}：关于“{{ description }}”。\n\n{{ decision_text }}",
    )
    assert AuditEvent.objects.get(action="application.letter_template_updated").data == {"fields": ["body"]}
    app, _code = _decided(world)
    with Letter.objects.get(application=app).docx.open("rb") as f:
        text = _docx_text(f.read())
    assert f"申请编号{app.receipt_number}：关于“{app.description}”。" in text


def test_a_template_stored_before_the_whitelist_is_not_rendered(world: Any) -> None:
    LetterTemplate.objects.filter(kind="decision").update(body="证件号{{ app.applicant.id_number }}")
    app = factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 9, 28))
    with pytest.raises(InvalidInput, match="模板需由管理员修改"):
        services.application_decide(
            actor=Actor(user=world.clerk), application=app, outcome=GRANTED, on=date(2020, 10, 9)
        )
    assert not Letter.objects.exists()


def test_the_admin_form_shows_the_allowed_variables(client: Client) -> None:
    root = factories.user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    template = LetterTemplate.objects.get(kind="fee")
    url = f"/admin/applications/lettertemplate/{template.pk}/change/"
    response = client.post(url, {"title": template.title, "body": "{{ app.applicant.phone }}"})
    assert response.status_code == 200
    assert "文书模板不能使用“{{ app.applicant.phone }}”" in response.content.decode().replace("&quot;", '"')
    ok = client.post(url, {"title": "收费通知书", "body": "请于{{ fee_due }}前缴纳{{ fee_amount }}元。"})
    assert ok.status_code == 302
    assert AuditEvent.objects.get(action="application.letter_template_updated").actor_label == "root"


# ------------------------------------------------------------------------------------------ tracker
def test_withdrawal_needs_the_verified_session_or_the_code_and_the_code_is_never_in_error_reports(
    client: Client, world: Any, rf: Any
) -> None:
    sub = services.application_submit(
        actor=Actor.public(),
        agency=world.yuexiu_edu,
        applicant=factories.applicant_data(),
        request=factories.request_data(),
        idempotency_key="tok-withdraw",
    )
    app = sub.application
    refused = client.post("/track/withdraw/", {"receipt_number": app.receipt_number, "reason": "不再需要"})
    assert refused.status_code == 403
    client.post("/track/", {"receipt_number": app.receipt_number, "query_code": sub.query_code})
    # The page's withdrawal form carries the receipt number only; the session vouches for it.
    done = client.post(
        "/track/withdraw/", {"receipt_number": app.receipt_number, "reason": "不再需要", "confirm": "on"}
    )
    assert done.status_code == 200 and "已撤回" in done.content.decode()
    app.refresh_from_db()
    assert app.status == "withdrawn"

    request = rf.post("/track/", {"receipt_number": app.receipt_number, "query_code": sub.query_code})
    request.session = client.session
    request.user = AnonymousUser()
    views.track(request)
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleansed["query_code"] != sub.query_code and cleansed["receipt_number"] == app.receipt_number


def test_a_letter_file_lost_after_commit_is_a_clear_404_and_issuing_again_writes_it(
    client: Client, world: Any
) -> None:
    """Files reach storage after the commit; if that write failed, nobody gets a 500."""
    app = factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 9, 28))
    services.application_decide(
        actor=Actor(user=world.clerk), application=app, outcome=GRANTED, on=date(2020, 10, 9)
    )
    letter = Letter.objects.get(application=app)
    letter.docx.storage.delete(letter.docx.name)
    client.force_login(world.clerk)
    url = f"/staff/applications/{app.pk}/letters/{letter.pk}.docx"
    missing = client.get(url)
    assert missing.status_code == 404 and "文书文件缺失" in missing.content.decode()
    again = letter_services.letter_issue(
        actor=Actor(user=world.clerk), application=app, kind="decision", on=date(2020, 10, 9)
    )
    assert again.pk == letter.pk and again.number == letter.number
    response = client.get(url)
    assert response.status_code == 200 and letter.number in _docx_text(response.content)


def test_the_receipt_page_sends_the_code_to_the_tracker_by_post_never_in_a_link(
    client: Client, world: Any
) -> None:
    url = f"/agencies/{world.yuexiu_edu.pk}/apply/"
    token = client.get(url).content.decode().split('name="token" value="', 1)[1].split('"', 1)[0]
    receipt_page = client.get(client.post(url, VALID | {"token": token})["Location"]).content.decode()
    code = receipt_page.split('id="query-code">', 1)[1][:8]
    assert receipt_page.count(code) == 2  # shown once, and in the hidden field of the POST form
    assert f"query_code={code}" not in receipt_page
    assert 'method="post" action="/track/"' in receipt_page
    assert accessibility_problems(receipt_page) == []
    app = Application.objects.get()
    tracked = client.post("/track/", {"receipt_number": app.receipt_number, "query_code": code})
    assert client.session["tracked"] == [app.pk] and app.receipt_number in tracked.content.decode()


def test_the_migration_renames_stored_templates_to_the_whitelisted_variables() -> None:
    migration = importlib.import_module("gongkai.applications.migrations.0006_letter_templates_whitelisted")
    LetterTemplate.objects.filter(kind="extension").update(
        body="{{ app.extension_reason }}延{{app.extension_days}}日{{ agency.name }}{{ app.applicant.phone }}"
    )
    migration.forward(django_apps, None)
    body = LetterTemplate.objects.get(kind="extension").body
    assert body == "{{ extension_reason }}延{{ extension_days }}日{{ agency_name }}{{ app.applicant.phone }}"
    # What cannot be renamed stays, and is refused: the kind cannot be issued until an administrator fixes it.
    assert "app.applicant.phone" in (letters.template_problem(body) or "")
