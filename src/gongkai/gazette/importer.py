"""Reading gazette archives in JSON lines (one document per line). Pure parsing; no ORM.

Layout (docs/gazette.md): {"source_id": str, "year": int, "issue": int, "date": "YYYY-MM-DD",
"title": str, "doc_number": str, "issuer": str, "text": str, "pages": "12-15"} — ``source_id``, ``title``,
``text`` and ``year``/``issue`` (or a ``date``) are required. Lines of the law corpus layout
({"id", "title", "category", "path", "body"}) are read as a sample archive: the date comes from the file
name or the first dated line, the documents of a month form one issue, and a document with no date at
all is kept without an issue.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

_DATE_IN_PATH = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)")
_DATE_IN_TEXT = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"((?:19[5-9]|20[0-4])\d)年")
_PAGES = re.compile(r"^\s*(\d+)\s*(?:[-–—~至]\s*(\d+))?\s*$")


class BadLine(ValueError):
    """A line that cannot be imported; the message says why (in Chinese)."""


@dataclass(frozen=True)
class Record:
    source_id: str
    year: int | None  # None (with issue None): the issue is not known
    issue: int | None
    date: date | None
    title: str
    doc_number: str
    issuer: str
    category: str
    text: str
    page_start: int | None
    page_end: int | None


def parse_line(line: str) -> Record:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as e:
        raise BadLine(f"不是有效的JSON（{e.msg}，第{e.colno}列）") from e
    if not isinstance(raw, dict):
        raise BadLine("每行应为一个JSON对象")
    if "body" in raw and "path" in raw:  # the law corpus layout
        return _from_corpus(raw)
    missing = [k for k in ("source_id", "title", "text") if not str(raw.get(k) or "").strip()]
    if missing:
        raise BadLine(f"缺少必填字段：{'、'.join(missing)}")
    when = _date(raw.get("date"))
    year = _int(raw.get("year"), "year") if raw.get("year") is not None else (when.year if when else None)
    issue = (
        _int(raw.get("issue"), "issue") if raw.get("issue") is not None else (when.month if when else None)
    )
    if year is None or issue is None:
        raise BadLine("缺少期次：需要year和issue，或date")
    if not 1949 <= year <= 2100 or not 1 <= issue <= 999:
        raise BadLine(f"期次超出范围：{year}年第{issue}期")
    start, end = _pages(raw.get("pages"))
    return Record(
        str(raw["source_id"]).strip(),
        year,
        issue,
        when,
        str(raw["title"]).strip()[:300],
        str(raw.get("doc_number") or "").strip()[:100],
        str(raw.get("issuer") or "").strip()[:200],
        str(raw.get("category") or "").strip()[:200],
        str(raw["text"]),
        start,
        end,
    )


def _from_corpus(raw: dict[str, object]) -> Record:
    title, body, path = (
        str(raw.get("title") or "").strip(),
        str(raw.get("body") or ""),
        str(raw.get("path") or ""),
    )
    if not title or not body.strip() or raw.get("id") is None:
        raise BadLine("缺少必填字段：id、title或body")
    m = _DATE_IN_PATH.search(path)
    when = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    if when is None and (t := _DATE_IN_TEXT.search(body)):
        when = _safe_date(int(t.group(1)), int(t.group(2)), int(t.group(3)))
    year = when.year if when else (int(y.group(1)) if (y := _YEAR.search(title + body)) else None)
    issue = when.month if when else (1 if year else None)  # a month's documents form one sample issue
    category = str(raw.get("category") or "")
    issuer = category.rsplit("/", 1)[-1] if category else ""
    return Record(
        f"laws:{raw['id']}",
        year,
        issue,
        when,
        title[:300],
        "",
        issuer[:200],
        category[:200],
        body,
        None,
        None,
    )


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _date(value: object) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as e:
        raise BadLine(f"日期格式应为YYYY-MM-DD：{value}") from e


def _int(value: object, field: str) -> int:
    try:
        return int(str(value))
    except ValueError as e:
        raise BadLine(f"{field}应为整数：{value}") from e


def _pages(value: object) -> tuple[int | None, int | None]:
    if value in (None, ""):
        return None, None
    m = _PAGES.match(str(value))
    if not m:
        raise BadLine(f"页码格式应为“12-15”或“12”：{value}")
    start = int(m.group(1))
    end = int(m.group(2)) if m.group(2) else start
    if end < start:
        raise BadLine(f"终止页小于起始页：{value}")
    return start, end
