"""``gongkai api-token``: per-agency API tokens."""

from __future__ import annotations

import click

from gongkai.cli.app import _fail, _setup, main


# ---------------------------------------------------------------------------------------------- api tokens
@main.group("api-token")
def api_token() -> None:
    """Per-agency API tokens (the key is printed once; only its hash is stored)."""


@api_token.command("issue")
@click.argument("username")
@click.argument("agency_id", type=int)
@click.option("--name", default="API", show_default=True, help="What the token is for.")
def api_token_issue(username: str, agency_id: int, name: str) -> None:
    """Issue a token for USERNAME acting for agency AGENCY_ID (the user must be its clerk or approver)."""
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
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    try:
        issued = issue(actor=Actor(admin or user, label_override="cli"), user=user, agency=agency, name=name)
    except GongkaiError as e:
        _fail(e.message)
    click.echo(issued.key)
