"""The small interface the rest of gongkai searches through, so that a server engine (OpenSearch,
Meilisearch, Elasticsearch …) can replace the embedded one when a deployment outgrows one machine.
``GONGKAI_SEARCH_BACKEND`` names the class (dotted path); the tantivy backend is the default."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from gongkai.search import engine


class IndexWriter(Protocol):
    def upsert(self, doc: engine.Doc) -> None: ...

    def delete(self, key: str) -> None: ...

    def commit(self) -> None: ...


class SearchBackend(Protocol):
    """What search needs from an engine. Documents are :class:`engine.Doc`; keys are "kind:pk"."""

    def writer(self) -> IndexWriter:
        """A writer on the live index (one at a time: the worker)."""

    def rebuild(self, docs: Iterable[engine.Doc], progress: Callable[[int], None] | None) -> tuple[Any, int]:
        """Build a complete new index that is not live yet; returns (a handle, how many documents)."""

    def writer_for(self, handle: Any) -> IndexWriter:
        """A writer on a built, not yet live index (to add what changed during the rebuild)."""

    def activate(self, handle: Any) -> None:
        """Make a rebuilt index live, atomically for readers."""

    def search(
        self,
        query: str,
        *,
        filters: engine.Filters,
        limit: int,
        offset: int,
        sort: str,
        facets: bool,
        synonyms: dict[str, list[str]],
        texts: Callable[[list[str]], dict[str, str]] | None,
    ) -> engine.Result:
        """Hits (with snippets), the total and facet counts."""

    def terms(self, field_name: str, prefix: str, limit: int) -> list[tuple[str, int]]:
        """Indexed terms starting with ``prefix`` and their document frequencies (for suggestions)."""

    def doc_frequency(self, field_name: str, term: str) -> int: ...

    def keys(self, kind: str) -> set[str]:
        """Every document key of one kind in the live index (consistency checks)."""

    def content_version(self) -> int | None:
        """What the live index holds (schema.CONTENT_VERSION when it is current; None without an index)."""

    def mark_content_version(self, version: int) -> None:
        """Record that the live index now holds (or will hold, once the outbox is applied) ``version``."""


class TantivyBackend:
    """The embedded default: a tantivy index under GONGKAI_DATA_DIR/search (see engine.py)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root

    def writer(self) -> IndexWriter:
        return engine.open_writer(self.root)

    def rebuild(self, docs: Iterable[engine.Doc], progress: Callable[[int], None] | None) -> tuple[Any, int]:
        return engine.build(docs, root=self.root, progress=progress)

    def writer_for(self, handle: Any) -> IndexWriter:
        return engine.writer_for(handle)

    def activate(self, handle: Any) -> None:
        engine.activate(handle, self.root)

    def search(
        self,
        query: str,
        *,
        filters: engine.Filters,
        limit: int,
        offset: int,
        sort: str,
        facets: bool,
        synonyms: dict[str, list[str]],
        texts: Callable[[list[str]], dict[str, str]] | None,
    ) -> engine.Result:
        return engine.search(
            query, filters=filters, limit=limit, offset=offset, sort=sort, facets=facets, synonyms=synonyms,
            root=self.root, texts=texts,
        )  # fmt: skip

    def terms(self, field_name: str, prefix: str, limit: int) -> list[tuple[str, int]]:
        return engine.terms_with_prefix(field_name, prefix, limit=limit)

    def doc_frequency(self, field_name: str, term: str) -> int:
        return engine.doc_frequency(field_name, term)

    def keys(self, kind: str) -> set[str]:
        return engine.keys(kind, self.root)

    def content_version(self) -> int | None:
        return engine.content_version(self.root)

    def mark_content_version(self, version: int) -> None:
        path = engine.current_dir(self.root)
        if path is not None:
            engine.mark_content_version(path, version)


@cache
def _backend(path: str) -> SearchBackend:
    cls: type[SearchBackend] = import_string(path)
    return cls()


def backend() -> SearchBackend:
    return _backend(getattr(settings, "GONGKAI_SEARCH_BACKEND", "gongkai.search.backends.TantivyBackend"))
