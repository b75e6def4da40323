"""Letter templates render from a whitelisted dict now, not from the application object: rewrite the
stored templates' ``{{ app.description }}`` and the like to the new names. Any other reference to ``app``
(an ID number, a phone …) is left as it is: it renders nothing any more, and issuing that kind of letter
is refused until an administrator corrects the template (the admin form names the allowed variables)."""

import re

from django.db import migrations

RENAMES = {
    "app.description": "description",
    "app.outcome_basis": "outcome_basis",
    "app.correction_items": "correction_items",
    "app.extension_reason": "extension_reason",
    "app.extension_days": "extension_days",
    "app.fee_amount": "fee_amount",
    "app.receipt_number": "receipt_number",
    "agency.name": "agency_name",
}


def forward(apps, schema_editor):
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    pattern = re.compile(r"\{\{\s*(" + "|".join(re.escape(k) for k in RENAMES) + r")\s*\}\}")
    for template in LetterTemplate.objects.all():
        body = pattern.sub(lambda m: "{{ " + RENAMES[m.group(1)] + " }}", template.body)
        if body != template.body:
            template.body = body
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("applications", "0005_reminder")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
