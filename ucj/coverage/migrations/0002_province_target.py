from decimal import Decimal

from django.db import migrations

SOURCE = ("Disnakertrans Kalbar dan BPJS Ketenagakerjaan Cabang Pontianak, Monitoring dan "
          "Asistensi Kabupaten Sambas, 27 Agustus 2025")


def seed(apps, schema_editor):
    Target = apps.get_model("coverage", "Target")
    Target.objects.get_or_create(region_id="61", year=2030,
                                 defaults={"rate": Decimal("0.6577"), "source": SOURCE})


class Migration(migrations.Migration):
    dependencies = [("coverage", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
