from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.orgs import selectors

_cached: tuple[float, str] = (0.0, "")
SITE_NAME_TTL = 60.0


def _site_name() -> str:
    """The configured name, or one derived from the root division (looked up at most once a minute per
    process: every page shows it, and a province is renamed rarely)."""
    global _cached
    if settings.GONGKAI_SITE_NAME:
        return str(settings.GONGKAI_SITE_NAME)
    at, name = _cached
    now = time.monotonic()
    if name and now - at < SITE_NAME_TTL:
        return name
    root = selectors.division_root()
    name = f"{root.name}政府信息公开平台" if root is not None else "政府信息公开平台"
    _cached = (now, name) if root is not None else (0.0, "")
    return name


def _calendar_warning(request: HttpRequest) -> str | None:
    """The holiday-schedule warning, for administrators only (they enter the schedule; clerks cannot act
    on it). Evaluated lazily: pages that do not show it, and anonymous readers, pay nothing."""
    from gongkai.core import calendar, clock, hooks

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hooks.is_administrator(user):
        return None
    return calendar.coverage_warning(clock.today())


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_NAME": SimpleLazyObject(_site_name),
        "SITE_ID_CODE": settings.GONGKAI_SITE_ID_CODE,
        "CALENDAR_WARNING": SimpleLazyObject(lambda: _calendar_warning(request) or ""),
    }
