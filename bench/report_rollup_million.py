"""The province-wide annual-report roll-up over 1,000,000 applications on PostgreSQL (target < 5 s),
against a naive per-agency Python loop measured in the same run.

Needs a PostgreSQL scratch database (it is emptied):
    GONGKAI_DATABASE_URL=postgres://user@127.0.0.1:5432/scratch \
        .venv/bin/python bench/report_rollup_million.py
Optional: BENCH_APPLICATIONS (default 1000000).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_fresh_database


def main() -> None:
    if not os.environ.get("GONGKAI_DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set GONGKAI_DATABASE_URL to a PostgreSQL scratch database")
    n = int(os.environ.get("BENCH_APPLICATIONS", "1000000"))
    django_with_fresh_database()
    from django.db import connection
    from django.utils import timezone

    from gongkai.applications import outcomes
    from gongkai.applications.models import Applicant, Application
    from gongkai.demo import builder, bulk
    from gongkai.orgs.models import Agency, Division
    from gongkai.reports import checks, compute

    builder.build(profile="guangdong-2020", seed=1, only=("orgs",))
    agencies = list(Agency.objects.values_list("pk", flat=True))
    leaves = list(outcomes.outcomes())
    categories = ["natural"] * 86 + ["commercial"] * 8 + ["legal"] * 4 + ["research", "nonprofit", "other"]
    rng = random.Random(1)
    t0 = time.perf_counter()
    first_applicant, first_app = bulk.next_id(Applicant), bulk.next_id(Application)
    now = timezone.now()
    start = date(2019, 1, 1)

    def applicants():
        for i in range(n):
            yield {"id": first_applicant + i, "category": "natural", "name": "测试", "identity_key": f"k{i}"}

    def applications():
        for i in range(n):
            received = start + timedelta(days=rng.randrange(3 * 365))
            decided = received + timedelta(days=rng.randrange(1, 45)) if rng.random() > 0.01 else None
            yield {
                "id": first_app + i,
                "agency_id": rng.choice(agencies),
                "applicant_id": first_applicant + i,
                "applicant_category": rng.choice(categories),
                "receipt_number": f"B{i:09d}",
                "query_code_hash": "x",
                "channel": "online",
                "submitted_at": now,
                "received_on": received,
                "clock_start": received,
                "description": "bench",
                "info_form": "electronic",
                "delivery": "email",
                "status": "delivered" if decided else "in_progress",
                "outcome": rng.choice(leaves) if decided else "",
                "decided_on": decided,
                "updated_at": now,
            }

    bulk.insert(Applicant, applicants())
    bulk.insert(Application, applications())
    bulk.reset_sequences(Applicant, Application)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"database: postgresql; {n} applications generated in {time.perf_counter() - t0:.1f} s")

    province = Division.objects.get(code="440000")
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        report = compute.compute(compute.scope_of_division(province, region=True), 2020)
        runs.append(time.perf_counter() - t0)
    assert checks.check_report(report.as_json()) == []
    rollup = statistics.median(runs)

    t0 = time.perf_counter()
    received = 0
    for agency in Agency.objects.all():
        received += compute.compute(compute.scope_of_agency(agency), 2020).table3[compute.RECEIVED]["总计"]
    naive = time.perf_counter() - t0
    assert received == report.table3[compute.RECEIVED]["总计"]

    print(f"province-wide 2020 roll-up over {n} applications: median {rollup:.2f} s (target < 5 s)")
    print(f"naive per-agency loop: {naive:.1f} s; ratio {naive / rollup:.0f}x")
    if rollup >= 5:
        raise SystemExit("roll-up exceeded 5 s")


if __name__ == "__main__":
    main()
