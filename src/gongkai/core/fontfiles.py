"""Which characters a font file has glyphs for, read from its ``cmap`` table (OpenType/TrueType, and the
faces of a .ttc collection). Standard library only: used to choose a chart font that can draw every
label, so that a chart never shows a missing glyph's box (豆腐块) in place of a Chinese character.

Reads the Unicode subtables of the OpenType specification's ``cmap``: format 12 (full Unicode, platform
3 encoding 10 or platform 0) first, else format 4 (the Basic Multilingual Plane, platform 3 encoding 1 or
platform 0).
"""

from __future__ import annotations

import functools
import mmap
import struct
from pathlib import Path


class FontFileError(Exception):
    """The file is not an OpenType/TrueType font (or collection) with a Unicode cmap."""


def face_count(path: str | Path) -> int:
    """How many faces the file holds: a collection's count, 1 for a single font."""
    with Path(path).open("rb") as f:
        head = f.read(12)
    if head[:4] == b"ttcf":
        return int(struct.unpack(">I", head[8:12])[0])
    return 1


def missing_characters(path: str | Path, text: str, *, index: int = 0) -> set[str]:
    """The characters of ``text`` (whitespace aside) that face ``index`` of the file has no glyph for."""
    cmap = _cmap(str(path), index)
    return {ch for ch in set(text) if not ch.isspace() and not cmap(ord(ch))}


@functools.cache
def _cmap(path: str, index: int) -> _Lookup:
    with Path(path).open("rb") as f:  # mapped, not read: a CJK collection is 20 MB and stays cached
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    offset = 0
    if data[:4] == b"ttcf":
        (count,) = struct.unpack_from(">I", data, 8)
        if not 0 <= index < count:
            raise FontFileError(f"{path}: no face {index} (the collection has {count})")
        (offset,) = struct.unpack_from(">I", data, 12 + 4 * index)
    try:
        (num_tables,) = struct.unpack_from(">H", data, offset + 4)
        tables = {}
        for i in range(num_tables):
            tag, _checksum, start, _length = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
            tables[tag] = start
        if b"cmap" not in tables:
            raise FontFileError(f"{path}: no cmap table")
        return _unicode_subtable(data, tables[b"cmap"])
    except struct.error as e:
        raise FontFileError(f"{path}: truncated font file ({e})") from e


class _Lookup:
    """code point → has a glyph (glyph id other than 0, .notdef)."""

    def __init__(self, data: mmap.mmap, start: int, fmt: int) -> None:
        self.data, self.start, self.fmt = data, start, fmt

    def __call__(self, cp: int) -> bool:
        return self._format12(cp) if self.fmt == 12 else self._format4(cp)

    def _format12(self, cp: int) -> bool:
        (groups,) = struct.unpack_from(">I", self.data, self.start + 12)
        lo, hi = 0, groups - 1
        while lo <= hi:  # groups are sorted by start code
            mid = (lo + hi) // 2
            first, last, glyph = struct.unpack_from(">III", self.data, self.start + 16 + 12 * mid)
            if cp < first:
                hi = mid - 1
            elif cp > last:
                lo = mid + 1
            else:
                return bool(glyph + (cp - first) != 0)
        return False

    def _format4(self, cp: int) -> bool:
        if cp > 0xFFFF:
            return False
        d, s = self.data, self.start
        (seg_x2,) = struct.unpack_from(">H", d, s + 6)
        ends, starts = s + 14, s + 16 + seg_x2
        deltas, ranges = starts + seg_x2, starts + 2 * seg_x2
        lo, hi = 0, seg_x2 // 2 - 1
        while lo < hi:  # the first segment whose end code is >= cp (end codes are sorted)
            mid = (lo + hi) // 2
            if struct.unpack_from(">H", d, ends + 2 * mid)[0] < cp:
                lo = mid + 1
            else:
                hi = mid
        i = lo
        (end,) = struct.unpack_from(">H", d, ends + 2 * i)
        (first,) = struct.unpack_from(">H", d, starts + 2 * i)
        if not first <= cp <= end:
            return False
        (delta,) = struct.unpack_from(">h", d, deltas + 2 * i)
        where = ranges + 2 * i
        (range_offset,) = struct.unpack_from(">H", d, where)
        if range_offset == 0:
            return bool((cp + delta) & 0xFFFF != 0)
        (glyph,) = struct.unpack_from(">H", d, where + range_offset + 2 * (cp - first))
        return bool(glyph != 0 and (glyph + delta) & 0xFFFF != 0)


def _unicode_subtable(data: mmap.mmap, cmap: int) -> _Lookup:
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    found: dict[int, int] = {}
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        (fmt,) = struct.unpack_from(">H", data, cmap + sub)
        unicode = platform == 0 or (platform == 3 and encoding in (1, 10))
        if unicode and fmt in (4, 12):
            found.setdefault(fmt, cmap + sub)
    for fmt in (12, 4):
        if fmt in found:
            return _Lookup(data, found[fmt], fmt)
    raise FontFileError("no Unicode cmap subtable of format 4 or 12")
