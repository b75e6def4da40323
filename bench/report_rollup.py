"""The province-wide 2020 annual report (表三, 表四, 表二, narrative) over the full demo data, against a
naive baseline measured in the same run: one report per agency computed in a Python loop and summed.

Target (issue #4): under 1 s on SQLite over the demo province. (The 1,000,000-application PostgreSQL
target is not measured yet: see the issue's closing note.)

Run: .venv/bin/python bench/report_rollup.py   (builds the demo province into a fresh SQLite database)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_fresh_database


def main() -> None:
    vendor = django_with_fresh_database()
    from gongkai.demo import builder
    from gongkai.orgs.models import Agency, Division
    from gongkai.reports import checks, compute

    t0 = time.perf_counter()
    builder.build(profile="guangdong-2020", seed=2020)
    print(f"database: {vendor}; demo built in {time.perf_counter() - t0:.1f} s")
    province = Division.objects.get(code="440000")

    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        report = compute.compute(compute.scope_of_division(province, region=True), 2020)
        assert checks.check_report(report.as_json()) == []
        runs.append(time.perf_counter() - t0)
    rollup = statistics.median(runs)

    t0 = time.perf_counter()
    received = 0
    agencies = list(Agency.objects.all())
    for agency in agencies:  # the naive way: every agency's report, then add them up
        part = compute.compute(compute.scope_of_agency(agency), 2020)
        received += part.table3[compute.RECEIVED]["总计"]
    naive = time.perf_counter() - t0
    assert received == report.table3[compute.RECEIVED]["总计"] == 47517

    print(
        f"province-wide 2020 roll-up: median {rollup * 1000:.0f} ms over {len(runs)} runs (target < 1000 ms)"
    )
    print(f"naive per-agency loop ({len(agencies)} agencies): {naive:.1f} s")
    print(f"ratio naive/roll-up: {naive / rollup:.0f}x")
    if rollup >= 1.0:
        raise SystemExit("roll-up exceeded 1 s")


if __name__ == "__main__":
    main()
