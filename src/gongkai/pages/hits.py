"""Views of document pages that nginx served from the page cache (the production recipe): nginx writes
each such page's path to the views log (gongkai.pages.store.views_log, configured by `gongkai nginx-config`),
and the worker adds them to the records' view counts here. Pages Django renders, and those `gongkai serve`
answers from the cache itself, are counted in the web process (gongkai.publications.views).

The log is read from the offset reached last time in the same file (kept beside it; a rotated log, a new
file, is read from its start) and emptied once it has grown past
``TRUNCATE_ABOVE``; nginx appends, so writing resumes at the start. A view written between the last read
and the truncation is lost, as a busy database loses a few: counts are a reader's guide, not accounts."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from gongkai.pages import store
from gongkai.publications import services as publication_services

DOCUMENT = re.compile(r"^/(?:en/)?publications/(\d{1,12})/$")
TRUNCATE_ABOVE = 8 * 1024 * 1024
#: At most this much of the log is read per run (the rest waits for the next run).
READ_AT_MOST = 32 * 1024 * 1024


def _offset_file(log: Path) -> Path:
    return log.with_name(log.name + ".offset")


def _offset(log: Path, stat: os.stat_result) -> int:
    """Where the last run stopped in this file: 0 for another file (rotated: a new inode) or a file
    smaller than the offset (truncated in place)."""
    try:
        inode, offset = (int(x) for x in _offset_file(log).read_text().split())
    except (OSError, ValueError):
        return 0
    return offset if inode == stat.st_ino and 0 <= offset <= stat.st_size else 0


def has_work() -> bool:
    log = store.views_log()
    try:
        stat = log.stat()
    except OSError:
        return False
    return stat.st_size > _offset(log, stat)


def count_logged_views() -> int:
    """Add the views logged since the last run to the records; returns how many views were counted."""
    log = store.views_log()
    try:
        stat = log.stat()
    except OSError:
        return 0
    size, start = stat.st_size, _offset(log, stat)
    with log.open("rb") as f:
        f.seek(start)
        chunk = f.read(min(size - start, READ_AT_MOST))
    complete = chunk[: chunk.rfind(b"\n") + 1]  # a line nginx is still writing waits for the next run
    counts: Counter[int] = Counter()
    for line in complete.decode("utf-8", "replace").splitlines():
        if m := DOCUMENT.match(line.strip()):
            counts[int(m.group(1))] += 1
    if counts:
        publication_services.publication_count_views(dict(counts))
    end = start + len(complete)
    if end >= TRUNCATE_ABOVE and end == size:
        os.truncate(log, 0)
        end = 0
    _offset_file(log).write_text(f"{stat.st_ino} {end}")
    return sum(counts.values())
