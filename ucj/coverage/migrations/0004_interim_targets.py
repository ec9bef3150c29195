"""Interim provincial targets for 2025 and 2026 beside 2030 (DOMAIN.md, "Corrections and
additions"): stated by the provincial secretary (Sekda Kalbar) in October 2025 as reported
by suaraborneo.id, a secondary source, so seeded unconfirmed until staff confirm them.
Targets already entered for those years are left as they are."""

from decimal import Decimal

from django.db import migrations, models

SEKDA = "Sekda Kalbar, Oktober 2025 (dilaporkan suaraborneo.id)"
INTERIM = [
    (2025, Decimal("0.5956"), ""),
    (2026, Decimal("0.6080"),
     "Gubernur dan BPJS Ketenagakerjaan (Desember 2025) menyebut 61 % tahun depan "
     "sesuai Perda."),
]
NOTE_2030 = f"Juga dinyatakan oleh {SEKDA}."


def seed(apps, schema_editor):
    Target = apps.get_model("coverage", "Target")
    for year, rate, note in INTERIM:
        Target.objects.get_or_create(region_id="61", year=year, defaults={
            "rate": rate, "source": SEKDA, "note": note, "confirmed": False})
    Target.objects.filter(region_id="61", year=2030, rate=Decimal("0.6577"), note="").update(
        note=NOTE_2030)


def unseed(apps, schema_editor):
    Target = apps.get_model("coverage", "Target")
    Target.objects.filter(region_id="61", year__in=[y for y, _, _ in INTERIM], source=SEKDA,
                          confirmed=False).delete()
    Target.objects.filter(region_id="61", year=2030, note=NOTE_2030).update(note="")


class Migration(migrations.Migration):

    dependencies = [
        ("coverage", "0003_summaries"),
    ]

    operations = [
        migrations.AddField(
            model_name="target",
            name="confirmed",
            field=models.BooleanField(default=True, verbose_name="confirmed"),
        ),
        migrations.RunPython(seed, unseed),
    ]
