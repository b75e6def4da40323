"""Queries as people type them, turned into tantivy queries: words (AND, with synonyms), quoted phrases,
``-word`` exclusions, 文号 and 索引号 looked up exactly, and the facet filters."""

from __future__ import annotations

import re
from dataclasses import dataclass

import tantivy

from gongkai.search import analysis
from gongkai.search.schema import SCHEMA

AGENCY_KIND = "agency"


def normalize_doc_number(value: str) -> str:
    """The form 文号 are indexed and looked up in: folded, no spaces, any brackets → 〔〕."""
    value = re.sub(r"\s+", "", analysis.fold(value))
    value = re.sub(r"[\[［(（〔【〖]((?:19|20)\d{2})[\]］)）〕】〗]", r"〔\1〕", value)
    return value


_DOC_NUMBER = re.compile(r"^\S{1,24}〔(?:19|20)\d{2}〕\d{1,6}号$|^\S{2,40}令第\d{1,5}号$")
#: 粤府2020年1号, 粤府2020 1号 (spaces between digits kept, others dropped first)
_YEAR_SPELT = re.compile(r"^([^\d\s]{1,24})((?:19|20)\d{2})(?:年|\s|(?=第))第?(\d{1,6})号$")
#: 粤府20201号: read as year 2020, number 1 — a 文号's year always has four digits, so the split is the
#: only one possible; a wrong reading costs nothing (it is looked up beside the words, never instead).
_YEAR_GLUED = re.compile(r"^([^\d\s]{1,24})((?:19|20)\d{2})(\d{1,6})号$")


def doc_number_forms(query: str) -> tuple[str, ...]:
    """The normalized 文号 a query may mean, as citizens type them: any brackets, none, 年, a space, 第,
    leading zeros (粤府(2020)1号, 粤府2020年1号, 粤府2020 1号, 粤府20201号 → 粤府〔2020〕1号)."""
    folded = analysis.fold(query).strip()
    tight = re.sub(r"(?<!\d)\s+|\s+(?!\d)", "", folded)  # keep only a space between two digits
    compact = normalize_doc_number(tight)
    if re.search(r"〔(?:19|20)\d{2}〕第?\d{1,6}$", compact):
        compact += "号"  # 粤府〔2020〕10: the 号 left off
    found = [compact]
    for pattern, text in ((_YEAR_SPELT, tight), (_YEAR_GLUED, compact)):
        if m := pattern.match(text):
            found.append(f"{m[1]}〔{m[2]}〕{m[3]}号")
    forms: list[str] = []
    for form in found:
        for variant in (form, form.replace("〕第", "〕"), re.sub(r"〕(?:第)?0+(\d)", r"〕\1", form)):
            if variant not in forms and _DOC_NUMBER.match(variant):
                forms.append(variant)
    return tuple(forms)


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    agency: str = ""
    division: str = ""  # a code: that division and everything under it
    level: str = ""
    category: str = ""
    topic: str = ""
    validity: str = ""
    year_from: int | None = None
    year_to: int | None = None


@dataclass(frozen=True)
class ParsedQuery:
    words: list[str]
    phrases: list[str]
    excluded: list[str]
    exact: str = ""  # a 文号 or 索引号 the whole query looks like
    numbers: tuple[str, ...] = ()  # the 文号 it may mean, normalized (doc_number_forms)


_PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”')
_EXCLUDE = re.compile(r"(?:^|\s)[-－]([^\s\"“]+)")
_INDEX_NO = re.compile(r"^[0-9A-Za-z-]{9,18}/\d{4}-\d{5}$")


def parse(query: str, synonyms: dict[str, list[str]] | None = None) -> ParsedQuery:
    q = analysis.fold(query).strip()
    exact = ""
    compact = re.sub(r"\s+", "", q)
    numbers = doc_number_forms(q)
    if _INDEX_NO.match(compact) or numbers:
        exact = compact
    phrases = [a or b for a, b in _PHRASE.findall(q)]
    rest = _PHRASE.sub(" ", q)
    excluded = _EXCLUDE.findall(rest)
    rest = _EXCLUDE.sub(" ", rest)
    words = analysis.query_words(rest)
    return ParsedQuery(words=words, phrases=phrases, excluded=excluded, exact=exact, numbers=numbers)


