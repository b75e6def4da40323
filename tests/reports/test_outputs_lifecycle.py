"""Report outputs carry the same figures (read back from .xlsx, .docx, PDF and HTML), and the lifecycle:
a published report is frozen; a later change to the records shows only as the recomputed difference."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from gongkai.applications import services as app_services
from gongkai.cli import main
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidTransition, PermissionDenied
from gongkai.orgs.roles import Role
from gongkai.reports import compute, reading, render
from gongkai.reports import services as report_services
from gongkai.reports.models import AnnualReport
from tests import factories
from tests.portal.html_checks import parse_strict
from tests.reports.prose import FULL_PROSE

pytestmark = pytest.mark.django_db
GRANTED = "三、本年度办理结果/（一）予以公开"


@pytest.fixture
def world() -> Any:
    w = factories.small_province()
    w.clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.approver = factories.staff("approver", Role.APPROVER, agency=w.yuexiu_edu)  # type: ignore[attr-defined]
    w.sup_yuexiu = factories.staff("supx", Role.SUPERVISOR, division=w.yuexiu)  # type: ignore[attr-defined]
    for received, decided in (
        (date(2020, 3, 2), date(2020, 3, 20)),
        (date(2020, 5, 6), date(2020, 5, 29)),
        (date(2020, 12, 28), None),
    ):
        app = factories.registered_application(w.yuexiu_edu, w.clerk, received)
        if decided:
            app_services.application_decide(
                actor=Actor(user=w.clerk), application=app, outcome=GRANTED, on=decided
            )
    return w


def _data(world: Any) -> dict[str, Any]:
    return compute.compute(compute.scope_of_agency(world.yuexiu_edu), 2020).as_json()


def test_xlsx_reads_back_to_the_same_tables(world: Any) -> None:
    data = _data(world)
    back = reading.read_xlsx(render.to_xlsx(data))
    assert back["table3"] == data["table3"]
    assert back["table4"] == data["table4"]
    wb = load_workbook(io.BytesIO(render.to_xlsx(data)))
    assert wb.sheetnames == ["报告", "表二", "表三", "表四"]


def test_docx_tables_carry_the_figures_with_merged_labels(world: Any) -> None:
    data = _data(world)
    doc = Document(io.BytesIO(render.to_docx(data)))
    assert doc.paragraphs[0].text == "广州市越秀区教育局2020年政府信息公开工作年度报告"
    table3 = next(t for t in doc.tables if "申请人情况" in t.cell(0, 3).text)
    rows = {tuple(c.text for c in row.cells[:3]): [c.text for c in row.cells[3:]] for row in table3.rows}
    received = next(v for k, v in rows.items() if k[0] == "一、本年新收政府信息公开申请数量")
    assert received == ["3", "0", "0", "0", "0", "0", "3"]
    granted = next(v for k, v in rows.items() if k[1] == "（一）予以公开")
    assert granted[-1] == "2"
    # "三、本年度办理结果" is one merged cell spanning its rows, as printed.
    merged = [row.cells[0]._tc for row in table3.rows if row.cells[0].text == "三、本年度办理结果"]
    assert (
        len(merged) == len([r for r in data["table3"] if r.startswith("三、")])
        and len({id(tc) for tc in merged}) == 1
    )


@pytest.mark.slow
def test_pdf_and_html_carry_the_figures(world: Any) -> None:
    data = _data(world)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=render.to_pdf(data), capture_output=True, check=True
    ).stdout.decode()
    flat = "".join(text.split())
    assert "广州市越秀区教育局2020年政府信息公开工作年度报告" in flat
    assert "申请人情况" in flat and "未经复议直接起诉" in flat
    root = parse_strict(render.to_html(data))  # valid HTML5
    ns = "{http://www.w3.org/1999/xhtml}"
    rows = {
        "".join(tr.findall(f"{ns}th")[-1].itertext()): ["".join(td.itertext()) for td in tr.iter(f"{ns}td")]
        for tr in root.iter(f"{ns}tr")
        if tr.find(f"{ns}th") is not None
    }
    assert rows["一、本年新收政府信息公开申请数量"] == ["3", "0", "0", "0", "0", "0", "3"]
    assert rows["（一）予以公开"][-1] == "2"
    assert root.find(f".//{ns}th[@rowspan]") is not None


def test_cli_builds_every_format_and_check_reads_the_xlsx(world: Any, tmp_path: Any) -> None:
    runner = CliRunner()
    for fmt in ("json", "xlsx", "docx", "html"):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(
            main,
            [
                "report",
                "build",
                "--agency",
                str(world.yuexiu_edu.pk),
                "--year",
                "2020",
                "--format",
                fmt,
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 500
    assert runner.invoke(main, ["report", "check", str(tmp_path / "r.xlsx")]).exit_code == 0
    assert runner.invoke(main, ["report", "check", str(tmp_path / "r.json")]).exit_code == 0


def test_published_report_is_frozen_and_the_difference_is_shown(world: Any) -> None:
    preparer, reviewer = Actor(user=world.approver), Actor(user=world.sup_yuexiu)
    report = report_services.report_open(actor=preparer, scope="agency", agency=world.yuexiu_edu, year=2020)
    report_services.report_update_prose(actor=preparer, report=report, prose=FULL_PROSE)
    with pytest.raises(PermissionDenied):
        report_services.report_approve(actor=preparer, report=report)
    report_services.report_submit(actor=preparer, report=report)
    report_services.report_return(actor=reviewer, report=report, reason="请补充总体情况")
    report_services.report_submit(actor=preparer, report=report)
    report_services.report_approve(actor=reviewer, report=report)
    report_services.report_publish(actor=preparer, report=report, confirm=True)
    published = report_services.current(report)
    assert published["sections"]["一、总体情况"] == "2020年，本局依法做好政府信息公开工作。"
    assert published["table3"]["一、本年新收政府信息公开申请数量"]["总计"] == 3

    # A late change to the records: one more application received in 2020.
    factories.registered_application(world.yuexiu_edu, world.clerk, date(2020, 6, 1))
    report.refresh_from_db()
    assert report_services.current(report) == published  # unchanged
    diff = report_services.report_pending_difference(report)
    assert ("table3/一、本年新收政府信息公开申请数量/总计", 3, 4) in diff
    with pytest.raises(InvalidTransition):
        report_services.report_update_prose(actor=preparer, report=report, prose={})
    corrected = report_services.report_correct(actor=preparer, report=report, note="补录遗漏申请1件")
    assert corrected.version == 2 and corrected.status == AnnualReport.Status.DRAFT
    assert report_services.current(corrected)["table3"]["一、本年新收政府信息公开申请数量"]["总计"] == 4
    assert report_services.current(report)["table3"]["一、本年新收政府信息公开申请数量"]["总计"] == 3


def test_charts_on_the_page_and_in_the_docx(world: Any) -> None:
    data = _data(world)
    assert data["trend"] == {"2020": 3}
    html = render.to_html(data)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert 'role="img" aria-label="2020年办理结果构成：予以公开及部分公开2宗（100.0%）' in html
    assert "近五年收到申请数量" in html
    doc = Document(io.BytesIO(render.to_docx(data)))
    assert len(doc.inline_shapes) == 2
