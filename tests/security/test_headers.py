"""Response headers and sessions: CSP without inline script or style, HSTS and secure cookies behind an HTTPS
proxy (GONGKAI_HTTPS=1), ``Cache-Control: no-store`` wherever personal data is shown, short anonymous
sessions, oversized requests refused before their body is read, and a clean ``check --deploy``."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gongkai.applications.models import Application
from tests import factories
from tests.applications.test_views import VALID

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
MiB = 1024 * 1024
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.IGNORECASE)
_INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # A production process has none of our settings, nor the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE
    # (set in this process when a browser test ran first on the same test worker).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GONGKAI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return env | {
        "GONGKAI_DATA_DIR": str(tmp_path / "var"),
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_DEBUG": "0",
        "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
        **extra,
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    cmd = [GONGKAI, "manage", "check", "--deploy", "--fail-level", "WARNING"]
    done = subprocess.run(
        cmd, env=_production_env(tmp_path, GONGKAI_HTTPS="1"), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    # Without GONGKAI_HTTPS the same check names what is missing (so the clean run above means something).
    plain = subprocess.run(cmd, env=_production_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert plain.returncode == 1
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in plain.stdout + plain.stderr


def _https_settings(tmp_path: Path) -> dict[str, Any]:
    """The security settings as the settings module computes them with GONGKAI_HTTPS=1 (a fresh process)."""
    names = [
        "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE", "GONGKAI_PROXY_COUNT", "SECURE_REDIRECT_EXEMPT",
    ]  # fmt: skip
    code = (
        "import json; from django.conf import settings as s; "
        f"print('@@' + json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    done = subprocess.run(
        [GONGKAI, "manage", "shell", "--no-imports", "-c", code],
        env=_production_env(tmp_path, GONGKAI_HTTPS="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values: dict[str, Any] = json.loads(done.stdout.split("@@", 1)[1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.mark.django_db
def test_behind_an_https_proxy_hsts_secure_cookies_and_the_redirect(tmp_path: Path, settings: Any) -> None:
    for name, value in _https_settings(tmp_path).items():
        setattr(settings, name, value)
    world = factories.small_province()
    client = Client()

    plain = client.get("/track/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/track/"
    page = client.get("/track/", HTTP_X_FORWARDED_PROTO="https")
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert page.cookies["csrftoken"]["secure"] is True
    tracked = client.post(
        "/track/", {"receipt_number": "x", "query_code": "y"}, HTTP_X_FORWARDED_PROTO="https"
    )
    assert tracked.status_code == 200 and tracked.cookies["csrftoken"]["secure"] is True
    applied = client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", VALID, HTTP_X_FORWARDED_PROTO="https")
    assert applied.status_code == 302 and applied.cookies["sessionid"]["secure"] is True


@pytest.mark.django_db
def test_every_page_carries_the_csp_and_has_no_inline_script_or_style(client: Client) -> None:
    world = factories.small_province()
    for url in [
        "/",
        "/search/?q=教育",
        "/track/",
        "/accounts/login/",
        f"/agencies/{world.yuexiu_edu.pk}/apply/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert set(response["Content-Security-Policy"].split("; ")) == set(CSP.split("; "))
        assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        html = response.content.decode()
        assert not _INLINE_SCRIPT.findall(html), url
        assert not _INLINE_STYLE.findall(html), url


@pytest.mark.django_db
def test_pages_with_personal_data_are_never_stored_by_caches(client: Client) -> None:
    world = factories.small_province()
    assert "no-store" not in client.get("/").get("Cache-Control", "")  # public pages stay cacheable
    submitted = client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", VALID)
    receipt = client.get(submitted["Location"])
    code = receipt.content.decode().split('id="query-code">', 1)[1][:8]
    app = Application.objects.get()
    tracked = client.post("/track/", {"receipt_number": app.receipt_number, "query_code": code})
    for response in (receipt, tracked, client.get("/track/")):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    client.force_login(factories.user("clerk"))
    for url in ["/staff/", "/"]:  # every page for a signed-in user (the header shows who is signed in)
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


@pytest.mark.django_db
def test_anonymous_sessions_are_short_and_staff_sessions_last_a_working_day(client: Client) -> None:
    world = factories.small_province()
    submitted = client.post(f"/agencies/{world.yuexiu_edu.pk}/apply/", VALID)
    assert submitted.cookies["sessionid"]["max-age"] == 30 * 60
    assert client.session.get_expiry_age() == 30 * 60

    factories.user("clerk")
    signed_in = client.post("/accounts/login/", {"username": "clerk", "password": "pw-clerk"})
    assert signed_in.status_code == 302
    assert signed_in.cookies["sessionid"]["max-age"] == 8 * 3600
    assert client.session.get_expiry_age() == 8 * 3600


@pytest.mark.django_db
def test_oversized_requests_are_refused_before_the_body_is_read(client: Client) -> None:
    # The announced length is all the middleware looks at: the body here is empty, and is never read.
    too_big = str(56 * MiB)  # public cap: 5 attachments of 10 MB plus 5 MB of form
    refused = client.post("/track/", CONTENT_LENGTH=too_big)
    assert refused.status_code == 413
    assert "提交的内容过大（超过55MB）" in refused.content.decode()
    assert client.post("/api/search", CONTENT_LENGTH=too_big).json()["code"] == "request_too_large"
    assert client.get("/", CONTENT_LENGTH=str(54 * MiB)).status_code == 200

    client.force_login(factories.user("clerk"))  # staff upload publication attachments: 200 MB
    assert client.get("/staff/", CONTENT_LENGTH=too_big).status_code == 200
    assert client.get("/staff/", CONTENT_LENGTH=str(201 * MiB)).status_code == 413
