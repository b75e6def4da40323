"""`gongkai report check`: identities, blank cells, unknown keys, narrative contradictions, exit codes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from gongkai.cli import main
from gongkai.core import report_formats
from gongkai.reports import checks

COLUMNS = report_formats.table3_columns()


def consistent_report() -> dict[str, Any]:
    """A hand-built 2021-format report whose every identity holds."""
    rows = report_formats.table3_rows("2021")
    t3 = {row: dict.fromkeys(COLUMNS, 0) for row in rows}
    per_column = {"自然人": 10, "商业企业": 3, "法律服务机构": 2}
    for column, n in per_column.items():
        t3["一、本年新收政府信息公开申请数量"][column] = n
        t3["二、上年结转政府信息公开申请数量"][column] = 1
        t3["三、本年度办理结果/（一）予以公开"][column] = n - 1
        t3["三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息"][column] = 1
        t3["三、本年度办理结果/（七）总计"][column] = n
        t3["四、结转下年度继续办理"][column] = 1
    for cells in t3.values():
        cells["总计"] = sum(v for c, v in cells.items() if c != "总计")
    t4 = {
        g: {"结果维持": 2, "结果纠正": 1, "其他结果": 0, "尚未审结": 1, "总计": 4}
        for g in report_formats.table4_groups()
    }
    return {
        "format": "2021",
        "year": 2021,
        "organization": "某局",
        "table2": {},
        "table3": t3,
        "table4": t4,
        "sections": {
            "三、收到和处理政府信息公开申请情况": "共收到政府信息公开申请15件，其中自然人申请10件。"
        },
        "publisher_note": "unknown keys are ignored",
    }


def test_consistent_report_has_no_findings() -> None:
    assert checks.check_report(consistent_report()) == []
    assert checks.check_narrative(consistent_report()) == []


def test_leaves_above_total_names_column_and_both_numbers() -> None:
    data = consistent_report()
    data["table3"]["三、本年度办理结果/（五）不予处理/2.重复申请"]["商业企业"] = 2
    messages = [f.message for f in checks.check_report(data) if f.rule == "leaves"]
    assert messages == ["“商业企业”列：三（七）总计为3，但各办理结果之和为5"]


def test_blank_cells_are_reported_not_crashed_on() -> None:
    data = consistent_report()
    data["table3"]["四、结转下年度继续办理"]["自然人"] = ""
    del data["table4"]["行政复议"]["总计"]
    findings = checks.check_report(data)
    blanks = [f.message for f in findings if f.rule == "blank"]
    assert "表三“四、结转下年度继续办理”行“自然人”列为空" in blanks
    assert "表四“行政复议”的“总计”为空" in blanks
    assert not [
        f for f in findings if f.rule == "balance" and "自然人" in f.message
    ]  # no arithmetic on blanks


def test_narrative_contradicting_the_table_is_found() -> None:
    data = consistent_report()
    data["sections"]["三、收到和处理政府信息公开申请情况"] = "共收到政府信息公开申请16件。"
    assert [f.values for f in checks.check_narrative(data)] == [{"正文": 16, "表格": 15}]


def _write(tmp_path: Path, data: Any, name: str = "r.json") -> str:
    path = tmp_path / name
    path.write_text(
        json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8"
    )
    return str(path)


def test_cli_exit_status(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["report", "check", _write(tmp_path, consistent_report())])
    assert ok.exit_code == 0, ok.output
    bad = copy.deepcopy(consistent_report())
    bad["table3"]["三、本年度办理结果/（五）不予处理/2.重复申请"]["商业企业"] = 2
    result = runner.invoke(main, ["report", "check", _write(tmp_path, bad, "bad.json")])
    assert result.exit_code == 1
    assert "“商业企业”列：三（七）总计为3，但各办理结果之和为5" in result.output
    blank = copy.deepcopy(consistent_report())
    blank["table3"]["四、结转下年度继续办理"]["自然人"] = None
    assert runner.invoke(main, ["report", "check", _write(tmp_path, blank, "blank.json")]).exit_code == 1
    assert (
        runner.invoke(main, ["report", "check", _write(tmp_path, "{not json", "broken.json")]).exit_code == 2
    )
    assert runner.invoke(main, ["report", "check", str(tmp_path / "missing.json")]).exit_code == 2
    assert runner.invoke(main, ["report", "check", _write(tmp_path, "x", "report.docx")]).exit_code == 2
