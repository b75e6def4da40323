"""Letters as PDF (GB/T 9704 信函格式, DOCUMENTS.md §1.2–1.3): every letter kind converted by LibreOffice
embeds free simplified-Chinese faces chosen by gongkai/core/fonts/fonts.conf (never DejaVu, never a
Japanese, Korean or traditional face); a short letter is one page; 署名 and 成文日期 are never separated
by a page break; 页码 from the second page on; the agency's seal over name and date.

All the PDFs come from one LibreOffice run, checked in one test (LibreOffice is slow). The new kinds are
rendered through letters.render_paragraphs / letter_layout.build_docx with a context, not through their
workflow."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from docx import Document
from PIL import Image, ImageDraw

from gongkai.applications import letter_layout, letters, services
from gongkai.applications.models import Letter, LetterTemplate
from gongkai.core.context import Actor
from gongkai.core.office import docx_to_pdfs
from gongkai.orgs.roles import Role
from tests import factories

FANDOL = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"  # as in core/fonts/fonts.conf
FANDOL_FACES = {"FandolFang-Regular", "FandolSong-Bold", "FandolSong-Regular", "FandolHei-Regular"}
AGENCY = "广州市越秀区教育局"
ISSUED = "2020年10月30日"
REMEDIES = (
    "如对本答复不服，可以在收到本答复之日起60日内向广州市越秀区人民政府申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。"
)
#: The kinds that are 答复 and carry the remedies paragraph (the others are notices).
FINAL = ("decision", "closure")
#: A real case's fields, as letters.context makes them.
CONTEXT = {
    "agency_name": AGENCY,
    "receipt_number": "YS-2020-000123",
    "description": "2019年度区属中小学校舍维修经费预算及执行情况",
    "received": "2020年9月28日",
    "due": "2020年11月25日",
    "issued": ISSUED,
    "decision_text": "您申请公开的政府信息属于公开范围。根据《中华人民共和国政府信息公开条例》"
    "第三十六条第（二）项的规定，本机关决定予以公开，现随本答复书一并提供。",
    "outcome_basis": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    "correction_items": "1. 请写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述；"
    "2. 请写明获取信息的方式。",
    "correction_deadline": "2020年10月20日",
    "extension_reason": "所需信息涉及多所学校的档案，需调取并逐一核对",
    "extension_days": "20",
    "fee_amount": "200",
    "fee_method": "按件计收",
    "fee_due": "2020年11月27日",
    "fee_basis": "《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》",
    "fee_standard": "同一申请人一个自然月内累计申请11—30件的部分，100元/件",
    "fee_count": "本月第12件",
    "fee_steps": "（12－10）件×100元/件＝200元",
    "fee_payment": "通过广东省非税收入缴款平台缴纳",
    "consultation_reason": "因该信息的公开可能损害第三方合法权益，本机关已书面征求第三方意见。",
    "reason": "该信息涉及财政资金使用情况，不公开可能对公共利益造成重大影响",
}
#: Realistic replies whose text fits on the first page (not by much): 不予公开 with the decision and its
#: reason in two paragraphs, and 非本机关负责公开; both with the remedies paragraph of 2024 and a 附注.
REMEDIES_2024 = (
    "如对本答复不服，应当自收到本答复之日起60日内先向广州市越秀区人民政府申请行政复议；"
    "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
)
OPENING = (
    "本机关于2024年3月1日收到您提出的关于“2023年度区属中小学校舍维修经费预算及执行情况”的"
    "政府信息公开申请。经研究，现答复如下："
)
ONE_PAGE = {
    "refused": [
        OPENING,
        "经审查，您申请公开的政府信息属于公开后可能危及公共安全的政府信息。根据《中华人民共和国政府信息公开条例》"
        "第十四条的规定，本机关决定不予公开。",
        "理由：该信息载有各校安防监控点位和应急疏散预案，公开后可能被不法分子利用，危及师生安全。",
    ],
    "not_ours": [
        OPENING,
        "经审查，您申请公开的政府信息不属于本机关负责公开。根据《中华人民共和国政府信息公开条例》"
        "第三十六条第（五）项的规定，负责公开该政府信息的行政机关是广州市越秀区住房和城乡建设局"
        "（联系方式：020-83001234），请您向该机关提出申请。",
    ],
}
#: Dates, counts and telephone numbers, shifted by a character at a time so that some fall at line ends.
NUMBERS = (
    "本机关已于2021年2月26日收到您的申请，补正期限至2021年3月12日，电话：0758-7573369，"
    "深圳市2020年户籍人口为17560061人，"
)
ATTACHMENTS = ["2019年度校舍维修经费预算表", "2019年度校舍维修经费执行情况表（含各校明细，按学校类别分列）"]


def _need_programs() -> None:
    for program in ("soffice", "pdffonts", "pdfinfo", "pdftotext", "pdfimages"):
        if shutil.which(program) is None:
            pytest.fail(f"{program} is needed: `make test` installs LibreOffice and poppler-utils (Debian)")
    if not Path(FANDOL).is_dir():
        pytest.fail("the Fandol fonts are needed: `make test` installs texlive-lang-chinese (Debian)")


def _seal_png() -> bytes:
    """A red seal: a ring and a star on a transparent ground."""
    img = Image.new("RGBA", (420, 420), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((10, 10, 410, 410), outline=(210, 0, 0, 255), width=14)
    draw.regular_polygon((210, 210, 70), 5, fill=(210, 0, 0, 255))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _context() -> dict[str, str]:
    return dict.fromkeys(letters.VARIABLES, "") | {k: v for k, v in CONTEXT.items() if k in letters.VARIABLES}


def _docx(kind: str, *, paragraphs: list[str] | None = None, **kw: Any) -> bytes:
    title, rendered = letters.render_paragraphs(kind, _context())
    return letter_layout.build_docx(
        agency_name=AGENCY,
        number="越教依申请〔2020〕12号",
        title=title,
        recipient="某某科技有限公司" if kind in ("consult_third", "notify_third") else "陈明",
        paragraphs=rendered if paragraphs is None else paragraphs,
        remedies_text=REMEDIES if kind in FINAL else "",
        issued=ISSUED,
        note="联系人：广州市越秀区教育局办公室，电话：020-83000000",
        **kw,
    )


def _long_body() -> list[str]:
    """A body whose 署名 falls on the last line of the first page when nothing keeps it with the date."""
    return [
        "本机关于2020年9月28日收到您提出的关于“2019年度区属中小学校舍维修经费预算及执行情况”的政府信息公开申请。"
        "经研究，现答复如下：",
        *(
            f"经查，该项经费的预算安排、执行进度和结余情况均已按规定报送本级财政部门审核（第{i}项）。"
            for i in range(3)
        ),
        "以上情况特此告知。",
    ]


def _one_page(kind: str) -> bytes:
    return letter_layout.build_docx(
        agency_name=AGENCY,
        number="越教依申请〔2024〕7号",
        title=f"{AGENCY}政府信息公开申请答复书",
        recipient="陈明",
        paragraphs=ONE_PAGE[kind],
        remedies_text=REMEDIES_2024 if kind == "refused" else REMEDIES,
        issued="2024年3月20日",
        note="联系人：区教育局办公室，电话：020-83000000",
    )


def _numbers(shift: int) -> bytes:
    """Paragraphs of dates and telephone numbers, the first ``shift`` characters later on its lines."""
    return letter_layout.build_docx(
        agency_name=AGENCY,
        number="越教依申请〔2021〕3号",
        title="补正申请告知书",
        recipient="陈明",
        paragraphs=["经查，" + "一" * shift + NUMBERS * 3, "另" * (shift + 3) + NUMBERS * 2],
        remedies_text="",
        issued="2021年2月26日",
        note="联系人：区教育局办公室，电话：0758-7573369",
    )


def _without_keeps(docx: bytes) -> bytes:
    """The same letter with every keep-with-next and keep-together removed."""
    src, out = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(rb"<w:keep(Next|Lines)( w:val=\"(1|true|on)\")?/>", b"", data)
            dst.writestr(item, data)
    return out.getvalue()


def _convert_all() -> dict[str, bytes]:
    """Every kind once (the decision with two attachments and the seal), the decision without them, and
    the long letter with and without its keeps, in one LibreOffice run."""
    docs = {kind: _docx(kind) for kind in LetterTemplate.Kind.values if kind != "decision"}
    docs["decision"] = _docx("decision", attachments=ATTACHMENTS, seal=_seal_png())
    docs["plain"] = _docx("decision")
    docs["long"] = _docx("decision", paragraphs=_long_body())
    docs["long-free"] = _without_keeps(docs["long"])
    docs |= {kind: _one_page(kind) for kind in ONE_PAGE}
    docs |= {f"numbers-{shift}": _numbers(shift) for shift in range(14)}
    return docx_to_pdfs(docs)


def _run(args: list[str], pdf: bytes) -> str:
    """A poppler tool reading the PDF from standard input ("-") and writing to standard output."""
    out = ["-"] if args[0] == "pdftotext" else []
    return subprocess.run([*args, "-", *out], input=pdf, capture_output=True, check=True).stdout.decode()


def _fonts(pdf: bytes) -> list[tuple[str, str]]:
    """(name without the subset tag, emb) for each font of pdffonts."""
    rows = _run(["pdffonts"], pdf).splitlines()[2:]
    return [(re.sub(r"^[A-Z]{6}\+", "", row.split()[0]), row.split()[-5]) for row in rows]


def _pages(pdf: bytes) -> list[str]:
    count = int(re.search(r"^Pages:\s+(\d+)$", _run(["pdfinfo"], pdf), re.M).group(1))  # type: ignore[union-attr]
    return [
        _run(["pdftotext", "-layout", "-f", str(n), "-l", str(n)], pdf).replace(" ", "")
        for n in range(1, count + 1)
    ]


def _signature_pages(pages: list[str]) -> list[int]:
    """Pages (1-based) with the 署名: a line that is the agency's name alone, not the letterhead of page 1."""
    return [
        n
        for n, text in enumerate(pages, 1)
        for _ in range([line.strip() for line in text.splitlines()].count(AGENCY) - (n == 1))
    ]


