"""Erasure of applicants' personal data after the retention period
(``GONGKAI_PERSONAL_DATA_RETENTION_YEARS``).

What goes: the applicant's name, identity numbers and contacts; the attachments (scans of ID documents);
the free text that may carry personal data (the description of the information sought, correction items,
extension reasons, consulted third parties, the timeline notes quoting them, the withdrawal reason); the
submission token. Letters are re-rendered with all of it masked (the number, date and wording of what the
agency replied stay: they are the agency's record), or their files deleted when the original is missing or
the applicant was erased before letters were masked. What stays: everything the statistics and the annual
report need (category, dates, outcome), and the identity key, a keyed HMAC (:func:`identity_key`).

Order: rows first, files last. Every row changes in one transaction; the files that held personal data are
deleted only after it committed (``transaction.on_commit``), so a rollback never leaves a row pointing at a
deleted file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.applications import letters
from gongkai.applications.models import (
    Applicant,
    Application,
    ApplicationEvent,
    Attachment,
    ClockPause,
    Letter,
)
from gongkai.applications.states import OPEN
from gongkai.core import clock
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import PermissionDenied
from gongkai.core.files import delete_after_commit, save_after_commit
from gongkai.core.personal import ERASED, mask_address, mask_email, mask_id, mask_name, mask_phone
from gongkai.orgs import access as org_access

#: Timeline entries whose note quotes free text (correction items, the consulted party, a withdrawal reason).
FREE_TEXT_EVENTS = ("correction_requested", "consultation_started", "consultation_ended", "withdrawn")


def retention_cutoff(today: date) -> date:
    years = int(settings.GONGKAI_PERSONAL_DATA_RETENTION_YEARS)
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@transaction.atomic
def personal_data_erase_expired(*, actor: Actor, today: date | None = None) -> int:
    """Erase the personal data of applicants whose cases all finished more than the retention period ago.
    Idempotent; audited with counts only. Returns the number of applicants erased."""
    if not (actor.is_system or org_access.can_administer(actor.user)):
        raise PermissionDenied("个人信息到期删除由系统任务或系统管理员执行")
    cutoff = retention_cutoff(today or clock.today())
    # Applicants with an open or recently ended case keep their data. NOT IN over an uncorrelated subquery
    # (computed once) rather than a per-applicant anti-join: 141,000 applicants take a second, not minutes.
    keep = Application.objects.filter(
        Q(status__in=OPEN) | Q(decided_on__gt=cutoff) | Q(decided_on=None)
    ).values("applicant_id")
    expired = Applicant.objects.filter(erased_at=None).exclude(pk__in=keep)
    apps = Application.objects.filter(applicant__in=expired.values("pk"))
    doomed = _mask_letters(apps) + _drop_attachments(apps)
    _erase_free_text(apps)
    erased = expired.update(
        name=ERASED,
        id_number="",
        uscc="",
        contact_person="",
        phone="",
        email="",
        address="",
        postcode="",
        erased_at=timezone.now(),
    )
    # Letters of applicants erased before letters were masked: the name is gone, so the files go too.
    doomed += _drop_letter_files(
        Letter.objects.filter(masked=False, application__applicant__erased_at__isnull=False)
    )
    delete_after_commit(doomed)
    audit_record(
        actor,
        "applicant.personal_data_erased",
        data={"applicants": erased, "cutoff": cutoff.isoformat(), "files": len(doomed)},
        object_type="applications.applicant",
    )
    return erased


def _replacements(app: Application) -> dict[str, str]:
    """Each piece of personal data or free text the letters of ``app`` may quote, and what replaces it."""
    person = app.applicant
    pairs = [
        (app.description, ERASED),
        (app.correction_items, ERASED),
        (app.extension_reason, ERASED),
        (person.name, mask_name(person.name)),
        (person.contact_person, mask_name(person.contact_person)),
        (person.id_number, mask_id(person.id_number)),
        (person.phone, mask_phone(person.phone)),
        (person.email, mask_email(person.email)),
        (person.address, mask_address(person.address)),
    ]
    return {value.strip(): masked for value, masked in pairs if len(value.strip()) >= 2}


def _mask_letters(apps: QuerySet[Application]) -> list[str]:
    """Re-render each letter with the personal data masked; the old files' names (deleted after commit)."""
    doomed: list[str] = []
    pending = Letter.objects.filter(application__in=apps.values("pk"), masked=False)
    for letter in _batches(pending.select_related("application__applicant")):
        old = [name for name in (letter.docx.name, letter.pdf.name) if name]
        try:
            with letter.docx.open("rb") as f:
                original: bytes | None = f.read()
        except (OSError, ValueError):  # the file is already missing: nothing to mask
            original = None
        if original is not None:
            masked = letters.mask_docx(original, _replacements(letter.application))
            save_after_commit(letter.docx, f"{Path(letter.docx.name or 'letter').stem}-masked.docx", masked)
        else:
            letter.docx.name = ""
        letter.pdf.name = ""  # converted again from the masked .docx when downloaded
        letter.masked = True
        letter.save(update_fields=["docx", "pdf", "masked"])
        doomed += old
    return doomed


def _drop_letter_files(qs: QuerySet[Letter]) -> list[str]:
    doomed: list[str] = []
    for letter in _batches(qs):
        doomed += [name for name in (letter.docx.name, letter.pdf.name) if name]
        letter.docx.name = letter.pdf.name = ""
        letter.masked = True
        letter.save(update_fields=["docx", "pdf", "masked"])
    return doomed


def _batches(pending: QuerySet[Letter]) -> Iterator[Letter]:
    """Each letter still pending, 200 at a time (each one processed leaves ``pending`` by being masked)."""
    while batch := list(pending.order_by("pk")[:200]):
        yield from batch


def _drop_attachments(apps: QuerySet[Application]) -> list[str]:
    attachments = Attachment.objects.filter(application__in=apps.values("pk"))
    names = [name for name in attachments.values_list("file", flat=True) if name]
    attachments.delete()
    return names


def _erase_free_text(apps: QuerySet[Application]) -> None:
    ids = apps.values("pk")
    Application.objects.filter(pk__in=ids).update(description=ERASED, idempotency_key=None)
    Application.objects.filter(pk__in=ids).exclude(correction_items="").update(correction_items=ERASED)
    Application.objects.filter(pk__in=ids).exclude(extension_reason="").update(extension_reason=ERASED)
    ClockPause.objects.filter(application__in=ids).update(reason=ERASED, party=ERASED)
    ApplicationEvent.objects.filter(application__in=ids, action__in=FREE_TEXT_EVENTS).update(note=ERASED)
