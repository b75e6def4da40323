"""How long the full guangdong-2020 demo province takes to load, against the per-row service path.

Baseline (measured in the same run): creating agencies one at a time through `agency_create` (the
validated, audited service an administrator uses). Its rate over a sample is extrapolated to the number
of agencies the demo creates, and compared with the bulk demo loader that builds divisions, agencies,
staff users and their roles. Target (issue #2): the full load under 60 s on 2 cores with SQLite.

Run: .venv/bin/python bench/demo_load.py   (GONGKAI_DATABASE_URL=postgres://… for PostgreSQL; that
database is flushed)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_fresh_database

SAMPLE = 300


def main() -> None:
    vendor = django_with_fresh_database()
    from gongkai.core.codes import make_uscc
    from gongkai.core.context import Actor
    from gongkai.demo import builder
    from gongkai.orgs import services
    from gongkai.orgs.models import Agency, Division

    # Demo load (the figure the issue asks for).
    t0 = time.perf_counter()
    built, counts = builder.build(profile="guangdong-2020", seed=2020)
    demo_s = time.perf_counter() - t0
    assert built
    n_agencies = counts["orgs"]["agencies"]
    n_users = counts["orgs"]["users"]

    # Baseline: the per-row service, on a sample, in the same database.
    actor = Actor.system("bench")
    town = Division.objects.filter(level=4).order_by("path").first()
    assert town is not None
    t0 = time.perf_counter()
    for i in range(SAMPLE):
        services.agency_create(
            actor=actor,
            division=town,
            name=f"基准测试机关{i}",
            kind=Agency.Kind.DEPARTMENT,
            uscc=make_uscc(authority="1", entity_type="1", division_code=town.code[:6], org_body=f"9{i:07d}"),
        )
    per_row_s = (time.perf_counter() - t0) / SAMPLE
    baseline_s = per_row_s * n_agencies

    print(f"database: {vendor}")
    print(
        f"demo load (divisions {sum(counts['orgs']['divisions'].values())}, agencies {n_agencies}, "
        f"users {n_users}): {demo_s:.2f} s  (target < 60 s)"
    )
    print(
        f"baseline per-agency service: {per_row_s * 1000:.2f} ms/agency → {baseline_s:.1f} s for the agencies"
    )
    print(f"ratio baseline/demo: {baseline_s / demo_s:.1f}x")
    if demo_s >= 60:
        raise SystemExit("demo load exceeded 60 s")


if __name__ == "__main__":
    main()