def _check_fonts(kind: str, pdf: bytes) -> None:
    fonts = _fonts(pdf)
    assert fonts and all(emb == "yes" for _name, emb in fonts), (kind, fonts)
    names = {name for name, _emb in fonts}
    assert not [n for n in names if "dejavu" in n.lower()], (kind, names)
    # Japanese, Korean, traditional (TC, HK) faces, e.g. NotoSerifCJKjp-Regular; Big5 AR PL faces
    bad = r"(?i)cjk(jp|kr|tc|hk)|-(jp|kr|tc|hk)\b|big5|00mp|00lp"
    assert not [n for n in names if re.search(bad, n)], (kind, names)
    assert names <= FANDOL_FACES, (kind, names)
    assert "FandolFang-Regular" in names, kind  # 仿宋_GB2312 → the aliased 仿宋 (body, 署名, 日期)
    assert "FandolSong-Bold" in names, kind  # 方正小标宋简体 → FandolSong Bold (letterhead, title)


def _check_pages(kind: str, pdf: bytes) -> None:
    assert "pts (A4)" in _run(["pdfinfo"], pdf), kind
    pages = _pages(pdf)
    (last,) = (n for n, text in enumerate(pages, 1) if ISSUED in text.splitlines())
    assert _signature_pages(pages) == [last], kind
    lines = [line.strip() for line in pages[last - 1].splitlines() if line.strip()]
    assert lines[lines.index(ISSUED) - 1] == AGENCY, kind  # 署名 right above the date
    assert "—1—" not in pages[0], kind  # 首页不显示页码
    assert all(f"—{n}—" in text for n, text in enumerate(pages[1:], 2)), kind


