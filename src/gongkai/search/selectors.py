"""Searching for the portal, the API and the command line: the engine's hits with snippets from the
database, facets with readable labels, pinyin suggestions and "did you mean"."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Agency
from gongkai.publications import reference
from gongkai.publications.models import Validity
from gongkai.search import analysis, documents, engine, pinyin
from gongkai.search.agencies import AgencyCard, agency_cards, without_place_suffix
from gongkai.search.backends import backend
from gongkai.search.pinyin import pinyin_of

log = logging.getLogger(__name__)

KIND_LABELS = {
    "publication": _("政府信息"),
    "interpretation": _("政策解读"),
    "gazette": _("政府公报"),
    "report": _("年度报告"),
}
LEVEL_LABELS = {"1": _("省级"), "2": _("市级"), "3": _("县级"), "4": _("乡镇级")}
PAGE_SIZE = 10
MAX_PAGE = 100


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[tuple[str, str, int]]  # (value, label, count)


@dataclass
class Page:
    query: str
    hits: list[engine.Hit]
    total: int
    page: int
    facets: list[Facet] = field(default_factory=list)
    did_you_mean: str = ""
    exact: bool = False
    #: The Chinese a pinyin query was read as and searched for instead (zfxxgk → 政府信息公开).
    searched_for: str = ""
    #: Agencies the query names, offered above the results (first page only).
    agencies: list[AgencyCard] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, -(-self.total // PAGE_SIZE))


class _Vocabulary:
    """Synonyms and administrators' terms (database), packaged terms; refreshed every five minutes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loaded_at = -1e9
        self.synonyms: dict[str, list[str]] = {}

    def get(self) -> dict[str, list[str]]:
        with self.lock:
            if time.monotonic() - self.loaded_at < 300:
                return self.synonyms
            from gongkai.search.models import Term

            groups = [line.split() for line in analysis.packaged_lines("synonyms.txt")]
            words = []
            for term in Term.objects.all():
                words.append(term.word)
                if term.synonyms.strip():
                    groups.append([term.word, *term.synonyms.split()])
            analysis.ensure_dictionary()
            analysis.add_words(words + [w for g in groups for w in g])
            synonyms: dict[str, list[str]] = {}
            for group in groups:
                folded = [analysis.fold(w) for w in group]
                for w in folded:
                    synonyms.setdefault(w, [])
                    synonyms[w] += [x for x in folded if x != w and x not in synonyms[w]]
            self.synonyms, self.loaded_at = synonyms, time.monotonic()
            return synonyms


vocabulary = _Vocabulary()


def refresh_vocabulary() -> None:
    vocabulary.loaded_at = -1e9


def filter_problems(params: dict[str, str]) -> dict[str, str]:
    """The filters whose value no document can have, with a Chinese message each: the search page and the
    API refuse them (400) instead of searching unfiltered while showing the value as a chosen filter."""
    known: dict[str, set[str]] = {
        "kind": set(KIND_LABELS),
        "level": set(LEVEL_LABELS),
        "category": {*reference.CATEGORIES, *KIND_LABELS},
        "validity": set(Validity.values),
    }
    problems: dict[str, str] = {}
    for name, values in known.items():
        value = params.get(name, "")
        if value and value not in values:
            problems[name] = f"筛选条件“{name}”的值无效"
    for name in ("agency", "division", "year", "year_from", "year_to"):
        value = params.get(name, "")
        if value and not re.fullmatch(r"[0-9]{1,18}", value):
            problems[name] = f"筛选条件“{name}”应为数字"
    return problems


def parse_filters(params: dict[str, str]) -> engine.Filters:
    """Filters from request parameters; unknown or malformed values are ignored, never an error."""

    def digits(name: str) -> str:  # ASCII only: "²".isdigit() is true and int("²") fails
        value = params.get(name, "")
        return value if value.isascii() and value.isdigit() and len(value) <= 19 else ""

    def year(name: str) -> int | None:
        value = digits(name)
        return int(value) if value and 1900 <= int(value) <= 2100 else None

    kind = params.get("kind", "")
    return engine.Filters(
        kinds=(kind,) if kind in KIND_LABELS else (),
        agency=digits("agency"),
        division=digits("division"),
        level=params.get("level", "") if params.get("level", "") in LEVEL_LABELS else "",
        category=params.get("category", "") if params.get("category", "") in reference.CATEGORIES else "",
        topic=params.get("topic", "")[:40],
        validity=params.get("validity", "") if params.get("validity", "") in Validity.values else "",
        year_from=year("year_from") or year("year"),
        year_to=year("year_to") or year("year"),
    )


