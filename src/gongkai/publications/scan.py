"""The pre-publication scan: personal data and hidden content that must not leave the agency by accident.

It reads the body and every attachment (DOCX and XLSX parsed, PDF through poppler's ``pdftotext`` when
installed) and returns the extracted text (for search) and flags. A flag shows personal data only masked.
What it looks for:
- 18-digit 居民身份证号码 with a valid check digit, and mobile numbers;
- DOCX: comments (批注), tracked changes (修订), hidden text, author metadata naming people;
- XLSX: hidden or very hidden sheets, hidden rows or columns, cell comments, author metadata; the cells of
  hidden sheets are scanned for personal data too (hiding is not removing).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET  # parses files from our own users, entities disabled below

from gongkai.core import archives
from gongkai.core.personal import mask_id, mask_phone, resident_id_check_digit

ID_NUMBER = re.compile(
    r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9])"
)
MOBILE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")
#: The most of one XML part of a DOCX the scan inflates and parses (a 1,000-page document is a few MB).
XML_PART_CAP = 32 * archives.MiB
#: The most XLSX content (sheets, shared strings) the scan hands to openpyxl, which holds every cell.
XLSX_CAP = 48 * archives.MiB
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
#: Author values that name software or a default account rather than a person.
_GENERIC_AUTHORS = {
    "",
    "python-docx",
    "openpyxl",
    "administrator",
    "admin",
    "user",
    "microsoft office user",
    "microsoft office 用户",
    "unknown",
    "wps",
}
_ORG_SUFFIXES = ("局", "厅", "委", "办", "政府", "办公室", "中心", "院", "部", "会", "所", "处", "科", "站")


@dataclass
class Finding:
    kind: str  # ScanFlag.Kind value
    detail: str


@dataclass
class ScanResult:
    text: str = ""
    findings: list[Finding] = field(default_factory=list)


def scan_text(text: str) -> list[Finding]:
    findings = []
    seen: set[str] = set()
    for m in ID_NUMBER.finditer(text):
        number = m.group(0).upper()
        if number in seen or resident_id_check_digit(number[:17]) != number[17]:
            continue
        seen.add(number)
        findings.append(Finding("id_number", f"疑似身份证号码 {mask_id(number)}"))
    for m in MOBILE.finditer(text):
        number = m.group(0)
        if number in seen:
            continue
        seen.add(number)
        findings.append(Finding("mobile", f"疑似手机号码 {mask_phone(number)}"))
    return findings


def scan_file(name: str, content: bytes, mime: str) -> ScanResult:
    """Text and findings of one attachment; never raises on a damaged file (it is flagged instead).

    DOCX/XLSX are zip archives from users: their directory is checked before any member is inflated, and
    every part is read in chunks up to a cap (:mod:`gongkai.core.archives`), so a zip bomb is flagged at once
    instead of exhausting the worker's memory and time."""
    try:
        if mime in archives.ZIP_BASED:
            archives.inspect(content, name=f"附件“{name}”")
        if mime.endswith("wordprocessingml.document"):
            result = _scan_docx(content)
        elif mime.endswith("spreadsheetml.sheet"):
            result = _scan_xlsx(content)
        elif mime == "application/pdf":
            result = _scan_pdf(content)
        else:
            return ScanResult(findings=[Finding("unreadable", "图片无法自动检查，请人工核对是否含个人信息")])
    except archives.ArchiveRefused as e:
        return ScanResult(findings=[Finding("unreadable", f"{e.reason}，无法自动检查，请人工核对")])
    except (zipfile.BadZipFile, ET.ParseError, KeyError, ValueError, OSError) as e:
        return ScanResult(findings=[Finding("unreadable", f"文件无法解析（{type(e).__name__}），请人工核对")])
    result.findings.extend(scan_text(result.text))
    return result


def _xml(data: bytes) -> ET.Element:
    if b"<!ENTITY" in data:  # no entity expansion (billion laughs) from uploaded files
        raise ValueError("XML entity declarations are not accepted")
    return ET.fromstring(data)  # noqa: S314  # entity declarations refused above


def _read(zf: zipfile.ZipFile, member: str) -> bytes:
    return archives.read_member(zf, member, cap=XML_PART_CAP)


