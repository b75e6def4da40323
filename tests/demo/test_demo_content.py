"""The demo's 主动公开 records fit the agencies that publish them: titles, 主题分类, 主题词 and category come
from the agency's remit (a 生态环境局 never publishes 高龄津贴; governments publish general matters)."""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from importlib import resources

import pytest

from gongkai.demo import remits
from gongkai.demo.data import guangdong as gd
from gongkai.orgs.models import Agency, Division
from gongkai.publications.models import GENRES
from gongkai.publications.reference import CATEGORIES

K = Agency.Kind
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _agency(name: str, kind: str, level: int, division: str, short: str = "") -> Agency:
    return Agency(name=name, short_name=short, kind=kind, division=Division(name=division, level=level))


def _profile_agencies() -> list[Agency]:
    """Every kind of agency the guangdong-2020 profile creates, named as orgs_step names them."""
    p, city, county, zone = "广东省", "梅州市", "梅县区", "横琴新区"
    agencies = [
        _agency(f"{p}人民政府", K.GOVERNMENT, 1, p, "省政府"),
        _agency(f"{p}人民政府办公厅", K.GENERAL_OFFICE, 1, p, "省府办公厅"),
        _agency(f"{city}人民政府", K.GOVERNMENT, 2, city, "市政府"),
        _agency(f"{city}人民政府办公室", K.GENERAL_OFFICE, 2, city, "市府办"),
        _agency(f"{city}{county}人民政府", K.GOVERNMENT, 3, county, "梅县区政府"),
        _agency(f"{city}{county}人民政府办公室", K.GENERAL_OFFICE, 3, county, "梅县区府办"),
        _agency(f"{zone}管理委员会", K.ZONE_COMMITTEE, 3, zone, zone),
        _agency("石龙镇人民政府", K.GOVERNMENT, 4, "石龙镇", "石龙镇"),
        _agency("东湖街道办事处", K.SUBDISTRICT_OFFICE, 4, "东湖街道", "东湖街道"),
    ]
    agencies += [_agency(f"{p}{d}", K.DEPARTMENT, 1, p, f"省{d}") for d in gd.PROVINCIAL_DEPARTMENTS]
    agencies += [_agency(f"{city}{d}", K.DEPARTMENT, 2, city, f"市{d}") for d in gd.CITY_DEPARTMENTS]
    agencies += [_agency(f"{city}{county}{d}", K.DEPARTMENT, 3, county, d) for d in gd.COUNTY_DEPARTMENTS]
    agencies += [_agency(f"{zone}{d}", K.DEPARTMENT, 3, zone, d) for d in gd.ZONE_DEPARTMENTS]
    for parent in ("公安局", "生态环境局", "自然资源局"):
        agencies.append(_agency(f"{city}{parent}{county}分局", K.DISPATCHED, 3, county, f"{county}分局"))
    return agencies


AGENCIES = _profile_agencies()


def _records(agency: Agency, n: int, seed: int = 7) -> list[remits.Record]:
    rng = random.Random(f"{seed}:{agency.name}")
    return [remits.record(rng, agency) for _ in range(n)]


def _pattern(template: str, agency: Agency, subjects: tuple[str, ...]) -> re.Pattern[str]:
    fixed = {"org": re.escape(agency.name), "place": re.escape(agency.division.name)}
    fixed["s"] = "(?:" + "|".join(map(re.escape, subjects)) + ")"
    parts = _PLACEHOLDER.split(template)  # text, name, text, name, …
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else fixed.get(p, ".+?") for i, p in enumerate(parts)) + "$"
    )


def _vocabulary(remit: remits.Remit) -> set[str]:
    words = set(remit.subjects)
    for line, _weight in remit.lines:
        words |= set(line.subjects) | {f.keyword for f in line.forms if f.keyword}
    return words


def _topic_paths() -> set[str]:
    raw = resources.files("gongkai.publications").joinpath("data/topics.json").read_text(encoding="utf-8")
    return {f"{t['name']}\\{c}" for t in json.loads(raw)["topics"] for c in t["children"]}


def test_every_department_of_the_profile_has_a_remit_of_its_own() -> None:
    departments = [a for a in AGENCIES if a.kind in (K.DEPARTMENT, K.DISPATCHED)]
    assert [a.name for a in departments if remits.remit_of(a) is remits.FALLBACK] == []
    by_name = {a.name: remits.remit_of(a).name for a in AGENCIES}
    assert by_name["梅州市生态环境局"] == by_name["梅州市生态环境局梅县区分局"] == "生态环境"
    assert by_name["梅州市民政局"] == "民政" and by_name["梅州市梅县区教育局"] == "教育"
    assert by_name["广东省人民政府国有资产监督管理委员会"] == "国有资产监管"
    assert by_name["广东省药品监督管理局"] == "药品监管" and by_name["梅州市市场监督管理局"] == "市场监管"
    assert by_name["梅州市公安局梅县区分局"] == "公安" and by_name["梅州市卫生健康局"] == "卫生健康"
    assert by_name["广东省人民政府"] == by_name["梅州市梅县区人民政府"] == by_name["横琴新区管理委员会"]
    assert by_name["广东省人民政府"] == "government" and by_name["梅州市人民政府办公室"] == "office"
    assert by_name["石龙镇人民政府"] == by_name["东湖街道办事处"] == "town"


