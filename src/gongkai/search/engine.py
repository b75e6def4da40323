"""The tantivy backend: schema, index generations, writing, and querying with filters and facets.

Layout under ``GONGKAI_DATA_DIR/search/``: ``gen-<n>/`` directories, each a complete index, and a
``current`` symlink naming the live one. A rebuild writes a new generation and swaps the symlink
atomically (os.replace), so readers always open a complete index; the previous generation is kept until
the next rebuild (a reader may still be using it). One writer (the worker, or a rebuild) at a time.

Text fields: ``title_words``/``words`` hold rjieba search-mode words (whitespace tokenizer), ``grams`` and
``title_grams`` hold character bigrams made by tantivy's ngram tokenizer (positions kept, so a quoted
phrase is a phrase of bigrams). Facet and filter fields are raw, fast fields.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings

from gongkai.search import analysis
from gongkai.search.query import Filters as Filters  # re-exported: the engine's query language
from gongkai.search.query import ParsedQuery as ParsedQuery
from gongkai.search.query import build_query as build_query
from gongkai.search.query import normalize_doc_number as normalize_doc_number
from gongkai.search.query import parse as parse
from gongkai.search.schema import CONTENT_VERSION, SCHEMA

SNIPPET_WINDOW = 90
FACET_FIELDS = ("kind", "category", "topic", "level", "validity", "year", "agency")
_EPOCH = date(1970, 1, 1)


def root_dir() -> Path:
    return Path(settings.DATA_DIR) / "search"


def current_dir(root: Path | None = None) -> Path | None:
    link = (root or root_dir()) / "current"
    try:
        return (link.parent / link.readlink()).resolve()
    except OSError:
        return None


@dataclass
class Doc:
    """One searchable thing, already visible to the public."""

    key: str  # "publication:123"
    kind: str  # publication / interpretation / gazette / report
    title: str
    text: str
    year: int = 0
    day: date | None = None
    url: str = ""
    doc_number: str = ""
    index_no: str = ""
    agency: str = ""  # agency id
    agency_name: str = ""
    divisions: list[str] = field(default_factory=list)  # codes of the division and its ancestors
    level: str = ""
    category: str = ""
    topic: str = ""
    validity: str = ""
    rank: float = 0.0  # ≥ 0; the score is multiplied by log2(2 + rank)
    meta: dict[str, str] = field(default_factory=dict)
    aliases: str = ""  # other names, searched as part of the title but not shown (an agency's 简称 …)

    @property
    def title_text(self) -> str:
        return f"{self.title} {self.aliases}" if self.aliases else self.title


def analyse(title: str, text: str) -> tuple[str, str, str, str]:
    """(title words, title bigrams, text words, text bigrams) as whitespace-separated token strings."""
    title, text = analysis.fold(title), analysis.fold(text)
    return (
        analysis.index_words(title),
        analysis.bigrams(title),
        analysis.index_words(text),
        analysis.bigrams(text),
    )


def _analyse_batch(batch: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    return [analyse(title, text) for title, text in batch]


def _document(d: Doc, analysed: tuple[str, str, str, str] | None = None) -> tantivy.Document:
    title_words, title_grams, words, grams = analysed or analyse(d.title_text, d.text)
    doc = tantivy.Document()
    doc.add_text("key", d.key)
    doc.add_text("kind", d.kind)
    doc.add_text("title_words", title_words)
    doc.add_text("title_grams", title_grams)
    doc.add_text("words", words)
    doc.add_text("grams", grams)
    if d.doc_number:
        doc.add_text("doc_number", normalize_doc_number(d.doc_number))
    if d.index_no:
        doc.add_text("index_no", d.index_no.strip())
    if d.agency:
        doc.add_text("agency", d.agency)
    for code in d.divisions:
        doc.add_text("divs", code)
    for name in ("level", "category", "topic", "validity"):
        if getattr(d, name):
            doc.add_text(name, getattr(d, name))
    doc.add_integer("year", d.year)
    doc.add_integer("day", (d.day - _EPOCH).days if d.day else 0)
    doc.add_float("rank", float(d.rank))
    payload = {"title": d.title, "url": d.url, "agency_name": d.agency_name, **d.meta}
    doc.add_bytes("payload", json.dumps(payload, ensure_ascii=False).encode())
    return doc


# ---------------------------------------------------------------- writing


class Writer:
    """The one writer of the live index (the worker applying the outbox)."""

    def __init__(self, path: Path) -> None:
        self.index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        self.writer = self.index.writer(heap_size=100_000_000, num_threads=1)

    def upsert(self, doc: Doc) -> None:
        self.delete(doc.key)
        self.writer.add_document(_document(doc))

    def delete(self, key: str) -> None:
        self.writer.delete_documents_by_term("key", key)

    def commit(self) -> None:
        self.writer.commit()
        self.writer.wait_merging_threads()


def open_writer(root: Path | None = None) -> Writer:
    """A writer on the live index (an empty one is created when there is none yet)."""
    path = current_dir(root)
    if path is None:
        path = _new_generation(root or root_dir())
        tantivy.Index(SCHEMA, path=str(path))
        mark_content_version(path)  # empty: filled by the outbox, nothing of an older version to add
        _swap(root or root_dir(), path)
    return Writer(path)


def _new_generation(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[4:]) for p in root.glob("gen-*") if p.name[4:].isdigit()]
    path = root / f"gen-{max(numbers, default=0) + 1}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


def _swap(root: Path, path: Path) -> None:
    tmp = root / f".current-{os.getpid()}-{threading.get_ident()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(path.name)
    tmp.replace(root / "current")  # atomic: readers see the old or the new index, never none
    keep = {path.name}
    previous = sorted((p for p in root.glob("gen-*") if p.name not in keep), key=lambda p: p.stat().st_mtime)
    for old in previous[:-1]:  # keep one previous generation for readers still using it
        shutil.rmtree(old, ignore_errors=True)


def build(
    docs: Iterable[Doc], *, root: Path | None = None, progress: Callable[[int], None] | None = None
) -> tuple[Path, int]:
    """A complete new generation from ``docs`` (not yet live: :func:`activate` it)."""
    root = root or root_dir()
    path = _new_generation(root)
    index = tantivy.Index(SCHEMA, path=str(path))
    writer = index.writer(heap_size=400_000_000, num_threads=2)
    n = 0
    # Segmenting is the slow part and pure Python: it runs in worker processes, one per core, while this
    # process feeds tantivy (whose own threads build the inverted index).
    workers = max(1, min(os.cpu_count() or 1, 4))
    # "spawn", not "fork": forking a process whose other threads may hold the segmenter's lock (a web
    # worker answering queries) could leave the children deadlocked; the words the dictionary learnt in
    # this process are handed over explicitly.
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=analysis.add_words, initargs=(analysis.learnt_words(),)) as pool:
        for chunk in _batches(docs, 512):  # read here (the database connection belongs to this thread)
            groups = [chunk[i : i + 64] for i in range(0, len(chunk), 64)]
            results = pool.map(_analyse_batch, [[(d.title_text, d.text) for d in g] for g in groups])
            for group, analysed in zip(groups, results, strict=True):
                for d, a in zip(group, analysed, strict=True):
                    writer.add_document(_document(d, a))
            n += len(chunk)
            if progress:
                progress(len(chunk))
    writer.commit()
    writer.wait_merging_threads()
    del writer
    mark_content_version(path)
    return path, n


_VERSION_FILE = "gongkai-content.json"


def mark_content_version(path: Path, version: int = CONTENT_VERSION) -> None:
    """Record what a generation holds (schema.CONTENT_VERSION); written after its documents are in."""
    (path / _VERSION_FILE).write_text(json.dumps({"content": version}))


def content_version(root: Path | None = None) -> int | None:
    """The content version of the live generation: None without one, 1 for a generation from before the
    marker file existed."""
    path = current_dir(root)
    if path is None or not (path / "meta.json").exists():
        return None
    try:
        return int(json.loads((path / _VERSION_FILE).read_text())["content"])
    except (OSError, ValueError, KeyError, TypeError):
        return 1


def activate(path: Path, root: Path | None = None) -> None:
    """Make a built generation the live index (atomic for readers)."""
    _swap(root or root_dir(), path)


def writer_for(path: Path) -> Writer:
    return Writer(path)


def _batches(docs: Iterable[Doc], size: int) -> Iterable[list[Doc]]:
    batch: list[Doc] = []
    for d in docs:
        batch.append(d)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------- reading


class _Readers:
    """One opened index per process, reopened when the symlink moves and reloaded when the writer
    commits (checked at most every 0.2 s)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.base: Path | None = None
        self.path: Path | None = None
        self.index: tantivy.Index | None = None
        self.meta_mtime = 0.0
        self.checked = 0.0

    def get(self, root: Path | None = None) -> tantivy.Index | None:
        base = root or root_dir()
        now = time.monotonic()
        with self.lock:
            if base == self.base and self.index is not None and now - self.checked < 0.2:
                return self.index
            self.base, self.checked = base, now
            path = current_dir(base)
            if path is None:
                self.index, self.path = None, None
                return None
            try:
                mtime = (path / "meta.json").stat().st_mtime
            except OSError:
                return self.index if path == self.path else None
            if path != self.path or self.index is None:
                self.index, self.path, self.meta_mtime = tantivy.Index.open(str(path)), path, mtime
            elif mtime != self.meta_mtime:
                self.index.reload()
                self.meta_mtime = mtime
            return self.index


