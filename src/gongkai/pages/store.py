"""The page cache: anonymous public pages saved as files, served without Django (docs/deploy.md).

Layout, under ``GONGKAI_PAGE_CACHE_DIR`` (default ``$GONGKAI_DATA_DIR/pages``)::

    current -> 2021-03-15            symlink to the directory of the clock's day (switched at day change)
    2021-03-15/.purges               append-only: one byte per purge (its size is the purge sequence)
    2021-03-15/p/<url path>/index.html          the page at that path without a query string
    2021-03-15/p/<url path>/index.elder.html    the same page in 长者模式 (the ``display=elder`` cookie)
    2021-03-15/p/<url path>/q/<sha1>.html        with a query string (lists with paging and filters)

Feeds and sitemaps keep their own extension (``index.atom``, ``index.xml``). nginx serves
``current/p$uri/index.html`` for anonymous requests without a query string (deploy/nginx/gongkai.conf);
``gongkai serve`` serves every variant itself before Django (gongkai.portal.page_http).

Correctness: a page is saved only after it was rendered, and a purge may run while a reader renders the
old state. The purger appends to ``.purges`` before it deletes files; a reader notes the file's size before
rendering and deletes what it saved when the size changed meanwhile. Either the reader sees the purge and
drops its copy, or the purge started after the copy was written and deletes it; a purge that ended before
the reader began followed a commit the reader's queries already see. Each day starts empty: pages whose
content depends on the date (validity, overdue markers) never outlive their day.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings

#: Paths made of these characters only are cached (anything else is served by Django, uncached).
_SAFE_PATH = re.compile(r"^/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/?)*$")
#: At most this many query variants of one page are kept (a crawler inventing queries cannot fill the disk).
MAX_QUERY_VARIANTS = 500
MAX_QUERY_LENGTH = 200
#: At most this many per-host copies of one feed or sitemap (the site's names, with and without a port).
MAX_HOST_VARIANTS = 8

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "xml": "application/xml",
}


def root() -> Path:
    configured = getattr(settings, "GONGKAI_PAGE_CACHE_DIR", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "pages"


def enabled() -> bool:
    return bool(getattr(settings, "GONGKAI_PAGE_CACHE", True))


def extension(path: str) -> str:
    if path.endswith(".atom"):
        return "atom"
    if path.endswith(".xml"):
        return "xml"
    return "html"


def language(path: str) -> str:
    return "en" if path == "/en/" or path.startswith("/en/") else "zh-hans"


@dataclass(frozen=True)
class Key:
    """Where one variant of one page lives, relative to a day directory."""

    node: str  # the URL path without its slashes at both ends ("" for the home page)
    name: str  # file name inside the node: index.html, index.elder.html or q/<sha1>.html

    @property
    def relative(self) -> str:
        return f"p/{self.node}/{self.name}" if self.node else f"p/{self.name}"


_SAFE_HOST = re.compile(r"^[a-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-f:]+\](?::\d{1,5})?$")


def key_for(path: str, query: str, elder: bool, host: str = "") -> Key | None:
    """The file of a request, or None when the request is never cached (odd path, long query).

    Feeds and sitemaps hold absolute addresses built from the Host header, so their files are kept per
    host (``index@<host>.atom``); HTML pages use relative links and are shared by every host."""
    if not _SAFE_PATH.match(path) or "/../" in path or "/./" in path or len(path) > 300:
        return None
    if len(query) > MAX_QUERY_LENGTH:
        return None
    ext = extension(path)
    suffix = f".elder.{ext}" if elder else f".{ext}"
    if ext != "html":
        host = host.lower()
        if not _SAFE_HOST.match(host):
            return None
        suffix = f"@{host}{suffix}"
    if query:
        digest = hashlib.sha1(query.encode("latin-1", "replace"), usedforsecurity=False).hexdigest()
        return Key(path.strip("/"), f"q/{digest}{suffix}")
    return Key(path.strip("/"), f"index{suffix}")


# ------------------------------------------------------------------------------------------- the day
def day_dir(today: date) -> Path:
    return root() / today.isoformat()


def current_dir() -> Path:
    return root() / "current"


def views_log() -> Path:
    """Where nginx writes the document pages it served from the cache (gongkai.pages.hits counts them).
    Beside the days' directories, which clearing and pruning remove: the log survives both."""
    return root() / "views.log"


def ensure_day(today: date) -> Path:
    """Point ``current`` at today's directory (created empty), atomically; returns it. Old days are
    removed by :func:`prune_days`."""
    target = day_dir(today)
    if current_day_name() == target.name:
        return target
    target.mkdir(parents=True, exist_ok=True)
    (target / ".purges").touch(exist_ok=True)
    tmp = root() / f".current-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target.name)
    tmp.replace(current_dir())
    return target


def prune_days(today: date) -> int:
    """Delete the directories of other days (never today's); returns how many."""
    base = root()
    if not base.is_dir():
        return 0
    n = 0
    for entry in base.iterdir():
        other_day = entry.name != today.isoformat() and re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.name)
        if other_day and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
            n += 1
    return n


