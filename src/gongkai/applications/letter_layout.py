"""The layout of letters to applicants (答复书、告知书): a .docx in the 信函格式 of GB/T 9704-2012
(../shared/spec/DOCUMENTS.md §1.2, §1.3), turned into PDF by LibreOffice (:mod:`gongkai.core.office`,
with the font aliases of ``gongkai/core/fonts/fonts.conf``).

Page: A4, margins 37/35/28/26 mm (版心 156×225 mm). Every element is 3号 (16 pt) 仿宋 unless said
otherwise, at an exact line pitch of 28.95 pt (22 lines to the 版心). The document's East Asian language
is zh-CN and its Western language en-US (as in Word for Chinese): LibreOffice breaks lines of a zh text
portion between any two characters, so figures marked zh (the Western language) were split at line ends
(“20 / 21年”); as en-US they follow the Unicode rules, which keep a run of figures whole (LibreOffice
may still break after the hyphen of a telephone number, “0758-” / “7573369”, as after any hyphen).

First page only, as on 信函 letterhead (the first-page header and footer, so the body keeps its margins):
the agency's full name (发文机关标志) centred in red 2号 小标宋, its top 30 mm below the top edge, over a
red double rule (上粗下细) 170 mm long; a second red double rule (上细下粗), 170 mm long, 20 mm above the
bottom edge; no page number (首页不显示页码). The text of the first page runs down to the lower rule
(“第二条红色双线上一行如有文字，与该线的距离为3号汉字高度的7/8”): the page's bottom margin is 26 mm, and
the later pages' footer (页码) is tall enough to end their text at the 版心 (35 mm), so the first page, whose
top the letterhead takes, holds about one line more than it would with a 35 mm margin.

Body: the 文号 flush right under the rule; a blank line; the title centred in 2号 小标宋; a blank line;
the recipient flush left with a full-width colon; the paragraphs, first line indented two characters;
the remedies paragraph; then, if there are attachments, a blank line and 附件说明 (“附件：名称”, or
“附件：1. 名称” one to a line when there are several, wrapped lines aligned with the first character of
the name).

署名 and 成文日期: after two blank lines (room for the seal), the date with a right indent of four
characters (64 pt) and the agency's name centred over it (by the width of both, digits counting half a
character). The last paragraph of the body (keep with next), the blank lines, the 署名 and the date are
kept on one page, so no page break ever separates them, and the 署名 never stands on a page without
text (no “此页无正文”); nothing before the last paragraph is in the chain (LibreOffice moves a kept
paragraph whole; widow and orphan control keep at least two lines of a paragraph together). The 附注 is
not chained to the date: when it does not fit under the date it goes to the next page alone rather than
taking the last paragraph, 署名 and date along. With the agency's electronic seal, the image (42 mm wide)
is anchored to the 署名, centred over name and date with its top just under the body and the text a
little below its centre; without one the space is left for a seal pressed by hand. 附注 (contact) after
the date, two characters in, in round brackets.

Later pages: 页码 “— N —” in 4号 宋体 (half-width figures between em dashes) 7 mm under the 版心, odd
pages right and even pages left, one character in.
"""

from __future__ import annotations

import io
import itertools
import logging
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Length, Mm, Pt, RGBColor

from gongkai.core import office

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)
CHAR = Pt(16)  #: one character (一字) of 3号
LINE_PITCH = Pt(28.95)
RED = RGBColor(0xC0, 0x00, 0x00)
RULE_OVERHANG = Mm(7)  #: the 信函 rules are 170 mm, the 版心 156 mm: 7 mm beyond it on each side
SEAL_WIDTH = Mm(42)

#: The bottom margin of every page: the first page's text runs down to 7/8 of a character above the lower
#: rule (20 mm up); the later pages' footer is tall enough to end their text at the 版心 (35 mm up).
BOTTOM_MARGIN = Mm(26)

log = logging.getLogger(__name__)


def _run_font(run: Any, name: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)
    if color is not None:
        run.font.color.rgb = color


