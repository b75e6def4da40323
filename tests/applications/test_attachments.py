"""Attachments: types sniffed from the content, size and count limits, restricted and audited downloads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def _docx() -> bytes:
    buf = io.BytesIO()
    doc = Document()
    doc.add_paragraph("身份证复印件说明")
    doc.save(buf)
    return buf.getvalue()


@pytest.fixture
def world() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    return w


def _submit(world: Any, files: list[Any]) -> Application:
    return services.application_submit(
        actor=Actor.public(),
        agency=world.yuexiu_edu,
        applicant=factories.applicant_data(),
        request=factories.request_data(),
        attachments=files,
    ).application


def test_pdf_and_docx_are_stored_with_their_sniffed_type(world: Any) -> None:
    app = _submit(world, [SimpleUploadedFile("身份证.pdf", PDF), SimpleUploadedFile("说明.docx", _docx())])
    types = list(app.attachments.values_list("original_name", "content_type"))
    assert types == [
        ("身份证.pdf", "application/pdf"),
        ("说明.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    assert "附件2个" in app.events.get(action="submitted").note


def test_a_program_disguised_as_pdf_is_refused_and_nothing_is_stored(world: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        _submit(world, [SimpleUploadedFile("scan.pdf", EXE)])
    assert "不是允许的类型" in err.value.fields["attachments"] and "exe" in err.value.fields["attachments"]
    assert Application.objects.count() == 0


def test_extension_must_match_the_content(world: Any) -> None:
    with pytest.raises(InvalidInput, match="扩展名与内容不符"):
        _submit(world, [SimpleUploadedFile("scan.pdf", _docx())])


def test_oversized_and_too_many_files_are_refused(world: Any, settings: Any) -> None:
    settings.GONGKAI_ATTACHMENT_MAX_MB = 1
    with pytest.raises(InvalidInput, match="超过1MB"):
        _submit(world, [SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))])
    with pytest.raises(InvalidInput, match="最多5个"):
        _submit(world, [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(6)])


def test_errors_from_fields_and_attachments_come_together(world: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        services.application_submit(
            actor=Actor.public(),
            agency=world.yuexiu_edu,
            applicant=factories.applicant_data(phone="123"),
            request=factories.request_data(),
            attachments=[SimpleUploadedFile("x.pdf", EXE)],
        )
    assert set(err.value.fields) == {"phone", "attachments"}


def test_form_upload_and_staff_download_is_audited(client: Client, world: Any) -> None:
    data = {
        "category": "natural",
        "name": "陈明",
        "id_type": "resident_id",
        "id_number": factories.resident_id(),
        "phone": "13812345678",
        "email": "c@example.cn",
        "description": "2020年招生计划",
        "info_form": "electronic",
        "delivery": "email",
        "token": "up-1",
        "attachments": [SimpleUploadedFile("说明.docx", _docx())],
    }
    assert client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", data).status_code == 302
    app = Application.objects.get()
    att = app.attachments.get()
    bad = client.post(
        f"/agencies/{world.yuexiu_edu.pk}/apply/",
        data | {"token": "up-2", "attachments": [SimpleUploadedFile("a.pdf", EXE)]},
    )
    assert "不是允许的类型" in bad.context["form"].errors["attachments"][0]
    assert 'value="陈明"' in bad.content.decode()

    supervisor = factories.staff("supg", Role.SUPERVISOR, division=world.guangzhou)
    client.force_login(supervisor)
    assert client.get(f"/staff/applications/{app.pk}/attachments/{att.pk}/").status_code == 403
    client.force_login(world.clerk)
    response = client.get(f"/staff/applications/{app.pk}/attachments/{att.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
    assert AuditEvent.objects.filter(action="application.attachment_viewed", actor_label="clerk").count() == 1
