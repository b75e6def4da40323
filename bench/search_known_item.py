"""Known-item search over the gazette archive: does a citizen who knows which document they want find it?

On a fresh database, the real legal corpus (../shared/corpus/laws.jsonl.gz, 3,470 documents) is imported
as gazette documents and indexed; then, for 300 documents picked with a fixed seed, three queries each,
typed the way people remember a title:
  - ``title``: the whole title (上海市专利保护条例);
  - ``short``: the title without its place or 中华人民共和国 prefix (专利保护条例);
  - ``words``: two or three of its distinctive words, shuffled (保护 专利).
A query succeeds at k when a document with that title is among the first k results of the results page
(gongkai.search.selectors.search). Reports success@1, success@10 and MRR@10 per kind and overall.

Run: .venv/bin/python bench/search_known_item.py [--items 300]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_fresh_database

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "laws.jsonl.gz"
_PREFIX = re.compile(r"^(中华人民共和国|[\u4e00-\u9fff]{2,3}?(省|市|自治区))")
_GENERIC = {"中华人民共和国", "条例", "规定", "办法", "实施", "关于", "的", "若干", "决定", "细则", "试行"}


def known_items(docs: list[dict[str, str]], n: int) -> list[tuple[str, str, str]]:
    """(kind, query, wanted title), deterministic."""
    from gongkai.search import analysis

    rng = random.Random(12)
    out: list[tuple[str, str, str]] = []
    for d in rng.sample(docs, n):
        title = d["title"].strip()
        out.append(("title", title, title))
        short = _PREFIX.sub("", title)
        if short != title and len(short) >= 4:
            out.append(("short", short, title))
        words = [w for w in analysis.query_words(analysis.fold(title)) if len(w) >= 2 and w not in _GENERIC]
        if len(words) >= 2:
            picked = rng.sample(words, min(len(words), rng.choice([2, 3])))
            out.append(("words", " ".join(picked), title))
    return out


def evaluate(items: list[tuple[str, str, str]]) -> dict[str, tuple[int, float, float, float]]:
    """kind → (queries, success@1, success@10, MRR@10)."""
    from gongkai.search import selectors

    ranks: dict[str, list[int]] = {}
    for kind, query, wanted in items:
        titles = [h.title for h in selectors.search(query).hits]
        rank = next((i + 1 for i, t in enumerate(titles) if t.strip() == wanted), 0)
        ranks.setdefault(kind, []).append(rank)
        ranks.setdefault("all", []).append(rank)
    return {
        kind: (
            len(r),
            sum(x == 1 for x in r) / len(r),
            sum(0 < x <= 10 for x in r) / len(r),
            sum(1 / x for x in r if x) / len(r),
        )
        for kind, r in ranks.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=300)
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"no corpus at {CORPUS}")
    django_with_fresh_database()
    from gongkai.core.context import Actor
    from gongkai.gazette.services import gazette_import
    from gongkai.search.services import search_reindex

    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        lines = f.readlines()
    docs = [json.loads(line) for line in lines]
    system = Actor.system("bench")
    gazette_import(actor=system, lines=lines)
    search_reindex(actor=system)
    results = evaluate(known_items(docs, args.items))
    print(f"known-item search, {len(docs)} gazette documents, {args.items} known items:")
    for kind, (n, at1, at10, mrr) in results.items():
        print(f"  {kind:6} {n:4} queries   success@1 {at1:6.1%}   success@10 {at10:6.1%}   MRR@10 {mrr:.3f}")


if __name__ == "__main__":
    main()
