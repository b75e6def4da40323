"""What is searchable, as the public may see it: published records and their attachments' text,
published interpretations, gazette documents and published annual reports. The database decides; the
index only mirrors it (a record that is not visible gives ``None`` and is removed from the index)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from functools import cached_property
from typing import Any

from django.utils import timezone

from gongkai.core import clock
from gongkai.gazette.models import GazetteDocument
from gongkai.orgs.models import Agency, Division
from gongkai.publications.models import Guide, Interpretation, Publication, PublicationAttachment
from gongkai.publications.states import Status
from gongkai.reports.models import AnnualReport
from gongkai.search.engine import Doc

KINDS = ("publication", "interpretation", "gazette", "report", "agency")
#: Content types added to the index after its first version, with the schema.CONTENT_VERSION that added
#: them: an index of an older version gets every such object through the outbox (services).
ADDED_CONTENT = (("agency", 2),)
_TAG = re.compile(r"<[^>]+>")


def plain(body: str) -> str:
    """Text of sanitized HTML (bodies are cleaned with nh3 on the way in, so tags are well formed)."""
    return html.unescape(_TAG.sub("\n", body)).strip()


class Divisions:
    """Division codes of every ancestor and the level, by division id: one query for the whole tree, made
    when first needed and shared by every document of a rebuild or of an outbox batch."""

    @cached_property
    def _tree(self) -> tuple[dict[int, list[str]], dict[int, int]]:
        rows = list(Division.objects.values_list("id", "path", "code", "level", "name"))
        by_path = {path: code for _id, path, code, _lvl, _name in rows}
        self.names_by_path = {path: name for _id, path, _code, _lvl, name in rows}
        self.paths = {pk: path for pk, path, _code, _lvl, _name in rows}
        step = Division.steplen
        codes = {
            pk: [by_path[path[:i]] for i in range(step, len(path) + 1, step) if path[:i] in by_path]
            for pk, path, _code, _lvl, _name in rows
        }
        return codes, {pk: lvl for pk, _p, _c, lvl, _n in rows}

    @property
    def codes(self) -> dict[int, list[str]]:
        return self._tree[0]

    @property
    def level(self) -> dict[int, int]:
        return self._tree[1]

    def names(self, division_id: int) -> list[str]:
        """Names of the division and its ancestors, from the province down (广东省, 广州市, 越秀区)."""
        self._tree  # noqa: B018  # loads the tree
        path, step = self.paths.get(division_id, ""), Division.steplen
        return [
            self.names_by_path[path[:i]]
            for i in range(step, len(path) + 1, step)
            if path[:i] in self.names_by_path
        ]


def _rank(published: date | None, validity: str) -> float:
    """A light preference (the score is multiplied by log2(2 + rank)): recent, and 现行有效."""
    today = clock.today()
    age_years = (today - published).days / 365.0 if published else 30.0
    recency = max(0.0, 1.0 - age_years / 10.0)
    return 0.25 * recency + (0.15 if validity == "in_force" else 0.0)


def _publication_doc(p: Publication, divisions: Divisions, attachments: list[str]) -> Doc:
    day = timezone.localdate(p.published_at) if p.published_at else None
    topic = p.topic.parent.name if p.topic and p.topic.parent else (p.topic.name if p.topic else "")
    text = "\n".join(x for x in [p.summary, plain(p.body), p.keywords, *attachments] if x)
    return Doc(
        key=f"publication:{p.pk}",
        kind="publication",
        title=p.title,
        text=text,
        year=day.year if day else 0,
        day=day,
        url=f"/publications/{p.pk}/",
        doc_number=p.doc_number,
        index_no=p.index_no or "",
        agency=str(p.agency_id),
        agency_name=p.agency.name,
        divisions=divisions.codes.get(p.agency.division_id, []),
        level=str(divisions.level.get(p.agency.division_id, "")),
        category=p.category,
        topic=topic,
        validity=p.validity,
        rank=_rank(day, p.validity),
        meta={
            "doc_number": p.doc_number,
            "date": day.isoformat() if day else "",
            "index_no": p.index_no or "",
        },
    )


def _interpretation_doc(i: Interpretation, divisions: Divisions) -> Doc:
    p = i.policy
    day = timezone.localdate(i.published_at) if i.published_at else None
    qa = "\n".join(f"{x.get('q', '')} {x.get('a', '')}" for x in i.qa)
    return Doc(
        key=f"interpretation:{i.pk}",
        kind="interpretation",
        title=i.title,
        text="\n".join(x for x in [plain(i.body), qa, p.title] if x),
        year=day.year if day else 0,
        day=day,
        url=f"/interpretations/{i.pk}/",
        agency=str(p.agency_id),
        agency_name=p.agency.name,
        divisions=divisions.codes.get(p.agency.division_id, []),
        level=str(divisions.level.get(p.agency.division_id, "")),
        category=p.category,
        rank=_rank(day, ""),
        meta={"date": day.isoformat() if day else "", "policy": p.title},
    )


def _gazette_doc(g: GazetteDocument) -> Doc:
    year = g.issue.year if g.issue else 0
    day = g.issue.date if g.issue else None
    return Doc(
        key=f"gazette:{g.pk}",
        kind="gazette",
        title=g.title,
        text=g.text,
        year=year,
        day=day,
        url=f"/gazette/documents/{g.pk}/",
        doc_number=g.doc_number,
        agency_name=g.issuer,
        category="gazette",
        rank=0.0,
        meta={"doc_number": g.doc_number, "date": day.isoformat() if day else (str(year) if year else "")},
    )


def _report_text(r: Any) -> tuple[str, str]:
    """(title, text) of a published annual report, from its frozen snapshot."""
    snapshot = r.snapshot if isinstance(r.snapshot, dict) else {}
    organization = snapshot.get("organization") or (r.agency.name if r.agency_id else r.division.name)
    sections = snapshot.get("sections") or {}
    text = "\n".join(str(v) for v in sections.values() if v)
    return f"{organization}{r.year}年政府信息公开工作年度报告", text


def _report_doc(r: Any, divisions: Divisions) -> Doc:
    day = timezone.localdate(r.published_at) if r.published_at else None
    title, text = _report_text(r)
    division_id = r.agency.division_id if r.agency_id else r.division_id
    return Doc(
        key=f"report:{r.pk}",
        kind="report",
        title=title,
        text=text,
        year=r.year,
        day=day,
        url=f"/reports/{r.pk}/",
        agency=str(r.agency_id or ""),
        agency_name=r.agency.name if r.agency_id else (r.division.name if r.division_id else ""),
        divisions=divisions.codes.get(division_id, []),
        level=str(divisions.level.get(division_id, "")),
        category="report",
        rank=_rank(day, ""),
        meta={"date": day.isoformat() if day else ""},
    )


def _attachments_by_publication(ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for pid, text in PublicationAttachment.objects.filter(publication_id__in=ids).values_list(
        "publication_id", "text"
    ):
        if text:
            out.setdefault(pid, []).append(text)
    return out


def _publications() -> Any:
    return Publication.objects.filter(status=Status.PUBLISHED).select_related("agency", "topic__parent")


def _interpretations() -> Any:
    return Interpretation.objects.filter(
        status=Status.PUBLISHED, policy__status=Status.PUBLISHED
    ).select_related("policy__agency")


def _reports() -> Any:
    return AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).select_related(
        "agency", "division"
    )


def _newest_reports(qs: Any) -> list[Any]:
    """Only the newest published version of each report (a correction replaces it in search)."""
    newest: dict[tuple[Any, ...], Any] = {}
    for r in qs.order_by("version"):
        newest[(r.scope, r.agency_id, r.division_id, r.year)] = r
    return list(newest.values())


def _agencies() -> Any:
    return Agency.objects.filter(is_active=True).select_related("division")


def _guides(ids: list[int]) -> dict[int, Guide]:
    return {g.agency_id: g for g in Guide.objects.filter(agency_id__in=ids)}


def _agency_doc(a: Agency, divisions: Divisions, guide: Guide | None) -> Doc:
    """An agency and its 政府信息公开指南: found by its full name, 简称 or place (offered above the results,
    search/agencies.py), with the guide's edited text as its text."""
    places = divisions.names(a.division_id)
    edited = [getattr(guide, f) for f in ("classification", "how_to_obtain", "system_text")] if guide else []
    text = "\n".join(x for x in ["政府信息公开指南", a.office_name, a.office_address, *edited] if x)
    return Doc(
        key=f"agency:{a.pk}",
        kind="agency",
        title=a.name,
        aliases=" ".join(x for x in [a.short_name, *places] if x),
        text=text,
        url=f"/agencies/{a.pk}/",
        agency=str(a.pk),
        agency_name=a.name,
        divisions=divisions.codes.get(a.division_id, []),
        level=str(divisions.level.get(a.division_id, "")),
        meta={
            "short_name": a.short_name,
            "place": "".join(places[1:] or places),
            "guide": f"/agencies/{a.pk}/guide/",
            "agency_kind": a.kind,
        },
    )


