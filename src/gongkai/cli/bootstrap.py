"""``gongkai init`` and ``gongkai demo``: create the database, build the demo province."""

from __future__ import annotations

import json
import os
import sys

import click

from gongkai.cli.app import _fail, _RichProgress, _setup, main
from gongkai.cli.server import _serve


# ---------------------------------------------------------------------------------------------- init
@main.command()
@click.option(
    "--no-input", is_flag=True, help="Never prompt; take the first admin from the environment only."
)
def init(no_input: bool) -> None:
    """Create or upgrade the database, load the working-day calendar, create the first administrator.

    The administrator comes from GONGKAI_ADMIN_USERNAME / GONGKAI_ADMIN_PASSWORD, or is asked for.
    """
    _setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from gongkai.core import services
    from gongkai.core.context import Actor
    from gongkai.orgs import services as org_services
    from gongkai.orgs.roles import Role

    settings_module = __import__("django.conf", fromlist=["settings"]).settings
    settings_module.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    added = services.calendar_seed_from_package(actor=Actor.system("init"))
    from gongkai.publications.services import reference_data_seed

    reference_data_seed(actor=Actor.system("init"))
    if added:
        click.echo(f"工作日历：已载入 {added[0]}–{added[-1]} 年的节假日安排")
    user_model = get_user_model()
    if user_model.objects.filter(is_superuser=True).exists():
        click.echo("数据库已就绪（database ready）")
        return
    username = os.environ.get("GONGKAI_ADMIN_USERNAME", "")
    password = os.environ.get("GONGKAI_ADMIN_PASSWORD", "")
    if not (username and password):
        if no_input or not sys.stdin.isatty():
            click.echo("数据库已就绪；未创建管理员（set GONGKAI_ADMIN_USERNAME and GONGKAI_ADMIN_PASSWORD）")
            return
        username = username or click.prompt("管理员用户名 (admin username)", default="admin")
        password = password or click.prompt(
            "管理员密码 (admin password)", hide_input=True, confirmation_prompt=True
        )
    user = user_model.objects.create_superuser(username=username, password=password)
    org_services.staff_role_grant(actor=Actor.system("init"), user=user, role=Role.ADMIN)
    click.echo(f"已创建管理员 {username}")


@main.command()
@click.option("--profile", default="guangdong-2020", show_default=True)
@click.option("--seed", default=2020, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Only load the data, do not start the web server.")
@click.option("--reset", is_flag=True, help="Rebuild even if this profile and seed are already loaded.")
@click.option(
    "--scale",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.001, 1.0),
    help="Fraction of the full volume of cases (only 1.0 reproduces the seed report's figures).",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def demo(profile: str, seed: int, no_serve: bool, reset: bool, scale: float, host: str, port: int) -> None:
    """Build the demo province (deterministic for a given seed), then serve the portal."""
    import time

    _setup()
    from django.core.management import call_command

    from gongkai.core import services
    from gongkai.core.context import Actor
    from gongkai.core.errors import GongkaiError
    from gongkai.demo import builder
    from gongkai.demo.orgs_step import demo_logins

    call_command("migrate", interactive=False, verbosity=0)
    services.calendar_seed_from_package(actor=Actor.system("demo"))
    from gongkai.publications.services import reference_data_seed

    reference_data_seed(actor=Actor.system("demo"))
    started = time.monotonic()
    try:
        with _RichProgress() as progress:
            built, counts = builder.build(
                profile=profile, seed=seed, progress=progress, reset=reset, scale=scale
            )
    except GongkaiError as e:
        _fail(e.message)
    if built:
        click.echo(f"演示数据已生成：{profile}，种子 {seed}，用时 {time.monotonic() - started:.1f} 秒")
    else:
        click.echo(f"演示数据已存在：{profile}，种子 {seed}（--reset 重新生成）")
    click.echo(json.dumps(counts.get("orgs", {}).get("divisions", {}), ensure_ascii=False))
    click.echo("演示账号 (demo logins):")
    for username, password, what in demo_logins():
        click.echo(f"  {username:<22} {password:<16} {what}")
    if not no_serve:
        _serve(host, port, workers=None)
