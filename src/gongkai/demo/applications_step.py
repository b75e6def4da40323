"""Demo step ``applications``: three years of 依申请公开 across the province; 2020 exactly as in the seed.

../shared/seed/000_7ba4a89800fca835.txt, 2020 province-wide: 47,517 applications received (41,127 自然人,
6,390 法人或其他组织); decided: 予以公开及部分公开 24,836, 不予公开 3,252, 无法提供 12,936, 不予处理 4,002,
其他处理 2,491 (so decided == received, hence carried in from 2019 == carried out to 2021); 1,320 行政复议 and
1,104 行政诉讼 cases. The split into the five organisation categories and into leaf rows is ours (plausible,
fixed below). 2019 and 2021 follow the 2020 proportions at their own volumes.

Every case gets a consistent story on the working-day calendar: channel and 收到申请之日 (第三十一条),
补正 (第三十条), third-party consultation pauses (第三十二条), extensions (第三十三条), fee notices, the
decision and its delivery, and a timeline. All demo applications share the documented query code ``GKDEMO20``.
"""

from __future__ import annotations

import functools
import random
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from gongkai.appeals.models import Appeal
from gongkai.applications import deadlines, outcomes
from gongkai.applications.models import (
    Applicant,
    Application,
    ApplicationEvent,
    ClockPause,
    ReceiptCounter,
)
from gongkai.applications.services import hash_query_code, submission_note
from gongkai.applications.states import Status
from gongkai.core.calendar import current_calendar
from gongkai.core.codes import make_uscc
from gongkai.core.dates import chinese_date
from gongkai.core.personal import identity_key, resident_id_check_digit
from gongkai.demo import as_of, bulk
from gongkai.demo.builder import BuildContext
from gongkai.demo.data import guangdong as gd
from gongkai.demo.data import requests as rq
from gongkai.demo.names import person_name, road
from gongkai.orgs.models import Agency, StaffRole
from gongkai.orgs.roles import Role

DEMO_QUERY_CODE = "GKDEMO20"

CATEGORIES = ("natural", "commercial", "research", "nonprofit", "legal", "other")
RECEIVED_2020 = {
    "natural": 41127,
    "commercial": 3836,
    "research": 97,
    "nonprofit": 64,
    "legal": 1927,
    "other": 466,
}
# Leaf rows of 表三 (2021 format order): （一）（二）（三）1–8（四）1–3（五）1–5（六）1–3.
DECIDED_2020 = (
    19870,
    4966,
    38,
    187,
    96,
    702,
    311,
    893,
    452,
    573,
    11483,
    996,
    457,
    1906,
    1204,
    187,
    521,
    184,
    1126,
    23,
    1342,
)
CARRIED = {2019: 2318, 2020: 2318, 2021: 2604}  # received in the year, decided the next
RECEIVED = {2019: 41236, 2020: 47517, 2021: 52410}
APPEALS_2020 = {
    Appeal.Kind.REVIEW: {"upheld": 820, "corrected": 146, "other": 238, "pending": 116},
    Appeal.Kind.LITIGATION_DIRECT: {"upheld": 452, "corrected": 37, "other": 163, "pending": 128},
    Appeal.Kind.LITIGATION_AFTER_REVIEW: {"upheld": 201, "corrected": 12, "other": 66, "pending": 45},
}
APPEAL_SCALE = {2019: 0.87, 2021: 1.09}

_BUSY = ("自然资源", "住房和城乡建设", "公安", "人力资源和社会保障", "市场监督管理", "生态环境")


def wipe() -> None:
    bulk.delete_all(Appeal, ApplicationEvent, ClockPause, Application, Applicant, ReceiptCounter)


