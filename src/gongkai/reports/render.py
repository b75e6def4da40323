"""The report in the formats people use: the official table layout as a grid (shared by the portal page
and the .docx), .xlsx (figures as numbers), .docx (A4, official-document type: docx_layout.py), and PDF
through LibreOffice."""

from __future__ import annotations

import io
import logging
from datetime import UTC
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.core import clock, report_formats
from gongkai.reports import docx_layout
from gongkai.reports.docx_layout import Cell, Grid

HEADER_NOTE_KEY = "table3_header_note"
log = logging.getLogger(__name__)

__all__ = ["Cell", "Grid", "html_context", "to_docx", "to_html", "to_pdf", "to_xlsx"]


def decimal_text(value: Any) -> str:
    from gongkai.reports.narrative import decimal_text as text

    return text(value)


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
    """(block, column labels as printed, [(row, values)]) in the order of the format; 采购总金额 with its
    unit (report_formats.column_label)."""
    out = []
    for spec in report_formats.formats()["formats"][data["format"]]["table2"]:
        block = data["table2"].get(spec["block"]) or {}
        rows = [
            (row, [str((block.get(row) or {}).get(c, "")) for c in spec["columns"]]) for row in spec["rows"]
        ]
        out.append((spec["block"], [report_formats.column_label(c) for c in spec["columns"]], rows))
    return out


def table2_grid(block: str, columns: list[str], rows: list[tuple[str, list[str]]]) -> Grid:
    """A block of 表二 as printed: the block's name over its columns, then 信息内容 and the columns."""
    first: list[Cell | None] = [Cell(block, colspan=len(columns) + 1, header=True)]
    second: list[Cell | None] = [Cell("信息内容", header=True)]
    grid: Grid = [first + [None] * len(columns), second + [Cell(c, header=True) for c in columns]]
    for row, values in rows:
        line: list[Cell | None] = [Cell(row, header=True)]
        grid.append(line + [Cell(v, numeric=True) for v in values])
    return grid


def title(data: dict[str, Any]) -> str:
    return f"{data['organization']}{data['year']}年政府信息公开工作年度报告"


# ------------------------------------------------------------------------------------------ xlsx
#: The 报告 sheet's keys (a reader also accepts the English keys of earlier files: reading.py).
INFO_KEYS = {"format": "报告格式", "year": "报告年度", "organization": "报告机关"}


def number(value: Any) -> int | Decimal | None:
    """A figure as a number for a spreadsheet (表二 holds decimal strings in the JSON); blank → None."""
    if value is None or value == "":
        return None
    if isinstance(value, int | Decimal):
        return value
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return int(d) if d == d.to_integral_value() else d


def to_xlsx(data: dict[str, Any]) -> bytes:
    """Sheets 报告 (报告格式, 报告年度, 报告机关, sections), 表二, 表三, 表四, every figure a number;
    read back by `report check` (reading.read_xlsx)."""
    wb = Workbook()
    info = wb.active or wb.create_sheet()
    info.title = "报告"
    info.append([INFO_KEYS["format"], data["format"]])
    info.append([INFO_KEYS["year"], int(data["year"])])
    info.append([INFO_KEYS["organization"], data["organization"]])
    for heading, text in data["sections"].items():
        info.append([heading, text])
    _widths(info, [30, 100])
    for row in info.iter_rows(min_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    t2 = wb.create_sheet("表二")
    t2.append(["栏目", "信息内容", "统计项", "数值"])
    for spec in report_formats.formats()["formats"][data["format"]]["table2"]:
        block = data["table2"].get(spec["block"]) or {}
        for row in spec["rows"]:
            for column in spec["columns"]:
                value = number((block.get(row) or {}).get(column))
                t2.append([spec["block"], row, report_formats.column_label(column), value])
                if report_formats.is_money(column):
                    t2.cell(t2.max_row, 4).number_format = "0.00"
    _widths(t2, [20, 22, 30, 14])
    t3 = wb.create_sheet("表三")
    cols = report_formats.table3_columns()
    t3.append(["项目", "", "", *cols])
    for row in report_formats.table3_rows(data["format"]):
        parts = row.split("/")
        labels = parts + [""] * (3 - len(parts))
        t3.append([*labels, *[number((data["table3"].get(row) or {}).get(c)) for c in cols]])
    _widths(t3, [30, 26, 40, *([11] * len(cols))])
    t4 = wb.create_sheet("表四")
    t4.append(["类别", *report_formats.table4_columns()])
    for group in report_formats.table4_groups():
        values = [(data["table4"].get(group) or {}).get(c) for c in report_formats.table4_columns()]
        t4.append([group, *[number(v) for v in values]])
    _widths(t4, [26, *([11] * len(report_formats.table4_columns()))])
    for ws in (t2, t3, t4):
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.freeze_panes = "A2"
    _properties(wb, data)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _widths(ws: Worksheet, widths: list[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _properties(wb: Workbook, data: dict[str, Any]) -> None:
    props = wb.properties
    props.title, props.creator, props.lastModifiedBy = title(data), data["organization"], data["organization"]
    props.subject, props.language = "政府信息公开工作年度报告", "zh-CN"
    props.created = props.modified = clock.now().astimezone(UTC).replace(tzinfo=None)


# ------------------------------------------------------------------------------------------ docx
_LABELS_TABLE2 = (44.0,)
_LABELS_TABLE3 = (16.0, 19.0, 37.0)


def to_docx(data: dict[str, Any]) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    font = docx_layout.font
    doc = docx_layout.new_document(title=title(data), author=data["organization"], created=clock.now())
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(heading.add_run(title(data)), docx_layout.XIAOBIAOSONG, 22)
    headings = report_formats.formats()["sections"]
    for h in headings:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        font(p.add_run(h), docx_layout.HEITI, 16)
        text = data["sections"].get(h, "")
        if text:
            body = doc.add_paragraph()
            body.paragraph_format.first_line_indent = Pt(32)
            body.paragraph_format.keep_with_next = h in (headings[1], headings[3])  # with a short table
            font(body.add_run(text), docx_layout.FANGSONG, 16)
        if h == headings[1]:
            for block, columns, rows in table2_rows(data):
                grid = table2_grid(block, columns, rows)
                docx_layout.add_table(doc, grid, labels=_LABELS_TABLE2, header_rows=2, keep=True)
        elif h == headings[2]:
            docx_layout.add_table(doc, table3_grid(data), labels=_LABELS_TABLE3, header_rows=3)
            _charts(doc, data)
        elif h == headings[3]:
            docx_layout.add_table(doc, table4_grid(data), labels=(), header_rows=3, keep=True)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _charts(doc: Any, data: dict[str, Any]) -> None:
    """The two charts as pictures; without a Chinese font the document says so where they would be."""
    from docx.shared import Mm

    from gongkai.reports import charts

    try:
        pngs = [charts.outcome_png(data), charts.trend_png(data)]
    except charts.ChartFontMissing as e:
        log.warning("report charts left out: %s", e.message)
        docx_layout.font(doc.add_paragraph().add_run(f"（{e.message}）"), docx_layout.FANGSONG, 12)
        return
    for png in pngs:
        if png:
            doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Mm(150))


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
