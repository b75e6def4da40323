"""English names of divisions and agencies for the English portal (/en/), generated from the Chinese ones.

Divisions take their official pinyin form (GB/T 16159 joining, with the apostrophe before a syllable
that starts with a, o or e: 宝安 → Bao'an) and an English word for the kind of division (广东省 →
Guangdong Province, 越秀区 → Yuexiu District, 石碣镇 → Shijie Town). Agencies are named by pattern from
their division (人民政府 → People's Government of …) and a table of the departments a Chinese local
government has (教育局 → Education Bureau). A name the patterns do not cover gets no English form: the
portal then shows the Chinese name, marked as such. Deterministic and without database access.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from gongkai.orgs.models import Agency, Division

#: Place names pypinyin reads wrongly, and zone names whose English form is a translation (大亚湾 → Daya Bay).
_OVERRIDES: dict[str, str] = {
    "花都": "Huadu",
    "佛冈": "Fogang",
    "深汕": "Shenzhen-Shanwei",
    "大亚湾": "Daya Bay",
    "红海湾": "Honghai Bay",
    "海陵岛": "Hailing Island",
    "高栏港": "Gaolan Port",
    "华侨": "Overseas Chinese",
    "空港": "Airport",
    "火炬": "Torch",
    "大南海石化": "Dananhai Petrochemical",
}

_ETHNIC: dict[str, str] = {"瑶族": "Yao", "壮族": "Zhuang", "畲族": "She", "回族": "Hui", "满族": "Manchu"}

#: Suffixes of development zones and other 功能区, longest first.
_ZONE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("高新技术产业开发区", "Hi-tech Industrial Development Zone"),
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("高新技术开发区", "Hi-tech Development Zone"),
    ("高新技术产业园区", "Hi-tech Industrial Park"),
    ("海洋开发试验区", "Marine Development Pilot Zone"),
    ("经济开发试验区", "Economic Development Pilot Zone"),
    ("产业转移工业园", "Industrial Transfer Park"),
    ("特别合作区", "Special Cooperation Zone"),
    ("经济开发区", "Economic Development Zone"),
    ("工业区", "Industrial Zone"),
    ("经济区", "Economic Zone"),
    ("管理区", "Management Zone"),
    ("开发区", "Development Zone"),
    ("新区", "New Area"),
)

#: Suffixes of ordinary divisions (after the zone suffixes), longest first.
_DIVISION_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("街道", "Subdistrict"),
    ("省", "Province"),
    ("县", "County"),
    ("区", "District"),
    ("镇", "Town"),
    ("乡", "Township"),
)

#: Departments by the stem before 厅/局/委员会/办公室 … (the kinds the demo province uses).
_DEPARTMENTS: dict[str, str] = {
    "发展和改革": "Development and Reform",
    "教育": "Education",
    "科学技术": "Science and Technology",
    "工业和信息化": "Industry and Information Technology",
    "民族宗教事务": "Ethnic and Religious Affairs",
    "公安": "Public Security",
    "民政": "Civil Affairs",
    "司法": "Justice",
    "财政": "Finance",
    "人力资源和社会保障": "Human Resources and Social Security",
    "自然资源": "Natural Resources",
    "生态环境": "Ecology and Environment",
    "住房和城乡建设": "Housing and Urban-Rural Development",
    "交通运输": "Transport",
    "水利": "Water Resources",
    "水务": "Water Affairs",
    "农业农村": "Agriculture and Rural Affairs",
    "商务": "Commerce",
    "文化和旅游": "Culture and Tourism",
    "文化广电旅游体育": "Culture, Radio, Television, Tourism and Sports",
    "卫生健康": "Health",
    "退役军人事务": "Veterans Affairs",
    "应急管理": "Emergency Management",
    "审计": "Audit",
    "外事": "Foreign Affairs",
    "国有资产监督管理": "State-owned Assets Supervision and Administration",
    "市场监督管理": "Market Supervision and Administration",
    "广播电视": "Radio and Television",
    "体育": "Sports",
    "统计": "Statistics",
    "医疗保障": "Healthcare Security",
    "港澳事务": "Hong Kong and Macao Affairs",
    "研究": "Research",
    "地方金融监督管理": "Local Financial Supervision and Administration",
    "金融工作": "Financial Affairs",
    "政务服务数据管理": "Government Services and Data Management",
    "信访": "Letters and Visits",
    "能源": "Energy",
    "林业": "Forestry",
    "粮食和物资储备": "Food and Strategic Reserves",
    "监狱管理": "Prison Administration",
    "戒毒管理": "Drug Rehabilitation Administration",
    "药品监督管理": "Medical Products Administration",
    "知识产权": "Intellectual Property",
    "中医药": "Traditional Chinese Medicine",
    "人民防空": "Civil Air Defence",
    "机关事务管理": "Government Offices Administration",
    "代建项目管理": "Project Construction Management",
    "地质": "Geological",
    "核工业地质": "Nuclear Industry Geological",
    "有色金属地质": "Nonferrous Metals Geological",
    "冶金地质": "Metallurgical Geological",
    "煤炭地质": "Coal Geological",
    "海洋与渔业": "Ocean and Fisheries",
    "参事": "Counsellors'",
    "发展研究": "Development Research",
    "供销合作": "Supply and Marketing Cooperative",
    "气象": "Meteorological",
    "城市管理和综合执法": "Urban Management and Comprehensive Law Enforcement",
    "经济发展": "Economic Development",
    "社会事务": "Social Affairs",
    "规划建设": "Planning and Construction",
    "综合行政执法": "Comprehensive Administrative Law Enforcement",
    "安全生产监督管理": "Work Safety Supervision and Administration",
}

#: What a department is called, by the last characters of its name.
_DEPARTMENT_WORDS: tuple[tuple[str, str], ...] = (
    ("委员会", "Commission"),
    ("办公室", "Office"),
    ("中心", "Centre"),
    ("联社", "Union"),
    ("厅", "Department"),
    ("局", "Bureau"),
    ("室", "Office"),
)

_GOVERNMENT = "人民政府"


def pinyin(text: str) -> str:
    """A place name in pinyin as one capitalised word: 越秀 → Yuexiu, 宝安 → Bao'an, 长安 → Chang'an."""
    if text in _OVERRIDES:
        return _OVERRIDES[text]
    syllables = lazy_pinyin(text, v_to_u=True)
    if not syllables:
        return ""
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[:1] in ("a", "o", "e") else "") + syllable
    return word[:1].upper() + word[1:]


def _base(text: str) -> str:
    """The proper-name part in pinyin; a known zone suffix inside it is translated (火炬开发区 → Torch
    Development Zone)."""
    for suffix, english in _ZONE_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return f"{pinyin(text.removesuffix(suffix))} {english}"
    return pinyin(text)


def _ethnic(text: str) -> tuple[str, list[str]]:
    """Splits trailing 民族 names off: 连山壮族瑶族 → (连山, [Zhuang, Yao])."""
    peoples: list[str] = []
    while len(text) > 2 and text[-2:] in _ETHNIC:
        peoples.insert(0, _ETHNIC[text[-2:]])
        text = text[:-2]
    return text, peoples


def _with_suffix(base: str, english: str) -> str:
    """``base`` and the English kind word; a one-character base keeps its suffix (城区 → Chengqu District)."""
    return english if not base else f"{_base(base)} {english}"


def division_name_en(name: str, kind: str, parent_name: str = "") -> str:
    """The English name of a division: 广东省 → Guangdong Province, 广州市 → Guangzhou, 乐昌市 → Lechang City,
    乳源瑶族自治县 → Ruyuan Yao Autonomous County, 北京街道 → Beijing Subdistrict. ``parent_name`` (the
    city) splits the city's name off a 功能区 (珠海横琴新区 → Zhuhai Hengqin New Area)."""
    if kind in (Division.Kind.PREFECTURE_CITY, Division.Kind.COUNTY_CITY) and name.endswith("市"):
        stem = pinyin(name.removesuffix("市"))
        return stem if kind == Division.Kind.PREFECTURE_CITY else f"{stem} City"
    for suffix, english in (("自治县", "Autonomous County"), ("乡", "Ethnic Township")):
        stem, peoples = _ethnic(name.removesuffix(suffix))
        if name.endswith(suffix) and peoples:
            return f"{pinyin(stem)} {' and '.join(peoples)} {english}"
    prefix = ""
    city = parent_name.removesuffix("市")
    if kind == Division.Kind.FUNCTIONAL_ZONE and city and name.startswith(city) and name != city:
        prefix, name = pinyin(city) + " ", name.removeprefix(city)
    zone = kind == Division.Kind.FUNCTIONAL_ZONE  # 清新区 is a district, not a 新区
    for suffix, english in (*(_ZONE_SUFFIXES if zone else ()), *_DIVISION_SUFFIXES):
        if name.endswith(suffix):
            stem = name.removesuffix(suffix)
            if len(stem) == 1 and suffix in ("区", "县"):
                return f"{prefix}{pinyin(name)} {english}"
            return prefix + _with_suffix(stem, english)
    return prefix + pinyin(name)


