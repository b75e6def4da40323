"""API tokens: issued with ``gongkai api-token issue`` (the key is shown once), revoked here through the
audited service; never edited (a token's user or agency does not change)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gongkai.api.models import ApiToken
from gongkai.api.services import api_token_revoke
from gongkai.core.adminkit import ReadOnlyAdmin, ServiceAdmin
from gongkai.core.context import Actor


@admin.action(description=_("吊销所选令牌"), permissions=["view"])
def revoke(modeladmin: Any, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
    actor = Actor.from_request(request)
    for token in queryset.filter(revoked_at__isnull=True):
        api_token_revoke(actor=actor, token=token)


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceAdmin, ReadOnlyAdmin):  # read-only, but a refused revocation is shown
    list_display = ("prefix", "name", "user", "agency", "created_at", "last_used_at", "revoked_at")
    search_fields = ("prefix", "name", "user__username", "agency__name")
    exclude = ("key_hash",)
    actions = (revoke,)
