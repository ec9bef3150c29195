"""The contribution rules of DOMAIN.md as data. Rates whose figures are settled law are
entered confirmed; figures DOMAIN.md marks UNCONFIRMED (the JP wage cap, the PP 50/2025
discount) are entered unconfirmed, so they price nothing until master-data staff have
checked the legal text and confirmed them. The BPU income brackets of PP 44/2015
Lampiran II are not seeded: their values are unconfirmed, and staff enter them."""

from datetime import date
from decimal import Decimal

from django.db import migrations

BPU = "PP 44/2015 jo. PP 82/2019 (Peserta Bukan Penerima Upah)"
PU_JKK = "PP 44/2015 jo. PP 82/2019, Lampiran I (kelompok tingkat risiko)"
PU_JKM = "PP 44/2015 jo. PP 82/2019"
PU_JHT = "PP 46/2015 (Program Jaminan Hari Tua)"
PU_JP = "PP 45/2015 (Program Jaminan Pensiun); batas upah diumumkan BPJS tiap tahun"
PP50 = "PP 50/2025 (keringanan iuran JKK dan JKM): rincian belum dikonfirmasi"

START = date(2015, 7, 1)  # PP 44/2015 took effect on 1 July 2015


def rates():
    yield dict(program="bpu", component="jkk", percent=Decimal("1"), base_minimum=1_000_000,
               legal_basis=BPU, confirmed=True,
               note="1 % dari penghasilan yang dilaporkan; penghasilan minimum Rp1.000.000.")
    yield dict(program="bpu", component="jkm", flat_amount=6_800, legal_basis=BPU,
               confirmed=True, note="Rp6.800 per bulan.")
    yield dict(program="bpu", component="jht", percent=Decimal("2"), base_minimum=1_000_000,
               legal_basis=BPU, confirmed=True, note="Pilihan (opsional) bagi peserta BPU.")
    for risk_class, percent in enumerate(["0.24", "0.54", "0.89", "1.27", "1.74"], start=1):
        yield dict(program="pu", component="jkk", risk_class=risk_class, payer="employer",
                   percent=Decimal(percent), legal_basis=PU_JKK, confirmed=True)
    yield dict(program="pu", component="jkm", payer="employer", percent=Decimal("0.30"),
               legal_basis=PU_JKM, confirmed=True)
    yield dict(program="pu", component="jht", payer="employer", percent=Decimal("3.7"),
               legal_basis=PU_JHT, confirmed=True)
    yield dict(program="pu", component="jht", payer="worker", percent=Decimal("2"),
               legal_basis=PU_JHT, confirmed=True)
    for payer, percent in (("employer", "2"), ("worker", "1")):
        yield dict(program="pu", component="jp", payer=payer, percent=Decimal(percent),
                   base_cap=10_547_400, legal_basis=PU_JP, confirmed=False,
                   valid_from=date(2025, 3, 1),
                   note="Batas upah Rp10.547.400 dilaporkan untuk 2025/2026 (BELUM "
                        "DIKONFIRMASI).")


def seed(apps, schema_editor):
    ContributionRate = apps.get_model("premiums", "ContributionRate")
    Discount = apps.get_model("premiums", "Discount")
    for fields in rates():
        fields.setdefault("valid_from", START)
        ContributionRate.objects.create(**fields)
    Discount.objects.create(
        program="bpu", components="jkk,jkm", percent=Decimal("50"), sector="transport",
        valid_from=date(2026, 1, 1), valid_to=date(2027, 3, 31), legal_basis=PP50,
        confirmed=False, note="Dilaporkan: Januari 2026 - Maret 2027 untuk sektor transportasi.")
    Discount.objects.create(
        program="bpu", components="jkk,jkm", percent=Decimal("50"), sector="",
        valid_from=date(2026, 4, 1), valid_to=date(2026, 12, 31), legal_basis=PP50,
        confirmed=False, note="Dilaporkan: April - Desember 2026 untuk sektor lainnya.")


def unseed(apps, schema_editor):
    for name in ("ContributionRate", "Discount"):
        apps.get_model("premiums", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("premiums", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
