"""The layout of letters to applicants (答复书、告知书): a .docx in the 信函格式 of GB/T 9704-2012
(../shared/spec/DOCUMENTS.md §1.3).

Layout: A4; margins 37/35/28/26 mm (版心 156×225 mm); the agency's full name in red 小标宋 at the top
over a red double rule; the 文号 flush right under it; the title centred in 2号 小标宋; the recipient
flush left with a full-width colon; body in 3号 仿宋, two-character first-line indent, exact line pitch
28.95 pt (22 lines per page); agency and date right-aligned with room for the seal; 附注 with the contact.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
SIZE_2, SIZE_3 = Pt(22), Pt(16)
LINE_PITCH = Pt(28.95)
RED = RGBColor(0xC0, 0x00, 0x00)


def _run_font(run: Any, name: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)
    if color is not None:
        run.font.color.rgb = color


def _double_rule(paragraph: Any) -> None:
    """A red double line under the paragraph (信函格式: 上粗下细)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "thickThinSmallGap"),
        ("w:sz", "24"),
        ("w:space", "1"),
        ("w:color", "C00000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def build_docx(
    *,
    agency_name: str,
    number: str,
    title: str,
    recipient: str,
    paragraphs: list[str],
    remedies_text: str,
    issued: str,
    note: str,
) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def para(
        text: str = "",
        *,
        align: Any = None,
        indent: bool = False,
        font: str = FANGSONG,
        size: Pt = SIZE_3,
        bold: bool = False,
        color: RGBColor | None = None,
    ) -> Any:
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(32)  # two characters of 3号
        if align is not None:
            p.alignment = align
        if text:
            _run_font(p.add_run(text), font, size, bold=bold, color=color)
        return p

    mark = para(agency_name, align=WD_ALIGN_PARAGRAPH.CENTER, font=XIAOBIAOSONG, size=SIZE_2, color=RED)
    mark.paragraph_format.line_spacing = Pt(40)
    _double_rule(mark)
    para(number, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para()
    para(
        title, align=WD_ALIGN_PARAGRAPH.CENTER, font=XIAOBIAOSONG, size=SIZE_2
    ).paragraph_format.line_spacing = Pt(36)
    para()
    para(f"{recipient}：")
    for text in paragraphs:
        para(text, indent=True)
    para(remedies_text, indent=True)
    para()
    para(agency_name, align=WD_ALIGN_PARAGRAPH.RIGHT)  # 署名: the seal is pressed over name and date
    para(issued, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if note:
        para(f"（{note}）", indent=True)  # 附注: 居左空二字加圆括号，成文日期下一行
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