def _border(paragraph: Any, side: str, style: str, *, space: int = 1) -> None:
    """A red double line on one side of the paragraph (``space``: points between text and line)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", style), ("w:sz", "24"), ("w:space", str(space)), ("w:color", "C00000")):
        line.set(qn(key), value)
    borders.append(line)
    p_pr.append(borders)


def _double_rule(paragraph: Any, *, space: int = 1) -> None:
    """A red double line under the paragraph (信函格式, the upper rule: 上粗下细)."""
    _border(paragraph, "bottom", "thickThinSmallGap", space=space)


def _chinese_defaults(doc: Any) -> None:
    """仿宋 3号 and zh-CN for everything not set run by run (empty lines, fields): no theme font (which
    would fall back to a Latin face) and the right language for LibreOffice's glyph fallback."""
    office.set_default_font(doc, FANGSONG)
    normal = doc.styles["Normal"]
    normal.font.size = SIZE_3
    normal.paragraph_format.space_after = Pt(0)


def _width_in_chars(text: str) -> float:
    """Width in characters of 3号: CJK full width, ASCII (the figures of a date) half, and a fifth of a
    character where figures meet 汉字 (the space LibreOffice and Word put between Asian and Latin text)."""
    width = sum(0.5 if ord(c) < 0x80 else 1.0 for c in text)
    return width + 0.2 * sum((a < "\x80") != (b < "\x80") for a, b in itertools.pairwise(text))


def _page_number(paragraph: Any) -> None:
    """“— N —”: a PAGE field between em dashes, 4号 宋体."""

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        _run_font(r, SONGTI, SIZE_4)
        return r

    run("— ")
    run()._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run()._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>'))
    run()._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    run("2")
    run()._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
    run(" —")


def _anchor_seal(run: Any, image: bytes, *, left: Length, top: Length) -> None:
    """The seal as a floating picture in front of the text, placed from the paragraph's top and the
    margin's left (python-docx only makes inline pictures: its graphic is moved into a wp:anchor)."""
    run.add_picture(io.BytesIO(image), width=SEAL_WIDTH)
    inline = run._r.xpath(".//wp:inline")[0]
    extent = inline.find(qn("wp:extent"))
    doc_pr = inline.find(qn("wp:docPr"))
    graphic = inline.find(qn("a:graphic"))
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp", "a", "pic", "r")} distT="0" distB="0" distL="0" distR="0" '
        'simplePos="0" relativeHeight="251659264" behindDoc="0" locked="1" layoutInCell="1" '
        'allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{int(left)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{int(top)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{extent.get("cx")}" cy="{extent.get("cy")}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        "<wp:wrapNone/>"
        f'<wp:docPr id="{doc_pr.get("id")}" name="seal" descr="印章"/>'
        "<wp:cNvGraphicFramePr/>"
        "</wp:anchor>"
    )
    anchor.append(graphic)
    inline.getparent().replace(inline, anchor)


