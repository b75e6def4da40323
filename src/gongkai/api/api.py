"""The HTTP API (django-ninja; OpenAPI at /api/docs). Public reads of publications with cursor pagination;
staff writes through the same services as the portal, authenticated by per-agency tokens. Every error has
the single shape ``{"code", "message", "fields"}``."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from ninja import NinjaAPI, Query

from gongkai.api import errors, throttling
from gongkai.api.schemas import (
    MAX_ID,
    PK,
    ListFilters,
    LookupParams,
    PageOut,
    PublicationOut,
    SearchOut,
    SearchParams,
    full_of,
    summary_of,
)
from gongkai.api.staff import staff
from gongkai.core.errors import InvalidInput
from gongkai.orgs.models import Division
from gongkai.orgs.selectors import subtree_range
from gongkai.publications import selectors
from gongkai.publications.models import Publication
from gongkai.search import selectors as search_selectors

api = NinjaAPI(
    title="gongkai 政府信息公开平台 API",
    version="1",
    urls_namespace="api",
    description=(
        "主动公开信息的查询（公开）与提交（机关令牌）。错误统一为 {code, message, fields}；"
        "请求过于频繁时返回 429 和 Retry-After（按来源地址和令牌分别限流）。"
    ),
    throttle=[throttling.AddressThrottle(), throttling.TokenThrottle()],
)
errors.install(api)


def _encode_cursor(p: Publication) -> str:
    raw = json.dumps([p.published_at.isoformat() if p.published_at else "", p.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, pk = json.loads(raw)
        when = parse_datetime(at)
        if when is None or when.tzinfo is None or not isinstance(pk, int) or not 0 < pk <= MAX_ID:
            raise ValueError(cursor)
        return when.astimezone(UTC), pk
    except (ValueError, TypeError, OverflowError, binascii.Error, json.JSONDecodeError) as e:
        raise InvalidInput.for_field("cursor", "cursor 无效，请使用上一页返回的 next_cursor") from e


@api.get("/publications", response=errors.responses({200: PageOut}), tags=["主动公开"])
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
    return {"items": [summary_of(p) for p in rows], "next_cursor": _encode_cursor(rows[-1]) if more else None}


@api.get("/publications/lookup", response=errors.responses({200: PublicationOut}, 404), tags=["主动公开"])
def lookup(request: HttpRequest, params: Query[LookupParams]) -> dict[str, Any]:
    """The record with this 索引号 (e.g. 006939748/2020-00123)."""
    return full_of(selectors.publication_get_by_index_no(params.index_no))


@api.get("/publications/{pk}", response=errors.responses({200: PublicationOut}, 404), tags=["主动公开"])
def get_publication(request: HttpRequest, pk: PK) -> dict[str, Any]:
    return full_of(selectors.publication_public_get(pk))


# ---------------------------------------------------------------- search


@api.get("/search", response=errors.responses({200: SearchOut}), tags=["一网通搜"])
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    """One search over publications, interpretations, the gazette archive and annual reports."""
    filters = {
        k: getattr(params, k)
        for k in ("kind", "agency", "division", "level", "category", "topic", "validity", "year")
    }
    chosen = {k: str(v) for k, v in filters.items() if v}
    if problems := search_selectors.filter_problems(chosen):
        raise InvalidInput("请修改标出的筛选条件", fields=problems)
    result = search_selectors.search(params.q, params=chosen, page=params.page, sort=params.sort)
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "exact": result.exact,
        "did_you_mean": result.did_you_mean,
        "searched_for": result.searched_for,
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


api.add_router("/staff", staff)
