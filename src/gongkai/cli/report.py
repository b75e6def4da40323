"""``gongkai report``: build and check annual reports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from gongkai.cli.app import _setup, main
from gongkai.cli.errors import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK, os_error_line
from gongkai.core.errors import InvalidInput


@main.group()
def report() -> None:
    """政府信息公开工作年度报告：由记录生成报告，检查任何人的报告。"""


@report.command("build")
@click.option("--division", "division_code", help="行政区划代码（政府的报告或本地区的汇总）")
@click.option("--agency", "agency_id", type=int, help="机关 id（部门自己的报告）")
@click.option("--year", type=click.IntRange(2008, 9999), required=True, help="报告年度")
@click.option(
    "--scope",
    type=click.Choice(["own", "region"]),
    default="own",
    show_default=True,
    help="own：本级；region：本地区汇总",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "html", "xlsx", "docx", "pdf"]),
    default="json",
    show_default=True,
    help="输出格式（pdf 需要 LibreOffice）",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="输出文件（默认：标准输出）")
def report_build(
    division_code: str | None, agency_id: int | None, year: int, scope: str, fmt: str, output: str | None
) -> None:
    """为一个行政区划或机关生成某年度的报告，并按全部勾稽关系校验（不通过时退出码为 1）。"""
    if (division_code is None) == (agency_id is None):
        raise InvalidInput("请指定 --division 或 --agency 之一")
    if fmt not in ("json", "html") and not output:
        raise InvalidInput(f"{fmt} 格式需要用 -o 指定输出文件")
    if output:
        _check_writable(Path(output))
    _setup()
    from gongkai.orgs import selectors
    from gongkai.reports import checks, compute, render

    if division_code is not None:
        division = selectors.division_get_by_code(division_code)
        target = compute.scope_of_division(division, region=scope == "region")
    else:
        target = compute.scope_of_agency(selectors.agency_get(int(agency_id or 0)))
    data = compute.compute(target, year).as_json()
    findings = checks.check_report(data)
    renderers = {"xlsx": render.to_xlsx, "docx": render.to_docx, "pdf": render.to_pdf}
    if fmt == "json":
        content: str | bytes = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        content = render.to_html(data) if fmt == "html" else renderers[fmt](data)
    if output:
        _write(Path(output), content)
    else:
        click.echo(content, nl=False)
    if findings:  # a report that fails an identity is never silently produced
        for f in findings:
            click.echo(f"校验未通过：{f.message}", err=True)
        raise click.exceptions.Exit(EXIT_CHECK_FAILED)


def _check_writable(path: Path) -> None:
    """Refuse an output path that cannot be written before computing anything."""
    parent = path.absolute().parent
    if not parent.is_dir():
        raise InvalidInput(f"无法写入 {path}：目录 {parent} 不存在")
    if path.is_dir():
        raise InvalidInput(f"无法写入 {path}：这是一个目录")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InvalidInput(f"无法写入 {path}：没有写入权限")


def _write(path: Path, content: str | bytes) -> None:
    try:
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    except OSError as e:
        raise InvalidInput(os_error_line(e, "无法写入")) from e


@report.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--previous", type=click.Path(exists=True, dir_okay=False), help="上年度报告（核对结转数）")
def report_check(paths: tuple[str, ...], previous: str | None) -> None:
    """按报告格式的勾稽关系和正文检查报告（本系统的 JSON 或 .xlsx，或任何地方发布的报告网页 HTML）。

    多个文件时输出汇总表。退出码：0 全部通过，1 发现问题，2 有文件无法读取（取所有文件中最严重者）。
    """
    from gongkai.reports import checks, reading

    before = None
    if previous:
        try:
            before = reading.read(Path(previous))
        except reading.Unreadable as e:
            raise InvalidInput(f"无法读取上年报告：{e}") from e
    worst, summary = EXIT_OK, []
    for path in paths:
        try:
            data = reading.read(Path(path))
        except reading.Unreadable as e:
            click.echo(f"{path}: 无法读取报告：{e}", err=True)
            worst = EXIT_BAD_INPUT
            summary.append((path, "—", "—", "—", "无法读取"))
            continue
        findings = checks.check_report(data, before) + checks.check_narrative(data)
        prefix = f"{path}: " if len(paths) > 1 else ""
        for f in findings:
            click.echo(f"{prefix}[{f.rule}] {f.message}")
        worst = max(worst, EXIT_CHECK_FAILED if findings else EXIT_OK)
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
    raise click.exceptions.Exit(worst)
