"""Agencies offered above the search results: a query naming an agency — its full name (广州市教育局), its
简称, or part of it with its place (广州 市教育局, 教育厅) — gets a card linking the agency's site and its
政府信息公开指南. Agencies are documents of the index (kind "agency", fed by the outbox and the rebuild,
docs/search.md); this module only decides which of the matching ones name the agency the query means."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from gongkai.search import analysis, engine
from gongkai.search.backends import backend

MAX_CARDS = 3
#: Words that ask for an agency's guide or site rather than naming it.
_GUIDE_WORDS = re.compile(r"(?:政府)?(?:信息)?公开指南|指南|网站|官网|主页|首页")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]{2,}")
#: The last characters of the names of 行政机关 (a bare 教育 names no agency; 教育局 does).
_AGENCY_ENDINGS = (*"局厅委办院署府会处关所站队", "中心", "街道")


@dataclass(frozen=True)
class AgencyCard:
    pk: int
    name: str
    place: str
    url: str
    guide_url: str
    guide_asked: bool  # the query asked for the 指南 (shown first on the card)


def agency_cards(query: str, filters: engine.Filters) -> list[AgencyCard]:
    """The agencies the query names, best first (at most three); none for filtered or non-name queries."""
    if filters.kinds or filters.category or filters.topic or filters.validity or filters.year_from:
        return []
    folded = analysis.fold(query)
    guide_asked = bool(_GUIDE_WORDS.search(folded))
    parts = _GUIDE_WORDS.sub(" ", folded).split()
    if not parts or not all(_CJK_ONLY.fullmatch(p) for p in parts):
        return []
    names_agency = parts[-1].endswith(_AGENCY_ENDINGS)
    if not (guide_asked or names_agency):
        return []  # 条例, 营商环境: no agency's name (and no search spent on it: most queries end here)
    ranked = _ranked(parts, " ".join(f'"{p}"' for p in parts), filters, guide_asked, names_agency)
    if not ranked:  # 广州教育局: the place written without its 市 is no phrase of 广州市教育局's name
        ranked = _ranked(parts, " ".join(parts), filters, guide_asked, names_agency)
    return [
        AgencyCard(
            pk=int(hit.key.partition(":")[2]),
            name=hit.title,
            place=str(hit.fields.get("place", "")),
            url=hit.url,
            guide_url=str(hit.fields.get("guide", "")),
            guide_asked=guide_asked,
        )
        for _fit_key, _order, hit in ranked[:MAX_CARDS]
    ]


def _ranked(
    parts: list[str], query: str, filters: engine.Filters, guide_asked: bool, names_agency: bool
) -> list[tuple[tuple[int, int, float, int], int, engine.Hit]]:
    found = backend().search(
        query,
        filters=replace(filters, kinds=("agency",)),
        limit=30,
        offset=0,
        sort="relevance",
        facets=False,
        synonyms={},
        texts=None,
    )
    ranked = []
    for order, hit in enumerate(found.hits):
        fit = _fit(parts, hit, loose=guide_asked)
        if fit is not None:
            # a place and 指南 (越秀区 指南): the place's 人民政府 is the agency meant
            government = names_agency or hit.fields.get("agency_kind") == "government"
            ranked.append(((fit[0], 0 if government else 1, *fit[1:]), order, hit))
    ranked.sort(key=lambda x: (x[0], x[1]))
    return ranked


def without_place_suffix(name: str, place: str) -> str:
    """The name as people shorten it, the place without its 省/市/区/县 (广州市教育局 → 广州教育局), or ""."""
    if len(place) > 2 and place.endswith(("省", "市", "区", "县")) and name.startswith(place):
        return place[:-1] + name[len(place) :]
    return ""


def _fit(parts: list[str], hit: engine.Hit, *, loose: bool) -> tuple[int, float, int] | None:
    """How well the query's parts name this agency, as a sort key (smaller is better), or None when they
    do not: every part must be in its name, 简称 or place, and together they must be its name, its 简称, a
    good half of its name, or end like an agency's name (``loose``, when the 指南 is asked for: any)."""
    name, short = hit.title, str(hit.fields.get("short_name", ""))
    place = str(hit.fields.get("place", ""))
    names = [
        n for n in (name, short, f"{place}{short}" if short else "", without_place_suffix(name, place)) if n
    ]
    if not all(any(p in n for n in names) or p in place for p in parts):
        return None
    exact = "".join(parts) in names
    coverage = sum(len(p) for p in parts if p in name) / max(1, len(name))
    if not (loose or exact or coverage >= 0.5 or parts[-1].endswith(_AGENCY_ENDINGS)):
        return None
    return (0 if exact else 1, -coverage, len(name))
