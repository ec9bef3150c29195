from django.db import migrations

ECOSYSTEMS = [
    ("perangkat_desa", "Perangkat desa", "Kepala desa, sekretaris desa, kepala urusan dan kepala dusun."),
    ("honorer", "Tenaga honorer / non-ASN", "Pegawai pemerintah daerah yang bukan ASN."),
    ("rt_rw", "Ketua RT/RW", "Pengurus rukun tetangga dan rukun warga."),
    ("guru", "Guru dan tenaga kependidikan", "Guru honorer, guru ngaji, tenaga kependidikan."),
    ("nakes", "Tenaga kesehatan", "Bidan desa, perawat, kader posyandu."),
    ("sawit", "Pekerja perkebunan sawit", "Pekerja perkebunan kelapa sawit."),
    ("rentan", "Pekerja rentan", "Pekerja informal rentan (bukan penerima upah) yang iurannya dibantu APBD."),
]


def seed(apps, schema_editor):
    Ecosystem = apps.get_model("registry", "Ecosystem")
    for order, (code, name, description) in enumerate(ECOSYSTEMS, start=1):
        Ecosystem.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
