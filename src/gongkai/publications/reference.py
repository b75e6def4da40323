"""Reference data of 主动公开 that the law fixes (labels verbatim from ../shared/spec/REGULATIONS.md §1.7).

The two-level 主题分类 and the 26 基层政务公开 domains are not fixed by law (spec §4 and §5 mark the
complete lists [UNCONFIRMED]); they live in the database as editable reference data, seeded from
``data/topics.json`` and ``data/domains.json``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from django.utils.translation import gettext, gettext_noop

#: 第二十条 (一)～(十五): code → label, exact wording without the trailing punctuation.
ARTICLE_20: dict[str, str] = {
    "20-1": gettext_noop("（一）行政法规、规章和规范性文件"),
    "20-2": gettext_noop("（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    "20-3": gettext_noop("（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    "20-4": gettext_noop("（四）国民经济和社会发展统计信息"),
    "20-5": gettext_noop("（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    "20-6": gettext_noop(
        "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"
    ),
    "20-7": gettext_noop("（七）财政预算、决算信息"),
    "20-8": gettext_noop("（八）行政事业性收费项目及其依据、标准"),
    "20-9": gettext_noop("（九）政府集中采购项目的目录、标准及实施情况"),
    "20-10": gettext_noop("（十）重大建设项目的批准和实施情况"),
    "20-11": gettext_noop("（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    "20-12": gettext_noop("（十二）突发公共事件的应急预案、预警信息及应对情况"),
    "20-13": gettext_noop("（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    "20-14": gettext_noop("（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"),
    "20-15": gettext_noop("（十五）法律、法规、规章和国家有关规定应当主动公开的其他政府信息"),
}

#: 第二十一条: extra areas for 设区的市级、县级人民政府及其部门 …
ARTICLE_21_CITY_COUNTY: dict[str, str] = {
    f"21c-{i}": name
    for i, name in enumerate(
        [
            gettext_noop("市政建设"),
            gettext_noop("公共服务"),
            gettext_noop("公益事业"),
            gettext_noop("土地征收"),
            gettext_noop("房屋征收"),
            gettext_noop("治安管理"),
            gettext_noop("社会救助"),
        ],
        start=1,
    )
}
#: … and for 乡（镇）人民政府.
ARTICLE_21_TOWN: dict[str, str] = {
    f"21t-{i}": name
    for i, name in enumerate(
        [
            gettext_noop("贯彻落实农业农村政策"),
            gettext_noop("农田水利工程建设运营"),
            gettext_noop("农村土地承包经营权流转"),
            gettext_noop("宅基地使用情况审核"),
            gettext_noop("土地征收"),
            gettext_noop("房屋征收"),
            gettext_noop("筹资筹劳"),
            gettext_noop("社会救助"),
        ],
        start=1,
    )
}

CATEGORIES: dict[str, str] = {
    **ARTICLE_20,
    **{k: f"第二十一条·{v}" for k, v in ARTICLE_21_CITY_COUNTY.items()},
    **{k: f"第二十一条（乡镇）·{v}" for k, v in ARTICLE_21_TOWN.items()},
}


def category_label(code: str) -> str:
    """A category's label in the active language (verbatim Chinese in Chinese: the msgids are the
    statute's wording); the code itself when unknown."""
    if code in ARTICLE_20:
        return gettext(ARTICLE_20[code])
    if code in ARTICLE_21_CITY_COUNTY:
        return gettext("第二十一条·%(area)s") % {"area": gettext(ARTICLE_21_CITY_COUNTY[code])}
    if code in ARTICLE_21_TOWN:
        return gettext("第二十一条（乡镇）·%(area)s") % {"area": gettext(ARTICLE_21_TOWN[code])}
    return code


def category_choices() -> list[tuple[str, str]]:
    return list(CATEGORIES.items())


