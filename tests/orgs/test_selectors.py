from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from gongkai.orgs import selectors
from gongkai.orgs.models import Agency
from tests import factories

pytestmark = pytest.mark.django_db


def test_subtree_of_guangzhou_is_one_query(django_assert_num_queries: Any) -> None:
    w = factories.small_province()
    with django_assert_num_queries(1):
        names = [a.name for a in selectors.agencies_in_subtree(w.guangzhou)]
    assert names == [
        "广州市人民政府",
        "广州市教育局",
        "广州市越秀区人民政府",
        "广州市越秀区教育局",
        "北京街道办事处",
    ]
    with django_assert_num_queries(1):
        assert [d.name for d in selectors.division_subtree(w.guangzhou)] == ["广州市", "越秀区", "北京街道"]


def test_subtree_excludes_siblings_and_parents() -> None:
    w = factories.small_province()
    got = set(selectors.agencies_in_subtree(w.shenzhen))
    assert got == {w.sz_gov, w.futian_gov}
    assert w.gd_office not in got
    assert set(selectors.division_subtree(w.yuexiu, include_self=False)) == {w.beijing_jie}


def test_ancestors_and_children() -> None:
    w = factories.small_province()
    assert selectors.division_ancestors(w.beijing_jie) == [w.province, w.guangzhou, w.yuexiu]
    assert list(selectors.division_children(w.province)) == [w.guangzhou, w.shenzhen]


def test_child_counts_cover_the_whole_subtree(django_assert_num_queries: Any) -> None:
    w = factories.small_province()
    with django_assert_num_queries(3):
        rows = selectors.division_children_with_counts(w.province)
    assert rows == [
        (w.guangzhou, {"divisions": 2, "agencies": 5}),
        (w.shenzhen, {"divisions": 1, "agencies": 2}),
    ]


def test_inactive_agencies_are_left_out() -> None:
    w = factories.small_province()
    Agency.objects.filter(pk=w.gz_edu.pk).update(is_active=False)
    assert w.gz_edu not in set(selectors.agencies_in_subtree(w.guangzhou))


def test_subtree_query_uses_the_path_index() -> None:
    w = factories.small_province()
    for query in (selectors.division_subtree(w.guangzhou), selectors.agencies_in_subtree(w.guangzhou)):
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                # Tiny test tables are cheaper to scan; forbid that to see whether the index is usable at all.
                cur.execute("SET LOCAL enable_seqscan = off")
                cur.execute("EXPLAIN " + sql, params)
                plan = " ".join(row[0] for row in cur.fetchall())
                assert "Index" in plan and "orgs_division" in plan, plan
                assert "Seq Scan on orgs_division" not in plan, plan
            else:
                cur.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = " ".join(str(row[-1]) for row in cur.fetchall())
                assert "USING INDEX" in plan and "path" in plan, plan
