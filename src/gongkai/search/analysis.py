"""Chinese text for the index and for queries (issue #6).

Folding (full-width → half-width by NFKC, traditional → simplified by OpenCC's character table, lower
case) runs once per text and fast (str.translate); rjieba search-mode words at index time, precise-mode
words at query time, both with the government-term dictionary; character bigrams are made by tantivy's
ngram tokenizer inside the index (see engine.py), so 共和国 is found inside 中华人民共和国.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from importlib import resources
from pathlib import Path

import rjieba

_TOKEN = re.compile(r"[\w\u4e00-\u9fff]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@functools.cache
def _t2s_table() -> dict[int, str]:
    """OpenCC's traditional→simplified character table (first candidate of each entry)."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            target = parts[1].split()[0]
            if target != parts[0]:
                table[ord(parts[0])] = target
    return table


def fold(text: str) -> str:
    """條例 → 条例, ＡＢＣ１ → abc1; fast when there is nothing to fold (the common case)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_t2s_table()).lower()


_dictionary_lock = threading.Lock()
_dictionary_words: set[str] = set()


def packaged_lines(name: str) -> list[str]:
    text = resources.files("gongkai.search").joinpath("data", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def add_words(words: list[str]) -> None:
    """Teach the segmenter words (idempotent; process-wide, as rjieba's dictionary is)."""
    with _dictionary_lock:
        for word in words:
            w = fold(word.strip())
            if w and w not in _dictionary_words:
                rjieba.add_word(w, 50000, None)
                _dictionary_words.add(w)


def learnt_words() -> list[str]:
    """Every word added to the segmenter in this process (the packaged terms first)."""
    ensure_dictionary()
    return sorted(_dictionary_words)


def ensure_dictionary() -> None:
    if not _dictionary_words:
        add_words(packaged_lines("terms.txt"))


def index_words(text: str) -> str:
    """Search-mode words (overlapping sub-words included) of folded text, space-separated."""
    ensure_dictionary()
    return " ".join(w for w in rjieba.cut_for_search(text) if _TOKEN.fullmatch(w))


def query_words(text: str) -> list[str]:
    """Precise-mode words of a folded query, without punctuation."""
    ensure_dictionary()
    return [w for w in rjieba.cut(text) if _TOKEN.fullmatch(w)]


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def bigrams(text: str) -> str:
    """Character bigrams of every CJK run of folded text (a lone character stays itself), space-separated."""
    out: list[str] = []
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            out.append(run)
        else:
            out.extend([run[i : i + 2] for i in range(len(run) - 1)])
    return " ".join(out)


def bigram_list(text: str) -> list[str]:
    """The bigrams tantivy's ngram(2,2) tokenizer makes of ``text`` (for phrase queries)."""
    return [text[i : i + 2] for i in range(len(text) - 1)] if len(text) > 1 else [text]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))