class _Days:
    """O(1) working-day arithmetic over a fixed span (the demo makes ~500,000 such computations)."""

    def __init__(self, first: date, last: date) -> None:
        cal = current_calendar()
        self.cal = cal
        self.days: list[date] = []
        d = first
        while d <= last:
            if cal.is_workday(d):
                self.days.append(d)
            d += timedelta(days=1)
        self.ordinals = [d.toordinal() for d in self.days]
        self._years: dict[int, list[date]] = {}

    def add(self, d: date, n: int) -> date:
        return self.days[bisect_right(self.ordinals, d.toordinal()) + n - 1]

    def between(self, a: date, b: date) -> int:
        return bisect_right(self.ordinals, b.toordinal()) - bisect_right(self.ordinals, a.toordinal())

    def in_year(self, year: int) -> list[date]:
        if year not in self._years:
            self._years[year] = [d for d in self.days if d.year == year]
        return self._years[year]


@dataclass
class _Case:
    agency: Agency
    category: str
    outcome: str
    received_on: date | None  # None: submitted online, not yet confirmed on the demo's today
    submitted_at: datetime
    channel: str
    decided_on: date | None  # None: still open on the demo's today (as_of)
    clock_start: date | None
    due_date: date | None
    status: str
    extension_days: int = 0
    correction: tuple[date, date, date | None] | None = None  # requested, deadline, corrected
    pauses: list[tuple[str, date, date, date, str]] = field(default_factory=list)
    fee: tuple[date, str, int] | None = None  # notice, method, amount
    delivered_on: date | None = None
    events: list[tuple[date, str, str]] = field(default_factory=list)


def run(ctx: BuildContext) -> None:
    rng = ctx.rng("applications")
    agencies: list[Agency] = ctx.shared["agencies"]
    days = _Days(date(2019, 1, 1), date(2022, 12, 31))
    weights = [_weight(a) for a in agencies]
    leaves = list(outcomes.outcomes())
    shares = [n / sum(DECIDED_2020) for n in DECIDED_2020]
    cat_shares = [RECEIVED_2020[c] / sum(RECEIVED_2020.values()) for c in CATEGORIES]

    # Which year each application is received and decided in, with its outcome and category.
    scale = ctx.scale
    received = {y: round(n * scale) for y, n in RECEIVED.items()}
    carried = {y: round(n * scale) for y, n in CARRIED.items()}
    if scale == 1.0:  # the seed's 2020 figures, exactly
        exact_2020 = [leaf for leaf, n in zip(leaves, DECIDED_2020, strict=True) for _ in range(n)]
        cats_2020 = [c for c in CATEGORIES for _ in range(RECEIVED_2020[c])]
    else:
        exact_2020 = rng.choices(leaves, shares, k=received[2020] - carried[2020] + carried[2019])
        cats_2020 = rng.choices(CATEGORIES, cat_shares, k=received[2020])
    rng.shuffle(exact_2020)
    rng.shuffle(cats_2020)
    plan: list[tuple[int, int, str, str]] = []  # (received year, decided year, outcome, category)
    for year in (2019, 2020, 2021):
        n, carry = received[year], carried[year]
        cats = cats_2020 if year == 2020 else rng.choices(CATEGORIES, cat_shares, k=n)
        decided_years = [year + 1] * carry + [year] * (n - carry)
        plan += [(year, decided_years[i], "", cats[i]) for i in range(n)]
    # Outcomes: 2020 decisions exactly as the seed (2019 carry-in first, then 2020 receipts); others sampled.
    it_2020 = iter(exact_2020)
    plan = [
        (ry, dy, next(it_2020) if dy == 2020 else rng.choices(leaves, shares)[0], c) for ry, dy, _, c in plan
    ]

    ctx.progress.start("依申请公开", len(plan))
    chosen = rng.choices(agencies, weights, k=len(plan))
    cases: list[_Case] = []
    for (ry, dy, outcome, category), agency in zip(plan, chosen, strict=True):
        cases.append(_story(rng, days, agency, category, outcome, ry, dy))
        if len(cases) % 5000 == 0:
            ctx.progress.advance(5000)
    ctx.progress.advance(len(cases) % 5000)
    _fees_from_commencement(cases, plan, chosen, days, ctx.rng("applications-fees"))
    cases = as_of.cases_as_of(cases, ctx.today, days, ctx.rng("applications-as-of"))
    _insert(ctx, rng, cases)
    _appeals(ctx, rng, days)


