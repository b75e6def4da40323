from __future__ import annotations

import pytest

from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs import services
from gongkai.orgs.models import Agency, StaffRole
from gongkai.orgs.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_invalid_uscc_is_rejected_naming_the_field_and_nothing_is_stored(system: Actor) -> None:
    w = factories.small_province()
    before = Agency.objects.count()
    with pytest.raises(InvalidInput) as err:
        services.agency_create(
            actor=system,
            division=w.guangzhou,
            name="广州市统计局",
            kind="department",
            uscc="11440100MB2C9271X0",
        )
    assert list(err.value.fields) == ["uscc"]
    assert "统一社会信用代码" in err.value.message
    assert Agency.objects.count() == before
    assert not AuditEvent.objects.filter(action="orgs.agency.created", object_repr="广州市统计局").exists()


def test_create_agency_is_audited(system: Actor) -> None:
    w = factories.small_province()
    agency = factories.agency(w.guangzhou, "广州市统计局", phone="020-83123456")
    event = AuditEvent.objects.get(action="orgs.agency.created", object_id=str(agency.pk))
    assert event.object_type == "orgs.agency"
    assert event.actor_label == "tests"
    assert agency.phone == "020-83123456"


def test_duplicate_uscc_is_rejected(system: Actor) -> None:
    w = factories.small_province()
    with pytest.raises(InvalidInput, match="已被其他机关使用") as err:
        services.agency_create(
            actor=system, division=w.guangzhou, name="重复", kind="department", uscc=w.gz_edu.uscc
        )
    assert list(err.value.fields) == ["uscc"]


def test_only_approver_or_admin_edits_an_agency() -> None:
    w = factories.small_province()
    clerk = factories.staff("clerk", Role.CLERK, agency=w.gz_edu)
    approver = factories.staff("appr", Role.APPROVER, agency=w.gz_edu)
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=Actor(user=clerk), agency=w.gz_edu, phone="020-1")
    services.agency_update(
        actor=Actor(user=approver, ip_address="127.0.0.1"), agency=w.gz_edu, phone="020-83000000"
    )
    w.gz_edu.refresh_from_db()
    assert w.gz_edu.phone == "020-83000000"
    event = AuditEvent.objects.get(action="orgs.agency.updated")
    assert event.data == {"fields": ["phone"]}
    assert event.actor_label == "appr"
    assert event.ip_address == "127.0.0.1"


def test_supervisor_creates_agency_only_in_its_subtree() -> None:
    w = factories.small_province()
    sup = factories.staff("supg", Role.SUPERVISOR, division=w.guangzhou)
    actor = Actor(user=sup)
    services.agency_create(
        actor=actor,
        division=w.yuexiu,
        name="广州市越秀区统计局",
        kind="department",
        uscc=factories.uscc_for("440104"),
    )
    with pytest.raises(PermissionDenied):
        services.agency_create(
            actor=actor,
            division=w.futian,
            name="深圳市福田区统计局",
            kind="department",
            uscc=factories.uscc_for("440304"),
        )


def test_role_grant_is_idempotent_and_scope_checked(system: Actor) -> None:
    w = factories.small_province()
    u = factories.user("clerk")
    g1 = services.staff_role_grant(actor=system, user=u, role=Role.CLERK, agency=w.gz_edu)
    g2 = services.staff_role_grant(actor=system, user=u, role=Role.CLERK, agency=w.gz_edu)
    assert g1.pk == g2.pk
    assert StaffRole.objects.filter(user=u).count() == 1
    assert AuditEvent.objects.filter(action="orgs.role.granted").count() == 1
    with pytest.raises(InvalidInput) as err:
        services.staff_role_grant(actor=system, user=u, role=Role.SUPERVISOR, agency=w.gz_edu)
    assert "division" in err.value.fields


def test_division_code_validation(system: Actor) -> None:
    w = factories.small_province()
    with pytest.raises(InvalidInput) as err:
        services.division_create(
            actor=system, parent=w.guangzhou, code="4401", name="坏", level=3, kind="district"
        )
    assert "code" in err.value.fields
    with pytest.raises(InvalidInput) as err:
        services.division_create(
            actor=system, parent=w.guangzhou, code="440104", name="重复", level=3, kind="district"
        )
    assert "已存在" in err.value.fields["code"]


def test_a_division_kind_must_fit_its_level(system: Actor) -> None:
    from gongkai.orgs.models import Division

    w = factories.small_province()
    with pytest.raises(InvalidInput) as e:
        services.division_update(actor=system, division=w.guangzhou, kind=Division.Kind.TOWN)
    assert "“镇”不是地级行政区划的类型" in e.value.fields["kind"]
    w.guangzhou.refresh_from_db()
    assert w.guangzhou.kind == Division.Kind.PREFECTURE_CITY
    with pytest.raises(InvalidInput):
        services.division_create(
            actor=system, parent=w.guangzhou, code="440199", name="测试区", level=3, kind="subdistrict"
        )
