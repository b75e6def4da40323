"""Reads of 主动公开 records for the portal, the staff pages, the API, 表二 and statistics."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from gongkai.core.calendar import current_calendar
from gongkai.core.errors import NotFound
from gongkai.orgs.models import Agency, Division
from gongkai.orgs.selectors import subtree_range
from gongkai.publications import reference, timeliness
from gongkai.publications.models import (
    CatalogueEntry,
    CoIssue,
    DeadlineRule,
    DocKind,
    GrassrootsDomain,
    Guide,
    Interpretation,
    ItemDecision,
    PowerItem,
    ProcurementProject,
    Publication,
    Topic,
    Validity,
)
from gongkai.publications.states import PUBLIC, CoIssueStatus, Status

FEN_PER_WAN = Decimal(1_000_000)  # 1万元 = 10,000元 = 1,000,000分
_LIST_FIELDS = (
    "id", "index_no", "title", "doc_number", "published_at", "written_on", "kind", "genre", "category",
    "validity", "status", "summary", "agency_id", "topic_id",
)  # fmt: skip


def public_publications() -> QuerySet[Publication]:
    """What the public may list: published records (withdrawn ones are reachable only by their address)."""
    return Publication.objects.filter(status=Status.PUBLISHED)


def publication_public_get(pk: int) -> Publication:
    rows = list(
        Publication.objects.select_related("agency__division", "topic__parent").filter(
            pk=pk, status__in=PUBLIC
        )[:1]
    )
    if not rows:
        raise NotFound(f"信息{pk}不存在或尚未发布")
    return rows[0]


def publication_get_by_index_no(index_no: str) -> Publication:
    pub = Publication.objects.filter(index_no=index_no.strip(), status__in=PUBLIC).first()
    if pub is None:
        raise NotFound(f"索引号{index_no}不存在")
    return pub


def latest(limit: int = 10) -> list[Publication]:
    return list(
        public_publications()
        .select_related("agency")
        .only(*_LIST_FIELDS, "agency__name", "agency__name_en")
        .order_by("-published_at", "-id")[:limit]
    )


def most_read(limit: int = 10) -> list[Publication]:
    return list(
        public_publications()
        .select_related("agency")
        .only(*_LIST_FIELDS, "agency__name", "agency__name_en", "view_count")
        .order_by("-view_count", "-id")[:limit]
    )


def latest_interpretations(limit: int = 6) -> list[Interpretation]:
    return list(
        Interpretation.objects.filter(status=Status.PUBLISHED, policy__status=Status.PUBLISHED)
        .select_related("policy")
        .only("id", "title", "form", "published_at", "policy__id", "policy__title")
        .order_by("-published_at", "-id")[:limit]
    )


def interpretation_public_get(pk: int) -> Interpretation:
    item = (
        Interpretation.objects.select_related("policy__agency")
        .filter(pk=pk, status=Status.PUBLISHED, policy__status__in=PUBLIC)
        .first()
    )
    if item is None:
        raise NotFound(f"解读{pk}不存在或尚未发布")
    return item


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _page(qs: QuerySet[Any], number: int, per_page: int) -> Page:
    """One page, without counting the list; a page past the end is the last page (as Django's
    ``Paginator.get_page`` and the other lists of the portal answer), counted only then."""
    number = max(1, number)
    rows = list(qs[(number - 1) * per_page : number * per_page + 1])
    if not rows and number > 1:
        number = max(1, -(-qs.count() // per_page))
        rows = list(qs[(number - 1) * per_page : number * per_page + 1])
    return Page(rows[:per_page], number, per_page, len(rows) > per_page)


def agency_catalogue(agency: Agency) -> list[tuple[str, str, int]]:
    """The 法定主动公开内容 tree of one agency: (category code, label, count), every applicable category
    listed even when empty, in the order of the law."""
    counts: dict[str, int] = defaultdict(int)
    own = public_publications().filter(agency=agency).values_list("category").annotate(n=Count("id"))
    joint = public_publications().filter(co_agencies=agency).values_list("category").annotate(n=Count("id"))
    for category, n in [*own.order_by(), *joint.order_by()]:
        counts[category] += n
    codes = reference.categories_for_level(agency.division.level, agency.kind == Agency.Kind.GOVERNMENT)
    return [(code, reference.CATEGORIES[code], int(counts.get(code, 0))) for code in codes]


def agency_publications(
    agency: Agency, *, category: str | None = None, page: int = 1, per_page: int = 20
) -> Page:
    joint = Publication.co_agencies.through.objects.filter(agency=agency).values("publication_id")
    if not joint.exists():  # the common case: one index range scan
        qs = public_publications().filter(agency=agency)
    else:
        qs = public_publications().filter(Q(agency=agency) | Q(pk__in=joint))
    if category:
        qs = qs.filter(category=category)
    qs = qs.only(*_LIST_FIELDS).order_by("-published_at", "-id")
    return _page(qs, page, per_page)


@dataclass(frozen=True)
class LibraryFilters:
    agency: Agency | None = None
    agency_name: str = ""  # part of the name: 教育局 → every education bureau
    division: Division | None = None
    year: int | None = None
    topic: Topic | None = None
    validity: str | None = None
    kind: str | None = None


def library(filters: LibraryFilters, *, page: int = 1, per_page: int = 20) -> Page:
    """规章 and 规范性文件 (the policy library), newest first."""
    qs = public_publications().filter(kind__in=[DocKind.RULE, DocKind.NORMATIVE])
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.agency is not None:
        qs = qs.filter(agency=filters.agency)
    if filters.agency_name:
        qs = qs.filter(agency__name__contains=filters.agency_name)
    if filters.division is not None:
        qs = qs.filter(agency__division__path__range=subtree_range(filters.division.path))
    if filters.year:
        qs = qs.filter(
            published_at__gte=_start_of(filters.year), published_at__lt=_start_of(filters.year + 1)
        )
    if filters.topic is not None:
        qs = qs.filter(Q(topic=filters.topic) | Q(topic__parent=filters.topic))
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    qs = (
        qs.select_related("agency")
        .only(*_LIST_FIELDS, "agency__name", "agency__name_en")
        .order_by("-published_at", "-id")
    )
    return _page(qs, page, per_page)


def _start_of(year: int) -> datetime:
    return timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))


def feed_items(
    *, agency: Agency | None = None, category: str | None = None, limit: int = 50
) -> list[Publication]:
    qs = public_publications()
    if agency is not None:
        qs = qs.filter(agency=agency)
    if category:
        qs = qs.filter(category=category)
    return list(qs.select_related("agency").order_by("-published_at", "-id")[:limit])


def sitemap_rows(offset: int, limit: int) -> Iterator[tuple[int, datetime]]:
    qs = Publication.objects.filter(status__in=PUBLIC).order_by("id").values_list("id", "updated_at")
    yield from qs[offset : offset + limit].iterator(chunk_size=5000)


def sitemap_count() -> int:
    return Publication.objects.filter(status__in=PUBLIC).count()


def guide(agency: Agency) -> dict[str, str]:
    """政府信息公开指南 (第十二条): generated from the agency's data, with what its staff edited."""
    edited = Guide.objects.filter(agency=agency).first()
    labels = [label for _code, label, _n in agency_catalogue(agency)]
    generated = {
        "classification": "本机关主动公开的政府信息按《中华人民共和国政府信息公开条例》第二十条"
        + ("、第二十一条" if agency.division.level >= 2 else "")
        + "分为："
        + "；".join(labels)
        + "。",
        "arrangement": "各类信息按发布日期由近及远排列；每条信息标注索引号、名称、内容概述、"
        "生成日期（成文日期）、发布日期、发文字号和主题分类。",
        "how_to_obtain": "主动公开的政府信息可在本平台查阅、检索和下载，"
        "也可到本机关政府信息公开工作机构查阅。需要获取本机关未主动公开的政府信息的，"
        "可以通过本平台在线提交、信函或当面提交书面申请（依申请公开）。",
        "system_text": "本机关依照《中华人民共和国政府信息公开条例》建立并执行政府信息公开保密审查、"
        "主动公开（自信息形成或者变更之日起20个工作日内公开，法律、法规另有规定的从其规定）、依申请公开、政策解读同步发布、"
        "政府信息管理动态调整和年度报告等制度。",
    }
    if edited is not None:
        for key in generated:
            if getattr(edited, key):
                generated[key] = getattr(edited, key)
    return generated