def all_ids(content_type: str) -> list[int]:
    """Every object of one content type that may be in the index (for services.search_upgrade_index)."""
    if content_type == "agency":
        return list(_agencies().values_list("pk", flat=True))
    raise ValueError(content_type)


def all_documents() -> Iterator[Doc]:
    """Everything searchable, for a rebuild (streamed in chunks)."""
    divisions = Divisions()
    agencies = list(_agencies())
    guides = _guides([a.pk for a in agencies])
    for a in agencies:
        yield _agency_doc(a, divisions, guides.get(a.pk))
    for g in GazetteDocument.objects.select_related("issue").iterator(chunk_size=500):
        yield _gazette_doc(g)
    chunk: list[Publication] = []
    for p in _publications().order_by("pk").iterator(chunk_size=2000):
        chunk.append(p)
        if len(chunk) == 2000:
            yield from _publication_chunk(chunk, divisions)
            chunk = []
    yield from _publication_chunk(chunk, divisions)
    for i in _interpretations().iterator(chunk_size=1000):
        yield _interpretation_doc(i, divisions)
    for r in _newest_reports(_reports()):
        yield _report_doc(r, divisions)


def _publication_chunk(chunk: list[Publication], divisions: Divisions) -> Iterator[Doc]:
    attachments = _attachments_by_publication([p.pk for p in chunk])
    for p in chunk:
        yield _publication_doc(p, divisions, attachments.get(p.pk, []))


