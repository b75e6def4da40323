"""主动公开 timeliness of the whole province for one year (issue #13 item 2), counted by the database over
the working-day ordinal table, against the Python checker of the publications app as the baseline measured
in the same run (every record's deadline computed in Python, as ``late_publications`` does).

It reads an existing demo database rather than building one (the build takes a quarter of an hour):

    GONGKAI_DATA_DIR=/path/to/demo .venv/bin/python bench/supervision_timeliness.py [division] [year]

(or GONGKAI_DATABASE_URL for PostgreSQL). Defaults: 440000, 2020. The first call may rebuild the
working-day index (a write); the timings are of the calls after it. Target: the timeliness page of the
province well under 500 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def _timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    code = sys.argv[1] if len(sys.argv) > 1 else "440000"
    year = int(sys.argv[2]) if len(sys.argv) > 2 else 2020
    if not (os.environ.get("GONGKAI_DATA_DIR") or os.environ.get("GONGKAI_DATABASE_URL")):
        raise SystemExit("请用 GONGKAI_DATA_DIR（或 GONGKAI_DATABASE_URL）指向已生成的演示数据库")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongkai.orgs.models import Division
    from gongkai.publications.selectors import late_publications
    from gongkai.supervision import timeliness

    division = Division.objects.get(code=code)
    filters = timeliness.Filters(year=year)
    timeliness.timeliness_table(division, filters)  # builds the working-day index if needed

    sql, table = _timed(lambda: timeliness.timeliness_table(division, filters), 5)
    naive, late = _timed(lambda: late_publications(division, year=year), 2)
    total = table.summary.total
    assert total["late"] == late.total, (total, late.total)
    print(f"database: {connection.vendor}; {division.name} {year}: {total['published']} published,")
    print(f"  {total['late']} late, in {len(table.agencies)} agencies")
    print(f"SQL count (areas and agencies, once): median {sql * 1000:.0f} ms")
    print(f"Python checker over every record (late_publications): median {naive * 1000:.0f} ms")
    print(f"ratio Python/SQL: {naive / sql:.1f}x")

    user = get_user_model().objects.filter(username=f"{code}-sup").first()
    if user is None:
        return
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    url = f"/staff/supervision/{code}/timeliness/?year={year}"
    with CaptureQueriesContext(connection) as ctx:
        page, response = _timed(lambda: client.get(url), 5)
    assert response.status_code == 200, response.status_code
    print(f"page {url} as {user.username}: median {page * 1000:.0f} ms, {len(ctx) // 5} queries")
    if page >= 0.5:
        print("the page exceeded 500 ms")


if __name__ == "__main__":
    main()
