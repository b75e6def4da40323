"""Queries per public page stay constant as the province grows (issue #12): the page cache serves almost
every anonymous reader, but signed-in users, query variants past the cap and the first reader after a
change are rendered by Django, and must not cost more with more divisions, agencies or documents.

Each page is rendered once on a small province and once after adding divisions, agencies and documents;
the counts must be equal and at most the pinned figure."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.core.context import Actor
from gongkai.publications import services
from gongkai.search.services import search_reindex
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of

pytestmark = pytest.mark.django_db

#: The pinned number of queries per page (anonymous reader, cache switched off so that Django renders).
PINNED = {
    "/": 9,
    "/publications/{pub}/": 9,
    "/agencies/{agency}/": 6,
    "/agencies/{agency}/catalogue/20-1/": 6,
    "/agencies/{agency}/guide/": 5,
    "/library/": 4,
    "/search/?q=招生": 3,  # facet labels, snippets; the rate limit counts outside the database
    "/gazette/": 3,
    "/reports/": 2,
    "/apply/?q=广州": 3,
}


def _grow(world: Any, people: dict[str, Any], n: int, start: int) -> None:
    for i in range(start, start + n):
        div = factories.division(world.shenzhen, f"4403{i:02d}", f"测试区{i}")
        factories.agency(div, f"测试区{i}教育局")
        data = normative_input(title=f"关于招生工作的通知（第{i}号）", doc_number=f"穗府〔2020〕{i}号")
        publish(people, services.publication_create(actor=people["clerk"], agency=world.gz_gov, data=data))


def _counts(client: Client, ids: dict[str, int]) -> dict[str, int]:
    out = {}
    for pattern in PINNED:
        path = pattern.format(**ids)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        out[pattern] = len(queries)
    return out


def test_public_pages_cost_a_constant_number_of_queries(settings: Any) -> None:
    settings.GONGKAI_PAGE_CACHE = False
    world = factories.small_province()
    people = staff_of(world.gz_gov, "gz")
    _grow(world, people, 1, 10)
    pub = services.publication_create(actor=people["clerk"], agency=world.gz_gov, data=normative_input())
    publish(people, pub)
    search_reindex(actor=Actor.system("tests"))
    ids = {"pub": pub.pk, "agency": world.gz_gov.pk}
    client = Client()
    _counts(client, ids)  # warm: reference data, the index reader
    small = _counts(client, ids)
    _grow(world, people, 6, 20)
    search_reindex(actor=Actor.system("tests"))
    large = _counts(client, ids)
    assert large == small
    assert {p: n for p, n in large.items() if n > PINNED[p]} == {}, large
