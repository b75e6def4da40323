"""Erasure after the retention period reaches the letters (re-rendered masked) and the free text, deletes
files only after the rows committed, and leaves an identity key that is a keyed HMAC."""

from __future__ import annotations

import hashlib
import importlib
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from docx import Document

from gongkai.applications import letter_services, services
from gongkai.applications.erasure import ERASED
from gongkai.applications.models import Applicant, Application, Letter
from gongkai.core.context import Actor
from gongkai.core.errors import NotFound
from gongkai.core.models import AuditEvent
from gongkai.core.personal import identity_key
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db
GRANTED = "三、本年度办理结果/（一）予以公开"
ID_NUMBER = factories.resident_id()


@pytest.fixture
def office() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    return w


def _old_case(w: Any) -> Application:
    """Received 2020-09-28 with an ID scan; a correction letter, then a decision letter (2020-10-20)."""
    clerk = Actor(user=w.clerk)
    app = services.application_submit(
        actor=clerk,
        agency=w.yuexiu_edu,
        applicant=factories.applicant_data(),
        request=factories.request_data(description="陈明家门前东风中路100号道路改造的规划许可"),
        channel="in_person",
        received_on=date(2020, 9, 28),
        idempotency_key="old-token",
        attachments=[SimpleUploadedFile("id.pdf", b"%PDF-1.4\n%%EOF\n")],
    ).application
    services.application_request_correction(
        actor=clerk,
        application=app,
        items="请写明陈明的房产证号",
        deadline=date(2020, 10, 20),  # 第三十条 合理的补正期限: at least 10 working days (setting)
        on=date(2020, 9, 29),
    )
    services.application_receive_correction(actor=clerk, application=app, on=date(2020, 10, 9))
    services.application_decide(actor=clerk, application=app, outcome=GRANTED, on=date(2020, 10, 20))
    return app


def _text(letter: Letter) -> str:
    with letter.docx.open("rb") as f:
        return "\n".join(p.text for p in Document(io.BytesIO(f.read())).paragraphs)


def test_letters_are_re_rendered_masked_and_old_files_go_only_after_commit(office: Any) -> None:
    app = _old_case(office)
    before = {letter.pk: letter.docx.name for letter in Letter.objects.filter(application=app)}
    attachment = app.attachments.get().file.name
    assert len(before) == 2 and all(default_storage.exists(n) for n in before.values())
    assert "陈明：" in _text(Letter.objects.get(kind="decision"))

    with transaction.atomic():  # the erasure inside a larger transaction: nothing touches files yet
        erased = services.personal_data_erase_expired(actor=Actor.system("erasure"), today=date(2025, 10, 21))
        assert erased == 1
        for letter in Letter.objects.filter(application=app):  # rows point at the masked files ...
            assert letter.masked and letter.docx.name != before[letter.pk] and not letter.pdf
            assert not default_storage.exists(letter.docx.name)  # ... written after the commit
            assert default_storage.exists(before[letter.pk])
        assert default_storage.exists(attachment)
    # Committed: the masked letters exist, the originals and the attachment are gone.
    for letter in Letter.objects.filter(application=app):
        text = _text(letter)
        assert "陈*：" in text and letter.number in text  # the agency's record stays, the person does not
        for secret in ("陈明", "东风中路100号", "房产证号", ID_NUMBER):
            assert secret not in text
        assert ERASED in text
    assert not any(default_storage.exists(n) for n in before.values())
    assert not default_storage.exists(attachment)
    event = AuditEvent.objects.get(action="applicant.personal_data_erased")
    assert event.data == {"applicants": 1, "cutoff": "2020-10-21", "files": 3}


def test_free_text_that_may_carry_personal_data_is_erased_statistics_stay(office: Any) -> None:
    app = _old_case(office)
    services.personal_data_erase_expired(actor=Actor.system("erasure"), today=date(2025, 10, 21))
    app.refresh_from_db()
    assert (app.description, app.correction_items, app.idempotency_key) == (ERASED, ERASED, None)
    assert (app.status, app.outcome, app.received_on, app.decided_on, app.applicant_category) == (
        "decided",
        GRANTED,
        date(2020, 9, 28),
        date(2020, 10, 20),
        "natural",
    )
    notes = dict(app.events.values_list("action", "note"))
    assert notes["correction_requested"] == ERASED
    assert "房产证号" not in " ".join(app.events.values_list("note", flat=True))


