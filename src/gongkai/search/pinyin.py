"""Pinyin: what the suggestions and the results page use to read queries typed in Latin letters, the way
many citizens type on a phone — full pinyin without tones (zhengfuxinxigongkai) or initials (zfxxgk)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache

#: (word, full pinyin, initials, how many documents) — selectors.suggestions' vocabulary.
Entry = tuple[str, str, str, int]
_LATIN = re.compile(r"[a-z][a-z\s']*")
_MAX_KEY = 30


@cache
def pinyin_of(word: str) -> tuple[str, str]:
    """(full pinyin without tones, initials): 粤康码 → ("yuekangma", "ykm")."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(word)
    initials = lazy_pinyin(word, style=Style.FIRST_LETTER)
    return "".join(syllables).lower(), "".join(initials).lower()


def is_latin(folded_query: str) -> bool:
    """Letters only (and spaces): a query that may be pinyin."""
    return bool(_LATIN.fullmatch(folded_query.strip()))


class _Tables:
    """Full pinyin → word and initials → word (the most frequent word for each), per vocabulary."""

    def __init__(self) -> None:
        self.source: int | None = None
        self.tables: tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]] = ({}, {})

    def get(self, entries: Sequence[Entry]) -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]]:
        if self.source != id(entries):
            full: dict[str, tuple[str, int]] = {}
            initials: dict[str, tuple[str, int]] = {}
            for word, spelled, letters, n in entries:
                if len(word) < 2:
                    continue
                for table, key in ((full, spelled), (initials, letters)):
                    if key and len(key) <= _MAX_KEY and n > table.get(key, ("", 0))[1]:
                        table[key] = (word, n)
            self.tables, self.source = (full, initials), id(entries)
        return self.tables


_tables = _Tables()


def readings(query: str, entries: Sequence[Entry]) -> list[str]:
    """Chinese the Latin-letter ``query`` may stand for, best first: read as full pinyin, then as initials,
    each cut into the fewest known words (the more frequent on a tie): zhengfuxinxigongkai → 政府信息公开,
    yuekangma → 粤康码, zfxxgk → 政府信息公开. Empty when it reads as neither."""
    letters = re.sub(r"[\s']+", "", query.lower())
    if not re.fullmatch(r"[a-z]{2,60}", letters):
        return []
    out: list[str] = []
    for table in _tables.get(entries):
        words = _segment(letters, table)
        if words and "".join(words) not in out:
            out.append("".join(words))
    return out


def _segment(letters: str, table: dict[str, tuple[str, int]]) -> list[str]:
    """The fewest words of ``table`` whose keys spell ``letters`` exactly (dynamic programming)."""
    best: list[tuple[int, float, list[str]] | None] = [None] * (len(letters) + 1)
    best[0] = (0, 0.0, [])
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - _MAX_KEY), end):
            before, found = best[start], table.get(letters[start:end])
            if before is None or found is None:
                continue
            candidate = (before[0] + 1, before[1] - math.log(found[1] + 1), [*before[2], found[0]])
            current = best[end]
            if current is None or candidate[:2] < current[:2]:
                best[end] = candidate
    last = best[-1]
    return last[2] if last else []