def _contiguous(text: str) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """``text`` as contiguous characters — a phrase of its bigrams — in the body or (boosted) the title."""
    grams: list[str | tuple[int, str]] = list(analysis.bigram_list(text))
    out = []
    for fname, boost in (("grams", 1.0), ("title_grams", 2.0)):
        q = (
            tantivy.Query.term_query(SCHEMA, fname, grams[0])
            if len(grams) == 1
            else tantivy.Query.phrase_query(SCHEMA, fname, grams)
        )
        out.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, boost)))
    return out


def _word_clause(word: str) -> tantivy.Query:
    """A word as the segmenter cut it (title boosted), or as contiguous characters for the words it cut
    differently."""
    parts: list[tuple[tantivy.Occur, tantivy.Query]] = [
        (
            tantivy.Occur.Should,
            tantivy.Query.boost_query(tantivy.Query.term_query(SCHEMA, "title_words", word), 3.0),
        ),
        (tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "words", word)),
    ]
    if len(word) >= 2 and analysis.has_cjk(word):
        parts += _contiguous(word)
    return tantivy.Query.boolean_query(parts)


def _alternatives(word: str, synonyms: dict[str, list[str]]) -> tantivy.Query:
    options = [word, *synonyms.get(word, [])]
    if len(options) == 1:
        return _word_clause(word)
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, _word_clause(w)) for w in options])


def _phrase_clause(phrase: str) -> tantivy.Query | None:
    """A quoted phrase: contiguous text only."""
    text = re.sub(r"\s+", "", phrase)
    return tantivy.Query.boolean_query(_contiguous(text)) if text else None


def _filter_clauses(f: Filters) -> list[tantivy.Query]:
    out = []
    if f.kinds:
        out.append(tantivy.Query.term_set_query(SCHEMA, "kind", list(f.kinds)))
    for fname, value in (("agency", f.agency), ("divs", f.division), ("level", f.level),
                         ("category", f.category), ("topic", f.topic), ("validity", f.validity)):  # fmt: skip
        if value:
            out.append(tantivy.Query.term_query(SCHEMA, fname, value))
    if f.year_from is not None or f.year_to is not None:
        out.append(
            tantivy.Query.range_query(SCHEMA, "year", tantivy.FieldType.Integer, f.year_from, f.year_to)
        )
    return out


def build_query(
    parsed: ParsedQuery, filters: Filters, synonyms: dict[str, list[str]]
) -> tantivy.Query | None:
    must = [_alternatives(w, synonyms) for w in parsed.words]
    must += [q for q in (_phrase_clause(p) for p in parsed.phrases) if q is not None]
    if not must and not parsed.exact:
        return None
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    text_query = tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in must]) if must else None
    if parsed.exact:
        exact = tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.term_set_query(
                        SCHEMA, "doc_number", list(parsed.numbers or [parsed.exact])
                    ),
                ),
                (tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "index_no", parsed.exact)),
            ]
        )
        boosted = tantivy.Query.boost_query(exact, 1000.0)
        either = [(tantivy.Occur.Should, boosted)]
        if text_query is not None:
            either.append((tantivy.Occur.Should, text_query))
        clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(either)))
    elif text_query is not None:
        clauses.append((tantivy.Occur.Must, text_query))
    for word in parsed.excluded:
        for w in analysis.query_words(word) or [word]:
            clauses.append((tantivy.Occur.MustNot, _word_clause(w)))
    clauses += [(tantivy.Occur.Must, q) for q in _filter_clauses(filters)]
    if not filters.kinds:  # agencies are offered above the results (search/agencies.py), never among them
        clauses.append((tantivy.Occur.MustNot, tantivy.Query.term_query(SCHEMA, "kind", AGENCY_KIND)))
    return tantivy.Query.boolean_query(clauses)