def grassroots_catalogue(agency: Agency) -> list[tuple[GrassrootsDomain, list[CatalogueEntry]]]:
    """The 26 domains' standard catalogues as they apply to a county or town government (empty for others)."""
    if agency.kind != Agency.Kind.GOVERNMENT or agency.division.level < 3:
        return []
    level = "县级" if agency.division.level == 3 else "乡级"
    entries = CatalogueEntry.objects.filter(Q(agency__isnull=True) | Q(agency=agency)).select_related(
        "domain"
    )
    by_domain: dict[int, list[CatalogueEntry]] = {}
    for e in entries.order_by("domain__sort_order", "sort_order", "pk"):
        if level in e.levels:
            by_domain.setdefault(e.domain_id, []).append(e)
    return [(d, by_domain.get(d.pk, [])) for d in GrassrootsDomain.objects.order_by("sort_order", "code")]


def deadline_rules() -> timeliness.Rules:
    """第二十六条 and its “另有规定”: the publication deadlines as administrators keep them (one query)."""
    return timeliness.Rules.of(r.as_rule() for r in DeadlineRule.objects.all())


def deadline_checker() -> timeliness.Checker:
    """The rules and the working-day calendar loaded once, for computing the deadlines of many records."""
    return timeliness.Checker(deadline_rules(), current_calendar())