def _facet_labels(raw: dict[str, list[tuple[str, int]]]) -> list[Facet]:
    agency_names = dict(
        Agency.objects.filter(pk__in=[int(v) for v, _ in raw.get("agency", []) if v.isdigit()]).values_list(
            "pk", "name"
        )
    )
    validity = dict(Validity.choices)
    labels: dict[str, tuple[object, Callable[[str], object]]] = {
        "kind": (_("类型"), lambda v: KIND_LABELS.get(v, v)),
        "category": (_("公开类别"), lambda v: reference.CATEGORIES.get(v) or KIND_LABELS.get(v, v)),
        "topic": (_("主题分类"), lambda v: v),
        "level": (_("层级"), lambda v: LEVEL_LABELS.get(v, v)),
        "validity": (_("有效性"), lambda v: validity.get(v, v)),
        "year": (_("年份"), lambda v: v),
        "agency": (_("发布机构"), lambda v: agency_names.get(int(v), v) if v.isdigit() else v),
    }
    out = []
    for name, (label, fn) in labels.items():
        values = [(v, str(fn(v)), n) for v, n in raw.get(name, []) if v and v != "0"]
        if name == "year":
            values.sort(key=lambda x: x[0], reverse=True)
        if values:
            out.append(Facet(name, str(label), values))
    return out


