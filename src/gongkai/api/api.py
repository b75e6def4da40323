"""The HTTP API (django-ninja; OpenAPI at /api/docs). Public reads of publications with cursor pagination;
staff writes through the same services as the portal, authenticated by per-agency tokens. Every error has
the single shape ``{"code", "message", "fields"}``."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import typing
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pydantic
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.dateparse import parse_datetime
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.responses import Status as HttpStatus
from ninja.security import HttpBearer

from gongkai.api import services as token_services
from gongkai.api.models import ApiToken
from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError, InvalidInput, NotFound
from gongkai.orgs.models import Division
from gongkai.orgs.selectors import subtree_range
from gongkai.publications import access, selectors, services
from gongkai.publications.models import Publication
from gongkai.publications.states import Status
from gongkai.search import selectors as search_selectors

api = NinjaAPI(
    title="gongkai 政府信息公开平台 API",
    version="1",
    urls_namespace="api",
    description="主动公开信息的查询（公开）与提交（机关令牌）。错误统一为 {code, message, fields}。",
)

_STATUS = {"invalid_input": 400, "not_found": 404, "permission_denied": 403, "invalid_transition": 409}


def _error(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


@api.exception_handler(GongkaiError)
def _gongkai_error(request: HttpRequest, exc: GongkaiError) -> HttpResponse:
    return _error(request, _STATUS.get(exc.code, 400), exc.code, exc.message, exc.fields)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = {}
    for e in exc.errors:
        loc = [str(x) for x in e.get("loc", []) if x not in ("body", "query", "path", "payload", "data")]
        fields[".".join(loc) or "request"] = str(e.get("msg", "invalid"))
    return _error(request, 400, "invalid_input", "请求参数有误", fields)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthorized", "缺少或无效的接口令牌（Authorization: Bearer …）")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, str]


class AgencyOut(Schema):
    id: int
    name: str


class PublicationSummary(Schema):
    id: int
    index_no: str | None
    title: str
    doc_number: str
    agency_id: int
    kind: str
    genre: str
    category: str
    validity: str
    written_on: date
    published_at: datetime | None
    summary: str
    url: str


class InterpretationOut(Schema):
    id: int
    form: str
    title: str
    url: str


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str


class PublicationOut(PublicationSummary):
    status: str
    topic: str
    keywords: str
    body: str
    agencies: list[AgencyOut]
    version: int
    revision_note: str
    replaced_by_id: int | None
    withdrawn_reason: str
    attachments: list[AttachmentOut]
    interpretations: list[InterpretationOut]


class PageOut(Schema):
    items: list[PublicationSummary]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；为空表示没有更多")


class ListFilters(Schema):
    agency: int | None = Field(None, description="发布机构编号")
    division: str | None = Field(None, description="行政区划代码（含下级）")
    category: str | None = Field(None, description="主动公开类别代码，如 20-1")
    kind: str | None = Field(None, description="rule / normative / other / info")
    validity: str | None = Field(None, description="in_force / amended / repealed / expired")
    year: int | None = Field(None, description="发布年份")
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=100)


def _summary(p: Publication) -> dict[str, Any]:
    return {
        "id": p.pk, "index_no": p.index_no, "title": p.title, "doc_number": p.doc_number,
        "agency_id": p.agency_id, "kind": p.kind, "genre": p.genre, "category": p.category,
        "validity": p.validity, "written_on": p.written_on, "published_at": p.published_at,
        "summary": p.summary, "url": f"/publications/{p.pk}/",
    }  # fmt: skip


def _encode_cursor(p: Publication) -> str:
    raw = json.dumps([p.published_at.isoformat() if p.published_at else "", p.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, pk = json.loads(raw)
        when = parse_datetime(at)
        if when is None or not isinstance(pk, int):
            raise ValueError(cursor)
        return when, pk
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as e:
        raise InvalidInput.for_field("cursor", "cursor 无效，请使用上一页返回的 next_cursor") from e


@api.get("/publications", response={200: PageOut, 400: ErrorOut}, tags=["主动公开"])
def list_publications(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    """Published records, newest first; keyset (cursor) pagination stays fast at any depth."""
    qs = selectors.public_publications()
    if filters.agency:
        qs = qs.filter(agency_id=filters.agency)
    if filters.division:
        division = Division.objects.filter(code=filters.division).first()
        if division is None:
            raise InvalidInput.for_field("division", f"行政区划代码{filters.division}不存在")
        qs = qs.filter(agency__division__path__range=subtree_range(division.path))
    for name in ("category", "kind", "validity"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    if filters.year:
        qs = qs.filter(published_at__year=filters.year)
    if filters.cursor:
        at, pk = _decode_cursor(filters.cursor)
        qs = qs.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk))
    rows = list(qs.order_by("-published_at", "-id")[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {"items": [_summary(p) for p in rows], "next_cursor": _encode_cursor(rows[-1]) if more else None}


def _full(p: Publication) -> dict[str, Any]:
    return {
        **_summary(p),
        "status": p.status,
        "topic": p.topic.path if p.topic else "",
        "keywords": p.keywords,
        "body": p.body if p.status == Status.PUBLISHED or not p.is_public else "",
        "agencies": [{"id": a.pk, "name": a.name} for a in [p.agency, *p.co_agencies.all()]],
        "version": p.version,
        "revision_note": p.revision_note,
        "replaced_by_id": p.replaced_by_id,
        "withdrawn_reason": p.withdrawn_reason,
        "attachments": [
            {"id": a.pk, "name": a.name, "size": a.size, "url": f"/publications/{p.pk}/attachments/{a.pk}/"}
            for a in p.attachments.all()
        ],
        "interpretations": [
            {"id": i.pk, "form": i.form, "title": i.title, "url": f"/interpretations/{i.pk}/"}
            for i in p.interpretations.filter(status=Status.PUBLISHED)
        ],
    }


@api.get("/publications/lookup", response={200: PublicationOut, 404: ErrorOut}, tags=["主动公开"])
def lookup(request: HttpRequest, index_no: str) -> dict[str, Any]:
    """The record with this 索引号 (e.g. 006939748/2020-00123)."""
    return _full(selectors.publication_get_by_index_no(index_no))


@api.get("/publications/{pk}", response={200: PublicationOut, 404: ErrorOut}, tags=["主动公开"])
def get_publication(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _full(selectors.publication_public_get(pk))


# ---------------------------------------------------------------- search


class SearchHitOut(Schema):
    key: str
    kind: str
    title: str
    url: str
    snippet: str = Field(..., description="匹配处前后的片段，匹配词用【】标出")
    agency_name: str
    doc_number: str
    date: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class FacetOut(Schema):
    name: str
    label: str
    values: list[FacetValueOut]


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    exact: bool = Field(..., description="第一条结果的文号或索引号与查询完全一致")
    did_you_mean: str
    hits: list[SearchHitOut]
    facets: list[FacetOut]


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=100, description="搜索词；引号内为短语，-词 表示排除")
    kind: str = Field("", description="publication / interpretation / gazette / report")
    agency: str = ""
    division: str = Field("", description="行政区划代码，含下级")
    level: str = ""
    category: str = ""
    topic: str = ""
    validity: str = ""
    year: str = ""
    sort: str = Field("relevance", description="relevance 或 date")
    page: int = Field(1, ge=1, le=100)


@api.get("/search", response={200: SearchOut, 400: ErrorOut}, tags=["一网通搜"])
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    """One search over publications, interpretations, the gazette archive and annual reports."""
    filters = {
        k: getattr(params, k)
        for k in ("kind", "agency", "division", "level", "category", "topic", "validity", "year")
    }
    result = search_selectors.search(
        params.q, params={k: v for k, v in filters.items() if v}, page=params.page, sort=params.sort
    )
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "exact": result.exact,
        "did_you_mean": result.did_you_mean,
        "hits": [
            {"key": h.key, "kind": h.kind, "title": h.title, "url": h.url, "snippet": h.snippet,
             "agency_name": h.fields.get("agency_name", ""), "doc_number": h.fields.get("doc_number", ""),
             "date": h.fields.get("date", "")}
            for h in result.hits
        ],
        "facets": [
            {"name": f.name, "label": f.label,
             "values": [{"value": v, "label": lbl, "count": n} for v, lbl, n in f.values]}
            for f in result.facets
        ],
    }  # fmt: skip


# ---------------------------------------------------------------- staff (token)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return token_services.api_token_authenticate(token)


staff = Router(auth=TokenAuth(), tags=["机关（需令牌）"])


def _schema_of(dataclass: type, name: str) -> type[Schema]:
    """An input schema with exactly the fields (types, defaults) of a service's input dataclass, so the
    API accepts what the service does and the two cannot drift apart."""
    hints = typing.get_type_hints(dataclass)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(dataclass):
        if f.default is not dataclasses.MISSING:
            fields[f.name] = (hints[f.name], f.default)
        elif f.default_factory is not dataclasses.MISSING:
            fields[f.name] = (hints[f.name], Field(default_factory=f.default_factory))
        else:
            fields[f.name] = (hints[f.name], ...)
    model: type[Schema] = pydantic.create_model(name, __base__=Schema, **fields)
    return model


if TYPE_CHECKING:
    PublicationIn = Schema
else:
    PublicationIn = _schema_of(services.PublicationInput, "PublicationIn")


def _actor(request: HttpRequest) -> Actor:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return Actor(user=token.user, ip_address=request.META.get("REMOTE_ADDR"))


def _own(request: HttpRequest, pk: int) -> Publication:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    pub = Publication.objects.select_related("agency__division").filter(pk=pk, agency=token.agency).first()
    if pub is None or not access.can_see_drafts(token.user, pub):
        raise NotFound(f"信息{pk}不存在")
    return pub


@staff.post("/publications", response={201: PublicationOut, 400: ErrorOut, 403: ErrorOut})
def create(request: HttpRequest, payload: PublicationIn) -> HttpStatus[dict[str, Any]]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    pub = services.publication_create(
        actor=_actor(request), agency=token.agency, data=services.PublicationInput(**payload.dict())
    )
    return HttpStatus(201, _full(pub))


@staff.put("/publications/{pk}", response={200: PublicationOut, 400: ErrorOut, 404: ErrorOut})
def update(request: HttpRequest, pk: int, payload: PublicationIn) -> dict[str, Any]:
    pub = services.publication_update(
        actor=_actor(request), publication=_own(request, pk), data=services.PublicationInput(**payload.dict())
    )
    return _full(pub)


@staff.post(
    "/publications/{pk}/submit", response={200: PublicationOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}
)
def submit(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _full(services.publication_submit(actor=_actor(request), publication=_own(request, pk)))


@staff.get("/publications/{pk}", response={200: PublicationOut, 404: ErrorOut})
def staff_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    """A record of the token's agency in any status (drafts included)."""
    pub = _own(request, pk)
    data = _full(pub)
    data["body"] = pub.body
    return data


api.add_router("/staff", staff)
