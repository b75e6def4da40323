"""联合发文: naming co-issuers on a draft, and their acceptance. An agency named as co-issuer appears on the
record only after its 负责人 accepted; until then the request waits in that agency's staff list.

The services here are part of the publication services (``services.py`` calls :func:`co_issuers_name`
inside its own transaction) and follow the same rules: one transaction, permission and transition checked,
``update_fields``, an audit event."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from gongkai.core import hooks
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import PermissionDenied
from gongkai.orgs.models import Agency
from gongkai.publications import access
from gongkai.publications.models import CoIssue, Publication, PublicationEvent
from gongkai.publications.states import CoIssueStatus, ensure_co_issue_transition

CONTENT_TYPE = "publication"


def issuer_ids(pub: Publication) -> set[int]:
    """The record's issuers: its agency and the co-issuers that accepted."""
    accepted = CoIssue.objects.filter(publication=pub, status=CoIssueStatus.ACCEPTED)
    return {pub.agency_id, *accepted.values_list("agency_id", flat=True)}


def _audit(actor: Actor, pub: Publication, action: str, item: CoIssue, note: str) -> None:
    PublicationEvent.objects.create(publication=pub, action=action, actor_label=actor.label, note=note[:500])
    audit_record(actor, f"publication.{action}", pub, data={"agency": item.agency_id, "status": item.status})


def co_issuers_name(
    *, actor: Actor, publication: Publication, agencies: Iterable[Agency], effect_changed: bool
) -> None:
    """Sets the co-issuers a draft names (called by the draft services, in their transaction): new names
    and names that had declined become pending requests; dropped names go, with their listing. When what
    the draft amends or repeals changed, an acceptance given before no longer holds (back to pending)."""
    pub = publication
    wanted = {a.pk: a for a in agencies if a.pk != pub.agency_id}
    rows = CoIssue.objects.select_for_update(of=("self",)).select_related("agency").filter(publication=pub)
    existing = {c.agency_id: c for c in rows}
    for agency_id, item in existing.items():
        if agency_id not in wanted:
            item.delete()
            pub.co_agencies.remove(agency_id)
            _audit(actor, pub, "co_issue_withdrawn", item, item.agency.name)
    for agency_id, agency in wanted.items():
        item = existing.get(agency_id) or CoIssue(publication=pub, agency=agency)
        stale = item.status == CoIssueStatus.ACCEPTED and effect_changed
        again = item.pk is not None and (item.status == CoIssueStatus.DECLINED or stale)
        if item.pk is not None and not again:
            continue
        if again:
            ensure_co_issue_transition(item.status, CoIssueStatus.PENDING)
            pub.co_agencies.remove(agency_id)
        item.status, item.decided_at, item.decided_by = CoIssueStatus.PENDING, None, None
        item.save(update_fields=["status", "decided_at", "decided_by"] if again else None)
        _audit(actor, pub, "co_issue_requested", item, agency.name)


def _decide(actor: Actor, co_issue: CoIssue, target: CoIssueStatus) -> CoIssue:
    item = CoIssue.objects.select_for_update(of=("self",)).select_related("agency").get(pk=co_issue.pk)
    if not access.can_decide_co_issue(actor.user, item):
        raise PermissionDenied("只有被列为联合发文机关的负责人可以确认联合发文")
    ensure_co_issue_transition(item.status, target)
    pub = Publication.objects.select_for_update().get(pk=item.publication_id)
    item.status, item.decided_at, item.decided_by = target, timezone.now(), actor.user  # type: ignore[assignment]
    item.save(update_fields=["status", "decided_at", "decided_by"])
    if target == CoIssueStatus.ACCEPTED:
        pub.co_agencies.add(item.agency_id)
        if pub.is_public:
            hooks.notify_content_changed(CONTENT_TYPE, pub.pk)
    _audit(actor, pub, f"co_issue_{target}", item, item.agency.name)
    return item


@transaction.atomic
def co_issue_accept(*, actor: Actor, co_issue: CoIssue) -> CoIssue:
    """The named agency's 负责人 agrees to be a co-issuer: from now on the record lists it."""
    return _decide(actor, co_issue, CoIssueStatus.ACCEPTED)


@transaction.atomic
def co_issue_decline(*, actor: Actor, co_issue: CoIssue) -> CoIssue:
    """The named agency's 负责人 refuses: the record never lists it (the author may ask again)."""
    return _decide(actor, co_issue, CoIssueStatus.DECLINED)
