"""催办: who may send one, on which case; idempotent against a double submit; audited; seen by the agency's
staff when they open the case; pages refused outside a supervisor's subtree."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from gongkai.supervision import services
from gongkai.supervision.models import Urge
from tests import factories
from tests.supervision.conftest import OVERDUE_ON, build_tree, open_case

pytestmark = pytest.mark.django_db


def test_a_supervisor_urges_once_and_the_clerk_sees_it_on_opening_the_case(pinned: None) -> None:
    tree = build_tree()
    w = tree.world
    clerk = tree.clerks[w.gz_edu.pk]
    app = open_case(w.gz_edu, clerk, OVERDUE_ON)
    sup = factories.staff("gd-sup", Role.SUPERVISOR, division=w.province)
    first = services.urge_case_send(actor=Actor(user=sup), application=app, message="请尽快答复")
    again = services.urge_case_send(actor=Actor(user=sup), application=app, message=" 请尽快答复 ")
    assert first.pk == again.pk and Urge.objects.count() == 1
    assert (first.agency, first.sender_division, first.kind) == (w.gz_edu, w.province, "case")
    assert AuditEvent.objects.filter(action="application.urged", object_id=str(first.pk)).count() == 1

    c = Client()
    c.force_login(clerk)
    page = c.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "请尽快答复" in page and "广东省政务公开办" in page
    first.refresh_from_db()
    assert first.seen_by == clerk and first.seen_at is not None
    assert "请尽快答复" in c.get("/staff/").content.decode()  # the workbench lists it


def test_a_clerk_cannot_urge_and_a_city_supervisor_not_outside_its_city(pinned: None) -> None:
    tree = build_tree()
    w = tree.world
    clerk = tree.clerks[w.gz_edu.pk]
    app = open_case(w.gz_edu, clerk, OVERDUE_ON)
    sz_sup = factories.staff("sz-sup", Role.SUPERVISOR, division=w.shenzhen)
    for user in (clerk, sz_sup):
        with pytest.raises(PermissionDenied):
            services.urge_case_send(actor=Actor(user=user), application=app, message="催办")
    gz_sup = factories.staff("gz-sup", Role.SUPERVISOR, division=w.guangzhou)
    with pytest.raises(InvalidInput) as e:
        services.urge_case_send(actor=Actor(user=gz_sup), application=app, message="  ")
    assert e.value.fields == {"message": "请填写督办意见"}
    assert not Urge.objects.exists()

    c = Client()
    c.force_login(sz_sup)
    assert c.get("/staff/supervision/440100/overdue/").status_code == 404
    assert c.get("/staff/supervision/440100/").status_code == 404
    assert c.get(f"/staff/supervision/agency/{w.gz_edu.pk}/overdue/").status_code == 404
    assert c.post(f"/staff/supervision/case/{app.pk}/urge/", {"message": "x"}).status_code == 404
    assert c.get("/staff/supervision/440300/overdue/").status_code == 200
    c.force_login(gz_sup)
    assert c.get("/staff/supervision/440000/").status_code == 404
    response = c.get("/staff/supervision/440100/overdue/")
    assert response.status_code == 200 and app.receipt_number in response.content.decode()
    assert "陈明" not in response.content.decode()  # no applicant data
    assert not Urge.objects.exists()