@dataclass(frozen=True)
class Place:
    """How an agency's name may begin: 广州市越秀区 is "Guangzhou Yuexiu District" before a department
    and "Yuexiu District, Guangzhou" after "People's Government of"."""

    zh: str
    en: str
    of: str
    provincial: bool = False  # provincial departments read "Education Department of Guangdong Province"


def places(division: Division, parent: Division | None) -> list[Place]:
    """The prefixes an agency of ``division`` may carry, longest first (the city's name before a
    district's: 广州市越秀区教育局; a county's agencies carry only the county's: 始兴县教育局)."""
    own = Place(division.name, division.name_en, division.name_en, division.level == Division.Level.PROVINCE)
    if parent is None or parent.level != Division.Level.PREFECTURE or not parent.name_en:
        return [own]
    within = Place(
        parent.name + division.name,
        f"{parent.name_en} {division.name_en}",
        f"{division.name_en}, {parent.name_en}",
    )
    return [within, own]


def _department(rest: str) -> str:
    for word, english in _DEPARTMENT_WORDS:
        stem = rest.removesuffix(word)
        if rest.endswith(word) and stem in _DEPARTMENTS:
            return f"{_DEPARTMENTS[stem]} {english}"
    return ""


def _agency_rest(rest: str, place: Place) -> str:
    if rest == _GOVERNMENT:
        return f"People's Government of {place.of}"
    if rest in ("人民政府办公厅", "人民政府办公室"):
        return f"General Office of the People's Government of {place.of}"
    if rest == "办事处":
        return f"{place.en} Office"
    if rest == "管理委员会":
        return f"Administrative Committee of {place.of}"
    if rest.startswith(_GOVERNMENT):
        department = _department(rest.removeprefix(_GOVERNMENT))
        return f"{department} of the People's Government of {place.of}" if department else ""
    department = _department(rest)
    if not department:
        return ""
    return f"{department} of {place.of}" if place.provincial else f"{place.en} {department}"


