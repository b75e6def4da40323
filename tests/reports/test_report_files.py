"""The report's files fit the paper and the reader: A4 with the GB/T 9704 margins in the .docx and PDF,
tables that keep each figure on one line and repeat their header rows, .xlsx figures stored as numbers,
采购总金额 with its unit, and metadata naming the organisation. Built from a report in the JSON layout
(no database), with figures as large as a province's."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from gongkai.core import report_formats
from gongkai.reports import reading, render

PINNED = "2021-03-15T09:30:00+08:00"


def report(*, year: int = 2020, big: int = 123456, prose: str = "") -> dict[str, Any]:
    """A report of ``year``'s format whose every 表三 figure has six digits and 表四 five (1234x)."""
    fmt = report_formats.format_for_year(year)
    table2 = {
        spec["block"]: {
            row: {
                col: ("12966000.5" if col == "采购总金额" else "-191" if "增" in col else "16583")
                for col in spec["columns"]
            }
            for row in spec["rows"]
        }
        for spec in report_formats.formats()["formats"][fmt]["table2"]
    }
    cols = report_formats.table3_columns()
    table3 = {row: dict.fromkeys(cols, big) for row in report_formats.table3_rows(fmt)}
    table4 = {
        g: dict.fromkeys(report_formats.table4_columns(), 12345) for g in report_formats.table4_groups()
    }
    headings = report_formats.formats()["sections"]
    return {
        "trend": {str(year - 1): 41236, str(year): 47517},
        "format": fmt,
        "year": year,
        "organization": "广东省人民政府办公厅",
        "table2": table2,
        "table3": table3,
        "table4": table4,
        "sections": {h: prose or f"{h[2:]}的说明。" for h in headings},
    }


# ------------------------------------------------------------------------------------------ docx
def test_docx_is_a4_with_the_margins_of_gb_t_9704_and_names_its_author() -> None:
    with time_machine.travel(PINNED, tick=False):
        doc = Document(io.BytesIO(render.to_docx(report())))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]  # 版心 156 × 225 mm
    props = doc.core_properties
    assert props.author == "广东省人民政府办公厅"
    assert props.title == "广东省人民政府办公厅2020年政府信息公开工作年度报告"
    assert props.created == datetime(2021, 3, 15, 1, 30, tzinfo=UTC)  # the clock of record, stored in UTC
    assert props.language == "zh-CN"
    footer = "".join(t.text or "" for t in section.footer._element.iter(qn("w:instrText")))
    assert "PAGE" in footer  # 页码


def test_docx_tables_have_fixed_widths_repeated_headers_and_unbreakable_figures() -> None:
    doc = Document(io.BytesIO(render.to_docx(report())))
    table3 = next(t for t in doc.tables if "申请人情况" in t.cell(0, 3).text)
    grid = [int(c.get(qn("w:w"))) * 25.4 / 1440 for c in table3._tbl.tblGrid.iter(qn("w:gridCol"))]  # mm
    assert round(sum(grid)) == 156  # the width of the 版心
    assert [round(w) for w in grid[:3]] == [16, 19, 37]  # the label columns get their width
    assert table3._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    rows = table3._tbl.findall(qn("w:tr"))
    header = [tr for tr in rows if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
    assert header == rows[:3]  # the three header rows repeat on each page
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)
    figures = [tc for tc in table3._tbl.iter(qn("w:tc")) if _text(tc) == "123456"]
    assert len(figures) == 7 * len(report_formats.table3_rows("2019"))
    assert all(tc.find(f"{qn('w:tcPr')}/{qn('w:noWrap')}") is not None for tc in figures)
    # Figures are Western text (en-US): LibreOffice's Chinese line breaking would split them.
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("en-US", "zh-CN")


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def test_docx_names_the_unit_of_the_procurement_total() -> None:
    doc = Document(io.BytesIO(render.to_docx(report(year=2020))))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "采购总金额（万元）" in cells and "采购总金额" not in cells
    assert "12966000.5" in cells


def test_html_names_the_unit_of_the_procurement_total() -> None:
    html = render.to_html(report(year=2020))
    assert '<th scope="col">采购总金额（万元）</th>' in html
    assert ">采购总金额<" not in html


