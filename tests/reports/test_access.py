"""The permission matrix of annual reports: every kind of actor against every rule of reports/access.py, for
a department's report (越秀区教育局), a district government's (越秀区) and the province's own."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.core.context import Actor
from gongkai.orgs.roles import Role
from gongkai.reports import access, services
from gongkai.reports.models import AnnualReport
from tests import factories

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "public_verified",  # a member of the public holding a verified tracker session: no staff rights
    "other_clerk",  # 经办人 of another agency (深圳市福田区人民政府)
    "clerk",
    "approver",
    "reviewer",
    "sup_county",  # 越秀区 政务公开办
    "sup_city",  # 广州市 政务公开办 (above 越秀区)
    "sup_province",  # 广东省
    "sup_elsewhere",  # 深圳市
    "admin",
    "superuser",
)

RULES = {
    #                          anon pubV oclk clerk appr rev  supC supG supP supE admin super
    "agency.prepare": (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
    "agency.review": (0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1),  # the same level's 政务公开办 and above
    "agency.view_draft": (0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1, 1),
    "government.prepare": (0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1),
    "government.review": (0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1),  # one level up, not its own office
    "government.view_draft": (0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1),
    "province.prepare": (0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1),
    "province.review": (0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1),  # reports outside the platform
}


def _world() -> tuple[dict[str, AnnualReport], dict[str, Any]]:
    w = factories.small_province()
    staff = factories.staff
    users = {
        "anonymous": AnonymousUser(),
        "public_verified": Actor.public(tracker_case_id=1).user or AnonymousUser(),
        "other_clerk": staff("oclk", Role.CLERK, agency=w.futian_gov),
        "clerk": staff("clerk", Role.CLERK, agency=w.yuexiu_edu),
        "approver": staff("approver", Role.APPROVER, agency=w.yuexiu_edu),
        "reviewer": staff("reviewer", Role.REVIEWER, agency=w.yuexiu_edu),
        "sup_county": staff("supc", Role.SUPERVISOR, division=w.yuexiu),
        "sup_city": staff("supg", Role.SUPERVISOR, division=w.guangzhou),
        "sup_province": staff("supp", Role.SUPERVISOR, division=w.province),
        "sup_elsewhere": staff("supo", Role.SUPERVISOR, division=w.shenzhen),
        "admin": staff("adm", Role.ADMIN),
        "superuser": factories.user("root", is_superuser=True),
    }
    scope = AnnualReport.Scope
    reports = {
        "agency": services.report_open(
            actor=Actor(users["approver"]), scope=scope.AGENCY, year=2020, agency=w.yuexiu_edu
        ),
        "government": services.report_open(
            actor=Actor(users["sup_county"]), scope=scope.GOVERNMENT, year=2020, division=w.yuexiu
        ),
        "province": services.report_open(
            actor=Actor(users["sup_province"]), scope=scope.GOVERNMENT, year=2020, division=w.province
        ),
    }
    return reports, users


def _check(rule: str, user: Any, reports: dict[str, AnnualReport]) -> bool:
    which, action = rule.split(".")
    check = {"prepare": access.can_prepare, "review": access.can_review, "view_draft": access.can_view_draft}
    return check[action](user, reports[which])


@pytest.mark.parametrize("rule", sorted(RULES))
def test_permission_matrix(rule: str) -> None:
    reports, users = _world()
    got = tuple(int(_check(rule, users[name], reports)) for name in ACTORS)
    assert got == RULES[rule], dict(zip(ACTORS, got, strict=True))
