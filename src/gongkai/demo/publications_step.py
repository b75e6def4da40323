"""Demo step ``publications``: a realistic year of 主动公开 for every agency, and the records behind 表二.

2020 (the seed, ../shared/seed/000_7ba4a89800fca835.txt): 规章61件、规范性文件3783件 published; 行政许可、
行政处罚、行政强制 719项、7802项、409项 in force at the year's end; 政府集中采购项目400600项、1296.6亿元.
Around them: about 104,000 other records in 2020 over the 第二十条/第二十一条 categories (titles, 文号 and
bodies from templates, dates on working days; title, category, 主题分类 and 主题词 from the agency's
remit, remits.py), 规章 and 规范性文件 of 2016–2019 (some amended, repealed or expired by 2020's documents, so
validity history shows), 政策解读 for most 2020 policies, and the 处理决定 taken under each 权责事项 in 2020.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from gongkai.core.calendar import current_calendar
from gongkai.demo import bulk, remits
from gongkai.demo import publications_text as T
from gongkai.demo.builder import BuildContext
from gongkai.orgs.models import Agency, StaffRole
from gongkai.publications import selectors as publication_selectors
from gongkai.publications import timeliness
from gongkai.publications.models import (
    CoIssue,
    IndexCounter,
    Interpretation,
    ItemDecision,
    PowerItem,
    ProcurementProject,
    Publication,
    PublicationEvent,
    PublicationVersion,
    ScanFlag,
    Topic,
)

YEAR = 2020
#: 行政许可、行政处罚决定 (第二十条（五）（六）): every everyday record of these categories is a 决定.
_DECISIONS = ("20-5", "20-6")
#: 文种 that carry a 发文字号 when issued as documents (data and 公示 do not).
_NUMBERED = frozenset({"通知", "通告", "通报", "意见", "决定", "批复"})
RULES, NORMATIVE = 61, 3783
OTHER_2020 = 104_000
HISTORY = {2016: (52, 2900), 2017: (55, 3100), 2018: (58, 3300), 2019: (60, 3500)}
ITEMS_AT_END = {"行政许可": 719, "行政处罚": 7802, "行政强制": 409}
PROCUREMENT_PROJECTS = 400_600
PROCUREMENT_WAN_YUAN = Decimal("12966000")  # 1296.6亿元
CITY_SHORT = {
    "广州": "穗",
    "深圳": "深",
    "珠海": "珠",
    "汕头": "汕",
    "佛山": "佛",
    "韶关": "韶",
    "河源": "河",
    "梅州": "梅",
    "惠州": "惠",
    "汕尾": "汕尾",
    "东莞": "东",
    "中山": "中",
    "江门": "江",
    "阳江": "阳",
    "湛江": "湛",
    "茂名": "茂",
    "肇庆": "肇",
    "清远": "清",
    "潮州": "潮",
    "揭阳": "揭",
    "云浮": "云",
}


def wipe() -> None:
    bulk.delete_all(
        ItemDecision,
        PowerItem,
        ProcurementProject,
        ScanFlag,
        CoIssue,
        PublicationEvent,
        PublicationVersion,
        Interpretation,
        IndexCounter,
    )
    with_m2m = Publication.co_agencies.through
    bulk.delete_all(with_m2m)
    Publication.objects.filter(replaced_by__isnull=False).update(replaced_by=None)
    Publication.objects.filter(supersedes__isnull=False).update(supersedes=None)
    bulk.delete_all(Publication)


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder, exact sum)."""
    s = sum(weights) or 1.0
    raw = [total * w / s for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], rng.random()), reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


