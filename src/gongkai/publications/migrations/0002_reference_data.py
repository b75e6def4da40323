"""Seeds 主题分类 and the 26 基层政务公开 domains with sample standard-catalogue rows (editable later)."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.publications import reference

    reference.seed(
        apps.get_model("publications", "Topic"),
        apps.get_model("publications", "GrassrootsDomain"),
        apps.get_model("publications", "CatalogueEntry"),
    )


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
