"""JP wage caps as dated rules, each with its source, and a source on every rule.

The caps BPJS Ketenagakerjaan announced (PP 45/2015 Pasal 28-29: Rp7,000,000 from July
2015, then raised every year by the growth of GDP, from March) are seeded UNCONFIRMED
with the source each figure was read in (../shared/DOMAIN.md "Corrections and additions"
for 2024-2026; public copies of BPJS letters and reports for the earlier years). No source
was found for the cap of March 2022 - February 2023, so that period has no rule: a PU
quote for those months is refused, naming the month, until staff enter the cap.

The two JP rates seeded by 0002 (2 % + 1 %, wrongly carrying the 2025 cap and starting only
in March 2025, so that earlier months priced JP at zero) become the rates of PP 45/2015
from July 2015 without a cap of their own: the cap of each month comes from these rules.
Discount sectors are stored in one spelling (trimmed, lower case), the one quotes use."""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

D = datetime.date
PP45 = "PP 45/2015 Pasal 28-29 (batas upah JP disesuaikan tiap tahun, diumumkan BPJS Ketenagakerjaan)"
BLOG_2015_2019 = ("krishandsoftware.com, 'Batasan Upah Tertinggi Jaminan Pensiun Naik per Maret "
                  "2020' (daftar batas upah 2015-2019)")
MARCH_ASSUMED = (" Bulan mulai berlaku tidak disebut sumber: diasumsikan Maret, seperti tahun-"
                 "tahun yang sumbernya menyebut bulan (PP 45/2015 Pasal 29 ayat (4)).")

#: (valid_from, valid_to, amount, source, note)
CAPS = [
    (D(2015, 7, 1), D(2016, 2, 29), 7_000_000,
     "PP 45/2015 Pasal 28; " + BLOG_2015_2019 + "; DOMAIN.md (Rp7 juta pada awal program)",
     "Batas upah awal program Jaminan Pensiun (mulai 1 Juli 2015)."),
    (D(2016, 3, 1), D(2017, 2, 28), 7_335_300, BLOG_2015_2019, "Batas upah 2016." + MARCH_ASSUMED),
    (D(2017, 3, 1), D(2018, 2, 28), 7_703_500, BLOG_2015_2019, "Batas upah 2017." + MARCH_ASSUMED),
    (D(2018, 3, 1), D(2019, 2, 28), 8_094_000, BLOG_2015_2019, "Batas upah 2018." + MARCH_ASSUMED),
    (D(2019, 3, 1), D(2020, 2, 29), 8_512_400, BLOG_2015_2019, "Batas upah 2019." + MARCH_ASSUMED),
    (D(2020, 3, 1), D(2021, 2, 28), 8_939_700,
     "Surat BPJS Ketenagakerjaan B/1328/022020 tanggal 10-02-2020 (salinan publik di "
     "scribd.com); jimmybudhi.com, 'Batasan Upah Jaminan Pensiun Tahun 2020'",
     "8.512.400 x (1 + 5,02 %) dibulatkan; berlaku mulai bulan iuran Maret 2020."),
    (D(2021, 3, 1), D(2022, 2, 28), 8_754_600,
     "Surat BPJS Ketenagakerjaan B/0246/022021 tanggal 16-02-2021, dikutip rbtv.disway.id "
     "dan sakura-system.co.id",
     "Batas upah 2021 (turun, karena PDB 2020 minus). Berita menyebut 'per Februari 2021' "
     "(tanggal surat); bulan mulai Maret diasumsikan seperti tahun lain."),
    # March 2022 - February 2023: no source found; staff enter it.
    (D(2023, 3, 1), D(2024, 2, 29), 9_559_600,
     "rbtv.disway.id, 'Segini Batas Upah Tertinggi Dana Pensiun BPJS ... 2024' (batas "
     "sebelumnya Rp9.559.600)",
     "Batas upah 2023." + MARCH_ASSUMED),
    (D(2024, 3, 1), D(2025, 2, 28), 10_042_300,
     "DOMAIN.md (dilaporkan 27-03-2024); rbtv.disway.id (berlaku sejak 1 Maret 2024)",
     "Batas upah Maret 2024 - Februari 2025."),
    (D(2025, 3, 1), D(2026, 2, 28), 10_547_400,
     "DOMAIN.md (Maret 2025 - Februari 2026, dilaporkan)",
     "Batas upah Maret 2025 - Februari 2026."),
    (D(2026, 3, 1), None, 11_086_300,
     "DOMAIN.md: surat BPJS Ketenagakerjaan B/1226/022026 tanggal 25-02-2026 (+5,11 %), "
     "dilaporkan",
     "Batas upah mulai 1 Maret 2026."),
]

