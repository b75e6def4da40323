"""The remedies paragraph of a final reply (../shared/spec/DOCUMENTS.md §2.5).

Only the final 答复书 and the 终止办理告知书 (（六）1/2, a final handling of the application) carry it;
procedural notices (补正, 延期, 征求意见, 说明理由, 收费) never do (REGULATIONS.md §3).

The applicable law is the one in force on the letter's date:

* 行政复议法 (2023, in force 2024-01-01): a refusal (不予公开, and the withheld part of 部分公开)
  goes to 行政复议 first (第二十三条第一款（四）). 复议机关: a department → 本级人民政府; a government →
  上一级人民政府, a province's own act → itself (第二十四条第一款、第二款); a 派出机构 of a department of
  a 直辖市 or 设区的市 set up by district → also the district government (第二十四条第四款); vertical
  agencies → 上一级主管部门 (第二十七条), always named (Agency.review_body).
* 行政复议法 (2017), before 2024-01-01: no 复议前置 for 政府信息公开. A department → 本级人民政府 or
  上一级主管部门 (第十二条第一款); vertical agencies → 上一级主管部门 only (第十二条第二款); a government →
  上一级地方人民政府 (第十三条); a 派出机构 → 设立该派出机构的部门或者该部门的本级地方人民政府
  (第十五条第一款（二）).

Every 复议机关 is named in full with its city ("广州市从化区人民政府", never "从化区人民政府").
"""

from __future__ import annotations

from datetime import date

from gongkai.applications import outcomes
from gongkai.core.errors import InvalidInput
from gongkai.orgs.models import Agency, Division

NEW_REVIEW_LAW = date(2024, 1, 1)

_GOVERNMENT_KINDS = (Agency.Kind.GOVERNMENT,)
_SET_UP_BY_GOVERNMENT = (Agency.Kind.SUBDISTRICT_OFFICE, Agency.Kind.ZONE_COMMITTEE)


def _is_city(division: Division) -> bool:
    """A city whose name prefixes its districts': a 地级市, or a 直辖市 (province-level, "…市")."""
    return division.kind == Division.Kind.PREFECTURE_CITY or (
        division.level == Division.Level.PROVINCE and division.name.endswith("市")
    )


def division_full_name(division: Division, ancestors: list[Division]) -> str:
    """The name governments are called by: a province or city as it is ("广东省", "广州市"); a district or
    county with its city in front unless it already starts with it ("从化区" → "广州市从化区"); a town with
    its county's full name in front ("广州市从化区温泉镇")."""
    if division.level <= Division.Level.PREFECTURE or not ancestors:
        return division.name
    parent, above = ancestors[-1], ancestors[:-1]
    if division.level == Division.Level.COUNTY:
        city = next((d for d in reversed(ancestors) if _is_city(d)), None)
        if city is None or division.name.startswith(city.name):
            return division.name
        return city.name + division.name
    prefix = division_full_name(parent, above)
    return division.name if division.name.startswith(prefix) else prefix + division.name


def government_name(division: Division, ancestors: list[Division]) -> str:
    return f"{division_full_name(division, ancestors)}人民政府"


def _missing(agency: Agency, what: str) -> InvalidInput:
    return InvalidInput.for_field(
        "review_body",
        f"无法确定“{agency.name}”的行政复议机关：{what}。请系统管理员在机关信息中填写“行政复议机关”（全称）后再出具答复。",
    )


