"""Per-address rate limits on the public tracker, the application form and search (django-ratelimit over the
host's counter file, see settings.CACHES["counters"]), answered with the portal's Chinese 429 page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.applications.models import Application
from tests import factories
from tests.applications.test_views import VALID

pytestmark = pytest.mark.django_db

TOO_MANY = "您的操作过于频繁，请稍后再试"


def _submitted(client: Client) -> tuple[Application, str]:
    agency = factories.small_province().yuexiu_edu
    receipt = client.post(f"/agencies/{agency.pk}/apply/", VALID)
    page = client.get(receipt["Location"]).content.decode()
    return Application.objects.get(), page.split('id="query-code">', 1)[1][:8]


def test_fifty_wrong_tracker_codes_from_one_address_meet_the_429_page(client: Client) -> None:
    app, code = _submitted(client)
    tries = [
        client.post("/track/", {"receipt_number": app.receipt_number, "query_code": f"WRONG{i:03d}"})
        for i in range(50)
    ]

    statuses = [r.status_code for r in tries]
    assert statuses == [200] * 30 + [429] * 20  # GONGKAI_RATE_TRACK = 30/h
    assert "申请编号或查询码不正确" in tries[0].content.decode()
    refused = tries[-1]
    html = refused.content.decode()
    assert (
        TOO_MANY in html
        and '<html lang="zh-Hans">' in html
        and '<h1 id="error-heading">操作过于频繁</h1>' in html
    )
    assert "错误代码：429" in html
    assert refused["Retry-After"] == "600"
    assert "no-store" in refused["Cache-Control"]
    # Even the right code is refused now: the limit is on the address, not on wrong answers.
    right = {"receipt_number": app.receipt_number, "query_code": code}
    assert client.post("/track/", right).status_code == 429
    assert client.post("/track/withdraw/", right | {"reason": "x"}).status_code == 429
    # Another address is not affected.
    assert Client(REMOTE_ADDR="10.9.8.7").post("/track/", right).status_code == 200


def test_the_tracker_limit_counts_the_address_behind_our_proxy(client: Client, settings: Any) -> None:
    settings.GONGKAI_PROXY_COUNT = 1
    settings.GONGKAI_RATE_TRACK = "3/h"
    data = {"receipt_number": "GK-0", "query_code": "WRONG000"}
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(3):
        assert client.post("/track/", data, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 200
    assert client.post("/track/", data, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 429
    # A forged left-most entry does not make a new client: the proxy appended the real address.
    forged = "1.2.3.4, 203.0.113.5"
    assert client.post("/track/", data, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429
    assert client.post("/track/", data, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy).status_code == 200


def test_the_application_form_limits_submissions_not_reading(client: Client, settings: Any) -> None:
    settings.GONGKAI_RATE_APPLY = "2/h"
    agency = factories.small_province().yuexiu_edu
    url = f"/agencies/{agency.pk}/apply/"
    # three different requests (the same request again from this browser would return its first receipt)
    topic = VALID["description"]
    sent = [VALID | {"token": f"t-{i}", "description": f"{topic}（第{i + 1}项）"} for i in range(3)]
    # mistakes do not count: a citizen who gets fields wrong is never locked out
    for _ in range(4):
        assert client.post(url, VALID | {"phone": "12"}).status_code == 200
    assert [client.post(url, data).status_code for data in sent[:2]] == [302, 302]
    refused = client.post(url, sent[2])
    assert refused.status_code == 429 and Application.objects.count() == 2
    page = refused.content.decode()
    assert "分钟后再提交" in page and "（第3项）" in page  # what was typed is kept
    assert client.get(url).status_code == 200  # reading the form is not limited


def test_a_flood_of_form_posts_is_cut_off(client: Client, settings: Any) -> None:
    settings.GONGKAI_RATE_APPLY_ATTEMPTS = "3/h"
    agency = factories.small_province().yuexiu_edu
    url = f"/agencies/{agency.pk}/apply/"
    codes = [client.post(url, VALID | {"phone": "12"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_search_is_limited_per_address(client: Client, settings: Any) -> None:
    settings.GONGKAI_RATE_SEARCH = "5/m"
    assert [client.get("/search/", {"q": "教育"}).status_code for _ in range(6)] == [200] * 5 + [429]
    assert TOO_MANY in client.get("/search/").content.decode()


def test_a_web_workers_warm_up_requests_are_not_counted(client: Client, settings: Any) -> None:
    from gongkai.portal.security import WARM_UP_KEY

    settings.GONGKAI_RATE_SEARCH = "2/m"
    warm = [client.get("/search/", {"q": "教育"}, **{WARM_UP_KEY: True}).status_code for _ in range(4)]
    assert warm == [200] * 4
    assert [client.get("/search/", {"q": "教育"}).status_code for _ in range(3)] == [200, 200, 429]
    # a client cannot pass for the warm-up: its headers arrive as HTTP_*
    header = {"HTTP_GONGKAI.WARM_UP": "1"}
    assert client.get("/search/", {"q": "教育"}, **header).status_code == 429
