"""Reading the tables of a report published as an HTML page anywhere (REGULATIONS.md §6): merged cells,
headers broken over lines, blank cells versus 0, units inside cells, header rows repeated at page breaks,
typos in headings. Standard library only (html.parser)."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

from gongkai.core import report_formats

Grid = list[list[str]]


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self._stack: list[list[list[tuple[str, int, int]]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            if not self._stack[-1]:
                self._stack[-1].append([])
            self._cell = []
            self._span = (_int(a.get("rowspan")), _int(a.get("colspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._stack:
            self._stack[-1][-1].append(("".join(self._cell), *self._span))
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        else:
            self.text.append(data)


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _expand(rows: list[list[tuple[str, int, int]]]) -> Grid:
    """Place cells with their row and column spans into a rectangular grid (covered cells repeat the text)."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for i in range(rowspan):
                for j in range(colspan):
                    grid[(r + i, c + j)] = text
            c += colspan
    if not grid:
        return []
    height, width = max(k[0] for k in grid) + 1, max(k[1] for k in grid) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]


def norm(text: str) -> str:
    """Fold widths, drop spaces, quotes and line breaks: "商业\\n企业" and "商业企业" compare equal."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\"“”'‘’]", "", text)


_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?\s*(元|万元|件|宗|项|起)?$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip().replace("，", ",")))


def _value(text: str) -> int | str | None:
    t = text.strip()
    if not t or t in ("-", "—", "/"):
        return None
    m = re.search(r"-?[\d,]+", t)
    return int(m.group().replace(",", "")) if m else t


def parse(html: str) -> dict[str, Any]:
    parser = _Tables()
    parser.feed(html)
    grids = [_expand(t) for t in parser.tables]
    page = norm("".join(parser.text))
    data: dict[str, Any] = {
        "table2": {},
        "table3": {},
        "table4": {},
        "sections": {"全文": "".join(parser.text)},
    }
    year = re.search(r"(20\d\d)年(?:度)?政府信息公开", page)
    data["year"] = int(year.group(1)) if year else None
    flat = [norm("".join(cell for row in g for cell in row)) for g in grids]
    t3 = next((g for g, f in zip(grids, flat, strict=True) if "本年新收" in f), None)
    if t3 is not None:
        fmt = "2021" if "逾期不补正" in flat[grids.index(t3)] else "2019"
        data["format"] = fmt
        data["table3"] = _table3(t3, fmt)
    else:
        data["format"] = "2021" if (data["year"] or 0) >= 2021 else "2019"
    t4 = next((g for g, f in zip(grids, flat, strict=True) if "结果维持" in f and "复议" in f), None)
    if t4 is not None:
        data["table4"] = _table4(t4)
    return data


def _trim(line: list[str]) -> list[str]:
    """Drop the empty cells a ragged table leaves after a row's last cell."""
    end = len(line)
    while end and not line[end - 1].strip():
        end -= 1
    return line[:end]


def _table3(grid: Grid, fmt: str) -> dict[str, dict[str, Any]]:
    columns = report_formats.table3_columns()
    rows = report_formats.table3_rows(fmt)
    out: dict[str, dict[str, Any]] = {}
    context = ""
    for line in grid:
        line = _trim(line)
        labels = [c for c in line if c.strip() and not _is_number(c)]
        cells = [c for c in line if c.strip() == "" or _is_number(c)]
        if len(cells) < len(columns):
            continue  # header rows (also when repeated at a page break)
        label = norm("".join(dict.fromkeys(labels)))  # covered cells repeat: keep each text once
        # A header repeated inside a merged group (a page break in the Word original) cuts the group
        # cell short: the rows after it inherit the group of the row before.
        match = _match_row(label, rows) or (_match_row(context + label, rows) if context else None)
        if match and match not in out:
            values = cells[-len(columns) :]
            out[match] = {col: _value(v) for col, v in zip(columns, values, strict=True)}
            context = norm("".join(match.split("/")[:-1]))
    return out


def _match_row(label: str, rows: list[str]) -> str | None:
    best, best_len = None, 0
    for row in rows:
        segments = [norm(s) for s in row.split("/")]
        key = segments[-1]
        if len(segments) > 2 and norm(segments[1])[:4] not in label:
            continue  # "1.属于…" exists under several groups: the group label must be there too
        if (key in label or (len(key) > 8 and key[:8] in label)) and len(key) > best_len:
            best, best_len = row, len(key)
    return best


def _table4(grid: Grid) -> dict[str, dict[str, Any]]:
    groups, columns = report_formats.table4_groups(), report_formats.table4_columns()
    need = len(groups) * len(columns)
    for line in reversed(grid):
        cells = [c for c in _trim(line) if c.strip() == "" or _is_number(c)]
        if len(cells) >= need and any(_is_number(c) for c in cells):
            values = cells[-need:]
            return {
                g: {col: _value(values[i * len(columns) + j]) for j, col in enumerate(columns)}
                for i, g in enumerate(groups)
            }
    return {}
