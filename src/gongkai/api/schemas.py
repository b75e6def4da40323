"""What the API reads and writes. Every input is bounded in the schema itself (ids, years, lengths), so that
OpenAPI says what is accepted and anything else is a 400 before a query runs."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date, datetime
from typing import Annotated, Any

import pydantic
from ninja import Field, P, PathEx, Schema
from pydantic import AfterValidator

from gongkai.publications.models import DocKind, Publication, Validity
from gongkai.publications.states import Status

MAX_ID = 2**63 - 1  # primary keys are 64-bit on both databases


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("不能包含空字符（\\x00）")
    return value


#: A string without NUL characters (PostgreSQL cannot store them; no legitimate input carries one).
Text = Annotated[str, AfterValidator(_no_nul)]
#: A record id: what a primary key can hold.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
#: A record id in a path: anything else (0, negative, beyond 64 bits) is a 400, never a database error.
PK = PathEx[int, P(ge=1, le=MAX_ID, description="信息编号")]


def bounded(max_length: int, **kwargs: Any) -> Any:
    """A :data:`Text` of at most ``max_length`` characters (for fields made at run time)."""
    return Annotated[Text, Field(max_length=max_length, **kwargs)]


Code = Annotated[Text, Field(max_length=12)]
ShortText = Annotated[Text, Field(max_length=20)]
Cursor = Annotated[Text, Field(max_length=200)]
IndexNo = Annotated[Text, Field(min_length=1, max_length=40)]
SearchTerms = Annotated[Text, Field(min_length=1, max_length=100)]
TopicPath = Annotated[Text, Field(max_length=100)]


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
    agencies: list[AgencyOut] = Field(..., description="发文机关：发布机构和已同意的联合发文机关")
    version: int
    revision_note: str
    replaced_by_id: int | None
    withdrawn_reason: str
    attachments: list[AttachmentOut]
    interpretations: list[InterpretationOut]


class CoIssueOut(Schema):
    id: int
    publication_id: int
    publication_title: str
    agency: AgencyOut
    status: str = Field(..., description="pending 待确认 / accepted 已同意 / declined 已拒绝")


class StaffPublicationOut(PublicationOut):
    co_issues: list[CoIssueOut] = Field(..., description="列为联合发文机关的各机关及其确认状态")


class PageOut(Schema):
    items: list[PublicationSummary]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；为空表示没有更多")


class ListFilters(Schema):
    agency: Id | None = Field(None, description="发布机构编号")
    division: Code | None = Field(None, description="行政区划代码（含下级）")
    category: ShortText | None = Field(None, description="主动公开类别代码，如 20-1")
    kind: DocKind | None = Field(None, description="信息类别")
    validity: Validity | None = Field(None, description="有效性")
    year: int | None = Field(None, ge=1949, le=2100, description="发布年份")
    cursor: Cursor | None = None
    limit: int = Field(20, ge=1, le=100)


class LookupParams(Schema):
    index_no: IndexNo = Field(..., description="索引号，如 006939748/2020-00123")


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
    searched_for: str = Field("", description="拼音查询（如 zfxxgk）改按其对应的中文检索时，实际检索的词")
    hits: list[SearchHitOut]
    facets: list[FacetOut]


class SearchParams(Schema):
    q: SearchTerms = Field(..., description="搜索词；引号内为短语，-词 表示排除")
    kind: ShortText = Field("", description="publication / interpretation / gazette / report")
    agency: ShortText = ""
    division: Code = Field("", description="行政区划代码，含下级")
    level: ShortText = ""
    category: ShortText = ""
    topic: TopicPath = ""
    validity: ShortText = ""
    year: ShortText = ""
    sort: typing.Literal["relevance", "date"] = Field("relevance", description="relevance 或 date")
    page: int = Field(1, ge=1, le=100)


#: Lengths of the text fields of a publication as the database stores them (the body is HTML).
_LENGTHS = {
    "title": 300, "doc_number": 60, "summary": 500, "keywords": 200, "genre": 12, "kind": 12,
    "category": 8, "supersedes_as": 10, "body": 2_000_000,
}  # fmt: skip


def _field_type(name: str, hint: Any) -> Any:
    """The input type of one field of a service's input dataclass, with the API's bounds."""
    if hint is str:
        return bounded(_LENGTHS.get(name, 1000))
    if hint == int | None:
        return Id | None
    if hint == list[int]:
        return Annotated[list[Id], Field(max_length=20)]
    return hint


def schema_of(dataclass: type, name: str) -> type[Schema]:
    """An input schema with exactly the fields (types, defaults) of a service's input dataclass, so the
    API accepts what the service does and the two cannot drift apart."""
    hints = typing.get_type_hints(dataclass)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(dataclass):
        kind = _field_type(f.name, hints[f.name])
        if f.default is not dataclasses.MISSING:
            fields[f.name] = (kind, f.default)
        elif f.default_factory is not dataclasses.MISSING:
            fields[f.name] = (kind, Field(default_factory=f.default_factory))
        else:
            fields[f.name] = (kind, ...)
    model: type[Schema] = pydantic.create_model(name, __base__=Schema, **fields)
    return model


# ---------------------------------------------------------------- serialisers


def summary_of(p: Publication) -> dict[str, Any]:
    return {
        "id": p.pk, "index_no": p.index_no, "title": p.title, "doc_number": p.doc_number,
        "agency_id": p.agency_id, "kind": p.kind, "genre": p.genre, "category": p.category,
        "validity": p.validity, "written_on": p.written_on, "published_at": p.published_at,
        "summary": p.summary, "url": f"/publications/{p.pk}/",
    }  # fmt: skip


def full_of(p: Publication) -> dict[str, Any]:
    return {
        **summary_of(p),
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
