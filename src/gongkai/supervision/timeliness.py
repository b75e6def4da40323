"""主动公开 timeliness across a supervisor's subtree, counted by the database.

《政府信息公开条例》第二十六条: 20 working days from 形成或者变更之日, unless a law or regulation
另有规定 (the per-category rules of :mod:`gongkai.publications.timeliness`, as administrators keep them in
``DeadlineRule``: 预算法第十四条's 20 calendar days from the 批复, 双公示's 7 working days from the decision).
A rule whose start date a record lacks falls back to 第二十六条's default, as in the publications app.

Each record's start day and publication day are looked up in the working-day index
(:mod:`gongkai.supervision.day_index`), so that lateness is an SQL expression and every count here is one
grouped query, whatever the number of records or agencies. The rules in force now decide (not the flag
stored at publication), as for :func:`gongkai.publications.selectors.late_publications`.
"""

from __future__ import annotations

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone

from gongkai.orgs.models import Agency, Division
from gongkai.orgs.selectors import subtree_range
from gongkai.publications import timeliness as rules_mod
from gongkai.publications.models import Publication
from gongkai.publications.selectors import deadline_rules
from gongkai.publications.states import PUBLIC
from gongkai.supervision import day_index
from gongkai.supervision.models import WorkdayOrdinal
from gongkai.supervision.rollup import Rollup, rollup, share

KEYS = ("published", "late")
_START_FIELD = {rules_mod.APPROVED: "approved_on", rules_mod.DECIDED: "decided_on"}


