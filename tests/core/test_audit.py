"""The audit log is append-only, in the application and in the database."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from gongkai.core.audit import audit_record
from gongkai.core.context import Actor, ActorKind
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_where() -> None:
    event = audit_record(
        Actor(user=None, ip_address="10.1.2.3", kind=ActorKind.SYSTEM, task="tester"),
        "thing.done",
        object_type="x.y",
        object_id="7",
        data={"k": 1},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_label, stored.action, stored.object_type, stored.object_id) == (
        "tester",
        "thing.done",
        "x.y",
        "7",
    )
    assert stored.ip_address == "10.1.2.3"
    assert stored.data == {"k": 1}


def test_no_update_or_delete_path_in_the_app() -> None:
    event = audit_record(Actor.system(), "thing.done")
    event.action = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "thing.done"


def test_database_rejects_update_behind_the_apps_back() -> None:
    event = audit_record(Actor.system(), "thing.done")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET action = 'tampered' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "thing.done"


def test_postgresql_rejects_delete_behind_the_apps_back() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row-level DELETE guard exists on PostgreSQL only (see migration 0002)")
    event = audit_record(Actor.system(), "thing.done")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
