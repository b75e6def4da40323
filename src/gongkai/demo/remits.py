"""What each demo agency publishes: its remit (职责范围) and the everyday 主动公开 records drawn from it.

An agency's kind and name decide its remit (data/remits*.py): a 生态环境局 publishes 环评审批 and 排污许可,
a 民政局 高龄津贴 and 社会组织登记, a 人民政府 its 政府工作报告, 预决算 and 人事任免. Each record's title
comes from a form of one line of the remit, so its 主动公开类别 is that line's category and its 主题词 and
主题分类 are the form's. Pure functions of the PRNG and the agency: no database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from gongkai.demo.data import remits as data
from gongkai.demo.data.remits_departments import SOCIAL
from gongkai.demo.data.remits_economy import ECONOMY
from gongkai.demo.names import person_name
from gongkai.orgs.models import Agency

YEAR = 2020
DRAWS = 8  # draws of a title before a repeated one is let through
_COMPANY_WORDS = tuple(data.COMPANY_WORDS.split())
#: Placeholders drawn for each title, with the largest number drawn: month, quarter, serial number.
_DRAWN = {"m": 12, "q": 4, "n": 30, "co": 0, "person": 0}
#: 文种 by the end of the title (after any trailing （…）), first match wins.
_GENRE_ENDINGS: dict[str, str] = {
    "名单公示": "名单",
    "决定书": "决定",
    "职位表": "目录",
    "清单": "目录",
    "公示": "公告",
    "公布": "公告",
    "措施": "意见",
    **{g: g for g in ("公报", "办法", "细则", "规定", "通知", "通告", "通报", "意见", "决定", "批复")},
    **{g: g for g in ("公告", "报告", "方案", "规划", "目录")},
}


@dataclass(frozen=True)
class Form:
    keyword: str  # the form's own 主题词; "" when it is the subject drawn for {s}
    template: str
    drawn: tuple[str, ...]  # its placeholders drawn afresh for every title: m, q, n, co, person
    genre: str  # 文种, from the template's ending


@dataclass(frozen=True)
class Line:
    category: str
    forms: tuple[Form, ...]
    subjects: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Remit:
    name: str  # "government", "office", "town", "fallback" or a department's tag
    tag: str
    topic: str
    subjects: tuple[str, ...]
    lines: tuple[tuple[Line, int], ...]  # (line, weight)
    topics: dict[str, str]
    firms: tuple[str, ...]
    rules: tuple[str, ...]

    def topic_of(self, keyword: str) -> str:
        return self.topics.get(keyword, self.topic)

    def keywords(self, keyword: str) -> str:
        """主题词 as written on the record: the remit's own first, then the record's."""
        return keyword if keyword == self.tag else f"{self.tag} {keyword}"


@dataclass(frozen=True)
class Record:
    category: str
    title: str
    genre: str
    keywords: str
    topic: str  # 主题分类 path, 一级\二级
    subject: str  # what the body talks about


def genre_of(title: str, category: str) -> str:
    stem = title.rsplit("（", 1)[0] if title.endswith("）") else title
    for ending, genre in _GENRE_ENDINGS.items():
        if stem.endswith(ending):
            return genre
    return "数据" if category in ("20-4", "20-7") else "其他"


def _form(text: str, category: str) -> Form:
    keyword, _, template = text.rpartition("=")
    if not keyword and "{s}" not in template:
        raise ValueError(f"form without a 主题词: {text}")
    drawn = tuple(name for name in _DRAWN if f"{{{name}}}" in template)
    return Form(keyword, template, drawn, genre_of(template, category))


def _compile(name: str, spec: data.RemitSpec, shared: dict[str, data.Line]) -> Remit:
    lines: list[tuple[Line, int]] = []
    for category in dict.fromkeys([*shared, *spec.lines]):  # shared categories first, in their order
        own, common = spec.lines.get(category), shared.get(category)
        weight = (own or common or (0, ""))[0]
        texts = [t for entry in (common, own) if entry for t in entry[1].split(" | ")]
        listed = " ".join(entry[2] for entry in (common, own) if entry and len(entry) > 2)
        if category == "20-9" and not listed:
            listed = f"{spec.procured} {data.PROCURED}"
        subjects = tuple(listed.split()) or tuple(spec.subjects.split())
        lines.append((Line(category, tuple(_form(t, category) for t in texts), subjects), weight))
    return Remit(
        name=name,
        tag=spec.tag,
        topic=spec.topic,
        subjects=tuple(spec.subjects.split()),
        lines=tuple(lines),
        topics=spec.topics,
        firms=tuple((spec.firms or data.FIRMS).split()),
        rules=tuple(spec.rules.split()),
    )


GOVERNMENT = _compile("government", data.GOVERNMENT, {})
OFFICE = _compile("office", data.OFFICE, {})
TOWN = _compile("town", data.TOWN, {})
FALLBACK = _compile("fallback", data.FALLBACK, data.DEPARTMENT_LINES)
DEPARTMENTS: dict[str, Remit] = {
    spec.tag: _compile(spec.tag, spec, data.DEPARTMENT_LINES) for spec in (*SOCIAL, *ECONOMY)
}
ALL: tuple[Remit, ...] = (GOVERNMENT, OFFICE, TOWN, FALLBACK, *DEPARTMENTS.values())


def department_remit(name: str) -> Remit:
    """The remit of a department (or 派出机构) from its name: 梅州市生态环境局 → 生态环境."""
    for fragment, tag in data.DEPARTMENT_KEYS:
        if fragment in name:
            return DEPARTMENTS[tag]
    return FALLBACK


def remit_of(agency: Agency) -> Remit:
    kind, level = agency.kind, agency.division.level
    if kind == Agency.Kind.SUBDISTRICT_OFFICE or (kind == Agency.Kind.GOVERNMENT and level >= 4):
        return TOWN
    if kind in (Agency.Kind.GOVERNMENT, Agency.Kind.ZONE_COMMITTEE):
        return GOVERNMENT
    if kind == Agency.Kind.GENERAL_OFFICE:
        return OFFICE
    return department_remit(agency.name.replace(agency.division.name, ""))


@cache
def _mix(remit: Remit, level: int, town_government: bool) -> tuple[tuple[Line, ...], tuple[int, ...]]:
    """The remit's lines open to this agency, with cumulative weights: 第二十一条 applies to the
    governments of 设区的市 and counties and their departments (21c), and to 乡镇人民政府 (21t)."""
    lines, cumulative, total = [], [], 0
    for line, weight in remit.lines:
        if line.category.startswith("21c") and not 2 <= level <= 3:
            continue
        if line.category.startswith("21t") and not town_government:
            continue
        total += weight
        lines.append(line)
        cumulative.append(total)
    return tuple(lines), tuple(cumulative)


def record(
    rng: random.Random, agency: Agency, remit: Remit | None = None, taken: set[str] | None = None
) -> Record:
    """One everyday record of 2020 that ``agency`` publishes (not 规章 or 规范性文件). Titles in ``taken``
    (what the agency has published already, which this updates) are drawn again, a few times at most: a
    government reports on its work once a year, whatever the weight of that line."""
    remit = remit or remit_of(agency)
    drawn = _draw(rng, agency, remit)
    if taken is not None:
        for _ in range(DRAWS):
            if drawn.title not in taken:
                break
            drawn = _draw(rng, agency, remit)
        taken.add(drawn.title)
    return drawn


def _draw(rng: random.Random, agency: Agency, remit: Remit) -> Record:
    level = agency.division.level
    lines, cumulative = _mix(remit, level, level >= 4 and agency.kind == Agency.Kind.GOVERNMENT)
    line = rng.choices(lines, cum_weights=cumulative)[0]
    form = rng.choice(line.forms)
    subject = rng.choice(line.subjects)
    place = agency.division.name
    values: dict[str, object] = {"org": agency.name, "place": place, "s": subject, "y": YEAR, "py": YEAR - 1}
    for name in form.drawn:
        if name == "co":
            values[name] = f"{place[:2]}{rng.choice(_COMPANY_WORDS)}{rng.choice(remit.firms)}"
        elif name == "person":
            values[name] = person_name(rng)
        else:
            values[name] = rng.randint(1, _DRAWN[name])
    title = form.template.format_map(values)
    keyword = form.keyword or subject
    return Record(
        category=line.category,
        title=title,
        genre=form.genre,
        keywords=remit.keywords(keyword),
        topic=remit.topic_of(keyword),
        subject=keyword,
    )


def policy_subject(rng: random.Random, remit: Remit, *, rule: bool) -> str:
    """What a 规章 (of a government) or a 规范性文件 is about."""
    return rng.choice(remit.rules if rule and remit.rules else remit.subjects)