class _Dates:
    """Working days of a year (from the platform's own calendar) and times within office hours."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.tz = rng, ZoneInfo(settings.TIME_ZONE)
        cal = current_calendar()
        self.days: dict[int, list[date]] = {}
        for y in range(2015, YEAR + 1):
            d, days = date(y, 1, 1), []
            while d.year == y:
                if cal.is_workday(d):
                    days.append(d)
                d += timedelta(days=1)
            self.days[y] = days
        self.cal = cal

    def workday(self, year: int, *, after: int = 0) -> date:
        days = self.days[year]
        return days[self.rng.randrange(min(after, len(days) - 1), len(days))]

    def before(self, day: date, n: int) -> date:
        """The working day ``n`` working days before ``day``."""
        d = day
        while n > 0:
            d -= timedelta(days=1)
            if self.cal.is_workday(d):
                n -= 1
        return d

    def at(self, day: date) -> datetime:
        minutes = self.rng.randrange(9 * 60, 18 * 60)
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=self.tz)


def _prefix(agency: Agency) -> str:
    """A plausible 发文机关代字: 粤府, 穗府, 粤教 …"""
    div = agency.division
    if div.level == 1:
        region = "粤"
    elif div.level == 2:
        region = CITY_SHORT.get(div.name[:2], div.name[:1])
    else:
        region = div.name[:2]
    if agency.kind == Agency.Kind.GOVERNMENT:
        return f"{region}府"
    if agency.kind == Agency.Kind.GENERAL_OFFICE:
        return f"{region}府办"
    name = (agency.short_name or agency.name).removeprefix("省").removeprefix("市")  # 省教育厅 → 粤教
    for part in (div.name, "人民政府", "广东省"):
        name = name.replace(part, "")
    return f"{region}{name[:1] or '政'}"


def run(ctx: BuildContext) -> None:
    rng = ctx.rng("publications")
    dates = _Dates(rng)
    agencies: list[Agency] = ctx.shared["agencies"]
    topics = {t.path: t.pk for t in Topic.objects.select_related("parent").exclude(parent=None)}
    staff: dict[int, dict[str, int]] = defaultdict(dict)
    for agency_id, role, user_id in StaffRole.objects.filter(agency__isnull=False).values_list(
        "agency_id", "role", "user_id"
    ):
        staff[agency_id][role] = user_id
    scale = ctx.scale
    gen = _Generator(rng, dates, topics, staff)
    gen.remits = {a.pk: remits.remit_of(a) for a in agencies}

    governments_l12 = [a for a in agencies if a.kind == Agency.Kind.GOVERNMENT and a.division.level <= 2]
    normative_pool = [a for a in agencies if a.division.level <= 3 and a.kind != Agency.Kind.DISPATCHED]
    ctx.progress.start("主动公开信息", round((OTHER_2020 + RULES + NORMATIVE) * scale))
    # 规章 and 规范性文件: 2016–2019 first (2020's may amend or repeal them), then 2020.
    for year, (rules, normative) in HISTORY.items():
        for agency, n in zip(
            governments_l12, _split(rng, round(rules * scale), [1.0] * len(governments_l12)), strict=True
        ):
            for _ in range(n):
                gen.policy(agency, year, rule=True)
        weights = [rng.random() + (2 if a.division.level == 1 else 0.5) for a in normative_pool]
        for agency, n in zip(normative_pool, _split(rng, round(normative * scale), weights), strict=True):
            for _ in range(n):
                gen.policy(agency, year, rule=False)
    for agency, n in zip(
        governments_l12,
        _split(rng, round(RULES * scale), [1.0 + rng.random() for _ in governments_l12]),
        strict=True,
    ):
        for _ in range(n):
            gen.policy(agency, YEAR, rule=True)
            ctx.progress.advance(1)
    weights = [rng.random() + (2 if a.division.level == 1 else 0.5) for a in normative_pool]
    for agency, n in zip(normative_pool, _split(rng, round(NORMATIVE * scale), weights), strict=True):
        for _ in range(n):
            gen.policy(agency, YEAR, rule=False)
        ctx.progress.advance(n)
    # Everyday records of 2020.
    level_weight = {1: 60.0, 2: 30.0, 3: 14.0, 4: 5.0}
    weights = [
        level_weight[a.division.level]
        * (2.5 if a.kind == Agency.Kind.GOVERNMENT else 1.0)
        * (0.6 + rng.random())
        for a in agencies
    ]
    fixed = 0
    for agency in agencies:  # 机构职能 once, 预算 and 决算 for every agency above town level
        fixed += gen.fixed(agency)
    for agency, n in zip(
        agencies, _split(rng, max(0, round(OTHER_2020 * scale) - fixed), weights), strict=True
    ):
        for _ in range(n):
            gen.everyday(agency)
        ctx.progress.advance(n)
    gen.write()
    _table2_records(ctx, rng, agencies, dates)


class _Generator:
    def __init__(
        self, rng: random.Random, dates: _Dates, topics: dict[str, int], staff: dict[int, dict[str, int]]
    ):
        self.rng, self.dates, self.topics, self.staff = rng, dates, topics, staff
        self.rows: list[dict[str, Any]] = []
        self.interpretations: list[dict[str, Any]] = []
        self.next_id = bulk.next_id(Publication)
        # 第二十六条 and its 另有规定 (预算法第十四条, 双公示), as the seeded deadline rules say.
        self.deadlines = timeliness.Checker(publication_selectors.deadline_rules(), dates.cal)
        self.doc_serial: dict[tuple[int, int, str], int] = defaultdict(int)
        # (agency, rule) → rows
        self.policies: dict[tuple[int, bool], list[dict[str, Any]]] = defaultdict(list)
        self.remits: dict[int, remits.Remit] = {}  # agency → its remit (filled by run())
        self.titles: dict[int, set[str]] = defaultdict(set)  # agency → its everyday titles so far

    def _doc_number(self, agency: Agency, year: int, suffix: str = "") -> str:
        key = (agency.pk, year, suffix)
        self.doc_serial[key] += 1
        return f"{_prefix(agency)}{suffix}〔{year}〕{self.doc_serial[key]}号"

    def _base(
        self, agency: Agency, year: int, category: str, title: str, topic: str, **extra: Any
    ) -> dict[str, Any]:
        rng, dates = self.rng, self.dates
        published = dates.workday(year, after=3)
        # most records go out within days; about 3% later than the 20 working days of 第二十六条
        lag = rng.randint(21, 40) if rng.random() < 0.03 else rng.randint(0, 12)
        if category in _DECISIONS and 7 < lag <= 20:  # 双公示: decisions mostly within 7 working days
            lag -= 5
        written = dates.before(published, lag)
        # 预算法第十四条 counts from the 批复, 双公示 from the decision: the document's own date here.
        approved = written if category == "20-7" else None
        decided = written if category in _DECISIONS else None
        due = self.deadlines.deadline(category, timeliness.RecordDates(written, None, approved, decided))
        people = self.staff.get(agency.pk, {})
        row = {
            "id": self.next_id + len(self.rows),
            "agency_id": agency.pk,
            "title": title,
            "doc_number": "",
            "written_on": written,
            "published_at": dates.at(published),
            "topic_id": self.topics.get(topic),
            "kind": "other",
            "genre": "通知",
            "category": category,
            "summary": "",
            "body": "",
            "keywords": "",
            "status": "published",
            "author_id": people.get("clerk"),
            "reviewer_id": people.get("reviewer"),
            "approver_id": people.get("approver"),
            "approved_on": approved,
            "decided_on": decided,
            "published_late": due.is_late(published),
            "view_count": int(rng.paretovariate(1.3) * 20),
            "created_at": dates.at(written),
            "updated_at": dates.at(published),
        }
        row.update(extra)
        self.rows.append(row)
        return row

    def policy(self, agency: Agency, year: int, *, rule: bool) -> None:
        rng = self.rng
        remit = self.remits[agency.pk]
        place = agency.division.name
        forms, taken = (T.RULE_FORMS if rule else T.NORMATIVE_FORMS), self.titles[agency.pk]
        for _ in range(remits.DRAWS):  # an agency issues the same policy once, not three times a year
            subject = remits.policy_subject(rng, remit, rule=rule)
            title = rng.choice(forms).format(place=place, s=subject)
            if title not in taken:
                break
        taken.add(title)
        if rule:
            doc_number = f"{agency.name}令第{self.doc_serial[(agency.pk, 0, '令')] + 1}号"
            self.doc_serial[(agency.pk, 0, "令")] += 1
            genre = "规定" if title.endswith("规定") else "办法"
        else:
            doc_number = self._doc_number(agency, year)
            genre = remits.genre_of(title, "20-1")
        needs = year == YEAR and (rule or rng.random() < 0.7)
        row = self._base(
            agency,
            year,
            "20-1",
            title,
            remit.topic_of(subject),
            kind="rule" if rule else "normative",
            doc_number=doc_number,
            genre=genre,
            validity="in_force",
            needs_interpretation=needs,
            keywords=remit.keywords(subject),
            summary=f"{title}，自发布之日起施行。",
            body=T.body(rng, subject, agency.name, points=4),
        )
        row["effective_on"] = row["published_at"].date() + timedelta(days=rng.choice([0, 30]))
        if year == YEAR:
            row["published_late"] = False  # the seed's policies went out on time
            row["written_on"] = self.dates.before(row["published_at"].date(), rng.randint(0, 10))
            old = self.policies.get((agency.pk, rule))
            if old and rng.random() < 0.15:
                target = old.pop(rng.randrange(len(old)))
                effect = "amended" if rng.random() < 0.7 else "repealed"
                row["supersedes_id"], row["supersedes_as"] = target["id"], effect
                target["validity"], target["replaced_by_id"] = effect, row["id"]
                target["validity_changed_on"] = row["published_at"].date()
            if needs:
                form = rng.choices(["text", "qa", "video"], weights=[6, 3, 1])[0]
                item: dict[str, Any] = {
                    "policy_id": row["id"],
                    "form": form,
                    "title": f"《{title}》政策解读",
                    "body": T.body(rng, subject, agency.name, points=2) if form == "text" else "",
                    "video_url": f"https://www.gd.gov.cn/video/{row['id']}.mp4" if form == "video" else "",
                    "qa": [
                        {
                            "q": f"{subject}的主要内容是什么？",
                            "a": f"主要明确了{subject}的适用范围、职责分工和保障措施。",
                        }
                    ]
                    if form == "qa"
                    else [],
                    "status": "published",
                    "published_at": row["published_at"],
                    "author_id": row["author_id"],
                    "created_at": row["created_at"],
                    "image": "",
                }
                self.interpretations.append(item)
        else:
            self.policies[(agency.pk, rule)].append(row)
            if rng.random() < 0.04:  # 有效期届满
                row["validity"] = "expired"
                row["validity_changed_on"] = self.dates.workday(YEAR)

    def fixed(self, agency: Agency) -> int:
        name, remit = agency.name, self.remits[agency.pk]
        self._base(
            agency,
            YEAR,
            "20-2",
            f"{name}机构职能",
            remit.topic,
            genre="其他",
            keywords=remit.keywords("机构职能"),
            body=f"<p>{name}贯彻落实党中央关于相关工作的方针政策和决策部署，依法履行职责。</p>",
        )
        if agency.division.level >= 4:
            return 1
        self._base(
            agency,
            YEAR,
            "20-7",
            f"{name}{YEAR}年部门预算",
            remit.topic,
            genre="预算",
            keywords=remit.keywords("部门预算"),
            body="<p>一、部门主要职能</p><p>二、部门预算收支总体情况</p><p>三、“三公”经费预算情况</p>",
        )
        self._base(
            agency,
            YEAR,
            "20-7",
            f"{name}{YEAR - 1}年部门决算",
            remit.topic,
            genre="决算",
            keywords=remit.keywords("部门决算"),
            body="<p>一、部门基本情况</p><p>二、收入支出决算总体情况</p><p>三、“三公”经费支出决算情况</p>",
        )
        return 3

    def everyday(self, agency: Agency) -> None:
        """One record of the agency's remit: its title decides the category, 主题分类 and 主题词."""
        rng = self.rng
        record = remits.record(rng, agency, self.remits[agency.pk], self.titles[agency.pk])
        extra: dict[str, Any] = {}
        if record.category in _DECISIONS and record.genre in ("决定", "批复"):
            extra["doc_number"] = self._doc_number(agency, YEAR, "许" if record.category == "20-5" else "罚")
        elif record.genre in _NUMBERED and (record.category == "20-1" or rng.random() < 0.4):
            extra["doc_number"] = self._doc_number(agency, YEAR, "函" if rng.random() < 0.3 else "")
        self._base(
            agency,
            YEAR,
            record.category,
            record.title,
            record.topic,
            genre=record.genre,
            body=T.body(rng, record.subject, agency.name, points=rng.randint(1, 3)),
            keywords=record.keywords,
            **extra,
        )

    def write(self) -> None:
        rows = sorted(self.rows, key=lambda r: r["published_at"])
        serial: dict[tuple[int, int], int] = defaultdict(int)
        uscc = dict(Agency.objects.values_list("pk", "uscc"))
        for r in rows:
            key = (r["agency_id"], r["published_at"].year)
            serial[key] += 1
            r["index_no"] = f"{uscc[r['agency_id']][8:17]}/{key[1]}-{serial[key]:05d}"
        bulk.insert(Publication, sorted(rows, key=lambda r: r["id"]))
        bulk.reset_sequences(Publication)
        first = bulk.next_id(Interpretation)
        bulk.insert(Interpretation, [{"id": first + i, **x} for i, x in enumerate(self.interpretations)])
        bulk.reset_sequences(Interpretation)
        IndexCounter.objects.bulk_create(
            [IndexCounter(agency_id=a, year=y, last=n) for (a, y), n in serial.items()], batch_size=5000
        )


