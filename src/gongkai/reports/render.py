"""The report in the formats people use: the official table layout as a grid (shared by the portal page
and the .docx), .xlsx, .docx (official-document type), and PDF through LibreOffice."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.core import report_formats

HEADER_NOTE_KEY = "table3_header_note"


def decimal_text(value: Any) -> str:
    from gongkai.reports.narrative import decimal_text as text

    return text(value)


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    numeric: bool = False


Grid = list[list[Cell | None]]  # None: covered by a span


def _place(grid: Grid, r: int, c: int, cell: Cell) -> None:
    grid[r][c] = cell
    for i in range(r, r + cell.rowspan):
        for j in range(c, c + cell.colspan):
            if (i, j) != (r, c):
                grid[i][j] = None


def table3_grid(data: dict[str, Any]) -> Grid:
    """表三 as printed: a 3-row header (勾稽 note, 申请人情况, 法人或其他组织) and merged row labels."""
    fmt = data["format"]
    rows = report_formats.table3_rows(fmt)
    cols = report_formats.table3_columns()
    note = report_formats.formats()[HEADER_NOTE_KEY]
    width = 3 + len(cols)
    grid: Grid = [[Cell("") for _ in range(width)] for _ in range(3 + len(rows))]
    _place(grid, 0, 0, Cell(note, rowspan=3, colspan=3, header=True))
    _place(grid, 0, 3, Cell("申请人情况", colspan=len(cols), header=True))
    _place(grid, 1, 3, Cell(cols[0], rowspan=2, header=True))
    _place(grid, 1, 4, Cell("法人或其他组织", colspan=len(cols) - 2, header=True))
    _place(grid, 1, 3 + len(cols) - 1, Cell(cols[-1], rowspan=2, header=True))
    for j, col in enumerate(cols[1:-1]):
        _place(grid, 2, 4 + j, Cell(col, header=True))
    parts = [row.split("/") for row in rows]
    for i, p in enumerate(parts):
        r = 3 + i
        if len(p) == 1:
            _place(grid, r, 0, Cell(p[0], colspan=3, header=True))
        else:
            if i == 0 or parts[i - 1][0] != p[0]:
                span = sum(1 for q in parts[i:] if q[0] == p[0])
                _place(grid, r, 0, Cell(p[0], rowspan=span, header=True))
            if len(p) == 2:
                _place(grid, r, 1, Cell(p[1], colspan=2, header=True))
            else:
                if parts[i - 1][:2] != p[:2]:
                    span = sum(1 for q in parts[i:] if q[:2] == p[:2])
                    _place(grid, r, 1, Cell(p[1], rowspan=span, header=True))
                _place(grid, r, 2, Cell(p[2], header=True))
        for j, col in enumerate(cols):
            value = (data["table3"].get(rows[i]) or {}).get(col, "")
            _place(grid, r, 3 + j, Cell(str(value), numeric=True))
    return grid


def table4_grid(data: dict[str, Any]) -> Grid:
    groups, cols = report_formats.table4_groups(), report_formats.table4_columns()
    n = len(cols)
    grid: Grid = [[Cell("") for _ in range(3 * n)] for _ in range(4)]
    _place(grid, 0, 0, Cell("行政复议", rowspan=2, colspan=n, header=True))
    _place(grid, 0, n, Cell("行政诉讼", colspan=2 * n, header=True))
    _place(grid, 1, n, Cell("未经复议直接起诉", colspan=n, header=True))
    _place(grid, 1, 2 * n, Cell("复议后起诉", colspan=n, header=True))
    for g, group in enumerate(groups):
        for j, col in enumerate(cols):
            _place(grid, 2, g * n + j, Cell(col, header=True))
            _place(
                grid, 3, g * n + j, Cell(str((data["table4"].get(group) or {}).get(col, "")), numeric=True)
            )
    return grid


def table2_rows(data: dict[str, Any]) -> list[tuple[str, list[str], list[tuple[str, list[str]]]]]:
    """(block, columns, [(row, values)]) in the order of the format."""
    out = []
    for spec in report_formats.formats()["formats"][data["format"]]["table2"]:
        block = data["table2"].get(spec["block"]) or {}
        rows = [
            (row, [str((block.get(row) or {}).get(c, "")) for c in spec["columns"]]) for row in spec["rows"]
        ]
        out.append((spec["block"], list(spec["columns"]), rows))
    return out


def title(data: dict[str, Any]) -> str:
    return f"{data['organization']}{data['year']}年政府信息公开工作年度报告"


# ------------------------------------------------------------------------------------------ xlsx
def to_xlsx(data: dict[str, Any]) -> bytes:
    """Sheets 报告 (format, year, organization, sections), 表二, 表三, 表四; read back by `report check`."""
    wb = Workbook()
    info = wb.active or wb.create_sheet()
    info.title = "报告"
    info.append(["format", data["format"]])
    info.append(["year", data["year"]])
    info.append(["organization", data["organization"]])
    for heading, text in data["sections"].items():
        info.append([heading, text])
    t2 = wb.create_sheet("表二")
    t2.append(["栏目", "信息内容", "统计项", "数值"])
    for block, columns, rows in table2_rows(data):
        for row, values in rows:
            for column, value in zip(columns, values, strict=True):
                t2.append([block, row, column, value])
    t3 = wb.create_sheet("表三")
    cols = report_formats.table3_columns()
    t3.append(["项目", "", "", *cols])
    for row in report_formats.table3_rows(data["format"]):
        parts = row.split("/")
        labels = parts + [""] * (3 - len(parts))
        t3.append([*labels, *[(data["table3"].get(row) or {}).get(c) for c in cols]])
    t4 = wb.create_sheet("表四")
    t4.append(["类别", *report_formats.table4_columns()])
    for group in report_formats.table4_groups():
        t4.append(
            [group, *[(data["table4"].get(group) or {}).get(c) for c in report_formats.table4_columns()]]
        )
    for ws in (t2, t3, t4):
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------ docx
def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _docx_grid(doc: Any, grid: Grid, label_widths: tuple[float, ...] = ()) -> None:
    """A grid as a Word table; ``label_widths`` (mm) for the leading label columns, the rest share 156 mm."""
    table = doc.add_table(rows=len(grid), cols=len(grid[0]))
    table.style = "Table Grid"
    if label_widths:
        table.autofit = False
        rest = (156 - sum(label_widths)) / (len(grid[0]) - len(label_widths))
        widths = [*label_widths, *([rest] * (len(grid[0]) - len(label_widths)))]
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(width)
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            paragraph = target.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if (cell.numeric or cell.header) else None
            _font(paragraph.add_run(cell.text), "仿宋_GB2312", 9, bold=cell.header and r < 3)


def to_docx(data: dict[str, Any]) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(title(data)), "方正小标宋简体", 22)
    headings = report_formats.formats()["sections"]
    for h in headings:
        p = doc.add_paragraph()
        _font(p.add_run(h), "黑体", 16)
        text = data["sections"].get(h, "")
        if text:
            body = doc.add_paragraph()
            body.paragraph_format.first_line_indent = Pt(32)
            _font(body.add_run(text), "仿宋_GB2312", 16)
        if h == headings[1]:
            for block, columns, rows in table2_rows(data):
                first: list[Cell | None] = [Cell(block, colspan=len(columns) + 1, header=True)]
                second: list[Cell | None] = [Cell("信息内容", header=True)]
                grid: Grid = [first + [None] * len(columns), second + [Cell(c, header=True) for c in columns]]
                for row, values in rows:
                    line: list[Cell | None] = [Cell(row, header=True)]
                    grid.append(line + [Cell(v, numeric=True) for v in values])
                _docx_grid(doc, grid)
        elif h == headings[2]:
            _docx_grid(doc, table3_grid(data), label_widths=(22, 22, 34))
            from gongkai.reports import charts

            for png in (charts.outcome_png(data), charts.trend_png(data)):
                if png:
                    doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Mm(150))
        elif h == headings[3]:
            _docx_grid(doc, table4_grid(data))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_pdf(data: dict[str, Any]) -> bytes:
    from gongkai.core.office import docx_to_pdf

    return docx_to_pdf(to_docx(data))


def html_context(data: dict[str, Any]) -> dict[str, Any]:
    from django.utils.safestring import mark_safe

    from gongkai.reports import charts

    headings = report_formats.formats()["sections"]
    return {
        "charts": [mark_safe(svg) for svg in (charts.outcome_svg(data), charts.trend_svg(data)) if svg],  # noqa: S308
        "title": title(data),
        "sections": [(h, data["sections"].get(h, "")) for h in headings],
        "table2": table2_rows(data),
        "table3": table3_grid(data),
        "table4": table4_grid(data),
    }


def to_html(data: dict[str, Any]) -> str:
    """A standalone page in the official table layout (the portal serves the same template)."""
    from django.template.loader import render_to_string

    return render_to_string("reports/standalone.html", html_context(data))
