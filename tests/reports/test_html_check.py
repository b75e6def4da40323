"""Checking a report published as an HTML page elsewhere: merged cells, headers broken over lines, units
in cells, blanks, repeated header rows, a typo in a heading."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gongkai.cli import main
from gongkai.core import report_formats
from gongkai.reports import checks, html_tables

HEADER = """
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，<br>等于第三项加第四项之和）</td>
    <td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<br>机构</td><td>社会公益<br>组织</td><td>法律服务<br>机构</td><td>其他</td></tr>
"""


def _row(label_cells: str, values: list[str]) -> str:
    return "<tr>" + label_cells + "".join(f"<td>{v}</td>" for v in values) + "</tr>"


def messy_page(*, leaf_extra: int = 0, blank: bool = False) -> str:
    """A 2020 report (2019 format) as a city website might print it."""
    rows = report_formats.table3_rows("2019")
    parts = [
        _row(
            '<td colspan="3">一、本年新收政府信息公开申请数量</td>', ["10件", "2", "0", "0", "1", "0", "13"]
        ),
        _row('<td colspan="3">二、上年结转政府信息公开申请数量</td>', ["1", "0", "0", "0", "0", "0", "1"]),
    ]
    leaves = [r for r in rows if r.startswith("三、") and not r.endswith("总计")]
    for i, leaf in enumerate(leaves):
        segments = leaf.split("/")
        first = f'<td rowspan="{len(leaves) + 1}">三、本年度办理结果</td>' if i == 0 else ""
        if len(segments) == 2:
            labels = first + f'<td colspan="2">{segments[1]}</td>'
        else:
            group_rows = [x for x in leaves if x.split("/")[1] == segments[1]]
            group = f'<td rowspan="{len(group_rows)}">{segments[1]}</td>' if group_rows[0] == leaf else ""
            labels = first + group + f"<td>{segments[2]}</td>"
        values = ["0"] * 7
        if segments[-1] == "（一）予以公开":
            values = ["9", "2", "0", "0", "1", "0", "12"]
        if leaf.endswith("1.本机关不掌握相关政府信息"):
            values = ["1", "0", "0", "0", "0", "0", "1"]
        if leaf.endswith("2.重复申请") and leaf_extra:
            values = ["0", str(leaf_extra), "0", "0", "0", "0", str(leaf_extra)]
        if blank and leaf.endswith("4.保护第三方合法权益"):
            values[0] = ""
        parts.append(_row(labels, values))
        if i == 8:  # the table breaks across a page in the Word original: the header is repeated
            parts.append(HEADER)
    parts.append(_row('<td colspan="2">（七）总计</td>', ["10", "2", "0", "0", "1", "0", "13"]))
    parts.append(_row('<td colspan="3">四、结转下年度继续办理</td>', ["1", "0", "0", "0", "0", "0", "1"]))
    table3 = "<table border=1>" + HEADER + "".join(parts) + "</table>"
    table4 = (
        """<table><tr><td colspan="5" rowspan="2">行政法复议</td><td colspan="10">行政诉讼</td></tr>
    <tr><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
    <tr>"""
        + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 3
        + """</tr>
    <tr>"""
        + "".join(f"<td>{v}</td>" for v in [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0])
        + "</tr></table>"
    )
    title = "某市2020年政府信息公开工作年度报告"
    return f"""<html><head><meta charset="utf-8"><title>{title}</title></head><body>
    <h1>某市人民政府2020年政府信息公开工作年度报告</h1>
    <p>2020年，共收到政府信息公开申请13件，其中自然人申请10件。</p>
    <h2>三、收到和处理政府信息公开申请情况</h2>{table3}
    <h2>四、政府信息公开行政复议、行政诉讼情况</h2>{table4}</body></html>"""


def test_messy_page_reads_and_is_consistent() -> None:
    data = html_tables.parse(messy_page())
    assert data["format"] == "2019" and data["year"] == 2020
    assert data["table3"]["一、本年新收政府信息公开申请数量"]["自然人"] == 10  # "10件"
    assert data["table3"]["三、本年度办理结果/（一）予以公开"]["总计"] == 12
    assert data["table3"]["三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息"]["总计"] == 1
    assert len(data["table3"]) == len(report_formats.table3_rows("2019"))
    assert data["table4"]["行政诉讼/未经复议直接起诉"]["尚未审结"] == 1
    assert checks.check_report(data) == []
    assert checks.check_narrative(data) == []


def test_inconsistencies_and_blanks_in_a_page_are_reported(tmp_path: Path) -> None:
    bad = html_tables.parse(messy_page(leaf_extra=2, blank=True))
    messages = [f.message for f in checks.check_report(bad)]
    assert "“商业企业”列：三（七）总计为2，但各办理结果之和为4" in messages
    assert any("为空" in m and "4.保护第三方合法权益" in m for m in messages)
    page = tmp_path / "report.html"
    page.write_text(messy_page(leaf_extra=2), encoding="utf-8")
    good = tmp_path / "good.html"
    good.write_text(messy_page(), encoding="gb18030")
    runner = CliRunner()
    assert runner.invoke(main, ["report", "check", str(good)]).exit_code == 0
    result = runner.invoke(main, ["report", "check", str(page)])
    assert result.exit_code == 1 and "各办理结果之和为4" in result.output


def test_batch_check_prints_a_table_and_the_worst_status(tmp_path: Path) -> None:
    good, bad, broken = tmp_path / "a.html", tmp_path / "b.html", tmp_path / "c.json"
    good.write_text(messy_page(), encoding="utf-8")
    bad.write_text(messy_page(leaf_extra=2), encoding="utf-8")
    broken.write_text("{", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "check", str(good), str(bad)])
    assert result.exit_code == 1
    assert "文件\t格式\t年度\t问题数\t结论" in result.output
    assert f"{good}\t2019\t2020\t0\t通过" in result.output
    assert CliRunner().invoke(main, ["report", "check", str(good), str(broken)]).exit_code == 2
