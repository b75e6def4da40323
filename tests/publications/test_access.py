"""The permission matrix of 主动公开: every kind of actor against every rule of publications/access.py, for a
draft of 广州市越秀区教育局 written by its clerk (and a request naming 越秀区人民政府 as co-issuer)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.core.context import Actor
from gongkai.orgs import access as org_access
from gongkai.orgs import services as org_services
from gongkai.orgs.roles import Role
from gongkai.publications import access, services
from gongkai.publications.models import CoIssue, Publication
from tests import factories
from tests.publications.conftest import normative_input

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "public_verified",  # a member of the public holding a verified tracker session: no staff rights
    "other_clerk",  # 经办人 of another agency (深圳市福田区人民政府)
    "clerk",  # the author
    "approver",
    "reviewer",
    "co_approver",  # 负责人 of 越秀区人民政府, named as co-issuer
    "sup_county",  # 越秀区 政务公开办
    "sup_city",  # 广州市 政务公开办 (above)
    "sup_elsewhere",  # 深圳市
    "admin",
    "superuser",
)

RULES = {
    #                   anon pubV oclk clerk appr rev  coAp supC supG supE admin super
    "draft": (0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0),
    "review": (0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    "publish": (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
    "see_drafts": (0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1),  # coAp: reads what it is asked to co-sign
    "decide_co_issue": (0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
}


def _world() -> tuple[Publication, CoIssue, dict[str, Any]]:
    w = factories.small_province()
    staff = factories.staff
    clerk = staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    pub = services.publication_create(
        actor=Actor(clerk), agency=w.yuexiu_edu, data=normative_input(doc_number="越教〔2020〕3号")
    )
    users = {
        "anonymous": AnonymousUser(),
        "public_verified": Actor.public(tracker_case_id=1).user or AnonymousUser(),
        "other_clerk": staff("oclk", Role.CLERK, agency=w.futian_gov),
        "clerk": clerk,
        "approver": staff("approver", Role.APPROVER, agency=w.yuexiu_edu),
        "reviewer": staff("reviewer", Role.REVIEWER, agency=w.yuexiu_edu),
        "co_approver": staff("coapp", Role.APPROVER, agency=w.yuexiu_gov),
        "sup_county": staff("supc", Role.SUPERVISOR, division=w.yuexiu),
        "sup_city": staff("supg", Role.SUPERVISOR, division=w.guangzhou),
        "sup_elsewhere": staff("supo", Role.SUPERVISOR, division=w.shenzhen),
        "admin": staff("adm", Role.ADMIN),
        "superuser": factories.user("root", is_superuser=True),
    }
    return pub, CoIssue.objects.create(publication=pub, agency=w.yuexiu_gov), users


def _check(rule: str, user: Any, pub: Publication, co_issue: CoIssue) -> bool:
    return {
        "draft": lambda: access.can_draft(user, pub),
        "review": lambda: access.can_review(user, pub),
        "publish": lambda: access.can_publish(user, pub),
        "see_drafts": lambda: access.can_see_drafts(user, pub),
        "decide_co_issue": lambda: access.can_decide_co_issue(user, co_issue),
    }[rule]()


@pytest.mark.parametrize("rule", sorted(RULES))
def test_permission_matrix(rule: str) -> None:
    pub, co_issue, users = _world()
    got = tuple(int(_check(rule, users[name], pub, co_issue)) for name in ACTORS)
    assert got == RULES[rule], dict(zip(ACTORS, got, strict=True))


def test_a_reviewer_never_reviews_what_they_wrote() -> None:
    """Four eyes: a user who is both the author (as 经办人) and the agency's reviewer may not clear it."""
    w = factories.small_province()
    both = factories.staff("both", Role.CLERK, agency=w.yuexiu_edu)
    org_services.staff_role_grant(actor=factories.SYSTEM, user=both, role=Role.REVIEWER, agency=w.yuexiu_edu)
    org_access.forget_roles(both)
    pub = services.publication_create(actor=Actor(both), agency=w.yuexiu_edu, data=normative_input())
    assert access.can_draft(both, pub) and not access.can_review(both, pub)


