"""``gongkai init`` and ``gongkai demo``: create the database, build the demo province.

These two are the only commands that create the data directory (gongkai.core.install).
"""

from __future__ import annotations

import json
import os
import sys
import time

import click

from gongkai.cli.app import _RichProgress, _setup, main
from gongkai.cli.server import _serve


def _prepare_database(task: str) -> list[int]:
    """Create the data directory, migrate, create the cache table, load the calendar and reference data;
    returns the years of holiday schedules newly loaded. Idempotent."""
    _setup(database=False)
    from django.core.management import call_command

    from gongkai.core import services
    from gongkai.core.context import Actor
    from gongkai.core.install import data_dir_create
    from gongkai.publications.services import reference_data_seed

    data_dir_create()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    added = services.calendar_seed_from_package(actor=Actor.system(task))
    reference_data_seed(actor=Actor.system(task))
    return added


def _admin_credentials(no_input: bool) -> tuple[str, str] | None:
    username = os.environ.get("GONGKAI_ADMIN_USERNAME", "")
    password = os.environ.get("GONGKAI_ADMIN_PASSWORD", "")
    if username and password:
        return username, password
    if no_input or not sys.stdin.isatty():
        return None
    username = username or click.prompt("管理员用户名", default="admin")
    password = password or click.prompt("管理员密码", hide_input=True, confirmation_prompt=True)
    return username, password


@main.command()
@click.option("--no-input", is_flag=True, help="从不提问：管理员只取自环境变量。")
def init(no_input: bool) -> None:
    """创建或升级数据库，载入工作日历，创建第一个管理员。

    创建数据目录（GONGKAI_DATA_DIR，默认为当前目录下的 var）。管理员取自 GONGKAI_ADMIN_USERNAME 和
    GONGKAI_ADMIN_PASSWORD，未设置时在终端中询问。可重复运行。
    """
    added = _prepare_database("init")
    if added:
        click.echo(f"工作日历：已载入 {added[0]}–{added[-1]} 年的节假日安排")
    from gongkai.core.context import Actor
    from gongkai.orgs.selectors import administrator_exists
    from gongkai.orgs.services import administrator_ensure

    if administrator_exists():
        click.echo("数据库已就绪")
        return
    credentials = _admin_credentials(no_input)
    if credentials is None:
        click.echo("数据库已就绪；未创建管理员（请设置 GONGKAI_ADMIN_USERNAME 和 GONGKAI_ADMIN_PASSWORD）")
        return
    user, _created = administrator_ensure(
        actor=Actor.system("init"), username=credentials[0], password=credentials[1]
    )
    click.echo(f"已创建管理员 {user.get_username()}")


@main.command()
@click.option("--profile", default="guangdong-2020", show_default=True, help="演示省份的数据方案。")
@click.option("--seed", default=2020, show_default=True, type=int, help="随机种子（同一种子生成相同数据）。")
@click.option("--no-serve", is_flag=True, help="只生成数据，不启动网站。")
@click.option("--reset", is_flag=True, help="即使该方案和种子的数据已存在也重新生成。")
@click.option(
    "--scale",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.001, 1.0),
    help="案件数量占全量的比例（只有 1.0 复现种子报告的数字）。",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def demo(profile: str, seed: int, no_serve: bool, reset: bool, scale: float, host: str, port: int) -> None:
    """生成演示省份（同一种子结果相同），然后启动门户网站。"""
    _prepare_database("demo")
    from gongkai.demo import builder
    from gongkai.demo.orgs_step import demo_logins

    _pin_demo_clock()  # before building: the counts stored with the dataset are taken on the demo's today
    started = time.monotonic()
    with _RichProgress() as progress:
        built, counts = builder.build(profile=profile, seed=seed, progress=progress, reset=reset, scale=scale)
    if built:
        from gongkai.pages import store

        store.clear()  # pages saved from an earlier build of the demo show data that is gone
        click.echo(f"演示数据已生成：{profile}，种子 {seed}，用时 {time.monotonic() - started:.1f} 秒")
    else:
        click.echo(f"演示数据已存在：{profile}，种子 {seed}（--reset 重新生成）")
    click.echo(json.dumps(counts.get("orgs", {}).get("divisions", {}), ensure_ascii=False))
    click.echo("演示账号:")
    for username, password, what in demo_logins():
        click.echo(f"  {username:<22} {password:<16} {what}")
    if not no_serve:
        _serve(host, port, workers=None)


def _pin_demo_clock() -> None:
    """The demo's data ends on its own "today": pin the clock of record there (DATA_DIR/today, read by every
    process that serves this data directory), unless GONGKAI_TODAY already says otherwise."""
    from django.conf import settings

    from gongkai.demo.as_of import DEMO_TODAY

    if os.environ.get("GONGKAI_TODAY"):
        return
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    (settings.DATA_DIR / "today").write_text(DEMO_TODAY.isoformat(), encoding="utf-8")
    settings.GONGKAI_TODAY = DEMO_TODAY.isoformat()
    click.echo(
        f"演示时钟：今天固定为 {DEMO_TODAY.isoformat()}（删除 {settings.DATA_DIR / 'today'} 即恢复真实日期）"
    )
