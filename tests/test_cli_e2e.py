"""The `gongkai` command as an operator runs it: fresh data directory, real processes, real HTTP.

Each test gets a database of its own: a new SQLite file, or, when the suite runs against PostgreSQL
(GONGKAI_DATABASE_URL), a new database on that server, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    e["GONGKAI_DATA_DIR"] = str(tmp_path / "var")
    server = os.environ.get("GONGKAI_DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield e
        return
    import psycopg

    name = f"gongkai_e2e_{uuid.uuid4().hex[:12]}"
    admin_url = server.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    e["GONGKAI_DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + name
    try:
        yield e
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def gongkai(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [GONGKAI, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"gongkai {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def test_init_then_calendar(env: dict[str, str]) -> None:
    gongkai(env, "init", "--no-input")
    assert gongkai(env, "calendar", "add", "2020-09-28", "20").stdout.strip() == "2020-11-02"
    provisional = gongkai(env, "calendar", "add", "2031-03-02", "5")  # a missing year never stops work
    assert provisional.stdout.strip() == "2031-03-07" and "暂定" in provisional.stderr
    missing = gongkai(env, "calendar", "add", "2031-03-02", "5", "--strict", check=False)
    assert missing.returncode != 0
    assert "2031" in missing.stderr


def test_init_creates_first_admin_from_environment(env: dict[str, str]) -> None:
    env = {**env, "GONGKAI_ADMIN_USERNAME": "chief", "GONGKAI_ADMIN_PASSWORD": "a-long-secret-1"}
    assert "已创建管理员 chief" in gongkai(env, "init", "--no-input").stdout
    assert "数据库已就绪" in gongkai(env, "init", "--no-input").stdout  # second run: nothing to create
    stats = json.loads(gongkai(env, "stats", "--json").stdout)
    assert stats["orgs"]["users"] == 1
    assert stats["orgs"]["staff_roles"] == {"admin": 1}
    # Through the audited service; the shared cache's table exists; the secret key is kept, private.
    probe = (
        "from django.core.cache import cache; from gongkai.core.models import AuditEvent; "
        "cache.set('probe', 42); "
        "print(cache.get('probe'), list(AuditEvent.objects.filter(action__in=['auth.admin.created', "
        "'orgs.role.granted']).order_by('pk').values_list('action', 'actor_label')))"
    )
    out = gongkai(env, "manage", "shell", "-c", probe).stdout.strip().splitlines()[-1]
    assert out == "42 [('auth.admin.created', 'init'), ('orgs.role.granted', 'init')]"
    key = Path(env["GONGKAI_DATA_DIR"]) / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_text()) >= 50


_REPEATED_POLICIES = (
    "from django.db.models import Count; from gongkai.publications.models import Publication as P; "
    "print(P.objects.filter(kind__in=['rule', 'normative']).values('agency', 'title')"
    ".annotate(n=Count('id')).filter(n__gt=1).count())"
)


def test_demo_counts_and_determinism(env: dict[str, str]) -> None:
    built = gongkai(env, "demo", "--profile", "guangdong-2020", "--seed", "11", "--no-serve")
    assert "演示时钟：今天固定为 2021-03-15" in built.stdout
    first = json.loads(gongkai(env, "stats", "--json").stdout)
    # The clock of record is pinned inside the data (#11): the province has work to do on that day.
    work = first["applications"]
    assert work["today"] == "2021-03-15"
    assert work["open"] > work["due_soon"] > 0 and work["overdue"] > 0 and work["unconfirmed"] > 0
    assert first["orgs"]["divisions"] == {"province": 1, "prefecture": 21, "county": 147, "town": 1635}
    assert first["applications"]["received_by_year"]["2020"] == 47517
    publications = first["publications"]
    assert publications["published_by_year"]["2020"] >= 100_000
    assert publications["rules_and_normative_by_year"]["2020"] == {"规章": 61, "规范性文件": 3783}
    # the sample archive shipped in the package, up to the demo's today (611 of its 3,470 are later)
    assert first["gazette"]["documents"] == 2859
    repeated = gongkai(env, "manage", "shell", "-c", _REPEATED_POLICIES).stdout.strip().splitlines()[-1]
    assert repeated == "0"  # no agency issues the same 规章 or 规范性文件 twice
    found = json.loads(gongkai(env, "search", "营商环境", "--json").stdout)  # the demo builds the index
    assert found["total"] > 0 and "营商环境" in found["hits"][0]["snippet"] + found["hits"][0]["title"]
    again = gongkai(env, "demo", "--profile", "guangdong-2020", "--seed", "11", "--no-serve", "--reset")
    assert "演示数据已生成" in again.stdout
    assert json.loads(gongkai(env, "stats", "--json").stdout) == first


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(env: dict[str, str]) -> Iterator[str]:
    gongkai(env, "demo", "--no-serve", "--scale", "0.01")
    port = _free_port()
    proc = subprocess.Popen(
        [GONGKAI, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=5)  # noqa: S310
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=20)


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310
        return r.status, r.read().decode()


def test_serve_answers_the_portal_with_static_files(served: str) -> None:
    status, html = _get(served + "/")
    assert status == 200
    assert "广东省" in html and "广州市" in html
    css = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert (
        css.startswith("/static/portal/site.") and css != "/static/portal/site.css"
    )  # hashed by the manifest
    assert _get(served + css)[0] == 200
    assert "越秀区" in _get(served + "/divisions/440100/")[1]
    assert _get(served + "/admin/login/")[0] == 200