def agency_name_en(name: str, candidates: Sequence[Place], parent: tuple[str, str] | None = None) -> str:
    """The English name of an agency, or "" when its name follows no known pattern. ``parent`` is the
    (Chinese, English) name of the department a 派出机构 belongs to (广州市公安局荔湾区分局 → Liwan District
    Branch of Guangzhou Public Security Bureau)."""
    if parent is not None:
        parent_zh, parent_en = parent
        own = candidates[-1] if candidates else None
        if own and parent_en and name == f"{parent_zh}{own.zh}分局":
            return f"{own.en} Branch of {parent_en}"
        return ""
    for place in candidates:
        if place.en and name.startswith(place.zh):
            return _agency_rest(name.removeprefix(place.zh), place)
    return ""


def name_divisions(divisions: Sequence[Division]) -> int:
    """Sets ``name_en`` on divisions (parents before children, as a tree walk in path order gives them)
    that have none; returns how many were named. Works on unsaved rows (the demo's bulk insert)."""
    by_path = {d.path: d for d in divisions}
    named = 0
    for d in sorted(divisions, key=lambda d: d.path):
        if d.name_en:
            continue
        parent = by_path.get(d.path[: -Division.steplen])
        d.name_en = division_name_en(d.name, d.kind, parent.name if parent is not None else "")
        named += bool(d.name_en)
    return named


def name_agencies(agencies: Iterable[Agency], divisions: Sequence[Division]) -> int:
    """Sets ``name_en`` on agencies that have none and match a pattern; 派出机构 after the departments they
    belong to. ``agencies`` must have their ``division`` (and ``parent``) loaded."""
    by_path = {d.path: d for d in divisions}
    rows = sorted(agencies, key=lambda a: a.parent is not None)
    named = 0
    for a in rows:
        if a.name_en:
            continue
        division = a.division
        candidates = places(division, by_path.get(division.path[: -Division.steplen]))
        parent = (a.parent.name, a.parent.name_en) if a.parent is not None else None
        a.name_en = agency_name_en(a.name, candidates, parent)
        named += bool(a.name_en)
    return named
