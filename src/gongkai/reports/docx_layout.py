"""The annual report's page and tables in Word: A4 with the margins of GB/T 9704 (DOCUMENTS.md §1.1:
天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, hence 35 mm below and 26 mm right), 页码 “— N —” below the
版心, and tables that survive LibreOffice's PDF export: fixed column widths (the label columns get their
width, each figure column the width its longest figure needs), figures never broken over two lines,
header rows repeated on every page, rows never split across a page.

Why figures broke ("132/0"): a run tagged zh-CN lets LibreOffice break a line between any two digits;
figures are tagged en-US (the East Asian text stays zh-CN), and figure cells are ``noWrap`` and wide enough.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from gongkai.core import office

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4 (GB/T 148)
TEXT_WIDTH_MM = 156  # 版心
FANGSONG, HEITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "黑体", "方正小标宋简体", "宋体"
CELL_MARGIN_MM = 0.8  # left and right
CELL_PADDING_MM = 0.5  # above and below
TABLE_PT = 9.0  # 小五 is 9 pt: the size published reports use for the tables
SMALLEST_PT = 6.5
_DIGIT_EM = 0.55  # a figure's advance in em in the 仿宋 faces (with room for the minus sign and the point)
_PT_MM = 25.4 / 72


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    numeric: bool = False


Grid = list[list[Cell | None]]  # None: covered by a span


def new_document(*, title: str, author: str, created: datetime) -> Any:
    """An empty A4 document with the report's defaults and metadata (author: the organisation)."""
    doc = Document()
    _defaults(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(35 - 7 - 5)  # the 一字线 7 mm below the 版心 (GB/T 9704 7.5)
    _page_number(section.footer.paragraphs[0])
    props = doc.core_properties
    utc = created.astimezone(UTC).replace(tzinfo=None)  # OOXML stores UTC
    props.title, props.author, props.last_modified_by = title, author, author
    props.created, props.modified, props.revision = utc, utc, 1
    props.language, props.comments, props.subject = "zh-CN", "", "政府信息公开工作年度报告"
    return doc


def font(run: Any, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _defaults(doc: Any) -> None:
    """仿宋 and the languages for everything not set run by run: Western text (figures) en-US so that
    LibreOffice's Chinese line breaking never splits a figure, East Asian text zh-CN."""
    office.set_default_font(doc, FANGSONG)
    doc.styles["Normal"].paragraph_format.space_after = Pt(0)


def _page_number(paragraph: Any) -> None:
    """“— N —”, 4号 宋体, centred (a report is not bound as a 公文; one position for every page)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(paragraph.add_run("— "), SONGTI, 14)
    for xml in (
        f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
        f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
        f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>',
    ):
        run = paragraph.add_run()
        run._r.append(parse_xml(xml))
    font(paragraph.add_run("1"), SONGTI, 14)
    paragraph.add_run()._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
    font(paragraph.add_run(" —"), SONGTI, 14)


def column_widths(grid: Grid, labels: tuple[float, ...]) -> list[float]:
    """Widths in mm: ``labels`` for the leading label columns, the rest share what is left of the 版心."""
    n = len(grid[0])
    rest = (TEXT_WIDTH_MM - sum(labels)) / (n - len(labels))
    return [*labels, *([rest] * (n - len(labels)))]


def fitting_size(grid: Grid, widths: list[float]) -> float:
    """The table's type size: 9 pt unless its longest figure needs a smaller size to stay on one line."""
    size = TABLE_PT
    for row in grid:
        for c, cell in enumerate(row):
            if cell is None or not cell.numeric or not cell.text:
                continue
            room = sum(widths[c : c + cell.colspan]) - 2 * CELL_MARGIN_MM
            needed = len(cell.text) * _DIGIT_EM * _PT_MM  # mm per pt of type size
            size = min(size, room / needed)
    return max(SMALLEST_PT, min(TABLE_PT, math.floor(size * 2) / 2))  # in half points


def add_table(
    doc: Any, grid: Grid, *, labels: tuple[float, ...], header_rows: int, keep: bool = False
) -> Any:
    """``grid`` as a Word table of fixed widths; the first ``header_rows`` repeat on each page; ``keep``
    keeps the whole table on one page (short tables)."""
    widths = column_widths(grid, labels)
    size = fitting_size(grid, widths)
    table = doc.add_table(rows=len(grid), cols=len(grid[0]))
    table.style = "Table Grid"
    table.autofit = False  # w:tblLayout fixed: the widths below are kept
    _table_properties(table, widths)
    # The cells once, before any merge (table.cell() walks the whole table on every call).
    cells = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for r, line in enumerate(cells):
        _row_properties(table.rows[r], header=r < header_rows)
        for target, width in zip(line, widths, strict=True):
            target.width = Mm(width)
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None:
                layout = (size, sum(widths[c : c + cell.colspan]))
                _fill(cells, r, c, cell, layout, keep=keep and r < len(grid) - 1, head=r < header_rows)
    return table


def _table_properties(table: Any, widths: list[float]) -> None:
    for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = Mm(width)
    tbl_pr = table._tbl.tblPr  # children in the schema's order: tblW … tblLayout, tblCellMar, tblLook
    total = tbl_pr.find(qn("w:tblW"))
    if total is None:
        total = tbl_pr.insert_element_before(OxmlElement("w:tblW"), *_AFTER_TBLW)
    total.set(qn("w:w"), str(_twips(sum(widths))))
    total.set(qn("w:type"), "dxa")
    side, top = _twips(CELL_MARGIN_MM), _twips(CELL_PADDING_MM)
    cell_margins = parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:top w:w="{top}" w:type="dxa"/>'
        f'<w:left w:w="{side}" w:type="dxa"/><w:bottom w:w="{top}" w:type="dxa"/>'
        f'<w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>'
    )
    tbl_pr.insert_element_before(cell_margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


_AFTER_TBLW = (
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _row_properties(row: Any, *, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _fill(
    cells: list[list[Any]], r: int, c: int, cell: Cell, layout: tuple[float, float], *, keep: bool, head: bool
) -> None:
    """One cell; ``layout`` is (type size, width in mm); ``head``: a cell of the repeated header rows."""
    size, width = layout
    target = cells[r][c]
    if cell.rowspan > 1 or cell.colspan > 1:
        target = target.merge(cells[r + cell.rowspan - 1][c + cell.colspan - 1])
    if cell.numeric:  # noWrap sits before vAlign in the schema's order of tcPr
        target._tc.get_or_add_tcPr().insert_element_before(OxmlElement("w:noWrap"), *_AFTER_NOWRAP)
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = target.paragraphs[0]
    centred = cell.numeric or head or cell.rowspan > 1  # row labels left, as in the format's template
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.keep_with_next = keep
    lines = balanced_lines(cell.text, width - 2 * CELL_MARGIN_MM, size) if head else [cell.text]
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
        font(run, FANGSONG, size, bold=head)


def balanced_lines(text: str, room_mm: float, size: float) -> list[str]:
    """A short heading over lines of equal length ("商业/企业", not "商业企/业") when it does not fit."""
    per_line = max(1, int(room_mm / (size * _PT_MM)))
    if len(text) <= per_line or len(text) > 12:  # long headings wrap by themselves
        return [text]
    count = math.ceil(len(text) / per_line)
    step = math.ceil(len(text) / count)
    return [text[i : i + step] for i in range(0, len(text), step)]


_AFTER_NOWRAP = ("w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
