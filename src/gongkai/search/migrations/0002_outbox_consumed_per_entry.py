"""The outbox is consumed entry by entry instead of up to an id watermark (lost updates on PostgreSQL:
ids are assigned at insert, not at commit). Entries at or below the old watermark count as applied."""

from django.db import migrations, models


def mark_applied_below_watermark(apps, schema_editor):
    IndexState = apps.get_model("search", "IndexState")
    OutboxEntry = apps.get_model("search", "OutboxEntry")
    state = IndexState.objects.filter(pk=1).first()
    if state is not None:
        OutboxEntry.objects.filter(pk__lte=state.position).update(applied_batch=0)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="outboxentry",
            name="applied_batch",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(model_name="indexstate", name="batch", field=models.BigIntegerField(default=0)),
        migrations.AddField(
            model_name="indexstate", name="applied_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.RunPython(mark_applied_below_watermark, migrations.RunPython.noop),
        migrations.RemoveField(model_name="indexstate", name="position"),
        migrations.AddIndex(
            model_name="outboxentry",
            index=models.Index(
                condition=models.Q(("applied_batch__isnull", True)),
                fields=["id"],
                name="search_outbox_pending_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="outboxentry",
            index=models.Index(fields=["applied_batch"], name="search_outbox_batch_idx"),
        ),
    ]
