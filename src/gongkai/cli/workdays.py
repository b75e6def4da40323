"""``gongkai calendar``: the working-day calendar."""

from __future__ import annotations

from datetime import date

import click

from gongkai.cli.app import _fail, _setup, main


# ---------------------------------------------------------------------------------------------- calendar
@main.group()
def calendar() -> None:
    """Working-day calendar (法定工作日)."""


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"日期格式应为 YYYY-MM-DD：{value}", 2)
        raise


@calendar.command("add")
@click.argument("start")
@click.argument("n", type=int)
def calendar_add(start: str, n: int) -> None:
    """Print the N-th working day after START (the day of START itself is not counted)."""
    _setup()
    from gongkai.core import calendar as cal
    from gongkai.core.errors import CalendarNotCovered

    if n < 1:
        _fail("N 应为正整数（a positive number of working days）", 2)
    try:
        click.echo(cal.add_working_days(_parse_date(start), n).isoformat())
    except CalendarNotCovered as e:
        _fail(e.message)


@calendar.command("between")
@click.argument("start")
@click.argument("end")
def calendar_between(start: str, end: str) -> None:
    """Print the number of working days after START up to and including END."""
    _setup()
    from gongkai.core import calendar as cal
    from gongkai.core.errors import CalendarNotCovered

    try:
        click.echo(str(cal.working_days_between(_parse_date(start), _parse_date(end))))
    except CalendarNotCovered as e:
        _fail(e.message)


@calendar.command("years")
def calendar_years() -> None:
    """List the years whose official schedule is loaded."""
    _setup()
    from gongkai.core import calendar as cal

    years = cal.covered_years()
    click.echo(f"{years[0]}–{years[-1]}" if years else "（无）")
