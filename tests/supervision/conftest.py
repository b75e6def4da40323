"""A small tree with agencies at every level and open cases due at known dates (today pinned)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import time_machine

from gongkai.orgs.models import Agency
from gongkai.orgs.roles import Role
from tests import factories

TODAY = date(2020, 12, 15)
OVERDUE_ON = date(2020, 10, 9)  # due 2020-11-05: 28 working days past it on TODAY
DUE_SOON_ON = date(2020, 11, 20)  # due 2020-12-18: within 5 working days of TODAY


@pytest.fixture
def pinned() -> Iterator[None]:
    with time_machine.travel(factories.aware(TODAY.year, TODAY.month, TODAY.day), tick=False):
        yield


@dataclass
class Tree:
    world: factories.World
    clerks: dict[int, Any]
    extra: list[Agency]


def build_tree(extra_departments: int = 0) -> Tree:
    w = factories.small_province()
    gd_dept = factories.agency(w.province, "广东省教育厅")
    extra = [factories.agency(w.guangzhou, f"广州市第{i}局") for i in range(extra_departments)]
    clerks = {}
    for i, a in enumerate([gd_dept, w.gz_edu, w.yuexiu_edu, w.beijing_office, w.futian_gov, *extra]):
        clerks[a.pk] = factories.staff(f"clerk{i}", Role.CLERK, agency=a)
    return Tree(w, clerks, [gd_dept, *extra])


def open_case(agency: Agency, clerk: Any, received_on: date) -> Any:
    return factories.registered_application(agency, clerk, received_on)