def test_may_supersede_only_documents_of_its_own_issuers() -> None:
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    own = services.publication_create(actor=Actor(clerk), agency=w.yuexiu_edu, data=normative_input())
    assert access.may_supersede(own, issuer_ids={w.yuexiu_edu.pk})
    assert not access.may_supersede(own, issuer_ids={w.gd_office.pk})


# ---------------------------------------------------------------- across agencies, through the services
# The staff pages and the API call these services, so the rules hold on every path. Actors are staff of
# 越秀区教育局 ("own") or above it; the other agency is 广州市教育局, one level up.

CROSS_ACTORS = ("clerk", "approver", "reviewer", "sup_city", "admin")
CROSS = {  # each cell: "with its own agency's | with the other agency's"
    #                  clerk          approver      reviewer       sup_city       admin
    "amend_or_repeal": ("ok|invalid", "ok|invalid", "denied|denied", "denied|denied", "denied|denied"),
    "set_validity": ("denied|denied", "ok|denied", "denied|denied", "denied|denied", "denied|denied"),
    "accept_co_issue": ("denied|denied", "ok|denied", "denied|denied", "denied|denied", "denied|denied"),
}


def _cross_world() -> dict[str, Any]:
    from tests.publications.conftest import publish, staff_of

    w = factories.small_province()
    own, other = staff_of(w.yuexiu_edu, "yx"), staff_of(w.gz_edu, "gz")
    docs = {
        "own": publish(own, services.publication_create(
            actor=own["clerk"], agency=w.yuexiu_edu, data=normative_input(doc_number="越教〔2020〕1号"))),
        "other": publish(other, services.publication_create(
            actor=other["clerk"], agency=w.gz_edu, data=normative_input(doc_number="穗教〔2020〕1号"))),
    }  # fmt: skip
    requests = {  # a draft of a third agency names each as co-issuer
        side: services.publication_create(
            actor=Actor(factories.staff(f"fut-{side}", Role.CLERK, agency=w.futian_gov)), agency=w.futian_gov,
            data=normative_input(doc_number=f"福府〔2020〕{n}号", co_agency_ids=[agency.pk]),
        ).co_issues.get()
        for n, (side, agency) in enumerate((("own", w.yuexiu_edu), ("other", w.gz_edu)), start=1)
    }  # fmt: skip
    actors = {
        **{role: own[role] for role in ("clerk", "approver", "reviewer")},
        "sup_city": Actor(factories.staff("supg", Role.SUPERVISOR, division=w.guangzhou)),
        "admin": Actor(factories.staff("adm", Role.ADMIN)),
    }
    return {"world": w, "docs": docs, "requests": requests, "actors": actors}


def _attempt(action: str, actor: Actor, side: str, world: dict[str, Any]) -> str:
    from gongkai.core.errors import InvalidInput, PermissionDenied
    from gongkai.publications.co_issues import co_issue_accept

    target = world["docs"][side]
    calls = {
        "amend_or_repeal": lambda: services.publication_create(
            actor=actor, agency=world["world"].yuexiu_edu,
            data=normative_input(
                doc_number="越教〔2020〕9号", supersedes_id=target.pk, supersedes_as="repealed"
            ),
        ),
        "set_validity": lambda: services.publication_set_validity(
            actor=actor, publication=target, validity="expired"
        ),
        "accept_co_issue": lambda: co_issue_accept(actor=actor, co_issue=world["requests"][side]),
    }  # fmt: skip
    try:
        calls[action]()
    except PermissionDenied:
        return "denied"
    except InvalidInput:
        return "invalid"
    return "ok"


@pytest.mark.parametrize("action", sorted(CROSS))
def test_cross_agency_matrix(action: str) -> None:
    """role × action × own/other agency: 'ok', 'invalid' (a Chinese field error), 'denied' (403)."""
    world = _cross_world()
    got = tuple(
        "|".join(_attempt(action, world["actors"][name], side, world) for side in ("own", "other"))
        for name in CROSS_ACTORS
    )
    assert got == CROSS[action], dict(zip(CROSS_ACTORS, got, strict=True))