def search(
    query: str, *, params: dict[str, str] | None = None, page: int = 1, sort: str = "relevance"
) -> Page:
    query = query.strip()[:100]
    page = max(1, min(page, MAX_PAGE))
    if not query:
        return Page(query, [], 0, page)
    filters = parse_filters(params or {})
    sort = "date" if sort == "date" else "relevance"
    result = _run(query, filters, page, sort)
    if result.total and page > (last := min(MAX_PAGE, -(-result.total // PAGE_SIZE))):
        page = last  # past the end: the last page, as the portal's other lists answer
        result = _run(query, filters, page, sort)
    searched_for = ""
    readings: list[str] = []
    if result.total < FEW_RESULTS and pinyin.is_latin(analysis.fold(query)):
        readings = pinyin.readings(query, suggestions.get())
        for reading in readings:
            read = _run(reading, filters, page, sort)
            if read.total > result.total:
                result, searched_for = read, reading
                break
    out = Page(query, result.hits, result.total, page, _facet_labels(result.facets), exact=result.exact)
    out.searched_for = searched_for
    out.agencies = agency_cards(searched_for or query, filters) if page == 1 else []
    if page == 1 and not out.agencies and readings:  # gzjyj: an agency's initials, no document's words
        out.agencies = agency_cards(readings[0], filters)
    if result.total == 0 and not out.agencies:
        out.did_you_mean = did_you_mean(query)
    return out


#: A Latin-letter query with fewer direct results than this is also read as pinyin.
FEW_RESULTS = 3


def _run(query: str, filters: engine.Filters, page: int, sort: str) -> engine.Result:
    return backend().search(
        query,
        filters=filters,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        sort=sort,
        facets=True,
        synonyms=vocabulary.get(),
        texts=documents.load_texts,
    )


# ---------------------------------------------------------------- suggestions


class _Suggestions:
    """Terms offered in the search box: the government-term dictionary, administrators' terms, the words
    that occur in many titles and the agencies' names, keyed by their pinyin and initials. Built when the
    web worker starts (warm_up) and rebuilt every ten minutes on a background thread, while requests go
    on with the previous list (a rebuild reads the pinyin of some 30,000 words: seconds, not a page's)."""

    MAX_AGE = 600.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.built_at = -1e9
        self.refreshing = False
        self.entries: list[tuple[str, str, str, int]] = []  # (word, pinyin, initials, frequency)

    def get(self) -> list[tuple[str, str, str, int]]:
        with self.lock:
            if self.entries:
                if time.monotonic() - self.built_at >= self.MAX_AGE and not self.refreshing:
                    self.refreshing = True
                    threading.Thread(target=self._refresh, name="suggestions", daemon=True).start()
                return self.entries
            self.entries, self.built_at = _suggestion_entries(), time.monotonic()
            return self.entries

    def invalidate(self) -> None:
        """Forget the list: the next request builds it anew (after terms are edited; tests)."""
        with self.lock:
            self.entries, self.built_at = [], -1e9

    def _refresh(self) -> None:
        from django.db import connection

        try:
            entries = _suggestion_entries()
            with self.lock:
                self.entries, self.built_at = entries, time.monotonic()
        except Exception:  # a busy database or a moved index: keep the list, try again next time
            log.warning("search suggestions not rebuilt", exc_info=True)
            with self.lock:
                self.built_at = time.monotonic()
        finally:
            self.refreshing = False
            connection.close()  # this thread's own connection


def _suggestion_entries() -> list[tuple[str, str, str, int]]:
    from gongkai.search.models import Term

    words = set(analysis.packaged_lines("terms.txt")) | set(Term.objects.values_list("word", flat=True))
    entries: dict[str, int] = {}
    for w in words:
        w = analysis.fold(w)
        if analysis.has_cjk(w):
            entries[w] = max(backend().doc_frequency("words", w), 1)
    for term, n in backend().terms("title_words", "", 200_000):
        if n >= 3 and len(term) >= 2 and analysis.has_cjk(term):
            entries[term] = max(entries.get(term, 0), n)
    for name in _agency_names():  # gzjyj → 广州教育局, not 工作 + 教育局
        entries.setdefault(analysis.fold(name), 1)
    return sorted(((w, *pinyin_of(w), n) for w, n in entries.items()), key=lambda e: (-e[3], e[0]))


suggestions = _Suggestions()


def _agency_names() -> set[str]:
    """Agencies' names as people type them: full, 简称, and with the place's 市/区/县 left out (down to the
    counties: a town's agencies are found by their Chinese names)."""
    names: set[str] = set()
    for name, short, place in Agency.objects.filter(is_active=True, division__level__lte=3).values_list(
        "name", "short_name", "division__name"
    ):
        names.update(n for n in (name, short, without_place_suffix(name, place)) if len(n) >= 2)
    return names


def suggest(prefix: str, limit: int = 8) -> list[str]:
    """Completions for the search box: Chinese prefixes, full pinyin (yuekangma) or initials (ykm)."""
    prefix = analysis.fold(prefix.strip())[:30]
    if not prefix:
        return []
    out: list[str] = []
    ascii_prefix = prefix.replace(" ", "")
    for word, full, initials, _n in suggestions.get():
        if analysis.has_cjk(prefix):
            ok = word.startswith(prefix) and word != prefix
        else:
            ok = full.startswith(ascii_prefix) or initials.startswith(ascii_prefix)
        if ok:
            out.append(word)
            if len(out) == limit:
                break
    return out


_PINYIN_MAPS: dict[int, tuple[object, dict[str, str]]] = {}


def _by_pinyin(vocabulary: Any) -> dict[str, str]:
    """Full pinyin → the most frequent term written so, built once per loaded vocabulary (not per query)."""
    cached = _PINYIN_MAPS.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    by_pinyin: dict[str, str] = {}
    for word, full, _initials, _n in vocabulary:
        by_pinyin.setdefault(full, word)
    _PINYIN_MAPS.clear()
    _PINYIN_MAPS[id(vocabulary)] = (vocabulary, by_pinyin)
    return by_pinyin


def did_you_mean(query: str) -> str:
    """For a query with no results: the same sounds written as a known term (粤康吗 → 粤康码), or the
    query without the words that matched nothing."""
    folded = analysis.fold(query)
    words = analysis.query_words(folded)
    if not words:
        return ""
    by_pinyin = _by_pinyin(suggestions.get())
    whole = re.sub(r"\s+", "", folded)
    candidate = by_pinyin.get(pinyin_of(whole)[0]) if analysis.has_cjk(whole) else None
    if candidate and candidate != whole and _count(candidate):
        return candidate  # the whole query sounds like a known term: 粤康吗 → 粤康码
    fixed = []
    changed = False
    for w in words:
        if analysis.has_cjk(w) and backend().doc_frequency("words", w) == 0:
            candidate = by_pinyin.get(pinyin_of(w)[0])
            if candidate and candidate != w:
                fixed.append(candidate)
                changed = True
                continue
            if len(words) > 1:
                changed = True
                continue  # drop a word nothing contains
        fixed.append(w)
    suggestion = " ".join(fixed)
    if not changed or not suggestion:
        return ""
    return suggestion if _count(suggestion) else ""


def _count(query: str) -> int:
    return (
        backend()
        .search(
            query,
            filters=engine.Filters(),
            limit=1,
            offset=0,
            sort="relevance",
            facets=False,
            synonyms={},
            texts=None,
        )
        .total
    )


def warm_up() -> None:
    """Open the index and load the segmenter's dictionary now, so that the first citizen served by a new
    web worker does not wait for them (about 0.6 s on the demo). Never fails: without an index, search
    pages say so when asked."""
    try:
        search("政府信息公开")
        suggestions.get()
    except Exception:  # noqa: S110  (a missing or broken index is reported by the search page)
        pass
