"""Issuing, checking and revoking API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.api.models import ApiToken
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import PermissionDenied
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency

TOKEN_PREFIX = "gk_"  # noqa: S105  # a visible marker of our keys, not a secret


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once, never stored


def _is_admin_or_self(actor: Actor, user_id: int) -> bool:
    if not actor.is_staff or actor.user is None:
        return False
    return org_access.can_administer(actor.user) or actor.user.pk == user_id


@transaction.atomic
def api_token_issue(*, actor: Actor, user: Any, agency: Agency, name: str) -> IssuedToken:
    """A token for ``user`` to act for ``agency`` (the user must hold a role there; an administrator, the
    user themself or the operator's ``gongkai api-token issue`` task issues it)."""
    if not (actor.is_system or _is_admin_or_self(actor, user.pk)):
        raise PermissionDenied("只有系统管理员或本人可以申请接口令牌")
    if not org_access.can_handle_cases(user, agency):
        raise PermissionDenied("该用户不是本机关的经办人或负责人，不能为其签发接口令牌")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, agency=agency, name=name[:100], prefix=key[:10], key_hash=_hash(key)
    )
    audit_record(actor, "api.token_issued", token, data={"agency": agency.pk})
    return IssuedToken(token, key)


def api_token_authenticate(key: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user", "agency__division")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most one write per 5 minutes
    return token


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> None:
    if not (actor.is_system or _is_admin_or_self(actor, token.user_id)):
        raise PermissionDenied("只有系统管理员或令牌持有人可以吊销令牌")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(actor, "api.token_revoked", token)
