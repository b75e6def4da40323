"""一网通搜 on the real legal corpus (../shared/corpus/laws.jsonl.gz: 3,470 documents, ~20 M characters).

In one process, on a fresh SQLite database:
  1. import the corpus as gazette documents, rebuild the index (`search_reindex`): build time, index size
     against the raw text size;
  2. 320 realistic 1–3-word queries (words of real titles, seeded) through the service layer
     (gongkai.search.selectors.search: top 10, facets, snippets from the database), one thread: p50, p95;
  3. baseline in the same run: SQLite FTS5 over the same search-mode-segmented text (bm25, snippet());
  4. the same at 5x the corpus (the documents imported five times under other ids).
Targets (issue #6): p50 ≤ 3 ms and p95 ≤ 8 ms; at 5x p95 ≤ 12 ms; build ≤ 10 s; index ≤ raw text.

Run: .venv/bin/python bench/search_bench.py [--queries 320]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_fresh_database

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "laws.jsonl.gz"


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def queries(docs: list[dict[str, str]], n: int) -> list[str]:
    """Words of real titles, 1–3 at a time, as people type them (deterministic)."""
    from gongkai.search import analysis

    rng = random.Random(2020)
    stop = {"中华人民共和国", "条例", "规定", "办法", "实施", "关于", "的", "若干", "决定", "细则", "试行"}
    out: list[str] = []
    while len(out) < n:
        title = rng.choice(docs)["title"]
        words = [w for w in analysis.query_words(analysis.fold(title)) if len(w) >= 2 and w not in stop]
        if not words:
            continue
        k = rng.choice([1, 1, 2, 2, 2, 3])
        picked = rng.sample(words, min(k, len(words)))
        if rng.random() < 0.25:
            picked.append(rng.choice(["条例", "规定", "办法"]))
        out.append(" ".join(picked))
    return out


def index_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run_queries(qs: list[str]) -> tuple[list[float], int]:
    from gongkai.search import selectors

    for q in qs[:20]:
        selectors.search(q)  # warm caches (dictionary, readers, statements)
    times, empty = [], 0
    for q in qs:
        t = time.perf_counter()
        page = selectors.search(q)
        times.append((time.perf_counter() - t) * 1000)
        empty += page.total == 0
    return times, empty


def fts5(docs: list[dict[str, str]], qs: list[str], copies: int) -> tuple[float, float, float]:
    """SQLite FTS5 over the same segmented words; returns (build s, p50 ms, p95 ms)."""
    from gongkai.search import analysis

    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, raw UNINDEXED, tokenize='unicode61')")
    t = time.perf_counter()
    rows = []
    for d in docs:
        title = analysis.index_words(analysis.fold(d["title"]))
        body = analysis.index_words(analysis.fold(d["body"]))
        rows.append((title, body, d["body"]))
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", rows * copies)
    db.commit()
    build = time.perf_counter() - t
    times = []
    for q in qs:
        words = analysis.query_words(analysis.fold(q))
        match = " AND ".join('"' + w.replace('"', "") + '"' for w in words)
        t = time.perf_counter()
        db.execute(
            "SELECT rowid, snippet(docs, 1, '【', '】', '…', 24), bm25(docs, 3.0, 1.0) FROM docs "
            "WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.0) LIMIT 10",
            (match,),
        ).fetchall()
        db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
        times.append((time.perf_counter() - t) * 1000)
    return build, statistics.median(times), pct(times, 95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=320)
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"no corpus at {CORPUS}")
    vendor = django_with_fresh_database()
    from django.conf import settings

    from gongkai.core.context import Actor
    from gongkai.gazette.services import gazette_import
    from gongkai.search import engine
    from gongkai.search.services import search_reindex

    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        lines = f.readlines()
    docs = [json.loads(line) for line in lines]
    raw = sum(len(d["title"].encode()) + len(d["body"].encode()) for d in docs)
    system = Actor.system("bench")
    t = time.perf_counter()
    gazette_import(actor=system, lines=lines)
    imported = time.perf_counter() - t
    t = time.perf_counter()
    n = search_reindex(actor=system)
    build = time.perf_counter() - t
    size = index_size(engine.current_dir() or Path(settings.DATA_DIR))
    qs = queries(docs, args.queries)
    times, empty = run_queries(qs)
    fts_build, fts50, fts95 = fts5(docs, qs, 1)
    p50, p95 = statistics.median(times), pct(times, 95)
    print(f"database: {vendor}; corpus: {n} documents, {raw / 1e6:.1f} MB of text (import {imported:.1f} s)")
    print(
        f"index build: {build:.1f} s (target ≤ 10 s); index {size / 1e6:.1f} MB = {size / raw:.2f}x raw (≤ 1)"
    )
    print(f"{len(qs)} queries (top 10 + facets + snippets, service layer), {empty} with no result:")
    print(f"  tantivy     p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   (targets 3 / 8)")
    print(f"  SQLite FTS5 p50 {fts50:6.2f} ms   p95 {fts95:6.2f} ms   (build {fts_build:.1f} s)")
    print(f"  ratio FTS5/tantivy: p50 {fts50 / p50:.1f}x, p95 {fts95 / p95:.1f}x")

    for k in range(1, 5):  # 5x: the same texts under other ids
        copies = []
        for line in lines:
            d = json.loads(line)
            d["id"] = f"{d['id']}-copy{k}"
            copies.append(json.dumps(d, ensure_ascii=False))
        gazette_import(actor=system, lines=copies)
    t = time.perf_counter()
    n5 = search_reindex(actor=system)
    build5 = time.perf_counter() - t
    size5 = index_size(engine.current_dir() or Path(settings.DATA_DIR))
    times5, _ = run_queries(qs)
    fts_build5, fts50_5, fts95_5 = fts5(docs, qs, 5)
    p50, p95 = statistics.median(times5), pct(times5, 95)
    ratio5 = size5 / raw / 5
    print(f"5x corpus: {n5} documents, build {build5:.1f} s, index {size5 / 1e6:.1f} MB = {ratio5:.2f}x raw")
    print(f"  tantivy     p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   (target p95 12)")
    print(f"  SQLite FTS5 p50 {fts50_5:6.2f} ms   p95 {fts95_5:6.2f} ms   (build {fts_build5:.1f} s)")
    print(f"  ratio FTS5/tantivy: p50 {fts50_5 / p50:.1f}x, p95 {fts95_5 / p95:.1f}x")


if __name__ == "__main__":
    main()