def _start_of(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class Filters:
    """Which records count: published in ``year`` (all years when None), of one 第二十条 ``category``
    ("" for all), by agencies of one division ``level`` (None for all)."""

    year: int | None = None
    category: str = ""
    level: int | None = None


class LocalDate(TruncDate):
    """The local date of a stored moment. On SQLite, Django computes it by calling back into Python for
    every row; where the time zone keeps one UTC offset (Asia/Shanghai since 1992), SQLite's own ``date()``
    with that offset gives the same day at a fraction of the cost."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        offset = _fixed_offset_minutes(self.get_tzname())
        if offset is None:
            return super().as_sql(compiler, connection, **extra_context)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, '{offset:+d} minutes')", params


@functools.lru_cache(maxsize=8)
def _fixed_offset_minutes(tzname: str | None) -> int | None:
    if not tzname:
        return 0
    zone = zoneinfo.ZoneInfo(tzname)
    offsets = {
        zone.utcoffset(datetime(y, m, 1))  # noqa: DTZ001 - a naive moment is what utcoffset() asks for
        for y in range(day_index.FIRST_DAY.year + 2, 2101)
        for m in (1, 7)
    }
    if len(offsets) != 1:
        return None
    only = offsets.pop()
    return None if only is None else int(only.total_seconds() // 60)


class DaysBetween(Func):
    """Calendar days from the second date to the first, an integer computed by the database."""

    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " - "  # PostgreSQL: date - date is an integer
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def _ordinal(day_field: str, column: str) -> Subquery:
    return Subquery(WorkdayOrdinal.objects.filter(day=OuterRef(day_field)).values(column)[:1])


def with_lateness(qs: QuerySet[Publication]) -> QuerySet[Publication]:
    """``qs`` annotated with ``is_late`` (1 published after its deadline, else 0), computed in SQL."""
    day_index.ensure_current()
    rules = deadline_rules()
    default = rules.default
    formed = Coalesce("changed_on", "written_on")
    start_whens, n_whens, length_whens = [], [], []
    special: dict[bool, list[Q]] = {True: [], False: []}  # by "counts calendar days"
    for category, rule in sorted(rules.by_category.items()):
        if category == rules_mod.DEFAULT_CATEGORY or rule == default:
            continue
        field = _START_FIELD.get(rule.start_event)
        cond = Q(category=category) & (Q(**{f"{field}__isnull": False}) if field else Q())
        start_whens.append(When(cond, then=F(field) if field else formed))
        n_whens.append(When(cond, then=Value(_threshold(rule))))
        length_whens.append(When(cond, then=Value(rule.length)))
        special[rule.unit == rules_mod.CALENDAR_DAYS].append(cond)
    qs = qs.alias(
        start_day=Case(*start_whens, default=formed) if start_whens else formed,
        pub_day=LocalDate("published_at", tzinfo=timezone.get_current_timezone()),
        threshold=Case(*n_whens, default=Value(_threshold(default)), output_field=IntegerField()),
        length=Case(*length_whens, default=Value(default.length), output_field=IntegerField()),
    )
    default_calendar = default.unit == rules_mod.CALENDAR_DAYS
    exceptions = special[not default_calendar]  # the rows counted in the other unit than the default
    columns = {True: ("day_no", "day_no"), False: ("work_no", "work_before")}
    start_col, pub_col = columns[default_calendar]
    ord_start: Any = _ordinal("start_day", start_col)
    ord_pub: Any = _ordinal("pub_day", pub_col)
    if exceptions:
        other_start, other_pub = columns[not default_calendar]
        either = _any(exceptions)
        ord_start = Case(When(either, then=_ordinal("start_day", other_start)), default=ord_start)
        ord_pub = Case(When(either, then=_ordinal("pub_day", other_pub)), default=ord_pub)
    late = GreaterThanOrEqual(ord_pub - ord_start, F("threshold"))
    # A period of n days, working or calendar, cannot have ended n calendar days after its start: most
    # records are published within that span and need no look-up in the index at all.
    soon = LessThanOrEqual(DaysBetween(F("pub_day"), F("start_day")), F("length"))
    return qs.annotate(
        is_late=Case(
            When(soon, then=Value(0)),
            When(late, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def _any(conds: list[Q]) -> Q:
    q = conds[0]
    for c in conds[1:]:
        q |= c
    return q


def _threshold(rule: rules_mod.Rule) -> int:
    """Working days: late iff W(p − 1) − W(s) ≥ n; calendar days: late iff p − s ≥ n + 1."""
    return rule.length + 1 if rule.unit == rules_mod.CALENDAR_DAYS else rule.length


def subtree_agencies(division: Division, level: int | None = None) -> QuerySet[Agency, Any]:
    """The ids of the agencies of ``division``'s subtree (of one division ``level`` if given)."""
    qs = Agency.objects.filter(division__path__range=subtree_range(division.path))
    if level:
        qs = qs.filter(division__level=level)
    return qs.values("id")


def published_in(division: Division, filters: Filters) -> QuerySet[Publication]:
    """Records public in the subtree. The agencies are an ``IN (subquery)`` rather than a join on the
    division's path: the database then walks the records agency by agency on (agency, status, published_at),
    several times faster than joining two tables for each of a hundred thousand records."""
    qs = Publication.objects.filter(
        status__in=PUBLIC,
        published_at__isnull=False,
        agency_id__in=subtree_agencies(division, filters.level),
    )
    if filters.year:
        qs = qs.filter(
            published_at__gte=_start_of(filters.year), published_at__lt=_start_of(filters.year + 1)
        )
    if filters.category:
        qs = qs.filter(category=filters.category)
    return qs


@dataclass(frozen=True)
class AgencyTimeliness:
    agency_id: int
    name: str
    division_name: str
    level: int
    published: int
    late: int
    path: str = ""

    @property
    def on_time_share(self) -> float | None:
        return share(self.published - self.late, self.published)


@dataclass(frozen=True)
class TimelinessTable:
    """The subtree's rollup (child divisions and 本级) and every agency that published, from one count."""

    summary: Rollup
    agencies: list[AgencyTimeliness]

    @property
    def late_agencies(self) -> list[AgencyTimeliness]:
        return [a for a in self.agencies if a.late]


def counts_by_agency(division: Division, filters: Filters) -> dict[int, tuple[int, int]]:
    """Published and late per agency of the subtree (one grouped query: the only scan of the records)."""
    grouped = (
        with_lateness(published_in(division, filters))
        .values("agency_id")
        .annotate(published=Count("id"), late=Sum("is_late"))
        .order_by()
    )
    return {g["agency_id"]: (int(g["published"]), int(g["late"] or 0)) for g in grouped}


def agency_rows(division: Division, filters: Filters) -> list[AgencyTimeliness]:
    """Every agency of the subtree that published, by level and place (two queries)."""
    counts = counts_by_agency(division, filters)
    agencies = (
        Agency.objects.filter(pk__in=subtree_agencies(division, filters.level))
        .values_list("pk", "name", "division__name", "division__level", "division__path")
        .order_by("division__level", "division__path", "sort_order", "pk")
    )
    return [
        AgencyTimeliness(pk, name, division_name, level, *counts[pk], path=path)
        for pk, name, division_name, level, path in agencies
        if pk in counts
    ]


def area_groups(division: Division, rows: list[AgencyTimeliness]) -> list[dict[str, object]]:
    """The agencies' counts keyed by their child-of-``division`` path prefix, as :func:`rollup` takes."""
    width = len(division.path) + Division.steplen
    return [{"prefix": r.path[:width], "published": r.published, "late": r.late} for r in rows]


def timeliness_table(division: Division, filters: Filters) -> TimelinessTable:
    """Per agency and per area (child divisions and 本级) from the same count, so that they agree."""
    rows = agency_rows(division, filters)
    return TimelinessTable(rollup(division, area_groups(division, rows), KEYS), rows)


def late_of_agency(agency: Agency, filters: Filters) -> QuerySet[Publication]:
    """The agency's late records, newest first (for paging: the count and a page are two queries)."""
    qs = Publication.objects.filter(status__in=PUBLIC, published_at__isnull=False, agency=agency)
    if filters.year:
        qs = qs.filter(
            published_at__gte=_start_of(filters.year), published_at__lt=_start_of(filters.year + 1)
        )
    if filters.category:
        qs = qs.filter(category=filters.category)
    return with_lateness(qs).filter(**{"is_late": 1}).order_by("-published_at", "-id")