def _table2_records(ctx: BuildContext, rng: random.Random, agencies: list[Agency], dates: _Dates) -> None:
    """权责事项 in force at the end of 2020 exactly as the seed counts them, their 2020 decisions, and the
    year's 政府集中采购 projects (amounts summing to 1296.6亿元)."""
    departments = [a for a in agencies if a.kind == Agency.Kind.DEPARTMENT and a.division.level <= 3]
    buyers = [a for a in agencies if a.division.level <= 3]
    scale = ctx.scale
    items: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    first_item, first_decision = bulk.next_id(PowerItem), bulk.next_id(ItemDecision)

    def item(agency: Agency, kind: str, n: int, established: date, abolished: date | None = None) -> None:
        pk = first_item + len(items)
        items.append(
            {
                "id": pk,
                "agency_id": agency.pk,
                "kind": kind,
                "name": f"{kind}事项{n}",
                "basis": "",
                "established_on": established,
                "abolished_on": abolished,
            }
        )
        if abolished is None or abolished.year >= YEAR:
            for _ in range(rng.randint(3, 40) if kind != "行政事业性收费" else 0):
                decisions.append(
                    {"id": first_decision + len(decisions), "item_id": pk, "decided_on": dates.workday(YEAR)}
                )

    kinds = {**ITEMS_AT_END, "其他对外管理服务事项": 2400, "行政事业性收费": 900}
    for kind, total in kinds.items():
        weights = [rng.random() ** 2 for _ in departments]
        for agency, n in zip(departments, _split(rng, round(total * scale), weights), strict=True):
            for i in range(n):  # in force at the end of 2020; a few of them new in 2020
                new = rng.random() < 0.06
                established = dates.workday(YEAR) if new else date(rng.randint(2005, YEAR - 1), 1, 1)
                item(agency, kind, i + 1, established)
            if n and rng.random() < 0.3:  # one abolished during 2020 (本年增/减 can be negative)
                item(agency, kind, n + 1, date(2010, 1, 1), dates.workday(YEAR))
    bulk.insert(PowerItem, items)
    bulk.insert(ItemDecision, decisions)
    bulk.reset_sequences(PowerItem, ItemDecision)
    n_projects = round(PROCUREMENT_PROJECTS * scale)
    per_agency = _split(rng, n_projects, [rng.random() ** 2 + 0.01 for _ in buyers])
    # amounts drawn in hundreds of yuan (0.01万元), so that the total is exactly the seed's
    hundreds = _split(
        rng,
        int(PROCUREMENT_WAN_YUAN * 100 * Decimal(scale)),
        [rng.lognormvariate(0, 1.1) for _ in range(n_projects)],
    )
    first = bulk.next_id(ProcurementProject)
    rows = []
    k = 0
    for agency, n in zip(buyers, per_agency, strict=True):
        for _ in range(n):
            rows.append(
                {
                    "id": first + k,
                    "agency_id": agency.pk,
                    "contracted_on": dates.workday(YEAR),
                    "amount_fen": hundreds[k] * 100 * 100,
                }
            )
            k += 1
    bulk.insert(ProcurementProject, rows)
    bulk.reset_sequences(ProcurementProject)
