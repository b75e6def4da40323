from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.orgs import selectors


def _site_name() -> str:
    if settings.GONGKAI_SITE_NAME:
        return str(settings.GONGKAI_SITE_NAME)
    root = selectors.division_root()
    return f"{root.name}政府信息公开平台" if root is not None else "政府信息公开平台"


def site(request: HttpRequest) -> dict[str, object]:
    return {"SITE_NAME": SimpleLazyObject(_site_name), "SITE_ID_CODE": settings.GONGKAI_SITE_ID_CODE}
