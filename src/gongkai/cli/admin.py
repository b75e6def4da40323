"""``gongkai stats`` and ``gongkai manage``."""

from __future__ import annotations

import json

import click

from gongkai.cli.app import _setup, main


# ---------------------------------------------------------------------------------------------- stats
@main.command()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
def stats(as_json: bool) -> None:
    """数据库中各类数据的数量（各级行政区划、机关、用户……）。"""
    _setup()
    from gongkai.core import stats as core_stats

    data = core_stats.collect()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return
    for section, values in data.items():
        click.echo(f"[{section}]")
        for key, value in values.items():
            click.echo(f"  {key}: {value}")


# ---------------------------------------------------------------------------------------------- manage
@main.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """运行 Django 管理命令：gongkai manage <命令> [选项]（不检查数据库是否已初始化）。"""
    _setup(database=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args])
