"""``gongkai report``: build and check annual reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from gongkai.cli.app import _fail, _setup, main


# ---------------------------------------------------------------------------------------------- report
@main.group()
def report() -> None:
    """政府信息公开工作年度报告: build from the records, check anyone's report."""


@report.command("build")
@click.option(
    "--division", "division_code", help="行政区划代码 (a government's report or its region's aggregate)"
)
@click.option("--agency", "agency_id", type=int, help="机关 id (a department's own report)")
@click.option("--year", type=int, required=True)
@click.option("--scope", type=click.Choice(["own", "region"]), default="own", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "html", "xlsx", "docx", "pdf"]),
    default="json",
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout)"
)
def report_build(
    division_code: str | None, agency_id: int | None, year: int, scope: str, fmt: str, output: str | None
) -> None:
    """Compute a report for a division or an agency and a year, checked against every identity."""
    _setup()
    from gongkai.core.errors import GongkaiError
    from gongkai.orgs import selectors
    from gongkai.reports import checks, compute

    if (division_code is None) == (agency_id is None):
        _fail("请指定 --division 或 --agency 之一", 2)
    try:
        if division_code is not None:
            target = compute.scope_of_division(
                selectors.division_get_by_code(division_code), region=scope == "region"
            )
        else:
            target = compute.scope_of_agency(selectors.agency_get(int(agency_id or 0)))
    except GongkaiError as e:
        _fail(e.message, 2)
        raise
    from gongkai.reports import render

    data = compute.compute(target, year).as_json()
    findings = checks.check_report(data)
    if fmt in ("json", "html"):
        text = (
            json.dumps(data, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else render.to_html(data)
        )
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
    else:
        if not output:
            _fail(f"{fmt} 格式需要用 -o 指定输出文件", 2)
        content = {"xlsx": render.to_xlsx, "docx": render.to_docx, "pdf": render.to_pdf}[fmt](data)
        Path(str(output)).write_bytes(content)
    if findings:  # a report that fails an identity is never silently produced
        for f in findings:
            click.echo(f"校验未通过：{f.message}", err=True)
        sys.exit(1)


@report.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--previous", type=click.Path(exists=True, dir_okay=False), help="Last year's report (carry-over check)"
)
def report_check(paths: tuple[str, ...], previous: str | None) -> None:
    """Check reports (our JSON or .xlsx, or a report page published anywhere as HTML) against the format's
    identities and the narrative. Several files give a summary table. Exit 0 consistent, 1 inconsistencies
    found, 2 unreadable input (the worst over all files)."""
    from gongkai.reports import checks, reading

    before = None
    if previous:
        try:
            before = reading.read(Path(previous))
        except reading.Unreadable as e:
            _fail(f"无法读取上年报告：{e}", 2)
    worst, summary = 0, []
    for path in paths:
        try:
            data = reading.read(Path(path))
        except reading.Unreadable as e:
            click.echo(f"{path}: 无法读取报告：{e}", err=True)
            worst = 2
            summary.append((path, "—", "—", "—", "无法读取"))
            continue
        findings = checks.check_report(data, before) + checks.check_narrative(data)
        prefix = f"{path}: " if len(paths) > 1 else ""
        for f in findings:
            click.echo(f"{prefix}[{f.rule}] {f.message}")
        worst = max(worst, 1 if findings else 0)
        verdict = f"发现{len(findings)}处问题" if findings else "通过"
        summary.append(
            (path, str(data.get("format", "")), str(data.get("year", "")), str(len(findings)), verdict)
        )
        if len(paths) == 1:
            click.echo(verdict if findings else "校验通过：报告数据符合全部勾稽关系")
    if len(paths) > 1:
        click.echo("\n文件\t格式\t年度\t问题数\t结论")
        for row in summary:
            click.echo("\t".join(row))
    sys.exit(worst)
