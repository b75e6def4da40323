"""Both deployments serve cached pages and never a stale one for long: `gongkai serve` alone (the embedded
default: the WSGI fast path, with the worker beside it) and the production recipe (Debian's nginx serving
the cache's files, configured by `gongkai nginx-config`, in front of `gongkai serve`). Another process
publishes, withdraws and corrects records while this test reads the pages that show them through both;
every change must show within 5 s, and a withdrawn record's old page must never come back.

The change is made once with the page cache switched off in the writing process, so that only the
transactional outbox and the worker can refresh the pages (a writer that died after its commit)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GONGKAI = str(Path(sys.executable).with_name("gongkai"))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LIMIT = 5.0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "GONGKAI_DATABASE_URL"}
    env.update(GONGKAI_DATA_DIR=str(data), GONGKAI_DEBUG="0", GONGKAI_TODAY="2021-03-15",
               PYTHONPATH=str(ROOT), GONGKAI_WORKER_SWEEP_SECONDS="3600")  # fmt: skip
    return env


def _run(env: dict[str, str], code: str, **extra: str) -> dict[str, Any]:
    out = subprocess.run(
        [GONGKAI, "manage", "shell", "-c", f"from tests.portal import freshness_actions as a; {code}"],
        env={**env, **extra}, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310  (our own servers on loopback)
            return r.status, r.headers.get("Server", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Server", ""), e.read().decode()
    except OSError:  # not listening yet
        return 0, "", ""


def _wait(ok: Callable[[], bool], limit: float = 60.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if ok():
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@pytest.fixture(scope="module")
def deployments(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not Path(NGINX).exists():
        pytest.skip("Debian's nginx is not installed (make test installs nginx-light)")
    data = tmp_path_factory.mktemp("fresh")
    env = _env(data)
    subprocess.run([GONGKAI, "init", "--no-input"], env=env, cwd=ROOT, check=True, capture_output=True)
    ids = _run(env, "a.setup()")
    app_port, nginx_port = _free_port(), _free_port()
    serve = subprocess.Popen(
        [GONGKAI, "serve", "--port", str(app_port), "--workers", "2"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    conf = subprocess.run(
        [GONGKAI, "nginx-config", "--access-log", "off", "--listen", f"127.0.0.1:{nginx_port}", "--upstream",
         f"127.0.0.1:{app_port}"],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    prefix = data / "nginx"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "site.conf").write_text(conf)
    temp = " ".join(f"{k}_temp_path {prefix / v};" for k, v in
                    (("client_body", "body"), ("proxy", "proxy"), ("fastcgi", "fastcgi"), ("uwsgi", "uwsgi"),
                     ("scgi", "scgi")))  # fmt: skip
    # Run as root, nginx's workers would be "nobody", who cannot enter pytest's private temporary directory;
    # a deployment gives nginx's user read access to the page cache instead (docs/deploy.md).
    user = "user root;" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"{user} worker_processes 1; pid {prefix}/nginx.pid; error_log {prefix}/error.log; daemon off;\n"
        f"events {{ worker_connections 256; }}\n"
        f"http {{ access_log off; {temp} include {prefix}/site.conf; }}\n"
    )
    nginx = subprocess.Popen([NGINX, "-c", str(prefix / "nginx.conf"), "-p", str(prefix)])
    bases = {"serve": f"http://127.0.0.1:{app_port}", "nginx": f"http://127.0.0.1:{nginx_port}"}
    try:
        for base in bases.values():
            _wait(lambda b=base: _get(b + "/healthz")[0] == 200)  # type: ignore[misc]
        yield {"env": env, "data": data, "bases": bases, **ids}
    finally:
        nginx.terminate()
        serve.terminate()
        nginx.wait(timeout=30)
        serve.wait(timeout=30)


def _everywhere(d: dict[str, Any], path: str, check: Callable[[int, str], bool]) -> dict[str, float]:
    """Seconds until ``check`` holds through each deployment (polled in turn)."""
    seen: dict[str, float] = {}
    start = time.monotonic()
    while len(seen) < len(d["bases"]) and time.monotonic() - start < 30:
        for name, base in d["bases"].items():
            if name not in seen:
                status, _server, body = _get(base + path)
                if check(status, body):
                    seen[name] = time.monotonic() - start
        time.sleep(0.05)
    return seen


def test_pages_are_served_from_the_cache_by_both_deployments(deployments: dict[str, Any]) -> None:
    d = deployments
    path = f"/publications/{d['pub']}/"
    for base in d["bases"].values():
        _get(base + path)
    assert (d["data"] / "pages" / "current" / "p" / "publications" / str(d["pub"]) / "index.html").exists()
    status, server, body = _get(d["bases"]["nginx"] + path)
    assert status == 200 and server.startswith("nginx") and "广州市义务教育阶段学校招生入学管理办法" in body
    with urllib.request.urlopen(d["bases"]["nginx"] + path) as r:  # noqa: S310
        assert r.headers["Content-Security-Policy"] and r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["Last-Modified"]  # nginx sent the saved file itself
    css = re.search(r'href="(/static/[^"]+\.css)"', body)
    assert css is not None
    with urllib.request.urlopen(d["bases"]["nginx"] + css.group(1)) as r:  # noqa: S310
        assert r.headers["Content-Type"].startswith("text/css")  # nginx's own static files, typed
    with urllib.request.urlopen(d["bases"]["nginx"] + "/feeds/latest.atom") as r:  # noqa: S310
        assert r.headers["Content-Type"].startswith("application/atom+xml")


def test_a_publish_a_correction_and_a_withdrawal_show_within_5_s_through_both(
    deployments: dict[str, Any],
) -> None:
    d = deployments
    agency = f"/agencies/{d['agency']}/"
    for base in d["bases"].values():  # cache the pages that will change
        _get(base + agency), _get(base + "/")
    new = _run(d["env"], 'a.publish_new("关于新冠疫苗接种点的通告", 11)')["pub"]
    seen = _everywhere(d, agency, lambda s, b: "关于新冠疫苗接种点的通告" in b)
    assert set(seen) == set(d["bases"]) and max(seen.values()) < LIMIT, seen

    page = f"/publications/{new}/"
    for base in d["bases"].values():
        _get(base + page)
    _run(d["env"], f'a.correct({new}, "关于新冠疫苗接种点的通告（更正）")')
    seen = _everywhere(d, page, lambda s, b: "关于新冠疫苗接种点的通告（更正）" in b)
    assert set(seen) == set(d["bases"]) and max(seen.values()) < LIMIT, seen

    # Withdrawn by a writer whose own purge never ran: the outbox and the worker must do it.
    _run(d["env"], f"a.withdraw({new})", GONGKAI_PAGE_CACHE="0")
    seen = _everywhere(d, page, lambda s, b: "已撤回" in b or "撤回" in b)
    assert set(seen) == set(d["bases"]) and max(seen.values()) < LIMIT, seen
    end = time.monotonic() + 3
    while time.monotonic() < end:  # and the old page never comes back
        for base in d["bases"].values():
            assert "撤回" in _get(base + page)[2]
            assert "关于新冠疫苗接种点的通告（更正）" not in _get(base + agency)[2]
        time.sleep(0.2)


def test_views_nginx_serves_from_the_cache_reach_the_view_count(deployments: dict[str, Any]) -> None:
    d = deployments
    created = _run(d["env"], "a.publish_new('浏览次数测试', 90)")["pub"]
    path = f"/publications/{created}/"
    nginx = d["bases"]["nginx"]
    _wait(lambda: "浏览次数测试" in _get(d["bases"]["serve"] + path)[2])  # rendered, saved
    before = _run(d["env"], f"a.views({created})")["views"]
    log = d["data"] / "pages" / "views.log"

    def logged() -> int:
        return log.read_text().splitlines().count(path) if log.exists() else 0

    # Read through nginx until it has served the saved page itself three times (a read while the page is
    # being refreshed after the publication goes to Django, which counts it in its own process); nginx
    # writes its log within 5 s.
    def three_served() -> bool:
        if logged() < 3:
            status, server, _body = _get(nginx + path)
            assert status == 200 and server.startswith("nginx")
        return logged() >= 3

    _wait(three_served, limit=60)
    # the worker adds them on its next round
    _wait(lambda: _run(d["env"], f"a.views({created})")["views"] >= before + 3, limit=90)
