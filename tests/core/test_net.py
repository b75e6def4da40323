"""The client address the rate limits, the login lockout and the audit log count."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from gongkai.core.net import client_address


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "203.0.113.5", "198.51.100.7"),  # no proxy: the header is the client's word
        (1, "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "127.0.0.1", "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # a forged left entry is ignored
        (2, "127.0.0.1", "1.2.3.4, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "127.0.0.1", "203.0.113.5", "127.0.0.1"),  # fewer hops than proxies: the direct peer
        (1, "127.0.0.1", "2001:DB8::1", "2001:db8::1"),
        (1, "127.0.0.1", "not-an-address", "0.0.0.0"),  # noqa: S104
        (0, "", "", "0.0.0.0"),  # noqa: S104
    ],
)
def test_client_address(settings: Any, proxies: int, remote: str, forwarded: str, expected: str) -> None:
    settings.GONGKAI_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