def review_body(
    agency: Agency,
    ancestors: list[Division],
    on: date,
    *,
    parent_ancestors: list[Division] | None = None,
    superior: Agency | None = None,
) -> str:
    """The 行政复议机关 for acts of ``agency`` on ``on``, named in full.

    ``ancestors``: the agency's division's ancestors, root first. ``parent_ancestors``: the same for the
    division of ``agency.parent`` (派出机构). ``superior``: the 上一级主管部门 of a department where known
    (named only under the 2017 law, 第十二条)."""
    new_law = on >= NEW_REVIEW_LAW
    division = agency.division
    if agency.vertical:
        # 2023 第二十七条 / 2017 第十二条第二款: 上一级主管部门 — named, never in the abstract.
        if not agency.review_body.strip():
            raise _missing(agency, "垂直管理机关的行政复议机关是其上一级主管部门，须写明名称")
        return agency.review_body.strip()
    if agency.kind in _GOVERNMENT_KINDS:
        if division.level == Division.Level.PROVINCE or not ancestors:
            return agency.name  # 2023 第二十四条第二款 / 2017 第十四条: a province reviews its own acts
        # 上一级人民政府 (2023 第二十四条第一款（二）, 2017 第十三条)
        return government_name(ancestors[-1], ancestors[:-1])
    if agency.kind in _SET_UP_BY_GOVERNMENT:
        if agency.review_body.strip():
            return agency.review_body.strip()
        # 派出机关 (街道办事处, a functional zone's 管理委员会) → the government that set it up, the one of
        # the division above (2023 第二十四条第一款（三）, 2017 第十五条第一款（一）).
        if ancestors:
            return government_name(ancestors[-1], ancestors[:-1])
        return government_name(division, ancestors)
    if agency.kind == Agency.Kind.DISPATCHED:
        return _dispatched(agency, ancestors, new_law, parent_ancestors or [])
    if division.kind == Division.Kind.FUNCTIONAL_ZONE and agency.review_body.strip():
        return agency.review_body.strip()  # a zone has no 人民政府 of its own: the administrator names it
    # Departments and general offices: 本级人民政府 (2023 第二十四条第一款（一）).
    own = government_name(division, ancestors)
    if not new_law and superior is not None:
        return f"{own}或者{superior.name}"  # 2017 第十二条第一款
    return own


def _dispatched(
    agency: Agency, ancestors: list[Division], new_law: bool, parent_ancestors: list[Division]
) -> str:
    parent = agency.parent
    if parent is None:
        if agency.review_body.strip():
            return agency.review_body.strip()
        raise _missing(agency, "派出机构须在“上级机关”中填写设立它的部门")
    parent_government = government_name(parent.division, parent_ancestors)
    if not new_law:
        return f"{parent.name}或者{parent_government}"  # 2017 第十五条第一款（二）
    division = agency.division
    city_department = _is_city(parent.division) and (
        parent.division.level == Division.Level.PROVINCE or parent.division.has_districts
    )
    in_district = division.pk != parent.division.pk and division.kind == Division.Kind.DISTRICT
    if city_department and in_district:
        # 2023 第二十四条第四款: 也可以由其所在地的人民政府管辖.
        return f"{parent_government}或者{government_name(division, ancestors)}"
    return parent_government


def is_final(kind: str) -> bool:
    """The letters that end the handling of an application and so state the remedies."""
    return kind in ("decision", "closure")


def paragraph(
    outcome: str,
    agency: Agency,
    ancestors: list[Division],
    on: date,
    *,
    kind: str = "decision",
    parent_ancestors: list[Division] | None = None,
    superior: Agency | None = None,
) -> str:
    """Form (b) 先向…申请行政复议 for refusals and partial disclosures from 2024-01-01 (2023 第二十三条);
    form (a) otherwise (DOCUMENTS.md §2.5). Empty for notices: they are not 答复."""
    if not is_final(kind):
        return ""
    body = review_body(agency, ancestors, on, parent_ancestors=parent_ancestors, superior=superior)
    act, doc = ("本答复", "本答复") if kind == "decision" else ("本告知", "本告知书")
    withholds = bool(outcome) and outcomes.get(outcome).withholds
    if withholds and on >= NEW_REVIEW_LAW:
        return (
            f"如对{act}不服，应当自收到{doc}之日起60日内先向{body}申请行政复议；"
            "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
        )
    return (
        f"如对{act}不服，可以自收到{doc}之日起60日内向{body}申请行政复议，"
        f"或者自收到{doc}之日起6个月内依法向人民法院提起行政诉讼。"
    )