def test_each_agency_publishes_only_from_its_remit() -> None:
    topics = _topic_paths()
    for agency in AGENCIES:
        remit = remits.remit_of(agency)
        vocabulary = _vocabulary(remit)
        allowed_topics = {remit.topic, *remit.topics.values()}
        patterns = {
            line.category: [_pattern(f.template, agency, line.subjects) for f in line.forms]
            for line, _weight in remit.lines
        }
        for r in _records(agency, 60):
            assert any(p.match(r.title) for p in patterns[r.category]), (agency.name, r)
            tag, _, keyword = r.keywords.partition(" ")
            keyword = keyword or tag  # the remit's own 主题词 is written once
            assert tag == remit.tag and keyword in vocabulary and keyword == r.subject, (agency.name, r)
            assert r.topic in allowed_topics and r.topic in topics, (agency.name, r)
            assert r.category in CATEGORIES and r.genre in GENRES, (agency.name, r)


def test_no_environment_bureau_publishes_old_age_allowances() -> None:
    bureau = next(a for a in AGENCIES if a.name == "梅州市生态环境局")
    titles = [r.title for r in _records(bureau, 2000)]
    assert not [t for t in titles if "高龄津贴" in t or "最低生活保障" in t or "招生" in t]
    assert sum("排污许可" in t or "环境影响" in t for t in titles) > 100
    civil_affairs = next(a for a in AGENCIES if a.name == "梅州市民政局")
    titles = [r.title for r in _records(civil_affairs, 2000)]
    assert not [t for t in titles if "排污" in t or "环境影响" in t]
    assert sum("高龄津贴" in t for t in titles) > 10


def test_field_words_appear_only_in_the_remits_they_belong_to() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    words = (
        "高龄津贴",
        "排污",
        "环境影响",
        "招生",
        "招聘中小学教师",
        "政府工作报告",
        "任免",
        "入户审批",
        "不动产",
    )
    for agency in AGENCIES:
        for r in _records(agency, 200, seed=11):
            owners.update({w: owners[w] | {remits.remit_of(agency).name} for w in words if w in r.title})
    assert owners["高龄津贴"] == {"民政", "town"}
    assert owners["排污"] == owners["环境影响"] == {"生态环境"}
    assert owners["招生"] == owners["招聘中小学教师"] == {"教育"}
    assert owners["政府工作报告"] == owners["任免"] == {"government"}
    assert owners["入户审批"] == {"公安"} and owners["不动产"] <= {"自然资源"}


def test_governments_publish_general_government_matters() -> None:
    for agency in AGENCIES:
        if agency.kind not in (K.GOVERNMENT, K.GENERAL_OFFICE) or agency.division.level == 4:
            continue
        records = _records(agency, 1500)
        titles = " ".join(r.title for r in records)
        for matter in ("预算", "决算", "规划", "重大行政决策", "应急预案", "民生实事"):
            assert matter in titles, (agency.name, matter)
        if agency.kind == K.GOVERNMENT:
            assert "政府工作报告" in titles and ("任免" in titles or "任职" in titles)
        else:
            assert "政务公开工作要点" in titles and "政府信息公开工作年度报告" in titles
        assert {r.keywords.split()[0] for r in records} == {"综合政务"}
        categories = {r.category for r in records}
        assert not categories & {"20-5", "20-6", "20-8"}  # no licences, penalties or fees of their own
        assert any(c.startswith("21c") for c in categories) == (agency.division.level > 1)  # 第二十一条
        assert "行政处罚" not in titles and "许可" not in titles


def test_category_fits_the_title() -> None:
    rules = (
        (re.compile(r"(预算|决算|预算草案的报告|预算调整方案)$"), {"20-7"}),
        (re.compile(r"发放情况公示$"), {"20-11"}),
        (re.compile(r"采购项目.*(中标|成交)结果公告$"), {"20-9"}),
        (re.compile(r"行政处罚决定书（"), {"20-6"}),
        (re.compile(r"公务员"), {"20-14"}),
        (re.compile(r"监督抽检结果|质量抽检结果"), {"20-13"}),
        (re.compile(r"规划（20\d\d—20\d\d年）"), {"20-3"}),
        (
            re.compile(r"情况公示（\d{4}年第\d季度）$"),
            {f"21c-{i}" for i in range(1, 8)} | {"21t-1", "21t-2", "21t-5", "21t-8"},
        ),
    )
    checked = 0
    for agency in AGENCIES:
        for r in _records(agency, 100, seed=5):
            for pattern, categories in rules:
                if pattern.search(r.title):
                    assert r.category in categories, (agency.name, r)
                    checked += 1
            if r.category == "20-7":
                assert re.search("预算|决算|债|财政收支", r.title), r
    assert checked > 1000


def test_town_governments_alone_publish_article_21_town_matters() -> None:
    town, street = (a for a in AGENCIES if a.division.level == 4)
    assert {r.category for r in _records(town, 400)} >= {"21t-1", "21t-2", "21t-5", "21t-8", "20-11"}
    assert not any(r.category.startswith("21") for r in _records(street, 400))


@pytest.mark.parametrize("seed", [1, 2])
def test_records_are_deterministic_given_the_seed(seed: int) -> None:
    agency = AGENCIES[20]
    assert _records(agency, 50, seed) == _records(agency, 50, seed)
    assert _records(agency, 50, seed) != _records(agency, 50, seed + 10)


def test_an_agency_publishes_each_title_once() -> None:
    # 广东省人民政府 is the busiest publisher of the demo (about 150 everyday records in 2020).
    government = AGENCIES[0]
    rng, taken = random.Random("7:once"), set[str]()
    titles = [remits.record(rng, government, taken=taken).title for _ in range(200)]
    assert len(set(titles)) == len(titles) and taken == set(titles)
    assert sum("政府工作报告" in t for t in titles) == 1
