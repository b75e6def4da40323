"""Chinese text for the index and for queries (issue #6).

Width and traditional→simplified folding; rjieba search-mode words plus character bigrams at index time
(so 共和国 is found inside 中华人民共和国); precise-mode words at query time."""

from __future__ import annotations

import functools
import re
import unicodedata

import rjieba
from opencc import OpenCC

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_TOKEN = re.compile(r"[\w\u4e00-\u9fff]+")


@functools.cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def fold(text: str) -> str:
    """Full-width → half-width, traditional → simplified, lower case: 條例 → 条例, ＡＢＣ → abc."""
    return str(_t2s().convert(unicodedata.normalize("NFKC", text))).lower()


def index_words(text: str) -> str:
    """Search-mode words (overlapping sub-words included), space-separated for a whitespace tokenizer."""
    return " ".join(w for w in rjieba.cut_for_search(fold(text)) if _TOKEN.fullmatch(w))


def bigrams(text: str) -> str:
    """Character bigrams of every CJK run (single characters stay as they are)."""
    out: list[str] = []
    for run in _CJK_RUN.findall(fold(text)):
        out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    return " ".join(out)


def query_words(text: str) -> list[str]:
    """Precise-mode words of a query, without punctuation."""
    return [w for w in rjieba.cut(fold(text)) if _TOKEN.fullmatch(w)]
