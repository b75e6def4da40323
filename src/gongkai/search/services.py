"""Rebuilding the search index from the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.gazette.models import GazetteDocument
from gongkai.search import engine


def _gazette_docs() -> Iterator[engine.Doc]:
    for d in GazetteDocument.objects.select_related("issue").iterator(chunk_size=500):
        yield engine.Doc(f"gazette:{d.pk}", "gazette", d.title, d.text, d.issue.year if d.issue else 0)


def search_reindex(*, actor: Actor, progress: Callable[[int], None] | None = None) -> int:
    n = engine.build(_gazette_docs(), progress=progress)
    audit_record(actor, "search.reindexed", object_type="search.index", data={"documents": n})
    return n
