"""Keeping the index equal to what is published: the outbox (written in the transaction of each change),
the worker step that consumes it, and the full rebuild.

Correct under concurrent writers on both databases: entries are consumed one by one (each marked with the
batch that applied it), never up to an id watermark, so an entry whose transaction commits after a
higher id was applied is still pending and applied by the next batch. Applying an entry re-reads the
object's current state, so the order in which entries of different transactions arrive does not matter.

Crash safety: entries are marked applied only after the index commit, in the same database transaction
that read them, so a crash anywhere replays them; replaying is idempotent (each entry deletes the
object's documents and re-adds what the database says now). One writer at a time: every batch and the
rebuild's final step lock the IndexState row.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.core import hooks
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import PermissionDenied
from gongkai.search import documents
from gongkai.search.backends import IndexWriter, backend
from gongkai.search.models import IndexState, OutboxEntry
from gongkai.search.schema import CONTENT_VERSION

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


def _mark_applied(state: IndexState, pks: list[int]) -> None:
    state.batch += 1
    state.applied_at = timezone.now()
    state.save(update_fields=["batch", "applied_at", "updated_at"])
    for i in range(0, len(pks), 5000):  # bounded IN lists (a rebuild may cover a whole demo's entries)
        OutboxEntry.objects.filter(pk__in=pks[i : i + 5000]).update(applied_batch=state.batch)


def index_outdated() -> bool:
    """Whether the live index was written by an older gongkai and lacks content added since."""
    version = backend().content_version()
    return version is not None and version < CONTENT_VERSION


def search_upgrade_index() -> int:
    """Bring an index written by an older gongkai up to date without a rebuild: every object of the content
    types added since is put in the outbox (applied like any change) and the new version recorded; returns
    how many objects. Recorded after the entries commit, so a crash in between enqueues them again."""
    with transaction.atomic():
        _state()  # one writer at a time
        version = backend().content_version()
        if version is None or version >= CONTENT_VERSION:
            return 0
        count = 0
        for content_type, since in documents.ADDED_CONTENT:
            if version < since:
                pks = documents.all_ids(content_type)
                enqueue(content_type, pks)
                count += len(pks)
    backend().mark_content_version(CONTENT_VERSION)
    return count


def search_apply_outbox(*, batch: int = 2000) -> int:
    """Apply pending outbox entries to the live index (upgrading an index of an older gongkai first);
    returns how many were applied."""
    applied = 0
    if index_outdated():
        search_upgrade_index()
    if not OutboxEntry.objects.filter(applied_batch__isnull=True).exists():
        return 0  # the common case, answered without taking the database's write lock
    while True:
        with transaction.atomic():
            state = _state()
            pending = OutboxEntry.objects.filter(applied_batch__isnull=True).order_by("pk")
            entries = list(pending[:batch])
            if not entries:
                return applied
            writer = backend().writer()
            _apply(writer, entries)
            _fault("before_commit")
            writer.commit()
            del writer
            _fault("after_commit")
            _mark_applied(state, [e.pk for e in entries])
            applied += len(entries)
            transaction.on_commit(hooks.notify_index_changed)


def outbox_pending() -> int:
    return OutboxEntry.objects.filter(applied_batch__isnull=True).count()


def search_reindex(*, actor: Actor, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild from the database into a new index and swap it in; searches keep working meanwhile.

    Every entry visible (committed) when the rebuild begins is covered by it: the rebuild reads the
    database after those commits. Changes committed during the rebuild may have been read or not, so every
    other entry still pending, and every entry a worker applied to the old index meanwhile, is applied to
    the new index before it goes live."""
    if not (actor.is_system or actor.is_administrator):
        raise PermissionDenied("只有系统管理员或重建任务可以重建搜索索引")
    with transaction.atomic():
        started_after_batch = _state().batch
        covered = set(OutboxEntry.objects.filter(applied_batch__isnull=True).values_list("pk", flat=True))
    handle, n = backend().rebuild(documents.all_documents(), progress)
    with transaction.atomic():
        state = _state()
        candidates = OutboxEntry.objects.filter(
            Q(applied_batch__isnull=True) | Q(applied_batch__gt=started_after_batch)
        ).order_by("pk")
        rows = list(candidates.values_list("pk", "content_type", "object_id", "applied_batch"))
        late = [
            OutboxEntry(pk=pk, content_type=kind, object_id=obj)
            for pk, kind, obj, _batch in rows
            if pk not in covered
        ]
        if late:
            writer = backend().writer_for(handle)
            _apply(writer, late)
            writer.commit()
            del writer
        backend().activate(handle)
        _mark_applied(state, [pk for pk, _kind, _obj, batch in rows if batch is None])
        state.documents = n
        state.rebuilt_at = timezone.now()
        state.save(update_fields=["documents", "rebuilt_at", "updated_at"])
        transaction.on_commit(hooks.notify_index_changed)
    outbox_prune()
    audit_record(actor, "search.reindexed", object_type="search.index", data={"documents": n})
    return n


def outbox_prune(*, keep: timedelta = timedelta(days=7)) -> int:
    """Delete applied entries older than ``keep`` (kept a while for diagnosis); returns how many."""
    deleted, _ = OutboxEntry.objects.filter(
        applied_batch__isnull=False,
        purged_at__isnull=False,  # the page cache's consumer is done with it too (gongkai.pages)
        created_at__lt=timezone.now() - keep,
    ).delete()
    return deleted
