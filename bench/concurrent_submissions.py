"""Concurrent public submissions through the real stack: gunicorn + Django + the database, over loopback.

Measures, in one run:
  1. baseline: 200 submissions one after another (one client);
  2. 200 submissions from 50 concurrent clients → expects 200 applications, 200 distinct receipt numbers,
     0 errors;
  3. one submission replayed 10 times concurrently (same form token) → expects exactly 1 application.
Prints throughput for 1 and 2 and their ratio.

Run: .venv/bin/python bench/concurrent_submissions.py   (a fresh SQLite database), or with
     GONGKAI_DATABASE_URL=postgres://user@127.0.0.1:5432/scratch set
     (with PostgreSQL: that scratch database is emptied first)
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_fresh_database

N, CLIENTS, REPLAYS = 200, 50, 10
GONGKAI = str(Path(sys.executable).with_name("gongkai"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def form(self, agency_id: int) -> tuple[str, str]:
        html = self.opener.open(f"{self.base}/agencies/{agency_id}/apply/", timeout=30).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        token = re.search(r'name="token" value="([^"]+)"', html)
        assert csrf and token
        return csrf.group(1), token.group(1)

    def submit(self, agency_id: int, csrf: str, token: str, i: int) -> str:
        from _payloads import payload

        data = urllib.parse.urlencode(payload(i) | {"csrfmiddlewaretoken": csrf, "token": token}).encode()
        url = f"{self.base}/agencies/{agency_id}/apply/"
        request = urllib.request.Request(url, data=data, headers={"Referer": f"{self.base}/"})  # noqa: S310
        with self.opener.open(request, timeout=60) as response:
            final = response.geturl()
        if "/apply/submitted/" not in final:
            raise RuntimeError(f"submission {i} was not accepted: {final}")
        return final.rstrip("/").rsplit("/", 1)[-1]


def one(base: str, agency_id: int, i: int) -> str:
    c = Client(base)
    csrf, token = c.form(agency_id)
    return c.submit(agency_id, csrf, token, i)


def main() -> None:
    vendor = django_with_fresh_database()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gongkai.applications.models import Application
    from gongkai.core.codes import make_uscc
    from gongkai.core.context import Actor
    from gongkai.orgs import services

    system = Actor.system("bench")
    gd = services.division_create(
        actor=system, parent=None, code="440000", name="广东省", level=1, kind="province"
    )
    agency = services.agency_create(
        actor=system,
        division=gd,
        name="广东省人民政府办公厅",
        kind="general_office",
        uscc=make_uscc(authority="1", entity_type="1", division_code="440000", org_body="00693974"),
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # Every simulated applicant comes from 127.0.0.1: lift the per-address form limit for the benchmark.
    env = dict(os.environ, GONGKAI_RATE_APPLY="100000/h")
    server = subprocess.Popen(
        [GONGKAI, "serve", "--port", str(port), "--workers", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=5)  # noqa: S310  (our own server on loopback)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

        t0 = time.perf_counter()
        sequential = [one(base, agency.pk, i) for i in range(N)]
        seq_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        errors = 0
        with ThreadPoolExecutor(CLIENTS) as pool:
            futures = [pool.submit(one, base, agency.pk, N + i) for i in range(N)]
            concurrent: list[str] = []
            for f in futures:
                try:
                    concurrent.append(f.result())
                except Exception as e:
                    errors += 1
                    print("error:", e)
        conc_s = time.perf_counter() - t0

        replayer = Client(base)
        csrf, token = replayer.form(agency.pk)
        with ThreadPoolExecutor(REPLAYS) as pool:
            replayed = set(pool.map(lambda _: replayer.submit(agency.pk, csrf, token, 9999), range(REPLAYS)))
    finally:
        server.terminate()
        server.wait(timeout=30)

    total = Application.objects.count()
    print(f"database: {vendor}; gunicorn workers: 4; clients: {CLIENTS}")
    print(f"sequential: {N} submissions in {seq_s:.2f} s = {N / seq_s:.1f}/s (baseline)")
    print(
        f"concurrent: {len(concurrent)} accepted, {errors} errors, "
        f"{len(set(concurrent))} distinct receipt numbers, "
        f"in {conc_s:.2f} s = {N / conc_s:.1f}/s; ratio to baseline {seq_s / conc_s:.2f}x"
    )
    print(f"replayed one submission {REPLAYS}× concurrently → {len(replayed)} receipt number(s)")
    print(f"applications in the database: {total} (expected {2 * N + 1})")
    ok = errors == 0 and len(set(concurrent)) == N and len(set(sequential)) == N and len(replayed) == 1
    ok = ok and total == 2 * N + 1
    if not ok:
        raise SystemExit("FAILED")


if __name__ == "__main__":
    main()
