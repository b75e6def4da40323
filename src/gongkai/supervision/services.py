"""Writes of the supervision app: a 催办 sent on a case, and the agency's staff having seen it.

A 催办 is a supervising office's reminder to the handling agency (the 政府信息公开工作主管部门 to which
complaints about an agency's disclosure work go, 条例第五十一条). It changes nothing in the case's workflow
or clock; it is recorded, audited and shown on the case and on the agency's workbench.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.db import transaction

from gongkai.applications.models import Application
from gongkai.applications.states import OPEN
from gongkai.core import clock
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from gongkai.orgs.models import Division
from gongkai.supervision import access
from gongkai.supervision.models import Urge

MESSAGE_MAX = 500
#: The same message on the same case by the same person within this window is one 催办 (a double submit).
REPEAT_WINDOW = timedelta(minutes=10)


def urge_case_send(*, actor: Actor, application: Application, message: str) -> Urge:
    """Send a 催办 on an open application of an agency the actor's 政务公开办 supervises.

    Idempotent against a double submit: the same text from the same person on the same case within
    :data:`REPEAT_WINDOW` returns the first 催办 (one row, one audit event)."""
    text = (message or "").strip()
    if not text:
        raise InvalidInput.for_field("message", "请填写督办意见")
    if len(text) > MESSAGE_MAX:
        raise InvalidInput.for_field("message", f"督办意见不能超过{MESSAGE_MAX}字")
    if not actor.is_staff:
        raise PermissionDenied("只有政务公开办可以催办")
    user = cast(Any, actor.user)
    with transaction.atomic():
        app = (
            Application.objects.select_for_update().select_related("agency__division").get(pk=application.pk)
        )
        sender_path = access.sending_division(user, app)
        if sender_path is None:
            raise PermissionDenied("您不是该机关的上级政务公开办，不能催办该申请")
        if app.status not in OPEN:
            raise InvalidTransition("该申请已办结，无需催办")
        since = clock.now() - REPEAT_WINDOW
        repeated = Urge.objects.filter(
            kind=Urge.Kind.CASE, application=app, sent_by=user, message=text, sent_at__gte=since
        ).first()
        if repeated is not None:
            return repeated
        urge = Urge.objects.create(
            kind=Urge.Kind.CASE,
            sender_division=Division.objects.get(path=sender_path),
            sent_by=user,
            sent_at=clock.now(),
            agency=app.agency,
            application=app,
            message=text,
        )
        audit_record(
            actor,
            "application.urged",
            urge,
            data={"application": app.pk, "agency": app.agency_id, "receipt_number": app.receipt_number},
        )
    return urge


def urges_mark_seen(*, actor: Actor, application: Application) -> int:
    """The agency's clerk or approver opened the case: its unseen 催办 become seen (by them, now). Returns
    how many; nothing happens (and nothing is audited) for anyone else or when none is unseen."""
    if not actor.is_staff or not access.can_acknowledge(actor.user, application):
        return 0
    with transaction.atomic():
        unseen = list(
            Urge.objects.select_for_update().filter(
                kind=Urge.Kind.CASE, application=application, seen_at__isnull=True
            )
        )
        if not unseen:
            return 0
        now = clock.now()
        for urge in unseen:
            urge.seen_at, urge.seen_by = now, cast(Any, actor.user)
            urge.save(update_fields=["seen_at", "seen_by"])
            audit_record(actor, "application.urge_seen", urge, data={"application": application.pk})
    return len(unseen)