def _record_dates(pub: Publication) -> timeliness.RecordDates:
    return timeliness.RecordDates(pub.written_on, pub.changed_on, pub.approved_on, pub.decided_on)


def publication_deadline(pub: Publication, checker: timeliness.Checker | None = None) -> timeliness.Deadline:
    """By when ``pub`` must be (or had to be) published under its category's rule (第二十六条)."""
    return (checker or deadline_checker()).deadline(pub.category, _record_dates(pub))


@dataclass(frozen=True)
class LateRow:
    publication: Publication
    deadline: timeliness.Deadline


@dataclass(frozen=True)
class LatePublications:
    """Records published after their deadline: how many, how many of those are provisional (counted
    through a year without a holiday schedule), and the latest ``rows``."""

    total: int
    provisional: int
    rows: list[LateRow]


_TIMELINESS_FIELDS = (
    "id",
    "category",
    "written_on",
    "changed_on",
    "approved_on",
    "decided_on",
    "published_at",
)


def late_publications(division: Division, *, year: int | None = None, limit: int = 200) -> LatePublications:
    """第二十六条: records published after the deadline of their category under the rules in force now
    (20 working days from 形成或者变更, unless a law or regulation 另有规定). Computed, never read from the
    flag stored at publication: an administrator's edit of a rule, or a holiday schedule entered later,
    changes the answer. A constant number of queries (rules, calendar, dates, rows shown), not one per row."""
    qs = Publication.objects.filter(
        status__in=PUBLIC, agency__division__path__range=subtree_range(division.path)
    )
    if year:
        qs = qs.filter(published_at__gte=_start_of(year), published_at__lt=_start_of(year + 1))
    checker = deadline_checker()
    tz = timezone.get_current_timezone()  # once: per row it costs more than the deadline itself
    late: list[tuple[datetime, int, timeliness.Deadline]] = []
    for pk, category, written, changed, approved, decided, published_at in qs.values_list(
        *_TIMELINESS_FIELDS
    ).iterator(chunk_size=5000):
        found = checker.deadline(category, timeliness.RecordDates(written, changed, approved, decided))
        if found.is_late(published_at.astimezone(tz).date()):
            late.append((published_at, pk, found))
    late.sort(key=lambda t: (t[0], t[1]), reverse=True)
    shown = late[:limit]
    by_id = Publication.objects.select_related("agency").in_bulk([pk for _at, pk, _d in shown])
    return LatePublications(
        total=len(late),
        provisional=sum(d.provisional for _at, _pk, d in late),
        rows=[LateRow(by_id[pk], d) for _at, pk, d in shown],
    )


def drafts_of_agency(agency: Agency) -> QuerySet[Publication]:
    return Publication.objects.filter(agency=agency).exclude(status__in=PUBLIC).order_by("-updated_at")


