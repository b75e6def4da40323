"""Changes made by another process while the page-freshness test reads pages through the deployments
(tests/portal/test_page_freshness.py runs these with `gongkai manage shell -c`). Each prints JSON."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model

from gongkai.core.context import Actor
from gongkai.publications import services
from gongkai.publications.models import Publication
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of


def _people() -> dict[str, Actor]:
    """The actors :func:`setup` created (``staff_of`` with the prefix "fresh")."""
    users = get_user_model().objects.filter(username__startswith="fresh-")
    return {u.username.removeprefix("fresh-"): Actor(u) for u in users}


def setup() -> None:
    w = factories.small_province()
    people = staff_of(w.gz_gov, "fresh")
    pub = services.publication_create(actor=people["clerk"], agency=w.gz_gov, data=normative_input())
    publish(people, pub)
    print(json.dumps({"pub": pub.pk, "agency": w.gz_gov.pk}))


def publish_new(title: str, number: int) -> None:
    from gongkai.orgs.models import Agency

    agency = Agency.objects.get(name="广州市人民政府")
    people = _people()
    data = normative_input(title=title, doc_number=f"穗府〔2020〕{number}号")
    pub = services.publication_create(actor=people["clerk"], agency=agency, data=data)
    publish(people, pub)
    print(json.dumps({"pub": pub.pk}))


def withdraw(pk: int) -> None:
    services.publication_withdraw(
        actor=_people()["approver"], publication=Publication.objects.get(pk=pk), reason="测试撤回"
    )
    print(json.dumps({"pub": pk}))


def correct(pk: int, title: str) -> None:
    pub = Publication.objects.get(pk=pk)
    services.publication_correct(
        actor=_people()["approver"],
        publication=pub,
        title=title,
        body=pub.body,
        summary=pub.summary,
        note="更正标题",
    )
    print(json.dumps({"pub": pk}))


def views(pk: int) -> None:
    print(json.dumps({"views": Publication.objects.get(pk=pk).view_count}))
