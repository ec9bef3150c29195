"""The summaries are kept by the writes from now on, so they must be right at the start:
count them once (until now a write could leave them stale while pages counted live)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    # The full count of the running code; only where there is something to count (a
    # new database has no workers, and the code of a later version may not fit this
    # step's tables).
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM registry_worker LIMIT 1")
        if cursor.fetchone() is None:
            return
    from ucj.coverage import summaries

    summaries.rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('coverage', '0004_interim_targets'),
        ('membership', '0003_reconciliation_confirmation'),
        ('registry', '0008_submission_cancelled'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='summarystate',
            name='refreshed_version',
        ),
        migrations.RemoveField(
            model_name='summarystate',
            name='version',
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