def categories_for_level(level: int, is_government: bool) -> list[str]:
    """The categories an agency at a division level may use: 第二十一条 applies to 设区的市级、县级
    governments and their departments (levels 2–3) and, with its own list, to 乡（镇）人民政府 (level 4)."""
    codes = list(ARTICLE_20)
    if level in (2, 3):
        codes += list(ARTICLE_21_CITY_COUNTY)
    if level == 4 and is_government:
        codes += list(ARTICLE_21_TOWN)
    return codes


@cache
def _data(name: str) -> Any:
    return json.loads(resources.files("gongkai.publications").joinpath("data", name).read_text("utf-8"))


def seed(topic_model: Any, domain_model: Any, entry_model: Any) -> int:
    """Creates the packaged 主题分类 and 基层政务公开 domains that are missing (never overwrites an
    administrator's edits). Takes the model classes so that the data migration can pass its historical
    models. Returns how many rows were created."""
    created = 0
    for i, top in enumerate(topics_seed()):
        parent, new = topic_model.objects.get_or_create(
            parent=None, name=top["name"], defaults={"sort_order": i}
        )
        created += new
        for j, child in enumerate(top["children"]):
            created += topic_model.objects.get_or_create(
                parent=parent, name=child, defaults={"sort_order": j}
            )[1]
    for i, d in enumerate(domains_seed()):
        domain, new = domain_model.objects.get_or_create(
            code=d["code"], defaults={"name": d["name"], "sort_order": i}
        )
        if new:
            created += 1
            for j, e in enumerate(d["entries"]):
                entry_model.objects.create(domain=domain, sort_order=j, subject="", **e)
                created += 1
    return created


def topics_seed() -> list[dict[str, Any]]:
    """[{"name": 一级, "children": [二级, …]}, …] as observed on gov.cn (spec §5)."""
    return list(_data("topics.json")["topics"])


def domains_seed() -> list[dict[str, Any]]:
    """The 26 基层政务公开 domains (spec §4, reconstructed list) with sample standard-catalogue entries."""
    return list(_data("domains.json")["domains"])


#: 第二十六条 and its “另有规定” (../shared/spec/REGULATIONS.md §1.8), seeded as ``DeadlineRule`` rows:
#: (category, unit, length, start event, basis). ``*`` is every category without its own rule.
DEADLINE_RULES: list[tuple[str, str, int, str, str]] = [
    (
        "*",
        "working",
        20,
        "formed",
        "《中华人民共和国政府信息公开条例》第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者"
        "变更之日起20个工作日内及时公开。",
    ),
    (
        "20-7",
        "calendar",
        20,
        "approved",
        "《中华人民共和国预算法》第十四条：经本级政府财政部门批复的部门预算、决算及报表，应当在批复后二十日内"
        "由各部门向社会公开；政府预算、决算应当在批准后二十日内由本级政府财政部门向社会公开"
        "（批复日期填批准日期）。",
    ),
    (
        "20-5",
        "working",
        7,
        "decided",
        "行政许可决定“双公示”：自作出决定之日起7个工作日内公开。依据为国家社会信用体系建设有关通知的通行做法"
        "（未经核实的法规依据），各地规定不一，可按本地规定修改。",
    ),
    (
        "20-6",
        "working",
        7,
        "decided",
        "行政处罚决定“双公示”：自作出决定之日起7个工作日内公开。依据为国家社会信用体系建设有关通知的通行做法"
        "（未经核实的法规依据），各地规定不一，可按本地规定修改。",
    ),
]


def seed_deadline_rules(rule_model: Any) -> int:
    """Creates the packaged publication deadlines that are missing (never overwrites an administrator's
    edits). Takes the model class so that the data migration can pass its historical model."""
    created = 0
    for category, unit, length, start_event, basis in DEADLINE_RULES:
        created += rule_model.objects.get_or_create(
            category=category,
            defaults={"unit": unit, "length": length, "start_event": start_event, "basis": basis},
        )[1]
    return created