# ------------------------------------------------------------------------------------- read and write
def purge_sequence(day: Path) -> int:
    try:
        return (day / ".purges").stat().st_size
    except FileNotFoundError:
        return -1


def read(day: Path, key: Key) -> bytes | None:
    try:
        return (day / key.relative).read_bytes()
    except OSError:
        return None


def write(day: Path, key: Key, body: bytes, sequence: int) -> bool:
    """Save a page rendered after :func:`purge_sequence` returned ``sequence``; False when it was not kept
    (a purge ran meanwhile, too many variants, or the disk refused)."""
    if sequence < 0 or _held(day, key):
        return False
    target = day / key.relative
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if key.name.startswith("q/") and sum(1 for _ in target.parent.iterdir()) >= MAX_QUERY_VARIANTS:
            return False
        if "@" in key.name and sum(1 for p in target.parent.glob("index@*")) >= MAX_HOST_VARIANTS:
            return False  # a client inventing Host headers (ports, trailing dots) cannot fill the disk
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        tmp = Path(name)
        tmp.chmod(0o644)  # nginx's worker user reads it
        tmp.replace(target)
    except OSError:
        return False
    if purge_sequence(day) != sequence:
        _unlink(target)
        return False
    return True


def hold(day: Path, section: str, seconds: float) -> None:
    """Save no page under ``/<section>/`` for ``seconds``: its source is settling (search results while
    every web process's index reader reloads after a commit, which takes a moment)."""
    with contextlib.suppress(OSError):
        (day / f".hold-{section}").write_text(str(time.time() + seconds), encoding="ascii")


def _held(day: Path, key: Key) -> bool:
    section = key.node.split("/", 1)[0]
    if section == "en":
        section = key.node.split("/", 2)[1] if key.node.count("/") else ""
    marker = day / f".hold-{section}"
    try:
        return float(marker.read_text(encoding="ascii")) > time.time()
    except (OSError, ValueError):
        return False


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------- purging
@dataclass(frozen=True)
class Purge:
    """Pages to drop: the page at ``path`` (all its variants), and with ``tree`` every page below it."""

    path: str
    tree: bool = False
    #: Every sibling node whose name starts with the path's last segment (``/sitemap`` → sitemap.xml,
    #: sitemap-1.xml …).
    prefix: bool = False


def _node_dirs(day: Path, path: str) -> list[Path]:
    """The node of a path in Chinese and in English (the /en/ prefix is another node)."""
    node = path.strip("/")
    dirs = [day / "p" / node if node else day / "p"]
    if not node.startswith("en/") and node != "en":
        dirs.append(day / "p" / "en" / node if node else day / "p" / "en")
    return dirs


def purge(purges: Iterable[Purge], day: Path | None = None) -> int:
    """Drop the pages; returns how many files were deleted. Appends to ``.purges`` first (see module doc)."""
    day = day or current_dir()
    items = list(purges)
    if not items or not (day / ".purges").exists():
        return 0
    with (day / ".purges").open("ab") as f:
        f.write(b".")
    deleted = 0
    for item in items:
        for node in _node_dirs(day, item.path):
            if item.prefix:
                siblings = node.parent.glob(f"{node.name}*") if node.parent.is_dir() else []
                deleted += sum(_drop_node(s, tree=False) for s in siblings)
            else:
                deleted += _drop_node(node, tree=item.tree)
    return deleted


def _drop_node(node: Path, *, tree: bool) -> int:
    if not node.is_dir():
        return 0
    if tree:
        n = sum(1 for p in node.rglob("*") if p.is_file())
        trash = node.with_name(f".trash-{node.name}-{os.getpid()}-{id(node)}")
        try:
            node.replace(trash)
        except OSError:
            return 0
        shutil.rmtree(trash, ignore_errors=True)
        return n
    n = 0
    for entry in node.iterdir():
        if entry.is_file() and entry.name.startswith(("index.", "index@")):
            _unlink(entry)
            n += 1
    queries = node / "q"
    if queries.is_dir():
        n += sum(1 for _ in queries.iterdir())
        shutil.rmtree(queries, ignore_errors=True)
    return n


def wipe() -> None:
    """Drop every page of the current day (a whole-site change: a division edited, a rebuild)."""
    day = current_dir()
    if (day / ".purges").exists():
        purge([Purge("/", tree=True)], day)


def clear() -> None:
    """Delete every saved page of every day (the database was rebuilt underneath them)."""
    base = root()
    if base.is_dir():
        wipe()
        for entry in base.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
        current_dir().unlink(missing_ok=True)


def stats() -> dict[str, int]:
    day = current_dir()
    files = sum(1 for p in (day / "p").rglob("*") if p.is_file()) if (day / "p").is_dir() else 0
    return {"pages": files, "purges": max(purge_sequence(day), 0)}


def current_day_name() -> str:
    try:
        return current_dir().readlink().name
    except OSError:
        return ""
