"""Seed the default wording of each letter kind (administrators edit it afterwards in the admin)."""

from django.db import migrations


def forward(apps, schema_editor):
    from gongkai.applications.letters import DEFAULTS

    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for kind, (title, body) in DEFAULTS.items():
        LetterTemplate.objects.get_or_create(kind=kind, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_lettertemplate_letter_lettercounter")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
