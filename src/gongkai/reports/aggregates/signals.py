"""Keeping the figures current: whenever a record they count is saved or deleted, its agency's figures
are recounted in the same transaction.

Signals rather than calls in each service, because the figures are derived data, like the search index
(STYLE.md allows signals for such caches, never for workflow): every write path — the services, the
admin's reference-data forms, tests' factories — is covered without each having to remember it. The
exceptions are writes that bypass ``save()``: the demo's bulk load (it builds the figures once at its
end) and ``table2_save``'s bulk insert (it recounts the agency once, ``store.recount_once``). ``gongkai report
verify-aggregates`` recounts everything and shows any difference.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from gongkai.appeals.models import Appeal
from gongkai.applications.models import Application
from gongkai.orgs.models import Agency
from gongkai.publications.models import DocKind, ItemDecision, PowerItem, ProcurementProject, Publication
from gongkai.reports.aggregates import store
from gongkai.reports.models import Table2Entry

#: model -> (the part of the report it feeds, the fields it is counted by)
COUNTED: dict[type[Any], tuple[str, frozenset[str]]] = {
    Application: (
        "t3",
        frozenset(
            {
                "agency",
                "received_on",
                "decided_on",
                "outcome",
                "applicant_category",
                "fee_amount",
                "fee_paid_on",
            }
        ),
    ),
    Appeal: ("t4", frozenset({"agency", "filed_on", "concluded_on", "kind", "result"})),
    Publication: (
        "t2",
        frozenset(
            {"agency", "kind", "status", "published_at", "written_on", "validity", "validity_changed_on"}
        ),
    ),
    PowerItem: ("t2", frozenset({"agency", "kind", "established_on", "abolished_on"})),
    ItemDecision: ("t2", frozenset({"item", "decided_on"})),
    ProcurementProject: ("t2", frozenset({"agency", "contracted_on", "amount_fen"})),
    Table2Entry: ("t2", frozenset({"agency", "year", "block", "row", "column", "value"})),
}
_RULE_KINDS = frozenset({DocKind.RULE, DocKind.NORMATIVE})


def _agency_of(instance: Any) -> int | None:
    if isinstance(instance, ItemDecision):
        return PowerItem.objects.filter(pk=instance.item_id).values_list("agency_id", flat=True).first()
    return getattr(instance, "agency_id", None)


def _counted_change(sender: type[Any], instance: Any, update_fields: Any) -> bool:
    fields = COUNTED[sender][1]
    if update_fields is not None and not (set(update_fields) & fields):
        return False
    # Only 规章 and 规范性文件 count among publications (a full save may have changed the kind, though).
    return not (
        sender is Publication
        and instance.kind not in _RULE_KINDS
        and (update_fields is not None and "kind" not in update_fields)
    )


def _saved(sender: type[Any], instance: Any, created: bool, update_fields: Any, raw: bool, **_: Any) -> None:
    if raw or not _counted_change(sender, instance, None if created else update_fields):
        return
    agency = _agency_of(instance)
    if agency is not None:
        store.touch(agency, COUNTED[sender][0])


def _deleted(sender: type[Any], instance: Any, **_: Any) -> None:
    agency = _agency_of(instance)
    if agency is not None and Agency.objects.filter(pk=agency).exists():
        store.touch(agency, COUNTED[sender][0])


def _agency_before_save(sender: type[Any], instance: Agency, raw: bool, update_fields: Any, **_: Any) -> None:
    if raw or instance.pk is None or (update_fields is not None and "division" not in update_fields):
        return
    instance._division_before = (  # type: ignore[attr-defined]
        Agency.objects.filter(pk=instance.pk).values_list("division_id", flat=True).first()
    )


def _agency_saved(sender: type[Any], instance: Agency, created: bool, raw: bool, **_: Any) -> None:
    before = getattr(instance, "_division_before", None)
    if raw or created or before is None or before == instance.division_id:
        return
    store.move_agency(instance.pk, before, instance.division_id)
    instance._division_before = instance.division_id  # type: ignore[attr-defined]


def _agency_deleting(sender: type[Any], instance: Agency, **_: Any) -> None:
    store.move_agency(instance.pk, instance.division_id, instance.division_id, leaving=True)


def connect() -> None:
    for model in COUNTED:
        post_save.connect(_saved, sender=model, dispatch_uid=f"figures-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"figures-delete-{model.__name__}")
    pre_save.connect(_agency_before_save, sender=Agency, dispatch_uid="figures-agency-before")
    post_save.connect(_agency_saved, sender=Agency, dispatch_uid="figures-agency-moved")
    pre_delete.connect(_agency_deleting, sender=Agency, dispatch_uid="figures-agency-deleted")
