"""Keeping the index equal to what is published: the outbox (written in the transaction of each change),
the worker step that applies it in order and records its position, and the full rebuild.

Crash safety: the position moves only after the index commit, in the same database transaction that
read the entries, so a crash anywhere replays entries; replaying is idempotent (each entry deletes the
object's documents and re-adds what the database says now).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.search import documents
from gongkai.search.backends import IndexWriter, backend
from gongkai.search.models import IndexState, OutboxEntry

#: For the crash test only: the worker dies at this point ("before_commit" or "after_commit").
FAULT_ENV = "GONGKAI_SEARCH_FAULT"


def enqueue(content_type: str, pks: list[int]) -> None:
    """The ``content_changed`` hook: runs inside the caller's transaction."""
    OutboxEntry.objects.bulk_create([OutboxEntry(content_type=content_type, object_id=pk) for pk in pks])


def _state() -> IndexState:
    state = IndexState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        IndexState.objects.get_or_create(pk=1)
        state = IndexState.objects.select_for_update().get(pk=1)
    return state


def _fault(point: str) -> None:
    if os.environ.get(FAULT_ENV) == point:
        os._exit(17)  # a crash, as abrupt as a kill: no cleanup, no commit


def _apply(writer: IndexWriter, entries: list[OutboxEntry]) -> None:
    seen: dict[tuple[str, int], None] = {}
    for e in entries:  # each object once, in the order of its last change
        seen.pop((e.content_type, e.object_id), None)
        seen[(e.content_type, e.object_id)] = None
    divisions = documents.Divisions()
    for content_type, pk in seen:
        keys, doc = documents.document(content_type, pk, divisions)
        for key in keys:
            if doc is None or key != doc.key:  # upsert replaces the document's own key
                writer.delete(key)
        if doc is not None:
            writer.upsert(doc)


def search_apply_outbox(*, batch: int = 2000) -> int:
    """Apply pending outbox entries to the live index; returns how many were applied."""
    applied = 0
    position = IndexState.objects.filter(pk=1).values_list("position", flat=True).first() or 0
    if not OutboxEntry.objects.filter(pk__gt=position).exists():
        return 0  # the common case, answered without taking the database's write lock
    while True:
        with transaction.atomic():
            state = _state()
            entries = list(OutboxEntry.objects.filter(pk__gt=state.position).order_by("pk")[:batch])
            if not entries:
                return applied
            writer = backend().writer()
            _apply(writer, entries)
            _fault("before_commit")
            writer.commit()
            del writer
            _fault("after_commit")
            state.position = entries[-1].pk
            state.save(update_fields=["position", "updated_at"])
            applied += len(entries)


def search_reindex(*, actor: Actor, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild from the database into a new index and swap it in; searches keep working meanwhile, and
    changes made during the rebuild are applied to the new index before it goes live."""
    start = OutboxEntry.objects.aggregate(m=Max("pk"))["m"] or 0
    handle, n = backend().rebuild(documents.all_documents(), progress)
    with transaction.atomic():
        state = _state()
        late = list(OutboxEntry.objects.filter(pk__gt=start).order_by("pk"))
        if late:
            writer = backend().writer_for(handle)
            _apply(writer, late)
            writer.commit()
            del writer
        backend().activate(handle)
        state.position = late[-1].pk if late else max(start, state.position)
        state.documents = n
        state.rebuilt_at = timezone.now()
        state.save()
    OutboxEntry.objects.filter(
        pk__lte=state.position, created_at__lt=timezone.now() - timedelta(days=7)
    ).delete()
    audit_record(actor, "search.reindexed", object_type="search.index", data={"documents": n})
    return n
