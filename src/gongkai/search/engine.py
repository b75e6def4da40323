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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings

from gongkai.search import analysis

SNIPPET_WINDOW = 90
FACET_FIELDS = ("kind", "category", "topic", "level", "validity", "year", "agency")
_EPOCH = date(1970, 1, 1)


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    sb.add_text_field("kind", stored=True, fast=True, tokenizer_name="raw")
    sb.add_text_field("title_words", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("title_grams", tokenizer_name="whitespace")
    sb.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("grams", tokenizer_name="whitespace")
    sb.add_text_field("doc_number", stored=True, tokenizer_name="raw")
    sb.add_text_field("index_no", stored=True, tokenizer_name="raw")
    sb.add_text_field("agency", stored=True, fast=True, tokenizer_name="raw")
    sb.add_text_field("divs", tokenizer_name="raw")
    for name in ("level", "category", "topic", "validity"):
        sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    sb.add_integer_field("day", stored=True, indexed=True, fast=True)
    sb.add_float_field("rank", fast=True)
    sb.add_bytes_field(
        "payload", stored=True
    )  # title and display fields, JSON (the text stays in the database)
    return sb.build()


SCHEMA = _schema()


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


def normalize_doc_number(value: str) -> str:
    """The form 文号 are indexed and looked up in: folded, no spaces, any brackets → 〔〕."""
    value = re.sub(r"\s+", "", analysis.fold(value))
    value = re.sub(r"[\[［(（〔]((?:19|20)\d{2})[\]］)）〕]", r"〔\1〕", value)
    return value


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
    title_words, title_grams, words, grams = analysed or analyse(d.title, d.text)
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
            results = pool.map(_analyse_batch, [[(d.title, d.text) for d in g] for g in groups])
            for group, analysed in zip(groups, results, strict=True):
                for d, a in zip(group, analysed, strict=True):
                    writer.add_document(_document(d, a))
            n += len(chunk)
            if progress:
                progress(len(chunk))
    writer.commit()
    writer.wait_merging_threads()
    del writer
    return path, n


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
class Filters:
    kinds: tuple[str, ...] = ()
    agency: str = ""
    division: str = ""  # a code: that division and everything under it
    level: str = ""
    category: str = ""
    topic: str = ""
    validity: str = ""
    year_from: int | None = None
    year_to: int | None = None


@dataclass(frozen=True)
class ParsedQuery:
    words: list[str]
    phrases: list[str]
    excluded: list[str]
    exact: str = ""  # a 文号 or 索引号 the whole query looks like


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


_PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”')
_EXCLUDE = re.compile(r"(?:^|\s)[-－]([^\s\"“]+)")
_INDEX_NO = re.compile(r"^[0-9A-Za-z-]{9,18}/\d{4}-\d{5}$")
_DOC_NUMBER = re.compile(r"^\S{1,24}〔(?:19|20)\d{2}〕\d{1,6}号$|^\S{2,40}令第\d{1,5}号$")


def parse(query: str, synonyms: dict[str, list[str]] | None = None) -> ParsedQuery:
    q = analysis.fold(query).strip()
    exact = ""
    compact = re.sub(r"\s+", "", q)
    if _INDEX_NO.match(compact) or _DOC_NUMBER.match(normalize_doc_number(compact)):
        exact = compact
    phrases = [a or b for a, b in _PHRASE.findall(q)]
    rest = _PHRASE.sub(" ", q)
    excluded = _EXCLUDE.findall(rest)
    rest = _EXCLUDE.sub(" ", rest)
    words = analysis.query_words(rest)
    return ParsedQuery(words=words, phrases=phrases, excluded=excluded, exact=exact)


def _contiguous(text: str) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """``text`` as contiguous characters — a phrase of its bigrams — in the body or (boosted) the title."""
    grams: list[str | tuple[int, str]] = list(analysis.bigram_list(text))
    out = []
    for fname, boost in (("grams", 1.0), ("title_grams", 2.0)):
        q = (
            tantivy.Query.term_query(SCHEMA, fname, grams[0])
            if len(grams) == 1
            else tantivy.Query.phrase_query(SCHEMA, fname, grams)
        )
        out.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, boost)))
    return out


def _word_clause(word: str) -> tantivy.Query:
    """A word as the segmenter cut it (title boosted), or as contiguous characters for the words it cut
    differently."""
    parts: list[tuple[tantivy.Occur, tantivy.Query]] = [
        (
            tantivy.Occur.Should,
            tantivy.Query.boost_query(tantivy.Query.term_query(SCHEMA, "title_words", word), 3.0),
        ),
        (tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "words", word)),
    ]
    if len(word) >= 2 and analysis.has_cjk(word):
        parts += _contiguous(word)
    return tantivy.Query.boolean_query(parts)


def _alternatives(word: str, synonyms: dict[str, list[str]]) -> tantivy.Query:
    options = [word, *synonyms.get(word, [])]
    if len(options) == 1:
        return _word_clause(word)
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, _word_clause(w)) for w in options])


def _phrase_clause(phrase: str) -> tantivy.Query | None:
    """A quoted phrase: contiguous text only."""
    text = re.sub(r"\s+", "", phrase)
    return tantivy.Query.boolean_query(_contiguous(text)) if text else None


def _filter_clauses(f: Filters) -> list[tantivy.Query]:
    out = []
    if f.kinds:
        out.append(tantivy.Query.term_set_query(SCHEMA, "kind", list(f.kinds)))
    for fname, value in (("agency", f.agency), ("divs", f.division), ("level", f.level),
                         ("category", f.category), ("topic", f.topic), ("validity", f.validity)):  # fmt: skip
        if value:
            out.append(tantivy.Query.term_query(SCHEMA, fname, value))
    if f.year_from is not None or f.year_to is not None:
        out.append(
            tantivy.Query.range_query(SCHEMA, "year", tantivy.FieldType.Integer, f.year_from, f.year_to)
        )
    return out


def build_query(
    parsed: ParsedQuery, filters: Filters, synonyms: dict[str, list[str]]
) -> tantivy.Query | None:
    must = [_alternatives(w, synonyms) for w in parsed.words]
    must += [q for q in (_phrase_clause(p) for p in parsed.phrases) if q is not None]
    if not must and not parsed.exact:
        return None
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    text_query = tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in must]) if must else None
    if parsed.exact:
        exact = tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.term_query(SCHEMA, "doc_number", normalize_doc_number(parsed.exact)),
                ),
                (tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "index_no", parsed.exact)),
            ]
        )
        boosted = tantivy.Query.boost_query(exact, 1000.0)
        either = [(tantivy.Occur.Should, boosted)]
        if text_query is not None:
            either.append((tantivy.Occur.Should, text_query))
        clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(either)))
    elif text_query is not None:
        clauses.append((tantivy.Occur.Must, text_query))
    for word in parsed.excluded:
        for w in analysis.query_words(word) or [word]:
            clauses.append((tantivy.Occur.MustNot, _word_clause(w)))
    clauses += [(tantivy.Occur.Must, q) for q in _filter_clauses(filters)]
    return tantivy.Query.boolean_query(clauses)


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
        if parsed.exact and (number == normalize_doc_number(parsed.exact) or index_no == parsed.exact):
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
    return Result(
        hits, int(getattr(found, "count", 0) or 0), _facets(searcher, tq) if facets else {}, exact_hit
    )


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