FEE_FIRST_YEAR = 2021  # 国办函〔2020〕109号 commencement (GONGKAI_FEE_COMMENCEMENT, default 2021-01-01)


def _fees_from_commencement(
    cases: list[_Case],
    plan: list[tuple[int, int, str, str]],
    chosen: list[Agency],
    days: _Days,
    rng: random.Random,
) -> None:
    """No 信息处理费 before the 办法 applies (国办函〔2020〕109号; REGULATIONS.md §3): a （六）2 逾期未缴费
    story of an application received earlier trades outcomes with a （六）3 story received and decided in
    2021 (or becomes （六）3 if none is left); both are told again with their own random stream, so every
    other case stays as it was. Both rows are （六）其他处理 — the single row of the 2019 format that the 2019
    and 2020 reports use — so every reported figure stays."""
    fee, other = outcomes.fee_unpaid(), outcomes.other()
    early = [i for i, (ry, _dy, o, _c) in enumerate(plan) if o == fee and ry < FEE_FIRST_YEAR]
    late = iter(i for i, (ry, dy, o, _c) in enumerate(plan) if o == other and ry == dy == FEE_FIRST_YEAR)
    for i in early:
        swaps = [(i, other)]
        j = next(late, None)
        if j is not None:
            swaps.append((j, fee))
        for k, outcome in swaps:
            ry, dy, _o, category = plan[k]
            cases[k] = _story(rng, days, chosen[k], category, outcome, ry, dy)


def _weight(agency: Agency) -> float:
    level = {1: 6.0, 2: 3.0, 3: 1.0, 4: 1.0}[agency.division.level]
    kind: float = {
        str(Agency.Kind.GOVERNMENT): 2.5,
        Agency.Kind.GENERAL_OFFICE: 1.2,
        Agency.Kind.DEPARTMENT: 1.0,
        Agency.Kind.DISPATCHED: 0.8,
        Agency.Kind.SUBDISTRICT_OFFICE: 0.35,
        Agency.Kind.ZONE_COMMITTEE: 1.0,
    }[agency.kind]
    if agency.division.level == 4 and agency.kind == Agency.Kind.GOVERNMENT:
        kind = 0.45
    busy = 4.0 if any(word in agency.name for word in _BUSY) else 1.0
    return level * kind * busy


_CHANNELS = ("online", "letter_signed", "in_person", "email", "letter_plain", "fax")
_CHANNEL_WEIGHTS = (70, 12, 8, 5, 3, 2)


def _story(
    rng: random.Random, days: _Days, agency: Agency, category: str, outcome: str, ry: int, dy: int
) -> _Case:
    group = outcomes.get(outcome).group
    window = days.in_year(ry)
    carry = dy > ry
    for _attempt in range(60):
        received = rng.choice(window[-14:] if carry else window)
        case = _build(rng, days, agency, category, outcome, group, received, carry)
        if case.decided_on is not None and case.decided_on.year == dy:
            return case
    raise RuntimeError(f"no story for {outcome} received {ry} decided {dy}")


