from django.db import migrations, models

ENGLISH = {
    "perangkat_desa": "Village officials",
    "honorer": "Honorary / non-civil-service staff",
    "rt_rw": "RT/RW heads",
    "guru": "Teachers and education staff",
    "nakes": "Health workers",
    "sawit": "Palm-oil plantation workers",
    "rentan": "Vulnerable workers",
}


def seed(apps, schema_editor):
    # Only where no English name was given yet: a name the province changed stays.
    Ecosystem = apps.get_model("registry", "Ecosystem")
    for code, name in ENGLISH.items():
        Ecosystem.objects.filter(code=code, name_en="").update(name_en=name)


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_worker_search")]
    operations = [
        migrations.AddField(model_name="ecosystem", name="name_en",
                            field=models.CharField(blank=True, max_length=120,
                                                   verbose_name="name in English")),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