_readers = _Readers()


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    title: str
    url: str
    snippet: str
    score: float
    fields: dict[str, Any]


@dataclass
class Result:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    exact: bool = False


#: Threads that count facets beside the request's thread (see search()); two, the cores of a small server.
_facet_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="facets")


def _facets(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, list[tuple[str, int]]]:
    spec = {name: {"terms": {"field": name, "size": 12 if name != "year" else 30}} for name in FACET_FIELDS}
    raw = searcher.aggregate(query, spec)
    out: dict[str, list[tuple[str, int]]] = {}
    for name in FACET_FIELDS:
        buckets = raw.get(name, {}).get("buckets", [])
        out[name] = [
            (str(b["key"]).removesuffix(".0") if name == "year" else str(b["key"]), int(b["doc_count"]))
            for b in buckets
        ]
    return out


def search(
    query: str,
    *,
    filters: Filters | None = None,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    facets: bool = True,
    synonyms: dict[str, list[str]] | None = None,
    root: Path | None = None,
    texts: Callable[[list[str]], dict[str, str]] | None = None,
) -> Result:
    """``texts`` loads the full text of the hits by key (from the database) for their snippets."""
    index = _readers.get(root)
    parsed = parse(query)
    tq = build_query(parsed, filters or Filters(), synonyms or {})
    if index is None or tq is None:
        return Result([], 0, {})
    searcher = index.searcher()
    # The facet counts are a second pass over every match. tantivy releases the GIL, so they are counted on
    # the other core while this thread ranks the page and loads its snippets (a broad query's page is
    # about a third faster; a busy server just queues the pass).
    counted: Future[dict[str, list[tuple[str, int]]]] | None = (
        _facet_pool.submit(_facets, searcher, tq) if facets else None
    )
    if sort == "date":
        found = searcher.search(tq, limit, count=True, order_by_field="day", offset=offset)
    else:
        found = searcher.search(tq, limit, count=True, offset=offset, weight_by_field="rank")
    needles = [*parsed.phrases, *parsed.words]
    for w in parsed.words:
        needles += (synonyms or {}).get(w, [])
    rows: list[tuple[str, str, dict[str, Any], float]] = []
    exact_hit = False
    for score, address in found.hits:
        doc = searcher.doc(address)
        payload = json.loads(bytes(doc["payload"][0]).decode())
        number = doc.get_first("doc_number") or ""
        index_no = doc.get_first("index_no") or ""
        if parsed.exact and (number in parsed.numbers or index_no == parsed.exact):
            exact_hit = exact_hit or not rows
        rows.append((doc["key"][0], doc["kind"][0], payload, float(score)))
    bodies = texts([r[0] for r in rows]) if texts and rows else {}
    hits = [
        Hit(
            key=key,
            kind=kind,
            title=payload["title"],
            url=payload.get("url", ""),
            snippet=snippet(bodies.get(key, ""), needles),
            score=score,
            fields={k: v for k, v in payload.items() if k != "title"},
        )
        for key, kind, payload, score in rows
    ]
    return Result(hits, int(getattr(found, "count", 0) or 0), counted.result() if counted else {}, exact_hit)


