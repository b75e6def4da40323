"""Login throttling (django-axes): a username is locked from an address after repeated failures, with a
Chinese page, on the staff login and on /admin/ alike; the lockout is audited once."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from gongkai.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

LOCKED = "登录失败次数过多"


def _attempt(client: Any, url: str, username: str, password: str) -> Any:
    return client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_thirty_wrong_passwords_lock_the_account_from_that_address(client: Any, url: str) -> None:
    user = factories.user("clerk", is_staff=True)
    statuses = [_attempt(client, url, "clerk", f"wrong-{i}").status_code for i in range(30)]

    assert statuses[:9] == [200] * 9  # the form again, with its error
    assert statuses[9:] == [429] * 21  # the tenth failure locks (GONGKAI_AXES_FAILURE_LIMIT = 10)
    page = _attempt(client, url, "clerk", "pw-clerk")  # the right password, while locked
    assert page.status_code == 429
    html = page.content.decode()
    assert LOCKED in html and "30分钟后再试" in html and '<html lang="zh-Hans">' in html
    assert "_auth_user_id" not in client.session
    events = AuditEvent.objects.filter(action="auth.login_locked_out")
    assert [(e.object_id, e.actor_label, e.ip_address, e.data) for e in events] == [
        (str(user.pk), "public", "127.0.0.1", {"failures": 10})
    ]


def test_the_lock_binds_username_and_address_and_ends_after_the_cool_off(client: Any) -> None:
    factories.user("clerk")
    factories.user("other")
    for i in range(10):
        _attempt(client, "/accounts/login/", "clerk", f"wrong-{i}")
    assert _attempt(client, "/accounts/login/", "clerk", "pw-clerk").status_code == 429

    # Another account from the same address, and the same account from another address, are not locked.
    assert _attempt(client, "/accounts/login/", "other", "pw-other").status_code == 302
    client.logout()
    elsewhere = client.post(
        "/accounts/login/", {"username": "clerk", "password": "pw-clerk"}, REMOTE_ADDR="10.1.2.3"
    )
    assert elsewhere.status_code == 302
    client.logout()

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert _attempt(client, "/accounts/login/", "clerk", "pw-clerk").status_code == 302


def test_success_before_the_limit_resets_the_count(client: Any) -> None:
    factories.user("clerk")
    for i in range(9):
        _attempt(client, "/accounts/login/", "clerk", f"wrong-{i}")
    assert _attempt(client, "/accounts/login/", "clerk", "pw-clerk").status_code == 302
    client.logout()
    for i in range(9):
        assert _attempt(client, "/accounts/login/", "clerk", f"wrong-{i}").status_code == 200


def test_unknown_usernames_are_locked_too_and_audited_masked(client: Any) -> None:
    for i in range(10):
        _attempt(client, "/accounts/login/", "nobody-here", f"wrong-{i}")
    event = AuditEvent.objects.get(action="auth.login_locked_out")
    assert (event.object_id, event.object_repr) == ("", "no***（不存在的账号）")


def test_lockout_logs_name_neither_username_nor_address(client: Any, caplog: Any) -> None:
    factories.user("zhangsan")
    with caplog.at_level(logging.DEBUG):
        for i in range(12):
            _attempt(client, "/accounts/login/", "zhangsan", f"wrong-{i}")
    assert caplog.records  # django-axes did log the failures and the lockout
    assert not [r for r in caplog.records if "zhangsan" in r.getMessage() or "127.0.0.1" in r.getMessage()]


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_one_address_trying_many_usernames_meets_the_rate_limit(client: Any, settings: Any, url: str) -> None:
    settings.GONGKAI_RATE_LOGIN = "5/h"  # default 100/h, for both login pages together
    statuses = [_attempt(client, url, f"user-{i}", "guess").status_code for i in range(6)]
    assert statuses == [200] * 5 + [429]
    assert "您的操作过于频繁" in _attempt(client, "/accounts/login/", "user-x", "guess").content.decode()
    assert client.get(url).status_code == 200  # the form itself stays readable
