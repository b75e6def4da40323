"""Reports and supervision in milliseconds (issue #13 item 4): the province's 2020 region report summed
from the stored per-agency figures against the naive computation from the records (the baseline, same
run), and the supervision page of the province (440000) with a draft for every report it expects, against
the old way of checking them (each draft computed from the records).

Targets: region report <= 50 ms, supervision page <= 300 ms.

SQLite: reads the full demo at $GONGKAI_DATA_DIR (built by `gongkai demo` with this code, or migrated and
given its figures by `gongkai report verify-aggregates --fix --year 2016 ... --year 2021`); nothing is
kept: the drafts are created inside a transaction that is rolled back.
PostgreSQL: with GONGKAI_BENCH_PG_URL=postgres://… (a database it may overwrite), the demo is built there
first (``--pg-scale``, default 1.0, of the full province; kept for later runs at the same scale) and the
same figures are measured; without it the PostgreSQL part is skipped with a message.

Run: GONGKAI_DATA_DIR=/path/to/demo .venv/bin/python bench/report_speed.py [--pg-scale 0.25]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

REGION_TARGET, PAGE_TARGET = 0.050, 0.300


def _median(func: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _queries(func: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def measure(label: str) -> bool:
    """Print the figures for the database Django is configured for; True when both targets are met."""
    from django.db import connection

    from gongkai.orgs.models import Division

    province = Division.objects.get(code="440000")
    region = measure_region(label, province)
    page = measure_page(label, province)
    print(f"  database: {connection.vendor}")
    return region <= REGION_TARGET and page <= PAGE_TARGET


def measure_region(label: str, province: Any) -> float:
    from gongkai.reports import checks, compute
    from gongkai.reports.aggregates import read, store

    scope = compute.scope_of_division(province, region=True)
    store.ensure_years(range(2016, 2021))  # no-op on a demo built with this code
    assert read.kept(2020), "2020 is not among the years whose figures are kept (check the clock)"
    fast = compute.compute(scope, 2020)
    slow = compute.compute_from_records(scope, 2020)
    assert fast.as_json() == slow.as_json(), "the stored figures differ from the records: verify-aggregates"
    assert checks.check_report(fast.as_json()) == []
    region = _median(lambda: compute.compute(scope, 2020), 21)
    region_queries = _queries(lambda: compute.compute(scope, 2020))
    naive = _median(lambda: compute.compute_from_records(scope, 2020), 3)
    received = fast.table3[compute.RECEIVED]["总计"]
    print(f"[{label}] province region report 2020 ({received} applications received):")
    print(
        f"  from the stored figures: median {region * 1000:.1f} ms, {region_queries} queries (target 50 ms)"
    )
    print(f"  naive from the records:  median {naive * 1000:.0f} ms")
    print(f"  ratio naive / figures:   {naive / region:.0f}x")
    return region


def measure_page(label: str, province: Any) -> float:
    """The page with a draft for every expected report, inside a transaction that is rolled back."""
    from django.db import transaction
    from django.test import Client

    from gongkai.reports import selectors
    from gongkai.reports.models import AnnualReport

    with transaction.atomic():
        rows = selectors.expected_reports(province, 2020)
        for row in rows:
            if row.report is None:
                AnnualReport.objects.create(
                    scope=row.scope, agency=row.agency, division=row.division, year=2020
                )
        drafts = AnnualReport.objects.filter(year=2020, status=AnnualReport.Status.DRAFT).count()
        client = Client(HTTP_HOST="localhost")  # a host every installation allows
        client.force_login(_supervisor(province))
        url = "/staff/reports/supervision/440000/2020/"
        assert client.get(url).status_code == 200
        page = _median(lambda: client.get(url), 7)
        page_queries = _queries(lambda: client.get(url))
        t0 = time.perf_counter()
        _old_checks(province)
        baseline = time.perf_counter() - t0
        transaction.set_rollback(True)
    print(f"[{label}] supervision page of the province, 2020, {len(rows)} expected reports, {drafts} drafts:")
    print(f"  page (GET, rendered):    median {page * 1000:.1f} ms, {page_queries} queries (target 300 ms)")
    print(f"  old checks alone:        {baseline * 1000:.0f} ms (each draft computed from the records)")
    print(f"  ratio old / page:        {baseline / page:.0f}x")
    return page


def _old_checks(province: Any) -> None:
    """What the page did before: each draft computed from the records, then checked."""
    from gongkai.reports import checks, compute, selectors, services

    for row in selectors.expected_reports(province, 2020):
        if row.report is not None:
            counted = compute.compute_from_records(services.scope_of(row.report), 2020).as_json()
            data = services._with_prose(row.report, counted)
            checks.check_report(data)
            checks.check_narrative(data)


def _supervisor(province: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="440000-sup")  # the demo's provincial 政务公开办


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per forced login otherwise


def sqlite_part() -> bool:
    if not os.environ.get("GONGKAI_DATA_DIR"):
        raise SystemExit("GONGKAI_DATA_DIR must name a data directory with the full demo")
    os.environ.pop("GONGKAI_DATABASE_URL", None)
    _setup_django()
    return measure("SQLite, full demo")


def pg_part(scale: float) -> bool:
    """In a child process: build the demo in the PostgreSQL database (kept for the next run: a database
    already holding this demo at this scale is used as it is), then measure."""
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-bench-pg-")
    _setup_django()
    from django.core.management import call_command

    from gongkai.core.context import Actor
    from gongkai.core.services import calendar_seed_from_package
    from gongkai.demo import builder

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the page renders with the manifest
    loaded = builder.loaded_dataset()
    if loaded is None or loaded.counts.get("bench_scale") != scale:
        call_command("flush", interactive=False, verbosity=0)
        calendar_seed_from_package(actor=Actor.system("bench"))
        t0 = time.perf_counter()
        builder.build(profile="guangdong-2020", seed=2020, scale=scale)
        print(f"[PostgreSQL] demo built at scale {scale} in {time.perf_counter() - t0:.0f} s")
        dataset = builder.loaded_dataset()
        assert dataset is not None
        dataset.counts = {**dataset.counts, "bench_scale": scale}
        dataset.save(update_fields=["counts"])
    return measure(f"PostgreSQL, demo at scale {scale}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg-scale", type=float, default=1.0)
    parser.add_argument("--pg-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pg_child:
        raise SystemExit(0 if pg_part(args.pg_scale) else 1)
    ok = sqlite_part()
    url = os.environ.get("GONGKAI_BENCH_PG_URL")
    if not url:
        print("[PostgreSQL] skipped: set GONGKAI_BENCH_PG_URL to an empty database (.ci/run starts one)")
    else:
        env = {**os.environ, "GONGKAI_DATABASE_URL": url}
        child = subprocess.run(
            [sys.executable, __file__, "--pg-child", "--pg-scale", str(args.pg_scale)], env=env, check=False
        )
        ok = ok and child.returncode == 0
    if not ok:
        raise SystemExit("a target was missed")


if __name__ == "__main__":
    main()