def snippet(text: str, needles: list[str]) -> str:
    """A bounded window around the first match; matches wrapped in 【】 (the page turns them into <mark>).
    Only the window is folded: the text is searched as stored first (it is nearly always simplified)."""
    folded_needles = sorted({analysis.fold(n) for n in needles if n}, key=len, reverse=True)
    positions = [i for i in (text.find(n) for n in folded_needles) if i >= 0]
    if not positions:  # traditional characters or full-width forms in the text: fold its beginning
        head = analysis.fold(text[:20_000])
        positions = [i for i in (head.find(n) for n in folded_needles) if i >= 0]
    start = max(0, min(positions) - SNIPPET_WINDOW // 4) if positions else 0
    window = text[start : start + SNIPPET_WINDOW]
    folded_window = analysis.fold(window)
    if len(folded_window) != len(window):  # NFKC changed the length: mark nothing rather than misplace
        folded_window = window
    marks = [False] * len(window)
    for n in folded_needles:
        i = folded_window.find(n)
        while i >= 0:
            for k in range(i, min(i + len(n), len(window))):
                marks[k] = True
            i = folded_window.find(n, i + len(n))
    out: list[str] = []
    inside = False
    for ch, m in zip(window, marks, strict=True):
        if m and not inside:
            out.append("【")
        if not m and inside:
            out.append("】")
        inside = m
        out.append(ch)
    if inside:
        out.append("】")
    body = re.sub(r"\s+", " ", "".join(out))
    return ("…" if start else "") + body + ("…" if start + SNIPPET_WINDOW < len(text) else "")


def terms_with_prefix(field_name: str, prefix: str, limit: int = 20) -> list[tuple[str, int]]:
    index = _readers.get()
    if index is None:
        return []
    return [(str(t), int(n)) for t, n in index.searcher().terms_with_prefix(field_name, prefix, limit=limit)]


def doc_frequency(field_name: str, term: str) -> int:
    index = _readers.get()
    if index is None:
        return 0
    return int(index.searcher().doc_freq(field_name, term))


def keys(kind: str, root: Path | None = None) -> set[str]:
    """Every document key of one kind in the live index (consistency checks; reads stored fields only)."""
    index = _readers.get(root)
    if index is None:
        return set()
    searcher = index.searcher()
    if searcher.num_docs == 0:
        return set()
    query = tantivy.Query.term_query(SCHEMA, "kind", kind)
    hits = searcher.search(query, limit=searcher.num_docs).hits
    return {str(searcher.doc(address)["key"][0]) for _, address in hits}
