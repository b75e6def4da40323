"""``gongkai api-token``: per-agency API tokens."""

from __future__ import annotations

import click

from gongkai.cli.app import _fail, _setup, main


# ---------------------------------------------------------------------------------------------- api tokens
@main.group("api-token")
def api_token() -> None:
    """机关的 API 令牌（令牌只显示一次，只保存其散列值）。"""


@api_token.command("issue")
@click.argument("username")
@click.argument("agency_id", type=int)
@click.option("--name", default="API", show_default=True, help="令牌的用途。")
def api_token_issue(username: str, agency_id: int, name: str) -> None:
    """为用户 USERNAME 签发代表机关 AGENCY_ID 的令牌（该用户须是该机关的经办人或负责人）。"""
    _setup()
    from django.contrib.auth import get_user_model

    from gongkai.api.services import api_token_issue as issue
    from gongkai.core.context import Actor
    from gongkai.core.errors import GongkaiError
    from gongkai.orgs.models import Agency

    user = get_user_model().objects.filter(username=username).first()
    agency = Agency.objects.filter(pk=agency_id).first()
    if user is None or agency is None:
        _fail(f"用户{username}或机关{agency_id}不存在")
    try:
        issued = issue(actor=Actor.system("api-token"), user=user, agency=agency, name=name)
    except GongkaiError as e:
        _fail(e.message)
    click.echo(issued.key)
