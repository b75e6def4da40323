"""Applicant identity keys become a keyed HMAC (``GONGKAI_IDENTITY_PEPPER``, by default derived from the
secret key) instead of an unsalted SHA-256 of the ID number, which anyone could reverse in seconds by
hashing every plausible 身份证 number.

- Applicants whose ID number or credit code is still stored get the new key of that number, exactly what
  ``gongkai.core.personal.identity_key`` computes for a new application (so counting per applicant and
  month goes on across the migration).
- Erased applicants have no number left to key. Their old unsalted hash is replaced by an HMAC *of that
  hash* under the same pepper: the reversible value is gone from the database, two erased rows of the same
  person still share a key, but they no longer match the person's future applications. That costs nothing:
  keys are compared only within one natural month (按件计收), and erased cases ended years ago.

The reverse migration does nothing (the unsalted values are not wanted back).
"""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations

BATCH = 2000


def _pepper() -> bytes:
    pepper = getattr(settings, "GONGKAI_IDENTITY_PEPPER", "") or ""
    if pepper:
        return str(pepper).encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"gongkai.identity-pepper", hashlib.sha256).digest()


def _new_key(pepper: bytes, applicant) -> str:
    if applicant.category == "natural" and applicant.id_number.strip():
        message = f"gongkai-applicant:id:{applicant.id_number.strip().upper()}"
    elif applicant.category != "natural" and applicant.uscc.strip():
        message = f"gongkai-applicant:org:{applicant.uscc.strip().upper()}"
    else:  # erased: key the old hash, which is all there is
        message = f"gongkai-applicant:legacy:{applicant.identity_key}"
    return hmac.new(pepper, message.encode(), hashlib.sha256).hexdigest()[:32]


def forward(apps, schema_editor):
    Applicant = apps.get_model("applications", "Applicant")
    pepper = _pepper()
    batch = []
    rows = Applicant.objects.only("pk", "category", "id_number", "uscc", "identity_key").order_by("pk")
    for applicant in rows.iterator(chunk_size=BATCH):
        applicant.identity_key = _new_key(pepper, applicant)
        batch.append(applicant)
        if len(batch) >= BATCH:
            Applicant.objects.bulk_update(batch, ["identity_key"])
            batch = []
    if batch:
        Applicant.objects.bulk_update(batch, ["identity_key"])


class Migration(migrations.Migration):
    dependencies = [("applications", "0006_letter_templates_whitelisted")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
