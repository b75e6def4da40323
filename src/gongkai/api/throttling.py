"""Rate limits of the API, counted by django-ratelimit in the shared cache: per client address on every
operation (``GONGKAI_RATE_API``), and per token on the staff operations (``GONGKAI_RATE_API_TOKEN``).
Both are read from the settings at each request, so an operator (or a test) changes them without a restart.

Over a limit the API answers 429 in its error shape, with ``Retry-After`` (seconds to the end of the
counting window). django-ninja checks throttles after authentication, so a request with a wrong token is
counted against its address by the authenticator itself (:func:`count_failed_authentication`)."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

ADDRESS_GROUP = "api.address"
TOKEN_GROUP = "api.token"  # noqa: S105  # a counter group, not a secret


def _token_key(group: str, request: HttpRequest) -> str:
    return str(request.auth.pk)  # type: ignore[attr-defined]


def _over(request: HttpRequest, group: str, key: Any, rate: str) -> int | None:
    """Counts this request; the seconds until the window ends when it is over the limit, else None."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, int(usage["time_left"]))


class _Throttle(BaseThrottle):
    """One limit; what ``wait`` reports is kept per thread (one instance serves every request)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def check(self, request: HttpRequest) -> int | None:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        self._local.wait = self.check(request)
        return self._local.wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


class AddressThrottle(_Throttle):
    def check(self, request: HttpRequest) -> int | None:
        return _over(request, ADDRESS_GROUP, "ip", settings.GONGKAI_RATE_API)


class TokenThrottle(_Throttle):
    def check(self, request: HttpRequest) -> int | None:
        if getattr(request, "auth", None) is None:
            return None  # a public operation: the address limit applies alone
        return _over(request, TOKEN_GROUP, _token_key, settings.GONGKAI_RATE_API_TOKEN)


def count_failed_authentication(request: HttpRequest) -> None:
    """A request whose token was refused still counts against its address (no free guessing)."""
    wait = _over(request, ADDRESS_GROUP, "ip", settings.GONGKAI_RATE_API)
    if wait is not None:
        raise Throttled(wait)
