"""The permission matrix: every actor against every rule, for an agency in 广州市越秀区."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.orgs import access
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "public_user",
    "other_clerk",
    "clerk",
    "approver",
    "reviewer",
    "sup_county",
    "sup_city",
    "sup_province",
    "sup_other_city",
    "admin",
    "superuser",
)

RULES = {
    #                        anon  pub   oclk  clerk appr  rev   supC  supG  supP  supO  admin super
    "handle_cases": (0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0),
    "approve": (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
    "review": (0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    "personal_data": (0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0),
    "agency_statistics": (0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1),
    "supervise_division": (0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1),
    "administer": (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1),
    "staff_area": (0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
}


def _actors() -> dict[str, Any]:
    w = factories.small_province()
    staff = factories.staff
    return {
        "world": w,
        "anonymous": AnonymousUser(),
        "public_user": factories.user("citizen"),
        "other_clerk": staff("oclk", Role.CLERK, agency=w.futian_gov),
        "clerk": staff("clerk", Role.CLERK, agency=w.yuexiu_edu),
        "approver": staff("approver", Role.APPROVER, agency=w.yuexiu_edu),
        "reviewer": staff("reviewer", Role.REVIEWER, agency=w.yuexiu_edu),
        "sup_county": staff("supc", Role.SUPERVISOR, division=w.yuexiu),
        "sup_city": staff("supg", Role.SUPERVISOR, division=w.guangzhou),
        "sup_province": staff("supp", Role.SUPERVISOR, division=w.province),
        "sup_other_city": staff("supo", Role.SUPERVISOR, division=w.shenzhen),
        "admin": staff("adm", Role.ADMIN),
        "superuser": factories.user("root", is_superuser=True),
    }


def _check(rule: str, user: Any, w: factories.World) -> bool:
    agency = w.yuexiu_edu
    return {
        "handle_cases": lambda: access.can_handle_cases(user, agency),
        "approve": lambda: access.can_approve(user, agency),
        "review": lambda: access.can_review_confidentiality(user, agency),
        "personal_data": lambda: access.can_view_personal_data(user, agency),
        "agency_statistics": lambda: access.can_view_agency_statistics(user, agency),
        "supervise_division": lambda: access.can_supervise_division(user, agency.division),
        "administer": lambda: access.can_administer(user),
        "staff_area": lambda: access.can_enter_staff_area(user),
    }[rule]()


@pytest.mark.parametrize("rule", sorted(RULES))
def test_permission_matrix(rule: str) -> None:
    actors = _actors()
    w = actors["world"]
    got = tuple(int(_check(rule, actors[name], w)) for name in ACTORS)
    assert got == RULES[rule], dict(zip(ACTORS, got, strict=True))


def test_inactive_user_has_no_rights() -> None:
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    clerk.is_active = False
    assert not access.can_handle_cases(clerk, w.yuexiu_edu)


def test_supervisor_sees_towns_below_but_not_above() -> None:
    w = factories.small_province()
    sup = factories.staff("supc", Role.SUPERVISOR, division=w.yuexiu)
    assert access.can_view_agency_statistics(sup, w.beijing_office)
    assert not access.can_view_agency_statistics(sup, w.gz_gov)
    assert not access.can_view_personal_data(sup, w.beijing_office)


def test_grant_rules() -> None:
    w = factories.small_province()
    sup_city = factories.staff("supg", Role.SUPERVISOR, division=w.guangzhou)
    assert access.can_grant_role(sup_city, role=Role.CLERK, agency=w.yuexiu_edu, division=None)
    assert not access.can_grant_role(sup_city, role=Role.CLERK, agency=w.futian_gov, division=None)
    assert access.can_grant_role(sup_city, role=Role.SUPERVISOR, agency=None, division=w.yuexiu)
    assert not access.can_grant_role(sup_city, role=Role.SUPERVISOR, agency=None, division=w.guangzhou)
    assert not access.can_grant_role(sup_city, role=Role.ADMIN, agency=None, division=None)


def test_role_set_is_one_query(django_assert_num_queries: Any) -> None:
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    access.forget_roles(clerk)
    with django_assert_num_queries(1):
        for _ in range(5):
            access.can_handle_cases(clerk, w.yuexiu_edu)
            access.can_view_personal_data(clerk, w.yuexiu_edu)