def _build(
    rng: random.Random,
    days: _Days,
    agency: Agency,
    category: str,
    outcome: str,
    group: str,
    received: date,
    carry: bool,
) -> _Case:
    channel = rng.choices(_CHANNELS, _CHANNEL_WEIGHTS)[0]
    if channel in ("in_person", "letter_signed"):
        submitted = datetime.combine(received, time(rng.randint(9, 16), rng.randint(0, 59)))
    else:
        before = received - timedelta(days=rng.choice((0, 0, 1, 1, 2)))
        submitted = datetime.combine(before, time(rng.randint(0, 23), rng.randint(0, 59)))
    # The fields every story shares; each ending below adds its own.
    case = functools.partial(_Case, agency, category, outcome, received, _aware(submitted), channel)
    events = [
        (submitted.date(), "submitted", submission_note(channel)),
        (received, "received", ""),
    ]
    clock = received
    correction: tuple[date, date, date | None] | None = None
    closed_uncorrected = outcome == outcomes.not_corrected()
    if closed_uncorrected or outcome.endswith("3.补正后申请内容仍不明确") or rng.random() < 0.04:
        asked = days.add(received, rng.randint(1, 7))  # 第三十条: within 7 working days
        deadline = days.add(asked, 10)
        events.append((asked, "correction_requested", f"补正期限：{chinese_date(deadline)}"))
        if closed_uncorrected:
            correction = (asked, deadline, None)
            decided = days.add(deadline, rng.randint(1, 3))
            events.append((decided, "closed_uncorrected", "申请人逾期未补正，视为放弃申请"))
            return case(
                decided,
                None,
                None,
                Status.CLOSED,
                correction=correction,
                events=events,
            )
        corrected = days.add(asked, rng.randint(1, 8))
        correction = (asked, deadline, corrected)
        clock = corrected
        events.append((corrected, "corrected", ""))
    if outcome == outcomes.fee_unpaid():
        notice = days.add(clock, rng.randint(5, 15))
        pay_by = days.add(notice, deadlines.FEE_PAYMENT_WORKING_DAYS)
        decided = days.add(pay_by, rng.randint(1, 3))
        pause = ("fee", notice, decided, pay_by, "收费通知")
        due = days.add(clock, 20 + days.between(notice, decided))
        amount = 100 * rng.randint(1, 12)  # drawn where it always was: the demo stays the same
        events += [
            (notice, "fee_notice", f"信息处理费{amount}元"),
            (decided, "closed_unpaid", "逾期未缴纳信息处理费，视为放弃申请"),
        ]
        return case(
            decided,
            clock,
            due,
            Status.CLOSED,
            correction=correction,
            pauses=[pause],
            fee=(notice, "per_item", amount),
            events=events,
        )
    if outcome == outcomes.other() and rng.random() < 0.6:
        decided = days.add(clock, rng.randint(1, 12))
        events.append((decided, "withdrawn", "申请人撤回申请"))
        return case(
            decided,
            clock,
            days.add(clock, 20),
            Status.WITHDRAWN,
            correction=correction,
            events=events,
        )
    pauses = []
    paused = 0
    if (group == outcomes.REFUSED and outcome.endswith("4.保护第三方合法权益")) or rng.random() < 0.025:
        start = days.add(clock, rng.randint(2, 10))
        end = days.add(start, rng.randint(3, 15))  # 第三十二条: 15 working days at most
        pauses.append(("third_party", start, end, days.add(start, 15), "涉及第三方合法权益，书面征求意见"))
        events += [(start, "consultation_started", "书面征求第三方意见"), (end, "consultation_ended", "")]
        paused = days.between(start, end)
    extension = rng.choice((5, 10, 15, 20)) if rng.random() < 0.07 else 0
    limit = 20 + extension + paused
    due = days.add(clock, limit)
    if carry:
        to_new_year = days.between(clock, date(clock.year, 12, 31)) + 1
        k = rng.randint(min(to_new_year, limit), limit)
    else:
        k = rng.randint(2, limit) if rng.random() > 0.012 else limit + rng.randint(1, 6)  # a few late replies
    decided = days.add(clock, max(k, (days.between(clock, pauses[0][2]) + 1) if pauses else 1))
    if extension:
        asked = days.add(clock, min(19 + paused, max(1, days.between(clock, decided) - 1)))
        events.append((asked, "extended", f"经负责人同意延期{extension}个工作日"))
    events.append((decided, "decided", outcomes.get(outcome).short))
    delivered = days.add(decided, rng.choice((0, 1, 1, 2, 3))) if rng.random() < 0.995 else None
    if delivered is not None and delivered != decided:
        events.append((delivered, "delivered", ""))
    elif delivered is not None:
        delivered = decided
        events.append((delivered, "delivered", ""))
    status = Status.DELIVERED if delivered else Status.DECIDED
    return case(
        decided,
        clock,
        due,
        status,
        extension_days=extension,
        correction=correction,
        pauses=pauses,
        delivered_on=delivered,
        events=events,
    )


