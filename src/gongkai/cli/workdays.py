"""``gongkai calendar``: the working-day calendar."""

from __future__ import annotations

import re
from datetime import date

import click

from gongkai.cli.app import _setup, main
from gongkai.core.errors import InvalidInput

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> date:
    """A date written YYYY-MM-DD; a well-formed date that does not exist (2020-02-30) is named as such."""
    if not _ISO_DATE.fullmatch(value.strip()):
        raise InvalidInput(f"日期格式应为 YYYY-MM-DD：{value}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"日期不存在：{value}") from None


@main.group()
def calendar() -> None:
    """法定工作日日历。"""


@calendar.command("add")
@click.argument("start")
@click.argument("n", type=int)
@click.option("--strict", is_flag=True, help="遇到未录入节假日安排的年份时报错，而不是按周末计算暂定日期。")
def calendar_add(start: str, n: int, strict: bool) -> None:
    """输出 START 之后的第 N 个工作日（START 当天不计）。"""
    day = parse_date(start)
    if n < 1:
        raise InvalidInput("N 应为正整数（工作日数）")
    _setup()
    from gongkai.core import calendar as cal

    if strict:
        click.echo(cal.strict_calendar().add_working_days(day, n).isoformat())
        return
    result = cal.add_working_days(day, n)
    click.echo(result.isoformat())
    if cal.is_provisional(day, result):
        missing = [y for y in range(day.year, result.year + 1) if y not in cal.covered_years()]
        years = "、".join(f"{y}年" for y in missing)
        click.echo(f"暂定：{years}的节假日安排尚未录入，按周末计算。", err=True)


@calendar.command("between")
@click.argument("start")
@click.argument("end")
def calendar_between(start: str, end: str) -> None:
    """输出 START 之后到 END（含）之间的工作日数。"""
    first, last = parse_date(start), parse_date(end)
    _setup()
    from gongkai.core import calendar as cal

    click.echo(str(cal.working_days_between(first, last)))


@calendar.command("years")
def calendar_years() -> None:
    """列出已载入法定节假日安排的年份。"""
    _setup()
    from gongkai.core import calendar as cal

    years = cal.covered_years()
    click.echo(f"{years[0]}–{years[-1]}" if years else "（无）")
