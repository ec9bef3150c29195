from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0005: on PostgreSQL its updates must be committed before the index is
    built."""

    dependencies = [
        ("registry", "0006_same_file_once"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='submission',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['mapping', 'queued', 'running', 'done'])), fields=('regency', 'ecosystem', 'file_sha256'), name='submission_same_file_once'),
        ),
    ]