# ---------------------------------------------------------------- 表二 from records


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def table2_cells(by_agency: Q, year: int) -> dict[tuple[str, str, str], Decimal]:
    """表二 cells computed from records, keyed (block, row, column) with the labels of both formats.

    第（一）项 counts publications (by 成文日期 for 制作/制发, by 发布日期 for 公开, by validity at the
    year's end); 第（五）（六）（八）项 count 权责事项 in force at the ends of the previous and this year and
    the decisions taken under them; 第（九）项 sums the 政府集中采购 projects contracted in the year.
    """
    start, end = _year_bounds(year)
    cells: dict[tuple[str, str, str], Decimal] = {}
    b1 = "第二十条第（一）项"
    pubs = Publication.objects.filter(by_agency, kind__in=[DocKind.RULE, DocKind.NORMATIVE])
    published = pubs.filter(status__in=PUBLIC, published_at__lt=_start_of(year + 1))
    rows = {DocKind.RULE: ("规章", "规章"), DocKind.NORMATIVE: ("规范性文件", "行政规范性文件")}
    made = dict(
        published.filter(written_on__range=(start, end))
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    new = dict(
        published.filter(published_at__gte=_start_of(year))
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = dict(
        published.filter(status=Status.PUBLISHED).values_list("kind").annotate(n=Count("id")).order_by()
    )
    repealed = dict(
        published.filter(
            validity__in=[Validity.REPEALED, Validity.EXPIRED], validity_changed_on__range=(start, end)
        )
        .values_list("kind").annotate(n=Count("id")).order_by()
    )  # fmt: skip
    in_force = dict(
        published.filter(status=Status.PUBLISHED)
        .filter(
            Q(validity__in=[Validity.IN_FORCE, Validity.AMENDED])
            | Q(validity_changed_on__gt=end)
        )
        .values_list("kind").annotate(n=Count("id")).order_by()
    )  # fmt: skip
    for kind, (row19, row21) in rows.items():
        cells[(b1, row19, "本年新制作数量")] = Decimal(made.get(kind, 0))
        cells[(b1, row19, "本年新公开数量")] = Decimal(new.get(kind, 0))
        cells[(b1, row19, "对外公开总数量")] = Decimal(total.get(kind, 0))
        cells[(b1, row21, "本年制发件数")] = Decimal(made.get(kind, 0))
        cells[(b1, row21, "本年废止件数")] = Decimal(repealed.get(kind, 0))
        cells[(b1, row21, "现行有效件数")] = Decimal(in_force.get(kind, 0))
    items = PowerItem.objects.filter(by_agency)

    def in_force_on(d: date) -> dict[str, int]:
        rows = (
            items.filter(established_on__lte=d)
            .filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=d))
            .values_list("kind").annotate(n=Count("id")).order_by()
        )  # fmt: skip
        return {k: int(n) for k, n in rows}

    before, after = in_force_on(date(year - 1, 12, 31)), in_force_on(end)
    decisions = dict(
        ItemDecision.objects.filter(item__in=items, decided_on__range=(start, end))
        .values_list("item__kind").annotate(n=Count("id")).order_by()
    )  # fmt: skip
    blocks = {
        PowerItem.Kind.LICENSING: "第二十条第（五）项",
        PowerItem.Kind.OTHER_SERVICE: "第二十条第（五）项",
        PowerItem.Kind.PENALTY: "第二十条第（六）项",
        PowerItem.Kind.COERCION: "第二十条第（六）项",
        PowerItem.Kind.FEE: "第二十条第（八）项",
    }
    for item_kind, block in blocks.items():
        cells[(block, item_kind.value, "上一年项目数量")] = Decimal(before.get(item_kind, 0))
        cells[(block, item_kind.value, "本年增/减")] = Decimal(
            after.get(item_kind, 0) - before.get(item_kind, 0)
        )
        cells[(block, item_kind.value, "处理决定数量")] = Decimal(decisions.get(item_kind, 0))
        cells[(block, item_kind.value, "本年处理决定数量")] = Decimal(decisions.get(item_kind, 0))
    procurement = ProcurementProject.objects.filter(by_agency, contracted_on__range=(start, end)).aggregate(
        n=Count("id"), amount=Sum("amount_fen")
    )
    cells[("第二十条第（九）项", "政府集中采购", "采购项目数量")] = Decimal(procurement["n"] or 0)
    cells[("第二十条第（九）项", "政府集中采购", "采购总金额")] = (
        Decimal(procurement["amount"] or 0) / FEN_PER_WAN
    )
    return cells


# ---------------------------------------------------------------- statistics


def publication_stats() -> dict[str, Any]:
    by_year = (
        Publication.objects.filter(status__in=PUBLIC)
        .annotate(y=ExtractYear("published_at"))
        .values_list("y", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    published: dict[str, int] = {}
    kinds: dict[str, dict[str, int]] = {}
    for y, kind, n in by_year:
        published[str(y)] = published.get(str(y), 0) + int(n)
        if kind in (DocKind.RULE, DocKind.NORMATIVE):
            kinds.setdefault(str(y), {})[str(DocKind(kind).label)] = int(n)
    return {
        "published_by_year": dict(sorted(published.items())),
        "rules_and_normative_by_year": dict(sorted(kinds.items())),
        "interpretations": Interpretation.objects.filter(status=Status.PUBLISHED).count(),
        "power_items": PowerItem.objects.filter(abolished_on__isnull=True).count(),
        "procurement_projects": ProcurementProject.objects.count(),
    }


def co_issues_pending(agency_ids: set[int]) -> QuerySet[CoIssue]:
    """联合发文 requests waiting for these agencies' answer, oldest first."""
    return (
        CoIssue.objects.filter(agency_id__in=agency_ids, status=CoIssueStatus.PENDING)
        .select_related("agency", "publication__agency")
        .order_by("requested_at", "pk")
    )


def co_issues_of(publication: Publication) -> list[CoIssue]:
    """Every agency a record names as co-issuer, with its answer."""
    return list(CoIssue.objects.filter(publication=publication).select_related("agency").order_by("pk"))