def test_the_masked_letter_is_still_served_to_the_agency_and_says_so_in_the_audit(office: Any) -> None:
    app = _old_case(office)
    services.personal_data_erase_expired(actor=Actor.system("erasure"), today=date(2025, 10, 21))
    letter = Letter.objects.select_related("application").get(application=app, kind="decision")
    served = letter_services.letter_download(actor=Actor(user=office.clerk), letter=letter, fmt="docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(served.content)).paragraphs)
    assert "陈*：" in text and "陈明" not in text
    assert AuditEvent.objects.get(action="application.letter_downloaded").data["masked"] is True


def test_letters_of_applicants_erased_before_masking_existed_lose_their_files(office: Any) -> None:
    app = _old_case(office)
    names = list(Letter.objects.filter(application=app).values_list("docx", flat=True))
    Applicant.objects.filter(pk=app.applicant_id).update(
        name=ERASED, id_number="", erased_at="2025-01-01T00:00Z"
    )
    services.personal_data_erase_expired(actor=Actor.system("erasure"), today=date(2025, 10, 21))
    assert set(Letter.objects.filter(application=app).values_list("docx", "masked")) == {("", True)}
    assert not any(default_storage.exists(n) for n in names)
    letter = Letter.objects.select_related("application").filter(application=app).first()
    assert letter is not None
    with pytest.raises(NotFound, match="已按保存期限删除"):
        letter_services.letter_download(actor=Actor(user=office.clerk), letter=letter, fmt="docx")


def _stored_files() -> set[str]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return {p.name for p in root.rglob("*") if p.is_file()}


def test_a_rollback_deletes_no_file_and_writes_none(office: Any) -> None:
    app = _old_case(office)
    names = set(Letter.objects.filter(application=app).values_list("docx", flat=True))
    files = {
        p.name for p in Path(settings.STORAGES["default"]["OPTIONS"]["location"]).rglob("*") if p.is_file()
    }
    with pytest.raises(RuntimeError), transaction.atomic():
        services.personal_data_erase_expired(actor=Actor.system("erasure"), today=date(2025, 10, 21))
        raise RuntimeError("a later step of the same transaction fails")
    assert set(Letter.objects.filter(application=app).values_list("docx", flat=True)) == names
    assert all(default_storage.exists(n) for n in names)
    after = {
        p.name for p in Path(settings.STORAGES["default"]["OPTIONS"]["location"]).rglob("*") if p.is_file()
    }
    assert after == files  # no masked copy was written for the rolled-back erasure


def test_only_the_system_or_an_administrator_erases(office: Any) -> None:
    from gongkai.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.personal_data_erase_expired(actor=Actor(user=office.clerk), today=date(2025, 10, 21))


# ------------------------------------------------------------------------------------------ identity key
def test_identity_key_is_a_keyed_hmac_not_a_plain_hash(office: Any, settings: Any) -> None:
    app = _old_case(office)
    services.personal_data_erase_expired(actor=Actor.system("erasure"), today=date(2025, 10, 21))
    person = Applicant.objects.get(pk=app.applicant_id)
    assert person.id_number == "" and person.identity_key == identity_key("id", ID_NUMBER)
    unsalted = hashlib.sha256(f"gongkai-applicant:id:{ID_NUMBER}".encode()).hexdigest()[:32]
    assert person.identity_key != unsalted
    settings.GONGKAI_IDENTITY_PEPPER = "another pepper"
    assert identity_key("id", ID_NUMBER) not in (person.identity_key, unsalted)


def test_the_migration_rekeys_stored_numbers_and_wraps_erased_hashes(office: Any) -> None:
    migration = importlib.import_module("gongkai.applications.migrations.0007_identity_key_hmac")
    live = factories.registered_application(office.yuexiu_edu, office.clerk, date(2020, 9, 28))
    org = factories.registered_application(
        office.yuexiu_edu,
        office.clerk,
        date(2020, 9, 28),
        applicant=factories.applicant_data(
            category="legal",
            name="某律师事务所",
            id_type="",
            id_number="",
            contact_person="王律师",
            uscc=factories.uscc_for("440104"),
        ),
    )
    erased = factories.registered_application(office.yuexiu_edu, office.clerk, date(2020, 9, 28))

    def unsalted(kind: str, number: str) -> str:
        return hashlib.sha256(f"gongkai-applicant:{kind}:{number}".encode()).hexdigest()[:32]

    uscc = org.applicant.uscc
    Applicant.objects.filter(pk=live.applicant_id).update(identity_key=unsalted("id", ID_NUMBER))
    Applicant.objects.filter(pk=org.applicant_id).update(identity_key=unsalted("org", uscc))
    Applicant.objects.filter(pk=erased.applicant_id).update(
        identity_key=unsalted("id", ID_NUMBER), id_number="", name=ERASED
    )
    migration.forward(django_apps, None)
    keys = dict(Applicant.objects.values_list("pk", "identity_key"))
    assert keys[live.applicant_id] == identity_key("id", ID_NUMBER)  # counting goes on across the migration
    assert keys[org.applicant_id] == identity_key("org", uscc)
    assert keys[erased.applicant_id] not in (unsalted("id", ID_NUMBER), identity_key("id", ID_NUMBER))
    assert len(keys[erased.applicant_id]) == 32


def test_an_erased_name_is_shown_as_erased_not_masked() -> None:
    from gongkai.core.personal import mask_name

    assert mask_name(ERASED) == "（已删除）" and mask_name("陈明") == "陈*"