def seal_image(field: Any) -> bytes | None:
    """The bytes of an agency's ``seal_image`` (a FileField), or None when there is none or it is not a
    picture Word can hold (PNG, JPEG, GIF, BMP, TIFF): the letter then leaves the space for a seal."""
    if not field:
        return None
    try:
        with field.open("rb") as f:
            data = bytes(f.read())
        DocxImage.from_blob(data)
    except (OSError, UnrecognizedImageError):
        log.warning("seal image %s cannot be used; letters leave the space for the seal", field.name)
        return None
    return data


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
    attachments: Sequence[str] = (),
    seal: bytes | None = None,
) -> bytes:
    """The letter as .docx (see the module's docstring). ``seal``: the agency's seal image (PNG or JPEG,
    transparent background) or None to leave its space; ``attachments``: the names for 附件说明."""
    doc = Document()
    _chinese_defaults(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), BOTTOM_MARGIN
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(30)  # 信函: the agency's name 30 mm below the top edge
    section.footer_distance = Mm(20)  # 信函: the lower rule 20 mm above the bottom edge
    section.different_first_page_header_footer = True

    def fmt_para(p: Any, *, pitch: Length = LINE_PITCH) -> Any:
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = pitch
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = True
        return fmt

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
        fmt = fmt_para(p)
        if indent:
            fmt.first_line_indent = 2 * CHAR
        if align is not None:
            p.alignment = align
        if text:
            _run_font(p.add_run(text), font, size, bold=bold, color=color)
        return p

    # First page: letterhead (发文机关标志 over the upper rule) and the lower rule; no page number.
    mark = section.first_page_header.paragraphs[0]
    fmt = fmt_para(mark, pitch=Pt(26))
    fmt.left_indent = fmt.right_indent = -RULE_OVERHANG
    fmt.space_after = Pt(6)
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_font(mark.add_run(agency_name), XIAOBIAOSONG, SIZE_2, color=RED)
    _double_rule(mark, space=11)  # 发文机关标志下4 mm处
    lower = section.first_page_footer.paragraphs[0]
    fmt = fmt_para(lower, pitch=Pt(1))
    fmt.left_indent = fmt.right_indent = -RULE_OVERHANG
    _border(lower, "bottom", "thinThickSmallGap")  # 上细下粗 (a bottom border lists its lines top down)
    # Later pages: — N —, 7 mm under the 版心, 单页码居右空一字，双页码居左空一字.
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        fmt = fmt_para(p, pitch=Pt(14))
        fmt.space_after = Pt(16)  # the dashes 7 mm under the 版心 (footer 20 mm up)
        # The footer's top at the 版心's bottom (35 mm up): the text of later pages ends there.
        fmt.space_before = Mm(35) - Mm(20) - Pt(14) - Pt(16)
        fmt.left_indent = fmt.right_indent = SIZE_4
        p.alignment = align
        _page_number(p)

    para(number, align=WD_ALIGN_PARAGRAPH.RIGHT)  # 发文字号顶格居版心右边缘
    para()
    para(
        title, align=WD_ALIGN_PARAGRAPH.CENTER, font=XIAOBIAOSONG, size=SIZE_2
    ).paragraph_format.line_spacing = Pt(36)
    para()
    last = para(f"{recipient}：")
    for text in [*paragraphs, remedies_text]:
        if text:
            last = para(text, indent=True)
    if attachments:
        # 附件说明: 正文下空一行左空二字; several are numbered; a long name wraps under its first character.
        last.paragraph_format.keep_with_next = True
        para().paragraph_format.keep_with_next = True
        several = len(attachments) > 1
        label = 3 * CHAR  # “附件：”
        number_width = CHAR + Pt(8) if several else Pt(0)  # “1.” and a space, at the tab stop
        for i, name in enumerate(attachments, 1):
            numbered = f"{i}.\t{name}" if several else name
            p = para(f"附件：{numbered}" if i == 1 else numbered)
            fmt = p.paragraph_format
            fmt.left_indent = 2 * CHAR + label + number_width
            fmt.first_line_indent = -(label + number_width) if i == 1 else -number_width
            if several:
                fmt.tab_stops.add_tab_stop(fmt.left_indent, WD_TAB_ALIGNMENT.LEFT)
            last = p
    # 署名 and 成文日期 stay on the page of the text above them.
    last.paragraph_format.keep_with_next = True
    for _ in range(2):
        para().paragraph_format.keep_with_next = True
    date_indent = Pt(4 * CHAR.pt)  # 成文日期一般右空四字: 64 pt
    spread = (_width_in_chars(issued) - _width_in_chars(agency_name)) / 2
    signature = para(agency_name, align=WD_ALIGN_PARAGRAPH.RIGHT)  # centred over the date
    signature.paragraph_format.right_indent = Pt(max(0.0, date_indent.pt + spread * CHAR.pt))
    signature.paragraph_format.keep_with_next = signature.paragraph_format.keep_together = True
    date_p = para(issued, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date_p.paragraph_format.right_indent = date_indent
    date_p.paragraph_format.keep_together = True
    if seal:
        # The seal's centre over the centre of the date, its top 16 mm above the 署名 (under the body:
        # 印章顶端上距正文一行之内), so that name and date sit a little below its centre.
        text_width = Mm(156)
        centre = text_width - date_indent - Emu(int(_width_in_chars(issued) * CHAR / 2))
        _anchor_seal(signature.add_run(), seal, left=Emu(int(centre - SEAL_WIDTH / 2)), top=Emu(-Mm(16)))
    if note:
        para(f"（{note}）", indent=True)  # 附注: 居左空二字加圆括号，成文日期下一行
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
