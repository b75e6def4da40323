"""Zip-based office files are inspected before anything inflates them: a 261 KB .docx that inflates to
256 MiB is refused with a clear Chinese message in well under a second, with memory bounded, wherever a
file is accepted (the public application form, staff publication attachments) or scanned."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.applications.models import Application
from gongkai.core import archives, uploads
from gongkai.core.errors import InvalidInput
from gongkai.publications import scan, services
from gongkai.publications.models import Publication
from tests import factories
from tests.applications.test_views import VALID
from tests.publications.conftest import normative_input, office  # noqa: F401  # the office fixture

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MiB = 1024 * 1024
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _docx_bomb(inflated_mib: int = 256) -> bytes:
    """A .docx (as far as type sniffing goes) whose document.xml is ``inflated_mib`` MiB of one repeated
    character: deflate squeezes it about 1,000 to 1, built here at run time, streamed (never in memory)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with zf.open("word/document.xml", "w") as member:
            member.write(
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            )
            block = b"0" * MiB
            for _ in range(inflated_mib):
                member.write(block)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    content = _docx_bomb()
    assert 200_000 < len(content) < 300_000  # "a 261 KB docx"
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert zf.getinfo("word/document.xml").file_size > 256 * MiB
    return content


def _measured(action: Callable[[], Any]) -> tuple[Any, float, int]:
    """What ``action`` returned or raised, the seconds it took and the peak of memory it allocated."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome: Any = action()
    except Exception as e:  # the refusal is the outcome measured
        outcome = e
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, elapsed, peak


def test_the_upload_check_refuses_the_bomb_fast_and_small(bomb: bytes) -> None:
    outcome, elapsed, peak = _measured(lambda: uploads.check([SimpleUploadedFile("通知.docx", bomb)]))

    assert isinstance(outcome, InvalidInput)
    assert outcome.fields["attachments"] == (
        "附件“通知.docx”中的“word/document.xml”解压后为256MB，超过100MB的上限，不予接收。"
        "如确需提交，请在办公软件中另存或拆分后重新上传"
    )
    assert elapsed < 1.0
    assert peak < 4 * MiB  # the 261 KB upload read once, plus the zip directory: nothing inflated


def test_the_scan_flags_a_stored_bomb_instead_of_inflating_it(bomb: bytes) -> None:
    result, elapsed, peak = _measured(lambda: scan.scan_file("通知.docx", bomb, DOCX))

    assert [(f.kind, f.detail) for f in result.findings] == [
        (
            "unreadable",
            "附件“通知.docx”中的“word/document.xml”解压后为256MB，超过100MB的上限，无法自动检查，请人工核对",
        )
    ]
    assert elapsed < 1.0 and peak < 4 * MiB


def test_a_part_that_inflates_past_the_scan_cap_stops_at_the_cap() -> None:
    # Within the upload limits (40 MiB, ratio far below the bomb's) but above what the scan parses.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/document.xml", b"<w:document>" + b"x" * (40 * MiB))
    with zipfile.ZipFile(buf) as zf:
        outcome, _elapsed, peak = _measured(
            lambda: archives.read_member(zf, "word/document.xml", cap=32 * MiB)
        )
    assert isinstance(outcome, archives.ArchiveRefused)
    assert outcome.reason == "文件中的“word/document.xml”解压后超过32MB"
    assert peak < 33 * MiB  # the cap and one chunk, not the 40 MiB part


SMALL = archives.Limits(
    max_members=50, max_member_bytes=2 * MiB, max_total_bytes=3 * MiB, ratio_exempt_bytes=MiB
)


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ([(f"p/{i}.xml", b"") for i in range(51)], "内部包含51个部件，超过50个的上限"),
        ([("word/document.xml", b"0" * (2 * MiB))], "“word/document.xml”压缩比异常（约"),
        ([("media/a.png", b"a" * 3 * MiB)], "“media/a.png”解压后为3MB，超过2MB的上限"),
        ([(f"media/{i}.png", b"b" * (MiB + 1)) for i in range(3)], "解压后合计超过3MB的上限"),
    ],
)
def test_member_count_size_total_and_ratio_are_bounded(members: list[tuple[str, bytes]], reason: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            compression = zipfile.ZIP_DEFLATED if name.endswith(".xml") else zipfile.ZIP_STORED
            zf.writestr(name, data, compress_type=compression)
    with pytest.raises(archives.ArchiveRefused) as refused:
        archives.inspect(buf.getvalue(), limits=SMALL)
    assert reason in refused.value.reason


@pytest.mark.django_db
def test_the_public_form_refuses_the_bomb_and_keeps_nothing(client: Client, bomb: bytes) -> None:
    agency = factories.small_province().yuexiu_edu
    url = f"/agencies/{agency.pk}/apply/"
    # Warm up the process (templates, the ID-number region table) with a harmless refused attachment.
    client.post(url, VALID | {"attachments": [SimpleUploadedFile("a.pdf", b"MZ" + bytes(100))]})
    started = time.perf_counter()
    response = client.post(url, VALID | {"attachments": [SimpleUploadedFile("说明.docx", bomb)]})
    assert time.perf_counter() - started < 1.0  # the whole request, form validation and rendering included
    assert response.status_code == 200
    assert "压缩比异常" in response.content.decode() or "超过100MB的上限" in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_a_staff_attachment_bomb_is_refused_and_nothing_attached(office: dict[str, Any], bomb: bytes) -> None:  # noqa: F811
    pub = services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input())
    with pytest.raises(InvalidInput, match="超过100MB的上限"):
        services.publication_attach(
            actor=office["clerk"], publication=pub, files=[SimpleUploadedFile("附件1.docx", bomb)]
        )
    assert pub.attachments.count() == 0 and Publication.objects.count() == 1


def test_ordinary_office_files_still_pass() -> None:
    from tests.applications.test_attachments import _docx

    checked = uploads.check([SimpleUploadedFile("说明.docx", _docx())])
    assert [c.content_type for c in checked] == [DOCX]
    assert "身份证复印件说明" in scan.scan_file("说明.docx", checked[0].content, DOCX).text
