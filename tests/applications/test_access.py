"""The permission matrix of 依申请公开: every kind of actor against every rule of applications/access.py, and
the same actors against the pages (case, letter, applicant's personal data) over HTTP."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from gongkai.applications import access, services
from gongkai.applications.models import Application, Letter
from gongkai.core.context import Actor
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "public_verified",  # the applicant, case verified on the tracker (receipt number + query code)
    "public_other_case",  # verified, but for another case
    "other_clerk",  # 经办人 of another agency (深圳市福田区人民政府)
    "clerk",
    "approver",
    "reviewer",
    "sup_county",  # 越秀区 政务公开办: the handling agency's own level
    "sup_city",  # 广州市: above it
    "sup_elsewhere",  # 深圳市
    "admin",
    "superuser",
)

RULES = {
    #                  anon pubV pubO oclk clerk appr rev  supC supG supE admin super
    "handle": (0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0),
    "approve_extension": (0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    "view": (0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1),
    "personal_data": (0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0),
    "download_letter": (0, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0),
}


def _world() -> tuple[Any, Application, dict[str, Actor]]:
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.yuexiu_edu)
    app = factories.registered_application(w.yuexiu_edu, clerk, date(2020, 9, 28))
    services.application_decide(
        actor=Actor(user=clerk),
        application=app,
        outcome="三、本年度办理结果/（一）予以公开",
        on=date(2020, 10, 9),
    )
    staff = factories.staff
    actors = {
        "anonymous": Actor.public(),
        "public_verified": Actor.public(tracker_case_id=app.pk),
        "public_other_case": Actor.public(tracker_case_id=app.pk + 1000),
        "other_clerk": Actor(staff("oclk", Role.CLERK, agency=w.futian_gov)),
        "clerk": Actor(clerk),
        "approver": Actor(staff("approver", Role.APPROVER, agency=w.yuexiu_edu)),
        "reviewer": Actor(staff("reviewer", Role.REVIEWER, agency=w.yuexiu_edu)),
        "sup_county": Actor(staff("supc", Role.SUPERVISOR, division=w.yuexiu)),
        "sup_city": Actor(staff("supg", Role.SUPERVISOR, division=w.guangzhou)),
        "sup_elsewhere": Actor(staff("supo", Role.SUPERVISOR, division=w.shenzhen)),
        "admin": Actor(staff("adm", Role.ADMIN)),
        "superuser": Actor(factories.user("root", is_superuser=True)),
    }
    return w, app, actors


def _check(rule: str, actor: Actor, app: Application) -> bool:
    user = actor.user or AnonymousUser()
    return {
        "handle": lambda: access.can_handle(user, app),
        "approve_extension": lambda: access.can_approve_extension(user, app),
        "view": lambda: access.can_view(user, app),
        "personal_data": lambda: access.can_view_personal_data(user, app),
        "download_letter": lambda: access.can_download_letter(actor, app),
    }[rule]()


@pytest.mark.parametrize("rule", sorted(RULES))
def test_permission_matrix(rule: str) -> None:
    _w, app, actors = _world()
    got = tuple(int(_check(rule, actors[name], app)) for name in ACTORS)
    assert got == RULES[rule], dict(zip(ACTORS, got, strict=True))


# ------------------------------------------------------------------------------------------ over HTTP
#: Status codes: the case page, its letter (staff URL), the applicant's personal data, the tracker's letter.
#: 302 = to the login page; 404 = the case is out of sight (no hint it exists); 403 = seen but refused.
PAGES = {
    #                  case  letter reveal track_letter
    "anonymous": (302, 302, 302, 404),
    "public_verified": (302, 302, 302, 200),
    "other_clerk": (404, 404, 404, 404),
    "clerk": (200, 200, 200, 404),
    "approver": (200, 200, 200, 404),
    "reviewer": (200, 200, 200, 404),
    "sup_county": (200, 403, 403, 404),
    "sup_city": (200, 403, 403, 404),
    "sup_elsewhere": (404, 404, 404, 404),
    "admin": (200, 403, 403, 404),
    "superuser": (200, 403, 403, 404),
}


@pytest.mark.parametrize("who", sorted(PAGES))
def test_pages_matrix(who: str) -> None:
    _w, app, actors = _world()
    letter = Letter.objects.get(application=app)
    client = Client()
    actor = actors[who]
    if actor.user is not None:
        client.force_login(actor.user)
    if who == "public_verified":
        session = client.session
        session["tracked"] = [app.pk]
        session.save()
    case = f"/staff/applications/{app.pk}/"
    got = (
        client.get(case).status_code,
        client.get(f"{case}letters/{letter.pk}.docx").status_code,
        client.post(f"{case}applicant/").status_code,
        client.get(f"/track/letters/{letter.pk}.docx").status_code,
    )
    assert got == PAGES[who]