_TZ = ZoneInfo("Asia/Shanghai")  # no daylight saving since 1991: replace() is exact


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=_TZ)


# ------------------------------------------------------------------------------------------ applicants
_COUNTY_CODES = [c.code for cs in gd.COUNTIES.values() for c in cs if c.kind != gd.FZ]
_ORG_WORDS = [
    "华南",
    "粤海",
    "珠江",
    "岭南",
    "南方",
    "新粤",
    "恒信",
    "宏图",
    "汇丰",
    "金穗",
    "广信",
    "德诚",
    "正大",
    "安和",
    "中信",
    "鹏程",
    "远航",
    "海天",
    "荣盛",
    "嘉禾",
]


class _People:
    """Applicants: a pool of frequent applicants plus one-off ones; valid ID numbers and codes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.frequent: dict[str, list[dict[str, Any]]] = {c: [] for c in CATEGORIES}
        self.serial = 0

    def get(self, category: str, agency: Agency) -> dict[str, Any]:
        pool = self.frequent[category]
        if pool and self.rng.random() < 0.12:
            return self.rng.choice(pool)
        person = self._new(category, agency)
        if len(pool) < 800 and self.rng.random() < 0.05:
            pool.append(person)
        return person

    def _new(self, category: str, agency: Agency) -> dict[str, Any]:
        rng = self.rng
        self.serial += 1
        city = next((c for c in gd.CITIES if c.code[:4] == agency.division.code[:4]), gd.CITIES[0])
        address = f"{city.name}{road(rng)}{rng.randint(1, 30)}栋{rng.randint(101, 2808)}房"
        phone = f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"
        if category == "natural":
            born = f"{rng.randint(1950, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            first17 = f"{rng.choice(_COUNTY_CODES)}{born}{rng.randint(0, 999):03d}"
            number = first17 + resident_id_check_digit(first17)
            return {
                "category": category,
                "name": person_name(rng),
                "id_type": "resident_id",
                "id_number": number,
                "phone": phone,
                "address": address,
                "postcode": city.postcode,
                "identity_key": identity_key("id", number),
            }
        word = rng.choice(_ORG_WORDS)
        short = city.name.removesuffix("市")
        name, authority, kind = {
            "commercial": (
                f"{short}{word}{rng.choice(('科技', '置业', '贸易', '建设', '实业'))}有限公司",
                "9",
                "1",
            ),
            "research": (f"广东省{word}{rng.choice(('研究院', '研究所', '设计院'))}", "1", "2"),
            "nonprofit": (f"{short}{word}公益{rng.choice(('基金会', '服务中心', '协会'))}", "5", "3"),
            "legal": (f"广东{word}{rng.choice(('律师事务所', '律师事务所', '公证处'))}", "3", "1"),
            "other": (f"{short}{word}{rng.choice(('村民委员会', '业主委员会', '经济联合社'))}", "5", "9"),
        }[category]
        uscc = make_uscc(
            authority=authority,
            entity_type=kind,
            division_code=city.code,
            org_body=f"{rng.randint(0, 99_999_999):08d}",
        )
        return {
            "category": category,
            "name": f"{name}（{self.serial}）" if rng.random() < 0.02 else name,
            "uscc": uscc,
            "contact_person": person_name(rng),
            "phone": phone,
            "address": address,
            "postcode": city.postcode,
            "identity_key": identity_key("org", uscc),
        }


def _request(rng: random.Random, agency: Agency, year: int) -> str:
    if agency.division.level == 4:
        templates = rq.TOWN
    else:
        templates = next((t for word, t in rq.BY_DOMAIN.items() if word in agency.name), rq.GENERIC)
        if rng.random() < 0.15:
            templates = rq.GENERIC
    place = (
        agency.division.name
        if agency.division.level >= 3
        else rng.choice(("天河区", "越秀区", "南山区", "禅城区", "惠城区"))
    )
    return rng.choice(templates).format(
        place=place, year=rng.choice((year - 1, year, year)), no=rng.randint(1, 980)
    )


# ------------------------------------------------------------------------------------------ insert
def _insert(ctx: BuildContext, rng: random.Random, cases: list[_Case]) -> None:
    cases.sort(key=lambda c: (c.submitted_at, c.agency.pk))
    people = _People(rng)
    code_hash = hash_query_code(DEMO_QUERY_CODE)
    counters: Counter[tuple[int, int]] = Counter()
    first_applicant, first_app = bulk.next_id(Applicant), bulk.next_id(Application)
    first_event, first_pause = bulk.next_id(ApplicationEvent), bulk.next_id(ClockPause)
    applicants: list[dict[str, Any]] = []
    apps: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    pauses: list[dict[str, Any]] = []
    now = timezone.now()
    # Every confirmed case has its agency's clerk as 经办人, so that "my work" means something in the demo.
    clerks = dict(StaffRole.objects.filter(role=Role.CLERK).values_list("agency_id", "user_id"))
    ctx.progress.start("写入申请", len(cases))
    for i, case in enumerate(cases):
        applicant_id, app_id = first_applicant + i, first_app + i
        applicants.append({"id": applicant_id, **people.get(case.category, case.agency)})
        year = case.submitted_at.year
        counters[(case.agency.pk, year)] += 1
        info_form, delivery = rng.choice(_FORMS)
        corr = case.correction
        apps.append(
            {
                "id": app_id,
                "agency_id": case.agency.pk,
                "applicant_id": applicant_id,
                "applicant_category": case.category,
                "receipt_number": f"YSQ{year}-{case.agency.pk:05d}-{counters[(case.agency.pk, year)]:05d}",
                "query_code_hash": code_hash,
                "idempotency_key": None,
                "channel": case.channel,
                "submitted_at": case.submitted_at,
                "received_on": case.received_on,
                "clock_start": case.clock_start,
                "description": _request(rng, case.agency, case.submitted_at.year),
                "info_form": info_form,
                "delivery": delivery,
                "status": case.status,
                "handler_id": clerks.get(case.agency.pk) if case.received_on is not None else None,
                "due_date": case.due_date,
                "extension_days": case.extension_days,
                "extension_reason": "需要跨部门检索、调取档案" if case.extension_days else "",
                "correction_requested_on": corr[0] if corr else None,
                "correction_deadline": corr[1] if corr else None,
                "correction_items": "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述"
                if corr
                else "",
                "fee_method": case.fee[1] if case.fee else "",
                "fee_amount": Decimal(case.fee[2]) if case.fee else None,
                "outcome": case.outcome,
                "outcome_basis": (outcomes.get(case.outcome).basis or "详见答复书") if case.outcome else "",
                "decided_on": case.decided_on,
                "delivered_on": case.delivered_on,
                "updated_at": now,
            }
        )
        for on, action, note in case.events:
            events.append(
                {
                    "id": first_event + len(events),
                    "application_id": app_id,
                    "on_date": on,
                    "occurred_at": datetime.combine(on, _TEN, tzinfo=_TZ),
                    "action": action,
                    "actor_label": "demo",
                    "note": note,
                    "public": True,
                }
            )
        for kind, start, end, expected, reason in case.pauses:
            pauses.append(
                {
                    "id": first_pause + len(pauses),
                    "application_id": app_id,
                    "kind": kind,
                    "start": start,
                    "end": end,
                    "expected_end": expected,
                    "reason": reason,
                    "party": "第三方" if kind == "third_party" else "",
                }
            )
    bulk.insert(Applicant, applicants)
    bulk.insert(Application, apps)
    bulk.insert(ApplicationEvent, events, batch=10000)
    bulk.insert(ClockPause, pauses)
    bulk.reset_sequences(Applicant, Application, ApplicationEvent, ClockPause)
    ReceiptCounter.objects.bulk_create(
        [
            ReceiptCounter(agency_id=agency_id, year=year, last=n)
            for (agency_id, year), n in sorted(counters.items())
        ]
    )
    ctx.progress.advance(len(cases))
    ctx.shared["applications"] = [(a["id"], a["agency_id"], a["outcome"], a["decided_on"]) for a in apps]


_FORMS = (
    ("electronic", "email"),
    ("electronic", "online"),
    ("paper", "post"),
    ("paper", "pickup"),
    ("electronic", "email"),
)
_TEN = time(10)


def _appeals(ctx: BuildContext, rng: random.Random, days: _Days) -> None:
    """行政复议 / 行政诉讼 against decisions that withheld or did not provide information."""
    groups = {outcomes.REFUSED, outcomes.UNABLE, outcomes.NOT_PROCESSED, outcomes.PARTIAL}
    by_year: dict[int, list[tuple[int, int, date]]] = {}
    for app_id, agency_id, outcome, decided_on in ctx.shared["applications"]:
        if decided_on is not None and outcomes.get(outcome).group in groups:
            by_year.setdefault(decided_on.year, []).append((app_id, agency_id, decided_on))
    rows: list[dict[str, Any]] = []
    first = bulk.next_id(Appeal)
    for year in (2019, 2020, 2021):
        candidates = by_year.get(year, []) + by_year.get(year - 1, [])[-3000:]
        for kind, results in APPEALS_2020.items():
            for result, n in results.items():
                count = round((n if year == 2020 else n * APPEAL_SCALE[year]) * ctx.scale)
                for _ in range(count):
                    row = _appeal(rng, days, year, kind, result, candidates)
                    if row["filed_on"] > ctx.today:  # not yet filed on the demo's today
                        continue
                    if row["concluded_on"] > ctx.today:  # still pending on the demo's today
                        row["result"], row["concluded_on"] = "pending", None
                    rows.append({"id": first + len(rows), **row})
    bulk.insert(Appeal, rows)
    bulk.reset_sequences(Appeal)


def _appeal(
    rng: random.Random,
    days: _Days,
    year: int,
    kind: str,
    result: str,
    candidates: list[tuple[int, int, date]],
) -> dict[str, Any]:
    longest = 55 if kind == Appeal.Kind.REVIEW else 110  # 复议 within 60 days, 诉讼 within 6 months
    for _ in range(100):
        app_id, agency_id, decided_on = rng.choice(candidates)
        filed = days.add(decided_on, rng.randint(5, longest))
        if filed.year == year and (result != "pending" or filed.month >= 9):
            break
    else:
        filed = days.add(date(year, 9, 1), rng.randint(1, 60))
    if result == "pending":  # still open on 12月31日: concluded the next year
        final = rng.choice(("upheld", "upheld", "corrected", "other"))
        concluded = days.add(date(year, 12, 31), rng.randint(5, 60))
    else:
        final = result
        concluded = max(min(days.add(filed, rng.randint(20, 60)), date(year, 12, 31)), filed)
    return {
        "agency_id": agency_id,
        "application_id": app_id,
        "kind": kind,
        "filed_on": filed,
        "result": final,
        "concluded_on": concluded,
        "body": "人民法院" if kind != Appeal.Kind.REVIEW else "人民政府",
        "case_number": f"{year}-{rng.randint(1, 99999):05d}",
    }