# ------------------------------------------------------------------------------------------ xlsx
def test_xlsx_figures_are_numbers_with_chinese_sheets_keys_and_widths() -> None:
    data = report(year=2020)
    with time_machine.travel(PINNED, tick=False):
        raw = render.to_xlsx(data)
    wb = load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["报告", "表二", "表三", "表四"]
    info = {row[0]: row[1] for row in wb["报告"].iter_rows(values_only=True)}
    assert (info["报告格式"], info["报告年度"], info["报告机关"]) == ("2019", 2020, "广东省人民政府办公厅")
    t2 = list(wb["表二"].iter_rows(values_only=True))
    assert t2[0] == ("栏目", "信息内容", "统计项", "数值")
    by_label = {(r[1], r[2]): r[3] for r in t2[1:]}
    assert by_label[("规章", "本年新制作数量")] == 16583
    assert by_label[("行政许可", "本年增/减")] == -191
    assert by_label[("政府集中采购", "采购总金额（万元）")] == pytest.approx(12966000.5)
    amount = next(row[3] for row in wb["表二"].iter_rows(min_row=2) if row[2].value == "采购总金额（万元）")
    assert amount.number_format == "0.00"
    for name in ("表二", "表三", "表四"):
        ws = wb[name]
        first = 4 if name == "表三" else 2
        values = [c.value for row in ws.iter_rows(min_row=2, min_col=first) for c in row if c.column >= first]
        if name == "表二":
            values = [row[3] for row in t2[1:]]
        assert values and all(isinstance(v, int | float) for v in values), name
        assert all(ws.column_dimensions[letter].width >= 10 for letter in ("A", "B"))
    assert wb["表三"].column_dimensions["C"].width == 40
    assert wb.properties.creator == "广东省人民政府办公厅"
    assert wb.properties.title == "广东省人民政府办公厅2020年政府信息公开工作年度报告"
    assert wb.properties.created == datetime(2021, 3, 15, 1, 30, tzinfo=UTC).replace(tzinfo=None)
    back = reading.read_xlsx(raw)
    assert (back["table2"], back["table3"], back["table4"]) == (
        data["table2"],
        data["table3"],
        data["table4"],
    )
    assert (back["format"], back["year"], back["organization"]) == ("2019", 2020, "广东省人民政府办公厅")


def test_xlsx_of_the_2021_format_keeps_fee_amounts_in_wan_yuan_as_numbers() -> None:
    data = report(year=2021)
    block = data["table2"]["第二十条第（八）项"]["行政事业性收费"]
    block["本年收费金额（单位：万元）"] = "1234.56"
    wb = load_workbook(io.BytesIO(render.to_xlsx(data)))
    row = next(r for r in wb["表二"].iter_rows(min_row=2) if r[2].value == "本年收费金额（单位：万元）")
    assert row[3].value == pytest.approx(1234.56) and row[3].number_format == "0.00"
    assert reading.read_xlsx(render.to_xlsx(data))["table2"] == data["table2"]


def test_xlsx_written_before_the_chinese_keys_still_reads() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "报告"
    for key, value in (("format", "2021"), ("year", 2021), ("organization", "某局")):
        ws.append([key, value])
    t3 = wb.create_sheet("表三")
    t3.append(["项目", "", "", *report_formats.table3_columns()])
    buf = io.BytesIO()
    wb.save(buf)
    back = reading.read_xlsx(buf.getvalue())
    assert (back["format"], back["year"], back["organization"]) == ("2021", 2021, "某局")


def test_number_reads_decimal_strings_and_blanks() -> None:
    assert render.number("16583") == 16583 and isinstance(render.number("16583"), int)
    assert render.number("1296.6") == Decimal("1296.6")
    assert render.number("-15") == -15
    assert render.number("") is None and render.number(None) is None and render.number("—") is None


# ------------------------------------------------------------------------------------------ PDF
def _pdf_pages(pdf: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return text.split("\f")


@pytest.mark.slow
def test_pdf_is_a4_with_metadata_whole_figures_and_repeated_headers(tmp_path: Any) -> None:
    from gongkai.core.office import docx_to_pdfs

    # Prose of several lengths moves 表三 down the page: in some of them it runs over a page break.
    variants = {n: report(big=123456, prose="本年度依法做好政府信息公开工作，" * n) for n in (4, 12, 20, 28)}
    pdfs = docx_to_pdfs({str(n): render.to_docx(data) for n, data in variants.items()})
    (tmp_path / "r.pdf").write_bytes(pdfs["4"])
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, check=True, text=True
    ).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert re.search(r"^Author:\s+广东省人民政府办公厅$", info, re.M)
    assert re.search(r"^Title:\s+广东省人民政府办公厅2020年政府信息公开工作年度报告$", info, re.M)
    spans = 0
    for pdf in pdfs.values():
        pages = _pdf_pages(pdf)
        lines = [line for page in pages for line in page.splitlines()]
        # Every figure whole: 7 per 表三 row, 15 in 表四, never "1234" on one line and "56" on the next.
        assert sum(line.split().count("123456") for line in lines) == 7 * len(variants[4]["table3"])
        assert sum(line.split().count("12345") for line in lines) == 15
        pieces = {"123", "1234", "2345", "23456", "3456", "345", "456", "56", "45"}
        assert not pieces & {t for line in lines for t in line.split()}
        # Wherever 表三 runs over a page break, its header is printed on each of its pages.
        first = next(i for i, p in enumerate(pages) if "一、本年新收" in "".join(p.split()))
        last = next(i for i, p in enumerate(pages) if "（七）总计" in "".join(p.split()))
        assert all("申请人情况" in "".join(pages[i].split()) for i in range(first, last + 1))
        spans += last > first
    assert spans >= 1
