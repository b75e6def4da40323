"""Load the official holiday schedules the chinese-calendar package covers, so that a migrated database
(including every test database, and its state restored after a flush) can count working days at once."""

from django.db import migrations


def forward(apps, schema_editor):
    from gongkai.core.calendar_seed import package_calendar_rows

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    years, rows = package_calendar_rows(set(CalendarYear.objects.values_list("year", flat=True)))
    by_year = {
        y: CalendarYear.objects.create(year=y, source="package", notice="chinese-calendar") for y in years
    }
    CalendarDay.objects.bulk_create(
        [CalendarDay(calendar_year=by_year[d.year], date=d, kind=kind, name=name) for d, kind, name in rows]
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
