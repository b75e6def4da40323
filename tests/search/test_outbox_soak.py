"""Soak (issue #10, item 1): four writer threads publish and withdraw for a minute while `gongkai worker`
runs; afterwards the index holds exactly the published documents. Real processes on a database of their
own (a SQLite file, or a new PostgreSQL database when the suite runs against PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.test_cli_e2e import GONGKAI, env, gongkai  # noqa: F401  # fixture and helper shared with the CLI tests

pytestmark = pytest.mark.slow

SECONDS = float(os.environ.get("GONGKAI_SOAK_SECONDS", "60"))

WRITERS = """
import json, random, threading, time
from django.db import connection
from gongkai.publications import services
from gongkai.publications.models import Publication
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of

w = factories.small_province()
offices = [staff_of(w.gz_gov, "gz"), staff_of(w.gz_edu, "edu"), staff_of(w.sz_gov, "sz")]
agencies = [w.gz_gov, w.gz_edu, w.gz_gov, w.sz_gov]  # two writers share 广州市人民政府's 索引号 counter
people = [offices[0], offices[1], offices[0], offices[2]]
deadline = time.monotonic() + SECONDS
counts = {"published": 0, "withdrawn": 0, "errors": []}
lock = threading.Lock()

def writer(n):
    rng = random.Random(n)
    mine = []
    i = 0
    try:
        while time.monotonic() < deadline:
            i += 1
            data = normative_input(title=f"压力测试文件{n}-{i}", doc_number=f"穗测〔2020〕{n * 100000 + i}号")
            pub = services.publication_create(actor=people[n]["clerk"], agency=agencies[n], data=data)
            mine.append(publish(people[n], pub))
            with lock:
                counts["published"] += 1
            if i % 3 == 0:
                victim = mine.pop(rng.randrange(len(mine)))
                approver = people[n]["approver"]
                services.publication_withdraw(actor=approver, publication=victim, reason="测试撤回")
                with lock:
                    counts["withdrawn"] += 1
    except Exception as e:
        counts["errors"].append(repr(e))
    finally:
        connection.close()

threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(counts))
"""

COMPARE = """
import json
from gongkai.publications.models import Publication
from gongkai.search.backends import backend
from gongkai.search.models import OutboxEntry
live = Publication.objects.filter(status="published").values_list("pk", flat=True)
published = {f"publication:{pk}" for pk in live}
print(json.dumps({
    "pending": OutboxEntry.objects.filter(applied_batch__isnull=True).count(),
    "published": sorted(published),
    "indexed": sorted(backend().keys("publication")),
}))
"""


def shell(env: dict[str, str], code: str) -> dict[str, object]:  # noqa: F811
    return json.loads(gongkai(env, "manage", "shell", "-c", code).stdout.strip().splitlines()[-1])


def test_index_equals_database_after_concurrent_publishing(env: dict[str, str]) -> None:  # noqa: F811
    env = {**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    gongkai(env, "init", "--no-input")
    worker = subprocess.Popen([GONGKAI, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        counts = shell(env, f"SECONDS = {SECONDS}\n" + WRITERS)
        assert counts["errors"] == []
        assert counts["published"] > 20 and counts["withdrawn"] > 5  # type: ignore[operator]
        deadline = time.monotonic() + 60
        while (state := shell(env, COMPARE))["pending"] and time.monotonic() < deadline:
            time.sleep(1)
        assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
    finally:
        worker.terminate()
        worker.wait(15)
    assert state["pending"] == 0
    assert state["indexed"] == state["published"]
    assert len(state["published"]) == counts["published"] - counts["withdrawn"]  # type: ignore[operator]