def _check_long_letter(pdfs: dict[str, bytes]) -> None:
    free = _pages(pdfs["long-free"])
    # The case is at the boundary: without its keeps the 署名 would end page 1 and the date open page 2.
    assert _signature_pages(free) == [1] and ISSUED not in free[0] and ISSUED in free[1]
    pages = _pages(pdfs["long"])
    assert len(pages) == 2
    assert _signature_pages(pages) == [2] and ISSUED in pages[1] and ISSUED not in pages[0]
    # The body's last paragraph comes along (no page with only 署名 and date: “此页无正文”).
    assert "依法向人民法院提起行政诉讼" in "".join(pages[1].split())
    assert "—2—" in pages[1] and "—1—" not in pages[0]  # 页码 from page 2 on


def _check_numbers_whole(kind: str, pdf: bytes) -> None:
    """No line ends inside a run of figures (“20 / 21年”, “0758-757 / 3369”). (A break after the hyphen of
    a telephone number is LibreOffice's rule for any hyphen: not checked.)"""
    for text in _pages(pdf):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for this, after in itertools.pairwise(lines):
            assert not (re.search(r"[0-9]$", this) and re.match(r"[0-9]", after)), (kind, this, after)


def _check_seal_and_attachments(pdfs: dict[str, bytes]) -> None:
    images = _run(["pdfimages", "-list"], pdfs["decision"]).splitlines()[2:]
    assert len(images) >= 1  # the seal (an alpha mask may be listed as a second entry)
    text = "".join(_pages(pdfs["decision"]))
    assert "附件：1.2019年度校舍维修经费预算表" in text
    assert "2.2019年度校舍维修经费执行情况表" in text


