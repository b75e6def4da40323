"""Writing the audit log. Call :func:`audit_record` inside the transaction of the change it records."""

from __future__ import annotations

from typing import Any

from django.db import models

from gongkai.core.context import Actor
from gongkai.core.models import AuditEvent


def audit_record(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    data: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event.

    ``data`` must never contain personal data itself (only field names or masked values).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    user = actor.user
    return AuditEvent.objects.create(
        actor_id=getattr(user, "pk", None),
        actor_label=actor.label[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        ip_address=actor.ip_address,
        data=data or {},
    )