def document(content_type: str, pk: int, divisions: Divisions) -> tuple[list[str], Doc | None]:
    """(keys to remove, the document to add or None) for one changed object."""
    key = f"{content_type}:{pk}"
    if content_type == "publication":
        p = _publications().filter(pk=pk).first()
        return [key], (
            _publication_doc(p, divisions, _attachments_by_publication([pk]).get(pk, [])) if p else None
        )
    if content_type == "interpretation":
        i = _interpretations().filter(pk=pk).first()
        return [key], (_interpretation_doc(i, divisions) if i else None)
    if content_type == "gazette":
        g = GazetteDocument.objects.select_related("issue").filter(pk=pk).first()
        return [key], (_gazette_doc(g) if g else None)
    if content_type == "report":
        r = AnnualReport.objects.filter(pk=pk).first()
        if r is None:
            return [key], None
        versions = _reports().filter(
            scope=r.scope, agency_id=r.agency_id, division_id=r.division_id, year=r.year
        )
        keys = [f"report:{v}" for v in versions.values_list("pk", flat=True)] + [key]
        newest = _newest_reports(versions)
        return keys, (_report_doc(newest[0], divisions) if newest else None)
    if content_type == "agency":
        a = _agencies().filter(pk=pk).first()
        return [key], (_agency_doc(a, divisions, _guides([pk]).get(pk)) if a else None)
    return [key], None


def load_texts(keys: list[str]) -> dict[str, str]:
    """Full texts of search hits, for their snippets (one query per kind)."""
    by_kind: dict[str, list[int]] = {}
    for key in keys:
        kind, _, number = key.partition(":")
        by_kind.setdefault(kind, []).append(int(number))
    out: dict[str, str] = {}
    if ids := by_kind.get("gazette"):
        for gid, text in GazetteDocument.objects.filter(pk__in=ids).values_list("pk", "text"):
            out[f"gazette:{gid}"] = text
    if ids := by_kind.get("publication"):
        attachments = _attachments_by_publication(ids)
        for pid, summary, body in Publication.objects.filter(pk__in=ids).values_list("pk", "summary", "body"):
            out[f"publication:{pid}"] = "\n".join(
                x for x in [summary, plain(body), *attachments.get(pid, [])] if x
            )
    if ids := by_kind.get("interpretation"):
        for iid, body, qa in Interpretation.objects.filter(pk__in=ids).values_list("pk", "body", "qa"):
            out[f"interpretation:{iid}"] = "\n".join(
                [plain(body), *(f"{x.get('q')} {x.get('a')}" for x in qa)]
            )
    if ids := by_kind.get("report"):
        for r in AnnualReport.objects.filter(pk__in=ids).select_related("agency", "division"):
            out[f"report:{r.pk}"] = _report_text(r)[1]
    return out
