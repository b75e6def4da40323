"""The client's network address, as the rate limits and the login lockout count it."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest

#: What a request without a usable address counts as (one shared bucket, never an error).
UNKNOWN = "0.0.0.0"  # noqa: S104  # a bucket name, nothing binds to it


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind ``GONGKAI_PROXY_COUNT`` trusted proxies the X-Forwarded-For entry that many
    places from the right (the one our own outermost proxy saw: entries further left are the client's
    word and can be forged). Always a valid IP address string."""
    proxies = int(getattr(settings, "GONGKAI_PROXY_COUNT", 0))
    candidate = str(request.META.get("REMOTE_ADDR") or "")
    if proxies > 0:
        hops = [h.strip() for h in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if h.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return UNKNOWN