OLD_JP = dict(valid_from=D(2025, 3, 1), base_cap=10_547_400, confirmed=False)
NEW_JP = dict(valid_from=D(2015, 7, 1), base_cap=None, confirmed=True)


def seed(apps, schema_editor):
    ContributionRate = apps.get_model("premiums", "ContributionRate")
    PensionWageCap = apps.get_model("premiums", "PensionWageCap")
    # Only the rates as 0002 left them: a rate staff changed stays as they made it.
    ContributionRate.objects.filter(program="pu", component="jp", **OLD_JP).update(
        **NEW_JP, source="PP 45/2015 Pasal 28 ayat (1)",
        note="2 % dibayar pemberi kerja, 1 % pekerja, dari upah sampai batas upah JP bulan "
             "itu (lihat batas upah JP).")
    # One spelling per sector (quotes now name a sector the discounts know, normalised).
    Discount = apps.get_model("premiums", "Discount")
    for discount in Discount.objects.exclude(sector=""):
        spelled = " ".join(discount.sector.split()).lower()
        if spelled != discount.sector:
            discount.sector = spelled
            discount.save(update_fields=["sector"])
    for valid_from, valid_to, amount, source, note in CAPS:
        PensionWageCap.objects.create(valid_from=valid_from, valid_to=valid_to, amount=amount,
                                      legal_basis=PP45, source=source, note=note,
                                      confirmed=False)


def unseed(apps, schema_editor):
    apps.get_model("premiums", "PensionWageCap").objects.all().delete()
    apps.get_model("premiums", "ContributionRate").objects.filter(
        program="pu", component="jp", **NEW_JP).update(**OLD_JP)


class Migration(migrations.Migration):

    dependencies = [
        ('premiums', '0002_seed_rules'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='contributionrate',
            name='source',
            field=models.CharField(blank=True, help_text='Where the figure was read: the letter, regulation or report (with its date), so that whoever confirms the rule can check it.', max_length=500, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='discount',
            name='source',
            field=models.CharField(blank=True, help_text='Where the figure was read: the letter, regulation or report (with its date), so that whoever confirms the rule can check it.', max_length=500, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='incomebracket',
            name='source',
            field=models.CharField(blank=True, help_text='Where the figure was read: the letter, regulation or report (with its date), so that whoever confirms the rule can check it.', max_length=500, verbose_name='source'),
        ),
        migrations.CreateModel(
            name='PensionWageCap',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(help_text='The rule prices every month that starts on or after this day.', verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, help_text='Last day (inclusive). Empty: until further notice.', null=True, verbose_name='valid until')),
                ('legal_basis', models.CharField(help_text='e.g. PP 44/2015 jo. PP 82/2019, Pasal 17', max_length=255, verbose_name='legal basis')),
                ('source', models.CharField(blank=True, help_text='Where the figure was read: the letter, regulation or report (with its date), so that whoever confirms the rule can check it.', max_length=500, verbose_name='source')),
                ('confirmed', models.BooleanField(default=False, help_text='Only confirmed rules price budgets. Confirm a rule once its legal text has been checked.', verbose_name='confirmed')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed at')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('amount', models.PositiveBigIntegerField(verbose_name='wage cap (Rp)')),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='confirmed by')),
            ],
            options={
                'verbose_name': 'JP wage cap',
                'verbose_name_plural': 'JP wage caps',
                'ordering': ['valid_from'],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
