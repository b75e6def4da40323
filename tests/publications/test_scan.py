"""The pre-publication scan on real DOCX and XLSX files built here with python-docx and openpyxl."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.comments import Comment

from gongkai.core.errors import InvalidInput
from gongkai.publications import scan, services
from gongkai.publications.models import ScanFlag
from tests import factories
from tests.publications.conftest import normative_input

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _docx(*, id_number: str = "", author: str = "", tracked: bool = False, comment: bool = False) -> bytes:
    d = docx.Document()
    d.core_properties.author = author
    d.core_properties.last_modified_by = ""
    d.add_paragraph("关于2020年城乡最低生活保障金发放情况的公示")
    table = d.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["姓名", "身份证号码", "金额"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["李四", id_number or "（已隐去）", "800元"], strict=True):
        cell.text = text
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    if tracked or comment:  # python-docx writes neither; patch the package the way Word stores them
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for item in src.infolist():
                content = src.read(item.filename)
                if item.filename == "word/document.xml" and tracked:
                    content = content.replace(
                        b"</w:body>",
                        b'<w:p><w:ins w:id="1" w:author="wang" w:date="2020-01-01T00:00:00Z"><w:r><w:t>'
                        + "新增内容".encode()
                        + b"</w:t></w:r></w:ins></w:p></w:body>",
                    )
                z.writestr(item, content)
            if comment:
                z.writestr(
                    "word/comments.xml",
                    '<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="http://schemas.openxmlformats.org/'
                    'wordprocessingml/2006/main"><w:comment w:id="0" w:author="王五"><w:p><w:r><w:t>请核实'
                    "</w:t></w:r></w:p></w:comment></w:comments>",
                )
        data = out.getvalue()
    return data


def _xlsx(*, hidden_id: str = "", comment: bool = False, creator: str = "openpyxl") -> bytes:
    wb = openpyxl.Workbook()
    wb.properties.creator = creator
    ws = wb.active
    ws.title = "公示"
    ws.append(["序号", "姓名", "补贴金额"])
    ws.append([1, "李*", 800])
    if comment:
        ws["C2"].comment = Comment("核对过身份证", "王五")
    if hidden_id:
        raw = wb.create_sheet("原始数据")
        raw.append(["姓名", "身份证号码", "联系电话"])
        raw.append(["李四", hidden_id, "13912345678"])
        raw.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def kinds(result: scan.ScanResult) -> list[str]:
    return [f.kind for f in result.findings]


def test_id_number_in_a_docx_table_is_found_and_masked() -> None:
    id_number = factories.resident_id("44010619850307201")
    result = scan.scan_file("公示.docx", _docx(id_number=id_number), DOCX)
    assert kinds(result) == ["id_number"]
    assert id_number not in result.findings[0].detail
    assert re.search(r"440106\*{8}\d{3}[0-9X]", result.findings[0].detail)
    assert "关于2020年城乡最低生活保障金发放情况的公示" in result.text  # extracted for search


def test_an_18_digit_number_with_a_wrong_check_digit_is_not_an_id_number() -> None:
    good = factories.resident_id("44010619850307201")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    assert kinds(scan.scan_file("a.docx", _docx(id_number=bad), DOCX)) == []


def test_docx_comments_tracked_changes_and_a_persons_name_as_author_are_flagged() -> None:
    result = scan.scan_file("a.docx", _docx(author="张三", tracked=True, comment=True), DOCX)
    assert set(kinds(result)) == {"author_metadata", "comments", "tracked_changes"}
    assert "新增内容" in result.text  # tracked insertions are part of the text the public would get


def test_an_organisation_as_author_is_not_flagged() -> None:
    assert kinds(scan.scan_file("a.docx", _docx(author="广州市民政局"), DOCX)) == []


def test_xlsx_hidden_sheet_with_an_id_number_and_a_phone_is_flagged() -> None:
    id_number = factories.resident_id("44010619850307201")
    result = scan.scan_file("补贴.xlsx", _xlsx(hidden_id=id_number, comment=True, creator="张三"), XLSX)
    assert set(kinds(result)) == {"hidden_sheet", "comments", "author_metadata", "id_number", "mobile"}
    assert not any(id_number in f.detail or "13912345678" in f.detail for f in result.findings)


def test_a_damaged_file_is_flagged_not_crashed_on() -> None:
    result = scan.scan_file("坏.docx", b"PK\x03\x04not really a zip", DOCX)
    assert kinds(result) == ["unreadable"]


@pytest.mark.django_db
def test_attachment_with_an_id_number_is_flagged_before_publication(office: dict[str, Any]) -> None:
    id_number = factories.resident_id("44010619850307201")
    pub = services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input())
    services.publication_attach(
        actor=office["clerk"],
        publication=pub,
        files=[
            SimpleUploadedFile("名单.docx", _docx(id_number=id_number), content_type=DOCX),
            SimpleUploadedFile("明细.xlsx", _xlsx(hidden_id=id_number), content_type=XLSX),
        ],
    )
    services.publication_submit(actor=office["clerk"], publication=pub)
    flags = {(f.source, f.kind) for f in ScanFlag.objects.filter(publication=pub)}
    assert ("附件：名单.docx", "id_number") in flags
    assert {("附件：明细.xlsx", "hidden_sheet"), ("附件：明细.xlsx", "id_number")} <= flags
    with pytest.raises(InvalidInput):
        services.publication_clear_review(actor=office["reviewer"], publication=pub)


@pytest.mark.django_db
def test_a_program_renamed_docx_is_refused(office: dict[str, Any]) -> None:
    pub = services.publication_create(actor=office["clerk"], agency=office["agency"], data=normative_input())
    with pytest.raises(InvalidInput) as e:
        services.publication_attach(
            actor=office["clerk"],
            publication=pub,
            files=[SimpleUploadedFile("a.docx", b"MZ\x90\x00" + b"\0" * 200)],
        )
    assert "attachments" in e.value.fields
    assert pub.attachments.count() == 0
