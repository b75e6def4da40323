"""The shared database cache's table (rate-limit counters, cached pages) belongs to the schema: created by
`migrate` itself, so that no deployment path (`gongkai init`, `manage migrate`, the test runner) can
leave it out and turn every rate-limited page into an error. Idempotent (createcachetable skips an
existing table)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_seed_calendar")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
