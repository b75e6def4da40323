"""A tantivy index over the searchable documents (here: the gazette archive), rebuilt from the database —
the database stays the source of truth and the index is a derived, rebuildable artifact.

Each query word must match (AND): in the search-mode words of title or text, or — for words the
segmenter cut differently — as a phrase of character bigrams. A quoted phrase matches contiguous text only.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import tantivy
from django.conf import settings

from gongkai.search import analysis

_PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”')
SNIPPET_WINDOW = 80


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    sb.add_text_field("kind", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=True, tokenizer_name="raw")
    sb.add_text_field("title_words", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("words", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("grams", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("text", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    return sb.build()


def index_dir() -> Path:
    return Path(settings.DATA_DIR) / "search" / "index"


@dataclass(frozen=True)
class Doc:
    key: str
    kind: str
    title: str
    text: str
    year: int


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    title: str
    snippet: str
    score: float


def build(
    docs: Iterable[Doc], *, path: Path | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Build a new index next to the live one and swap it in (searches keep working during a rebuild)."""
    target = path or index_dir()
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(fresh))
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    n = 0
    for d in docs:
        writer.add_document(
            tantivy.Document(
                key=d.key,
                kind=d.kind,
                title=d.title,
                title_words=analysis.index_words(d.title),
                words=analysis.index_words(d.text),
                grams=analysis.bigrams(d.title + "\n" + d.text),
                text=d.text,
                year=d.year,
            )
        )
        n += 1
        if progress and n % 200 == 0:
            progress(200)
    writer.commit()
    writer.wait_merging_threads()
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return n


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace('"', '\\"')


def _clause(word: str) -> str:
    grams = analysis.bigrams(word)
    parts = [f'title_words:"{_escape(word)}"', f'words:"{_escape(word)}"']
    if grams:
        parts.append(f'grams:"{_escape(grams)}"')
    return "+(" + " ".join(parts) + ")"


def search(query: str, *, limit: int = 10, path: Path | None = None) -> list[Hit]:
    target = path or index_dir()
    if not target.exists():
        return []
    phrases = [a or b for a, b in _PHRASE.findall(query)]
    rest = _PHRASE.sub(" ", query)
    clauses = [_clause(w) for w in analysis.query_words(rest)]
    clauses += [f'+grams:"{_escape(analysis.bigrams(p))}"' for p in phrases if analysis.bigrams(p)]
    if not clauses:
        return []
    index = tantivy.Index.open(str(target))
    searcher = index.searcher()
    parsed = index.parse_query(" ".join(clauses), ["words"])
    needles = [analysis.fold(p) for p in phrases] + analysis.query_words(rest)
    hits = []
    for score, address in searcher.search(parsed, limit).hits:
        doc = searcher.doc(address)
        text = doc["text"][0]
        hits.append(Hit(doc["key"][0], doc["kind"][0], doc["title"][0], snippet(text, needles), score))
    return hits


def snippet(text: str, needles: list[str]) -> str:
    """A bounded window around the first match, matches marked with 【】 (the page turns them into <mark>)."""
    folded = analysis.fold(text)
    positions = [i for i in (folded.find(n) for n in needles if n) if i >= 0]
    start = max(0, min(positions) - SNIPPET_WINDOW // 4) if positions else 0
    window = text[start : start + SNIPPET_WINDOW]
    for n in sorted({n for n in needles if n}, key=len, reverse=True):
        window = re.sub(re.escape(n), lambda m: f"【{m.group(0)}】", window, flags=re.IGNORECASE)
    return (
        ("…" if start else "")
        + window.replace("\n", " ")
        + ("…" if start + SNIPPET_WINDOW < len(text) else "")
    )
