"""The worker killed between the outbox write and the index commit (and just after the commit) loses no
update: real `gongkai` processes on a database of their own (SQLite file, or PostgreSQL in CI)."""

from __future__ import annotations

import json

import pytest

from tests.test_cli_e2e import env, gongkai  # noqa: F401  # fixture and helper shared with the CLI tests

pytestmark = pytest.mark.slow

PUBLISH = """
from gongkai.publications import services
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of
w = factories.small_province()
people = staff_of(w.gz_gov, "gz")
for title in TITLES:
    data = normative_input(title=title)
    publish(people, services.publication_create(actor=people["clerk"], agency=w.gz_gov, data=data))
"""


def total(env: dict[str, str], query: str) -> int:  # noqa: F811
    return int(json.loads(gongkai(env, "search", query, "--json").stdout)["total"])


@pytest.mark.parametrize("point", ["before_commit", "after_commit"])
def test_a_killed_worker_loses_no_update(env: dict[str, str], point: str) -> None:  # noqa: F811
    from pathlib import Path

    env = {**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    gongkai(env, "init", "--no-input")
    code = "TITLES = ['粤康码推广工作方案', '防汛防旱应急预案']\n" + PUBLISH
    gongkai(env, "manage", "shell", "-c", code)
    crashed = gongkai({**env, "GONGKAI_SEARCH_FAULT": point}, "worker", "--once", check=False)
    assert crashed.returncode == 17, crashed.stderr
    expected_before = 1 if point == "after_commit" else 0  # committed to the index, position not recorded
    assert total(env, "粤康码") == expected_before
    gongkai(env, "worker", "--once")  # the restart replays from the recorded position
    assert total(env, "粤康码") == 1 and total(env, "防汛防旱") == 1  # nothing lost, nothing twice
    assert "已更新0项" in gongkai(env, "worker", "--once").stdout
