"""Demo step ``orgs``: divisions, agencies, staff users and their roles for the Guangdong-like province.

Bulk inserts (the services are for one change at a time; a 20,000-row load through them would take
minutes): the materialized paths are computed here with django-treebeard's own path helper.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from gongkai.core.codes import make_uscc
from gongkai.demo.builder import BuildContext
from gongkai.demo.data import guangdong as gd
from gongkai.demo.names import person_name, place_name, road
from gongkai.orgs import english
from gongkai.orgs.models import Agency, Division, StaffRole
from gongkai.orgs.roles import Role

#: Every demo staff account has this password (documented in the README; a demo only).
DEMO_PASSWORD = "gongkai2020"  # noqa: S105
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "gongkai-admin"  # noqa: S105

K = Division.Kind
TOWN_BUDGET = gd.EXPECTED["town"] - sum(len(t) for t in gd.DIRECT_TOWNS.values())


@dataclass
class _Node:
    division: Division
    children: list[_Node]


def wipe() -> None:
    StaffRole.objects.all().delete()
    Agency.objects.update(parent=None)
    Agency.objects.all().delete()
    Division.objects.all().delete()


def run(ctx: BuildContext) -> None:
    rng = ctx.rng("orgs")
    divisions = _build_divisions(ctx, rng)
    agencies = _build_agencies(ctx, rng, divisions)
    _build_people(ctx, rng, divisions, agencies)
    ctx.shared["agencies"] = agencies


# ------------------------------------------------------------------------------------------- divisions
def _allocate_towns(rng: random.Random, counties: list[gd.County]) -> list[int]:
    """Split the town budget over the county-level divisions (largest remainder, exact total)."""
    weights = []
    for c in counties:
        low, high = {gd.D: (8, 16), gd.C: (10, 20), gd.AC: (7, 12), gd.CC: (12, 22), gd.FZ: (2, 5)}[c.kind]
        weights.append(rng.uniform(low, high))
    total = sum(weights)
    exact = [w * TOWN_BUDGET / total for w in weights]
    counts = [max(1, int(x)) for x in exact]
    order = sorted(range(len(counties)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    i = 0
    while sum(counts) < TOWN_BUDGET:
        counts[order[i % len(order)]] += 1
        i += 1
    return counts


def _town_kind(rng: random.Random, county_kind: str) -> str:  # returns a Division.Kind value
    r = rng.random()
    if county_kind in (gd.D, gd.FZ):
        return K.SUBDISTRICT if r < 0.8 else K.TOWN
    if county_kind == gd.AC:
        return K.TOWN if r < 0.75 else K.ETHNIC_TOWNSHIP if r < 0.85 else K.TOWNSHIP
    return K.TOWN if r < 0.82 else K.SUBDISTRICT if r < 0.96 else K.TOWNSHIP


_TOWN_SUFFIX: dict[str, str] = {
    K.SUBDISTRICT: "街道",
    K.TOWN: "镇",
    K.TOWNSHIP: "乡",
    K.ETHNIC_TOWNSHIP: "瑶族乡",
}


def _zone_name(city: gd.City, name: str) -> str:
    short = city.name.removesuffix("市")
    return name if name.startswith(short[:1] + "汕") or name.startswith(short) else short + name


class _Tree:
    """Collects divisions with treebeard paths, then bulk-inserts them."""

    def __init__(self) -> None:
        self.rows: list[Division] = []
        self._children: dict[str, int] = {}

    def add(self, parent: Division | None, **fields: Any) -> Division:
        parent_path = parent.path if parent else ""
        n = self._children.get(parent_path, 0) + 1
        self._children[parent_path] = n
        depth = (parent.depth + 1) if parent else 1
        path = Division._get_path(parent_path, depth, n)
        node = Division(path=path, depth=depth, numchild=0, **fields)
        if parent is not None:
            parent.numchild += 1
        self.rows.append(node)
        return node


def _build_divisions(ctx: BuildContext, rng: random.Random) -> list[Division]:
    tree = _Tree()
    province = tree.add(None, code=gd.PROVINCE_CODE, name=gd.PROVINCE_NAME, level=1, kind=K.PROVINCE)
    all_counties = [(city, c) for city in gd.CITIES for c in gd.COUNTIES[city.code]]
    town_counts = _allocate_towns(rng, [c for _, c in all_counties])
    by_county = dict(zip((c.code for _, c in all_counties), town_counts, strict=True))
    ctx.progress.start("行政区划", sum(gd.EXPECTED.values()))
    for city in gd.CITIES:
        has_districts = city.code not in gd.CITIES_WITHOUT_DISTRICTS
        city_node = tree.add(
            province,
            code=city.code,
            name=city.name,
            level=2,
            kind=K.PREFECTURE_CITY,
            has_districts=has_districts,
        )
        if not has_districts:
            for i, town in enumerate(gd.DIRECT_TOWNS[city.code], start=1):
                town_kind = K.SUBDISTRICT if town.endswith("街道") else K.TOWN
                tree.add(city_node, code=f"{city.code}{i:03d}", name=town, level=4, kind=town_kind)
            continue
        for county in gd.COUNTIES[city.code]:
            name = _zone_name(city, county.name) if county.kind == gd.FZ else county.name
            county_node = tree.add(city_node, code=county.code, name=name, level=3, kind=county.kind)
            taken: set[str] = {county.name[:2]}
            serial: dict[str, int] = {K.SUBDISTRICT: 0, K.TOWN: 100, K.TOWNSHIP: 200, K.ETHNIC_TOWNSHIP: 200}
            kinds = sorted(
                (_town_kind(rng, county.kind) for _ in range(by_county[county.code])), key=lambda k: serial[k]
            )
            for kind in kinds:
                serial[kind] += 1
                if kind == K.ETHNIC_TOWNSHIP:
                    serial[K.TOWNSHIP] = serial[kind]
                elif kind == K.TOWNSHIP:
                    serial[K.ETHNIC_TOWNSHIP] = serial[kind]
                base = place_name(rng, taken)
                suffix = _TOWN_SUFFIX[kind]
                tree.add(
                    county_node,
                    code=f"{county.code}{serial[kind]:03d}",
                    name=base + suffix,
                    level=4,
                    kind=kind,
                )
    english.name_divisions(tree.rows)  # English names go in with the rows: no second pass over the table
    Division.objects.bulk_create(tree.rows, batch_size=2000)
    ctx.progress.advance(len(tree.rows))
    return list(Division.objects.order_by("path"))


# ------------------------------------------------------------------------------------------- agencies
@dataclass
class _Site:
    domain: str
    area_code: str
    postcode: str
    place: str  # address prefix, e.g. 广州市越秀区


#: Name of the unit doing disclosure work inside an agency, by agency kind.
_DISCLOSURE_OFFICE: dict[str, str] = {
    Agency.Kind.GOVERNMENT: "政务公开办公室",
    Agency.Kind.GENERAL_OFFICE: "政务公开科",
    Agency.Kind.ZONE_COMMITTEE: "党政办公室",
}


class _Agencies:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: list[Agency] = []
        self.ordinal: dict[int, int] = {}
        self._org_bodies: set[str] = set()

    def _org_body(self) -> str:
        while True:
            body = f"{self.rng.randint(0, 99_999_999):08d}"
            if body not in self._org_bodies:
                self._org_bodies.add(body)
                return body

    def add(
        self, division: Division, site: _Site, kind: str, name: str, short: str = "", **extra: Any
    ) -> Agency:
        n = self.ordinal.get(division.pk, -1) + 1
        self.ordinal[division.pk] = n
        rng = self.rng
        phone = _telephone(rng, site.area_code)
        office = _DISCLOSURE_OFFICE.get(kind, "办公室")
        agency = Agency(
            division=division,
            kind=kind,
            name=name,
            short_name=short,
            doc_prefix=_doc_prefix(division, site, kind, name, extra.get("parent")),
            uscc=make_uscc(
                authority="1", entity_type="1", division_code=division.code[:6], org_body=self._org_body()
            ),
            sort_order=n,
            office_name=f"{name}{office}" if kind != Agency.Kind.GOVERNMENT else f"{name}办公室{office}",
            office_address=f"{site.place}{road(rng)}",
            postcode=site.postcode,
            office_hours=rng.choice(
                (
                    "工作日上午9:00—12:00，下午14:00—17:30",
                    "工作日上午8:30—12:00，下午14:30—17:30",
                    "工作日上午9:00—12:00，下午13:30—18:00",
                )
            ),
            phone=phone,
            fax=_telephone(rng, site.area_code),
            email=f"zwgk{division.code[-3:]}{n:02d}@{site.domain}.gov.cn",
            website=f"https://www.{site.domain}.gov.cn/",
            **extra,
        )
        self.rows.append(agency)
        return agency


#: 简称 used in 发文字号 (穗 for 广州, 莞 for 东莞 …); other cities use their first character.
_PLACE_ABBR: dict[str, str] = {
    "广东省": "粤",
    "广州市": "穗",
    "东莞市": "莞",
    "汕尾市": "汕尾",
    "中山市": "中",
}
_KIND_MARK: dict[str, str] = {
    Agency.Kind.GOVERNMENT: "府",
    Agency.Kind.GENERAL_OFFICE: "府办",
    Agency.Kind.SUBDISTRICT_OFFICE: "街",
    Agency.Kind.ZONE_COMMITTEE: "管委",
}


def _doc_prefix(division: Division, site: _Site, kind: str, name: str, parent: Agency | None = None) -> str:
    """A real-looking 发文机关代字 for reply letters, derived from the names: 粤府办依复, 穗教依复, 越府依复,
    荔公分依复 (deterministic, so a rebuilt demo numbers the same way)."""
    place = _PLACE_ABBR.get(division.name, division.name[: 2 if division.level == 4 else 1])
    stem = name
    for prefix in sorted({division.name, site.place}, key=len, reverse=True):
        if stem.startswith(prefix):
            stem = stem[len(prefix) :]
            break
    if parent is not None:  # 派出机构: 广州市公安局荔湾区分局 → 荔公分
        department = parent.name.removeprefix(parent.division.name)
        return f"{division.name[0]}{department[:1]}分依复"
    return f"{place}{_KIND_MARK.get(kind, stem[:1])}依复"


_EIGHT_DIGIT_AREAS = frozenset({"0755", "0757", "0769", "0760", "0756"})


def _telephone(rng: random.Random, area_code: str) -> str:
    """A local number: eight digits in the big cities (three-digit area codes and the Pearl River Delta)."""
    digits = 8 if len(area_code) == 3 or area_code in _EIGHT_DIGIT_AREAS else 7
    return f"{area_code}-{rng.randint(2, 8)}{rng.randint(0, 10 ** (digits - 1) - 1):0{digits - 1}d}"


def _pick_departments(rng: random.Random, names: tuple[str, ...], core: frozenset[str]) -> list[str]:
    return [n for n in names if n in core or rng.random() < 0.6]


def _build_agencies(ctx: BuildContext, rng: random.Random, divisions: list[Division]) -> list[Agency]:
    agencies = _Agencies(rng)
    by_code = {d.code: d for d in divisions}
    cities = {c.code: c for c in gd.CITIES}
    ctx.progress.start("机关", len(divisions))
    province = by_code[gd.PROVINCE_CODE]
    psite = _Site(gd.PROVINCE_DOMAIN, "020", "510031", "广州市越秀区")
    p = gd.PROVINCE_NAME
    agencies.add(province, psite, Agency.Kind.GOVERNMENT, f"{p}人民政府", "省政府")
    agencies.add(province, psite, Agency.Kind.GENERAL_OFFICE, f"{p}人民政府办公厅", "省府办公厅")
    for dept in gd.PROVINCIAL_DEPARTMENTS:
        agencies.add(
            province,
            psite,
            Agency.Kind.DEPARTMENT,
            f"{p}{dept}",
            f"省{dept}",
            vertical=dept in gd.PROVINCIAL_VERTICAL,
        )
    ctx.progress.advance(1)

    city_departments: dict[str, dict[str, Agency]] = {}
    for division in divisions:
        if division.level == Division.Level.PREFECTURE:
            city = cities[division.code]
            site = _Site(city.domain, city.area_code, city.postcode, city.name)
            agencies.add(division, site, Agency.Kind.GOVERNMENT, f"{city.name}人民政府", "市政府")
            agencies.add(division, site, Agency.Kind.GENERAL_OFFICE, f"{city.name}人民政府办公室", "市府办")
            depts = _pick_departments(rng, gd.CITY_DEPARTMENTS, gd.CITY_CORE)
            city_departments[city.code] = {
                d: agencies.add(division, site, Agency.Kind.DEPARTMENT, f"{city.name}{d}", f"市{d}")
                for d in depts
            }
            ctx.progress.advance(1)
    for division in divisions:
        if division.level == Division.Level.COUNTY:
            city = cities[division.code[:4] + "00"]
            place = division.name if division.kind == K.FUNCTIONAL_ZONE else f"{city.name}{division.name}"
            site = _Site(city.domain, city.area_code, city.postcode, place)
            _county_agencies(agencies, rng, division, city, site, city_departments[city.code])
            ctx.progress.advance(1)
    for division in divisions:
        if division.level == Division.Level.TOWN:
            city = cities[division.code[:4] + "00"]
            site = _Site(city.domain, city.area_code, city.postcode, division.name)
            if division.kind == K.SUBDISTRICT:
                kind, name = Agency.Kind.SUBDISTRICT_OFFICE, f"{division.name}办事处"
            else:
                kind, name = Agency.Kind.GOVERNMENT, f"{division.name}人民政府"
            agencies.add(division, site, kind, name, division.name)
            ctx.progress.advance(1)
    english.name_agencies(agencies.rows, divisions)
    # Parents first (派出机构 point at city departments), so two passes: rows without parent, then the rest.
    Agency.objects.bulk_create([a for a in agencies.rows if a.parent is None], batch_size=2000)
    Agency.objects.bulk_create([a for a in agencies.rows if a.parent is not None], batch_size=2000)
    return list(Agency.objects.select_related("division").order_by("division__path", "sort_order"))


def _county_agencies(
    agencies: _Agencies,
    rng: random.Random,
    division: Division,
    city: gd.City,
    site: _Site,
    city_depts: dict[str, Agency],
) -> None:
    if division.kind == K.FUNCTIONAL_ZONE:
        agencies.add(division, site, Agency.Kind.ZONE_COMMITTEE, f"{division.name}管理委员会", division.name)
        for dept in gd.ZONE_DEPARTMENTS[: rng.randint(3, len(gd.ZONE_DEPARTMENTS))]:
            agencies.add(division, site, Agency.Kind.DEPARTMENT, f"{division.name}{dept}", dept)
        return
    full = f"{city.name}{division.name}" if division.kind == K.DISTRICT else division.name
    agencies.add(division, site, Agency.Kind.GOVERNMENT, f"{full}人民政府", f"{division.name}政府")
    agencies.add(division, site, Agency.Kind.GENERAL_OFFICE, f"{full}人民政府办公室", f"{division.name}府办")
    for dept in _pick_departments(rng, gd.COUNTY_DEPARTMENTS, gd.COUNTY_CORE):
        agencies.add(division, site, Agency.Kind.DEPARTMENT, f"{full}{dept}", dept)
    # 派出机构 of city departments located in the county (公安分局 in districts; 生态环境、自然资源分局).
    for parent_name in ("公安局", "生态环境局", "自然资源局"):
        parent = city_depts.get(parent_name)
        if parent is None or (parent_name == "公安局" and division.kind != K.DISTRICT):
            continue
        agencies.add(
            division,
            site,
            Agency.Kind.DISPATCHED,
            f"{parent.name}{division.name}分局",
            f"{division.name}分局",
            parent=parent,
        )


# ------------------------------------------------------------------------------------------- people
def _build_people(
    ctx: BuildContext, rng: random.Random, divisions: list[Division], agencies: list[Agency]
) -> None:
    user_model = get_user_model()
    staff_hash = make_password(DEMO_PASSWORD)  # hashed once: 20,000 PBKDF2 runs would take minutes
    users: list[Any] = []
    grants: list[tuple[int, str, Agency | None, Division | None]] = []

    def person(username: str) -> int:
        name = person_name(rng)
        users.append(
            user_model(username=username, last_name=name[0], first_name=name[1:], password=staff_hash)
        )
        return len(users) - 1

    ctx.progress.start("人员", len(agencies) + len(divisions))
    for agency in agencies:
        prefix = f"{agency.division.code}-{agency.sort_order:02d}"
        for role in (Role.CLERK, Role.APPROVER, Role.REVIEWER):
            grants.append((person(f"{prefix}-{role}"), role, agency, None))
        ctx.progress.advance(1)
    for division in divisions:
        if division.level <= Division.Level.COUNTY:
            grants.append((person(f"{division.code}-sup"), Role.SUPERVISOR, None, division))
    admin = user_model.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        user_model.objects.create_superuser(
            ADMIN_USERNAME, password=ADMIN_PASSWORD, last_name="系统", first_name="管理员"
        )
    created = user_model.objects.bulk_create(users, batch_size=2000)
    if created and created[0].pk is None:  # backends that do not return ids from bulk inserts
        created = list(user_model.objects.filter(username__in=[u.username for u in users]).order_by("pk"))
    StaffRole.objects.bulk_create(
        [
            StaffRole(user=created[i], role=role, agency=agency, division=div)
            for i, role, agency, div in grants
        ],
        batch_size=2000,
    )
    ctx.progress.advance(len(divisions))


def demo_logins() -> Iterator[tuple[str, str, str]]:
    """(username, password, what it is) of the logins worth trying first."""
    yield ADMIN_USERNAME, ADMIN_PASSWORD, "系统管理员 (Django admin)"
    yield "440000-sup", DEMO_PASSWORD, "广东省政务公开办 (supervisor of the whole province)"
    yield "440100-sup", DEMO_PASSWORD, "广州市政务公开办 (supervisor of 广州市)"
    yield "440000-01-clerk", DEMO_PASSWORD, "广东省人民政府办公厅 经办人 (clerk)"
    yield "440000-01-approver", DEMO_PASSWORD, "广东省人民政府办公厅 负责人 (approver)"
    yield "440000-01-reviewer", DEMO_PASSWORD, "广东省人民政府办公厅 保密审查员 (reviewer)"
    yield "440103-00-clerk", DEMO_PASSWORD, "广州市荔湾区人民政府 经办人 (clerk)"