@pytest.mark.slow
@pytest.mark.django_db
def test_every_letter_kind_as_pdf() -> None:
    """One test, so that LibreOffice runs once even when pytest-xdist spreads the tests over workers."""
    _need_programs()
    pdfs = _convert_all()
    for kind in [*LetterTemplate.Kind.values, "plain", "long"]:
        _check_fonts(kind, pdfs[kind])
    for kind in LetterTemplate.Kind.values:
        _check_pages(kind, pdfs[kind])
    for kind in ("plain", "extension", *ONE_PAGE):  # a letter whose text fits is one page
        assert len(_pages(pdfs[kind])) == 1, kind
        assert re.search(r"^Pages:\s+1$", _run(["pdfinfo"], pdfs[kind]), re.M), kind
    for kind in [k for k in pdfs if k.startswith("numbers-")]:
        _check_numbers_whole(kind, pdfs[kind])
    _check_long_letter(pdfs)
    _check_seal_and_attachments(pdfs)


# ---------------------------------------------------------------- the .docx itself (no LibreOffice)
def _doc(docx: bytes) -> Any:
    return Document(io.BytesIO(docx))


@pytest.mark.django_db
def test_signature_block_layout_and_keeps() -> None:
    doc = _doc(_docx("decision", attachments=["2019年度校舍维修经费预算表"]))
    paras = doc.paragraphs
    texts = [p.text for p in paras]
    date_p = paras[texts.index(ISSUED)]
    signature = paras[texts.index(ISSUED) - 1]
    assert signature.text == AGENCY
    assert date_p.paragraph_format.right_indent.pt == 64  # 成文日期右空四字
    # 署名 centred over the date: 9 characters over 3 + 8 half-width figures + 5 gaps of 0.2 (8 characters)
    assert signature.paragraph_format.right_indent.pt == pytest.approx(64 - (9 - 8) * 16 / 2)
    assert signature.paragraph_format.keep_with_next and signature.paragraph_format.keep_together
    assert date_p.paragraph_format.keep_together
    # The chain from the last text of the body to the 署名.
    attachment = next(p for p in paras if p.text.startswith("附件："))
    assert attachment.text == "附件：2019年度校舍维修经费预算表"  # one attachment: no number
    assert attachment.paragraph_format.keep_with_next
    between = paras[paras.index(attachment) + 1 : texts.index(ISSUED) - 1]
    assert [p.text for p in between] == ["", ""] and all(p.paragraph_format.keep_with_next for p in between)
    remedies = paras[paras.index(attachment) - 2]
    assert remedies.text == REMEDIES and remedies.paragraph_format.keep_with_next


