"""``gongkai report``: build and check annual reports."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

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
@click.option("--year", type=int, required=True, help="报告年度（2019 年度起）")
@click.option(
    "--scope",
    type=click.Choice(["own", "region"]),
    default=None,
    help="own：本级政府自身（默认）；region：本地区汇总（含下级全部机关），仅用于 --division",
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
    division_code: str | None,
    agency_id: int | None,
    year: int,
    scope: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """为一个行政区划或机关生成某年度的报告，并按全部勾稽关系校验（不通过时退出码为 1）。

    省、市、县的本地区汇总报告用 --scope region（例如 --division 440000 --scope region）；
    默认的 own 只统计本级政府机关自身（人民政府及其办公厅）的记录。"""
    _check_arguments(division_code, agency_id, year, scope, fmt, output)
    _setup()
    from gongkai.core import clock, report_formats
    from gongkai.reports import checks, compute, render

    today = clock.today()
    problem = report_formats.report_year_error(year, today)
    if problem:
        raise InvalidInput.for_field("year", f"--year：{problem}")
    target, scope_text = _target(division_code, agency_id, region=scope == "region")
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
    click.echo(f"已生成{target.organization}{year}年度报告，范围：{scope_text}", err=True)
    if year == today.year:
        click.echo(f"注意：{year}年度尚未结束，数据截至{today.isoformat()}", err=True)
    if findings:  # a report that fails an identity is never silently produced
        for f in findings:
            click.echo(f"校验未通过：{f.message}", err=True)
        raise click.exceptions.Exit(EXIT_CHECK_FAILED)


def _target(division_code: str | None, agency_id: int | None, *, region: bool) -> tuple[Any, str]:
    """Whose report (compute.Scope) and, in words, which records it counts."""
    from gongkai.orgs import selectors
    from gongkai.reports import compute

    if division_code is None:
        target = compute.scope_of_agency(selectors.agency_get(int(agency_id or 0)))
        return target, f"本机关（{target.organization}）"
    division = selectors.division_get_by_code(division_code)
    target = compute.scope_of_division(division, region=region)
    if region:
        return target, f"本地区汇总（{division.name}及其下级行政区划的全部机关，--scope region）"
    return target, f"本级（{target.organization}自身，--scope own；本地区汇总请用 --scope region）"


def _check_arguments(
    division_code: str | None,
    agency_id: int | None,
    year: int,
    scope: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """What can be refused before the database is opened."""
    from gongkai.core.report_formats import report_year_error

    if (division_code is None) == (agency_id is None):
        raise InvalidInput("请指定 --division 或 --agency 之一")
    if agency_id is not None and scope == "region":
        raise InvalidInput.for_field("scope", "--scope region 只用于 --division（行政区划的本地区汇总）")
    problem = report_year_error(year)  # the future is checked once the clock can be read
    if problem:
        raise InvalidInput.for_field("year", f"--year：{problem}")
    if fmt not in ("json", "html") and not output:
        raise InvalidInput(f"{fmt} 格式需要用 -o 指定输出文件")
    if output:
        _check_writable(Path(output))


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


@report.command("verify-aggregates")
@click.option(
    "--year",
    type=click.IntRange(2004, 2100),
    multiple=True,
    help="只核对该年度（可多次指定；默认：全部已建年度）",
)
@click.option("--fix", is_flag=True, help="有差异时按记录重新统计这些年度（未建的年度一并建立）")
def report_verify_aggregates(year: tuple[int, ...], fix: bool) -> None:
    """按原始记录重新统计年度报告的各机关分年度统计数据，与已存数据逐项核对（退出码：0 一致，1 有差异）。"""
    _setup()
    from gongkai.core.context import Actor
    from gongkai.reports.aggregates import store, verify
    from gongkai.reports.narrative import decimal_text

    built = store.built_years()
    years = sorted(set(year) or set(built))
    if not years:
        click.echo("尚未建立任何年度的统计数据（生成报告时自动建立，或使用 --fix --year 年度 建立）")
        raise click.exceptions.Exit(EXIT_OK)
    unbuilt = [y for y in years if y not in built]
    found = verify.differences(years)
    for d in found[:200]:
        owner = "机关" if d.owner == "agency" else "行政区划汇总"
        stored, counted = decimal_text(d.stored), decimal_text(d.counted)
        click.echo(f"{d.year}年 {owner}“{d.name}”（{d.owner_id}）{d.key}：已存 {stored}，重新统计 {counted}")
    if len(found) > 200:
        click.echo(f"……另有{len(found) - 200}处差异未列出")
    for y in unbuilt:
        click.echo(f"{y}年：尚未建立统计数据")
    if found or unbuilt:
        click.echo(f"核对{len(years)}个年度：发现{len(found)}处差异，{len(unbuilt)}个年度未建立")
    else:
        click.echo(f"核对{len(years)}个年度（{'、'.join(map(str, years))}）：统计数据与原始记录完全一致")
    if fix and (found or unbuilt):
        stale = sorted({d.year for d in found} | set(unbuilt))
        written = store.figures_rebuild(actor=Actor.system("verify-aggregates"), years=stale)
        click.echo(f"已按原始记录重新统计{'、'.join(map(str, stale))}年度（{written}项机关数据）")
        raise click.exceptions.Exit(EXIT_OK)
    raise click.exceptions.Exit(EXIT_CHECK_FAILED if found or unbuilt else EXIT_OK)
