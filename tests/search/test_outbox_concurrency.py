"""The search outbox under concurrent writers (issue #10, item 1).

PostgreSQL assigns ids when a row is inserted, not when its transaction commits: a slow transaction's
outbox entry can become visible after the worker has applied a higher id. An id watermark then skips it
for ever; consuming entries one by one does not. SQLite cannot interleave writers like this (the first
writer holds the database's write lock until it commits), so the interleaving test runs on PostgreSQL;
the soak runs on both."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction

from gongkai.publications import services as pub_services
from gongkai.search import selectors
from gongkai.search.models import OutboxEntry
from gongkai.search.services import search_apply_outbox
from tests import factories
from tests.publications.conftest import normative_input, publish, staff_of


def titles(query: str) -> list[str]:
    time.sleep(0.25)  # readers look for a new commit at most every 0.2 s
    return [h.title for h in selectors.search(query).hits]


@pytest.mark.django_db(transaction=True)
def test_a_slow_transactions_change_is_applied_after_a_later_one(db: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers: a later transaction cannot commit before an earlier one")
    factories.restore_reference_data()
    w = factories.small_province()
    search_apply_outbox()  # the agencies' own entries: only the two publications' are left to interleave
    gov, edu = staff_of(w.gz_gov, "gz"), staff_of(w.gz_edu, "edu")  # two agencies: no shared counter row
    slow_pub = pub_services.publication_create(
        actor=gov["clerk"], agency=w.gz_gov, data=normative_input(title="粤康码使用管理办法")
    )
    fast_pub = pub_services.publication_create(
        actor=edu["clerk"],
        agency=w.gz_edu,
        data=normative_input(title="防汛防旱应急预案", doc_number="穗教〔2020〕5号"),
    )
    inserted, release, failures = threading.Event(), threading.Event(), []

    def slow_transaction() -> None:  # T1: inserts its outbox entry first, commits last
        try:
            with transaction.atomic():
                publish(gov, slow_pub)
                inserted.set()
                assert release.wait(30)
        except BaseException as e:  # reported by the main thread
            failures.append(e)
            inserted.set()
        finally:
            connection.close()

    t1 = threading.Thread(target=slow_transaction)
    t1.start()
    assert inserted.wait(30)
    publish(edu, fast_pub)  # T2: inserts after T1, commits before it
    slow_ids = set(OutboxEntry.objects.filter(object_id=slow_pub.pk).values_list("pk", flat=True))
    assert slow_ids == set()  # T1's entry is not visible yet ...
    fast_ids = list(OutboxEntry.objects.filter(object_id=fast_pub.pk).values_list("pk", flat=True))
    assert search_apply_outbox() == len(fast_ids) >= 1  # ... so the worker applies T2's alone
    assert titles("防汛防旱") == ["防汛防旱应急预案"]
    release.set()
    t1.join(30)
    assert failures == []
    slow_entries = list(OutboxEntry.objects.filter(object_id=slow_pub.pk).values_list("pk", flat=True))
    assert max(slow_entries) < min(fast_ids)  # exactly the interleaving: T1's id is the lower one
    assert search_apply_outbox() == len(slow_entries)
    assert titles("粤康码") == ["粤康码使用管理办法"]
    assert search_apply_outbox() == 0


@pytest.mark.django_db
def test_a_rebuild_covers_what_was_committed_before_it_and_applies_what_came_during_it(db: Any) -> None:
    from gongkai.core.context import Actor
    from gongkai.search.services import search_reindex

    w = factories.small_province()
    gov = staff_of(w.gz_gov, "gz")
    publish(gov, pub_services.publication_create(
        actor=gov["clerk"], agency=w.gz_gov, data=normative_input(title="粤康码使用管理办法")
    ))  # fmt: skip
    before = OutboxEntry.objects.filter(applied_batch__isnull=True).count()
    assert before >= 1  # committed before the rebuild begins: the rebuild reads it
    during: list[Any] = []

    def progress(n: int) -> None:  # a clerk publishes while the rebuild runs
        if not during:
            data = normative_input(title="防汛防旱应急预案", doc_number="穗府〔2020〕9号")
            during.append(publish(gov, pub_services.publication_create(
                actor=gov["clerk"], agency=w.gz_gov, data=data
            )))  # fmt: skip

    search_reindex(actor=Actor.system("tests"), progress=progress)
    assert during  # the callback ran during the build
    assert OutboxEntry.objects.filter(applied_batch__isnull=True).count() == 0
    assert titles("粤康码") == ["粤康码使用管理办法"]
    assert titles("防汛防旱") == ["防汛防旱应急预案"]