def _author_findings(zf: zipfile.ZipFile) -> list[Finding]:
    try:
        core = _xml(_read(zf, "docProps/core.xml"))
    except KeyError:
        return []
    findings = []
    for tag, label in ((f"{_DC}creator", "作者"), (f"{_CP}lastModifiedBy", "最后修改者")):
        el = core.find(tag)
        value = (el.text or "").strip() if el is not None else ""
        if value.lower() not in _GENERIC_AUTHORS and not value.endswith(_ORG_SUFFIXES):
            findings.append(Finding("author_metadata", f"文档属性“{label}”为“{value[:40]}”"))
    return findings


def _scan_docx(content: bytes) -> ScanResult:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        doc = _xml(_read(zf, "word/document.xml"))
        findings = _author_findings(zf)
        parts = [doc]
        for name in zf.namelist():
            if re.fullmatch(r"word/(header|footer|footnotes|endnotes)\d*\.xml", name):
                parts.append(_xml(_read(zf, name)))
        comments = 0
        if "word/comments.xml" in zf.namelist():
            comments = len(_xml(_read(zf, "word/comments.xml")).findall(f"{_W}comment"))
    if comments:
        findings.append(Finding("comments", f"含{comments}条批注"))
    changes = sum(len(doc.findall(f".//{_W}{tag}")) for tag in ("ins", "del", "moveFrom", "moveTo"))
    if changes:
        findings.append(Finding("tracked_changes", f"含{changes}处未接受的修订"))
    hidden = len(doc.findall(f".//{_W}vanish"))
    if hidden:
        findings.append(Finding("hidden_content", f"含{hidden}处隐藏文字"))
    lines = []
    for part in parts:
        for para in part.iter(f"{_W}p"):
            text = "".join(t.text or "" for t in para.iter() if t.tag in (f"{_W}t", f"{_W}delText"))
            if text:
                lines.append(text)
    return ScanResult(text="\n".join(lines), findings=findings)


def _scan_xlsx(content: bytes) -> ScanResult:
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        findings = _author_findings(zf)
        xml_total = sum(i.file_size for i in zf.infolist() if i.filename.endswith(".xml"))
    if xml_total > XLSX_CAP:  # openpyxl builds every cell in memory: only workbooks of a sane size
        raise archives.ArchiveRefused(f"表格内容解压后超过{XLSX_CAP // archives.MiB}MB")
    wb = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    lines: list[str] = []
    comments = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            findings.append(Finding("hidden_sheet", f"工作表“{ws.title}”被隐藏"))
        hidden_rows = sum(1 for d in ws.row_dimensions.values() if d.hidden)
        hidden_cols = sum(1 for d in ws.column_dimensions.values() if d.hidden)
        if hidden_rows or hidden_cols:
            findings.append(
                Finding("hidden_content", f"工作表“{ws.title}”有{hidden_rows}行、{hidden_cols}列被隐藏")
            )
        for row in ws.iter_rows():
            values = []
            for cell in row:
                if cell.comment is not None:
                    comments += 1
                if cell.value is not None:
                    values.append(str(cell.value))
            if values:
                lines.append("\t".join(values))
    if comments:
        findings.append(Finding("comments", f"含{comments}条单元格批注"))
    return ScanResult(text="\n".join(lines), findings=findings)


def _scan_pdf(content: bytes) -> ScanResult:
    program = shutil.which("pdftotext")
    if program is None:
        return ScanResult(findings=[Finding("unreadable", "本机未安装pdftotext，PDF请人工核对")])
    done = subprocess.run(  # noqa: S603  # fixed program, content on stdin
        [program, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, timeout=60, check=False
    )
    if done.returncode != 0:
        return ScanResult(findings=[Finding("unreadable", "PDF无法提取文字，请人工核对")])
    return ScanResult(text=done.stdout.decode("utf-8", "replace"))


def iter_findings(body_text: str, files: list[tuple[str, ScanResult]]) -> Iterator[tuple[str, Finding]]:
    """(source, finding) over the body and each attachment, in reading order."""
    for f in scan_text(body_text):
        yield "正文", f
    for name, result in files:
        for f in result.findings:
            yield f"附件：{name}", f