@pytest.mark.django_db
def test_several_attachments_are_numbered_and_aligned() -> None:
    paras = _doc(_docx("decision", attachments=ATTACHMENTS)).paragraphs
    first, second = (p for p in paras if re.match(r"^(附件：)?\d\.\t", p.text))
    assert first.text == "附件：1.\t2019年度校舍维修经费预算表" and second.text.startswith("2.\t")
    # “附件” two characters in; the names (after “附件：” and the number) aligned with each other.
    assert (first.paragraph_format.left_indent + first.paragraph_format.first_line_indent) == 32 * 12700
    assert first.paragraph_format.left_indent == second.paragraph_format.left_indent
    assert second.paragraph_format.left_indent + second.paragraph_format.first_line_indent == 80 * 12700


@pytest.mark.django_db
def test_letterhead_rules_and_page_numbers_by_page() -> None:
    doc = _doc(_docx("extension"))
    section = doc.sections[0]
    assert section.different_first_page_header_footer and doc.settings.odd_and_even_pages_header_footer
    mark = section.first_page_header.paragraphs[0]
    assert mark.text == AGENCY and str(mark.runs[0].font.color.rgb) == "C00000"
    assert round(section.header_distance.mm) == 30  # 发文机关标志上边缘至上页边30 mm
    assert round(section.footer_distance.mm) == 20  # 下红色双线距下页边20 mm
    first_footer = section.first_page_footer._element.xml
    assert "thinThickSmallGap" in first_footer and "PAGE" not in first_footer  # 首页: rule, no 页码
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):  # odd right, even left
        p = footer.paragraphs[0]
        assert "PAGE" in footer._element.xml and p.alignment == align
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert {r.font.size.pt for r in p.runs} == {14}  # 4号
    xml = doc.styles.element.xml
    assert 'w:eastAsia="zh-CN"' in xml and 'w:eastAsia="仿宋_GB2312"' in xml  # defaults: no theme font
    # Western text en-US: as zh, LibreOffice would break a line anywhere in a run of figures.
    assert 'w:val="en-US"' in xml and 'w:val="zh-CN"' not in xml


@pytest.mark.django_db
def test_issued_letter_carries_the_agencys_seal() -> None:
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    w.yuexiu_edu.seal_image.save("seal.png", ContentFile(_seal_png()))
    app = factories.registered_application(w.yuexiu_edu, clerk, date(2020, 9, 28))
    services.application_decide(
        actor=Actor(user=clerk),
        application=app,
        outcome="三、本年度办理结果/（一）予以公开",
        on=date(2020, 10, 30),
    )
    with Letter.objects.get(application=app).docx.open("rb") as f:
        xml = _doc(f.read()).element.xml
    assert "<wp:anchor" in xml and 'descr="印章"' in xml


@pytest.mark.django_db
def test_an_unusable_seal_leaves_the_space() -> None:
    w = factories.small_province()
    w.yuexiu_edu.seal_image.save("seal.png", ContentFile(b"not a picture"))
    assert letter_layout.seal_image(w.yuexiu_edu.seal_image) is None
    assert letter_layout.seal_image(w.yuexiu_gov.seal_image) is None  # none uploaded
