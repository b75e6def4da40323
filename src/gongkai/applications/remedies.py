"""The remedies paragraph of a reply (../shared/spec/DOCUMENTS.md §2.5).

Under the 行政复议法 in force since 2024-01-01 a refusal (不予公开, and the withheld part of 部分公开) goes
to 行政复议 first (第二十三条). The 复议机关 is the people's government at the same level for a department,
the next level up for a government (第二十四条), the next authority up for vertically managed agencies
(第二十七条).
"""

from __future__ import annotations

from datetime import date

from gongkai.applications import outcomes
from gongkai.orgs.models import Agency, Division

NEW_REVIEW_LAW = date(2024, 1, 1)


def review_body(agency: Agency, ancestors: list[Division]) -> str:
    """The 行政复议机关 for acts of ``agency`` (``ancestors``: its division's ancestors, root first)."""
    division = agency.division
    if agency.vertical:
        return f"{agency.name}的上一级主管部门"
    if agency.kind in (Agency.Kind.GOVERNMENT, Agency.Kind.SUBDISTRICT_OFFICE, Agency.Kind.ZONE_COMMITTEE):
        if division.level == Division.Level.PROVINCE or not ancestors:
            return agency.name  # 第二十四条第二款: a province's own acts are reviewed by itself
        # 下一级人民政府 → the government above; a 街道办事处 or zone committee → the government
        # that set it up.
        return f"{ancestors[-1].name}人民政府"
    # Departments, general offices and dispatched agencies: the people's government at their level.
    return f"{division.name}人民政府"


def paragraph(outcome: str, agency: Agency, ancestors: list[Division], on: date) -> str:
    body = review_body(agency, ancestors)
    withholds = outcome and outcomes.get(outcome).withholds
    if withholds and on >= NEW_REVIEW_LAW:
        return (
            f"如对本答复不服，应当自收到本答复之日起60日内先向{body}申请行政复议；"
            "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
        )
    return (
        f"如对本答复不服，可以自收到本答复之日起60日内向{body}申请行政复议，"
        "或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼。"
    )
