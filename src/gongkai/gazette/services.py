"""Importing a gazette archive: idempotent (a re-import updates, never duplicates), bad lines reported
with their numbers while the rest is imported."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction

from gongkai.core import hooks
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import PermissionDenied
from gongkai.gazette.importer import BadLine, Record, parse_line
from gongkai.gazette.models import GazetteDocument, GazetteIssue

_FIELDS = ("title", "doc_number", "issuer", "category", "text", "page_start", "page_end")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def gazette_import(
    *, actor: Actor, lines: Iterable[str], progress: Callable[[int], None] | None = None, batch: int = 500
) -> ImportResult:
    if not (actor.is_system or actor.is_administrator):
        raise PermissionDenied("只有系统管理员或导入任务可以导入政府公报")
    result = ImportResult()
    issues: dict[tuple[int, int], GazetteIssue] = {}
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    while chunk := list(islice(numbered, batch)):
        records: dict[str, Record] = {}
        for n, line in chunk:
            try:
                record = parse_line(line)
            except BadLine as e:
                result.errors.append((n, str(e)))
                continue
            records[record.source_id] = record  # the last line wins within a file
        with transaction.atomic():
            _apply(records, issues, result)
        if progress:
            progress(len(chunk))
    audit_record(
        actor,
        "gazette.imported",
        object_type="gazette.gazettedocument",
        data={"created": result.created, "updated": result.updated, "errors": len(result.errors)},
    )
    return result


def _issue(issues: dict[tuple[int, int], GazetteIssue], r: Record) -> GazetteIssue | None:
    if r.year is None or r.issue is None:
        return None
    key = (r.year, r.issue)
    if key not in issues:
        issue, _ = GazetteIssue.objects.get_or_create(year=r.year, number=r.issue, defaults={"date": r.date})
        if (issue.date is None and r.date is not None) or (issue.date and r.date and r.date < issue.date):
            issue.date = r.date  # an issue is dated by its earliest document
            issue.save(update_fields=["date"])
        issues[key] = issue
    return issues[key]


def _apply(
    records: dict[str, Record], issues: dict[tuple[int, int], GazetteIssue], result: ImportResult
) -> None:
    existing = {d.source_id: d for d in GazetteDocument.objects.filter(source_id__in=list(records))}
    new, changed = [], []
    for source_id, r in records.items():
        values = {f: getattr(r, f) for f in _FIELDS}
        issue = _issue(issues, r)
        doc = existing.get(source_id)
        if doc is None:
            new.append(GazetteDocument(source_id=source_id, issue=issue, **values))
            continue
        if doc.issue_id == (issue.pk if issue else None) and all(
            getattr(doc, f) == v for f, v in values.items()
        ):
            result.unchanged += 1
            continue
        for f, v in values.items():
            setattr(doc, f, v)
        doc.issue = issue
        changed.append(doc)
    created = GazetteDocument.objects.bulk_create(new)
    GazetteDocument.objects.bulk_update(changed, [*_FIELDS, "issue"])
    if created and created[0].pk is None:  # a backend that does not return ids from bulk inserts
        created = list(GazetteDocument.objects.filter(source_id__in=[d.source_id for d in new]))
    hooks.notify_content_changed("gazette", *[d.pk for d in [*created, *changed]])
    result.created += len(new)
    result.updated += len(changed)
