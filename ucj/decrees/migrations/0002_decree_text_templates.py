"""Decree text templates per issuer (DecreeClause), seeded from DOMAIN.md ("Corrections
and additions", decree form: Permendagri 80/2015 as amended by Permendagri 120/2018), each
entry with its source. Gazette numbers found in a public copy of a legal text are entered
confirmed; those not found are printed "…" and the entry is unconfirmed until staff fill
them in. Drafts stop carrying the old default text (they show the templates); an
amendment draft keeps its own considerations and the decree it amends."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LN = "Lembaran Negara Republik Indonesia"
TLN = "Tambahan Lembaran Negara Republik Indonesia"
LAW, PP, INPRES, PERMEN, PERDA_PROV, PERDA_KAB = 20, 30, 45, 50, 60, 70
PROVINCE_FORMATION = (
    "Undang-Undang Nomor 25 Tahun 1956 tentang Pembentukan Daerah-daerah Otonom Propinsi "
    f"Kalimantan Barat, Kalimantan Selatan dan Kalimantan Timur ({LN} Tahun 1956 Nomor 65, "
    f"{TLN} Nomor 1106) sebagaimana telah diubah dengan Undang-Undang Nomor 21 Tahun 1958 "
    "tentang Penetapan Undang-Undang Darurat Nomor 10 Tahun 1957 tentang Pembentukan Daerah "
    "Swatantra Tingkat I Kalimantan Tengah dan Perubahan Undang-Undang Nomor 25 Tahun 1956 "
    "tentang Pembentukan Daerah-daerah Swatantra Tingkat I Kalimantan Barat, Kalimantan "
    f"Selatan dan Kalimantan Timur sebagai Undang-Undang ({LN} Tahun 1958 Nomor 62, {TLN} "
    "Nomor 1622)")
UU_23_2014 = (f"Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah ({LN} Tahun 2014 "
              f"Nomor 244, {TLN} Nomor 5587) sebagaimana telah beberapa kali diubah, terakhir "
              "dengan ")
PP_44_2015 = ("Peraturan Pemerintah Nomor 44 Tahun 2015 tentang Penyelenggaraan Program "
              f"Jaminan Kecelakaan Kerja dan Jaminan Kematian ({LN} Tahun 2015 Nomor …, {TLN} "
              "Nomor …) sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 82 Tahun "
              "2019 tentang Perubahan atas Peraturan Pemerintah Nomor 44 Tahun 2015 tentang "
              "Penyelenggaraan Program Jaminan Kecelakaan Kerja dan Jaminan Kematian "
              f"({LN} Tahun 2019 Nomor …, {TLN} Nomor …)")
SRC_DOMAIN = "DOMAIN.md, Corrections and additions (decree form)"


def basis(issuer):
    """The legal basis every issuer cites for this programme (rank, position, year, text,
    source, confirmed, first and last fiscal year)."""
    yield dict(rank=LAW, position=1, year=1956, last_year=2021, confirmed=True,
               text=PROVINCE_FORMATION,
               source="LN 1956/65, TLN 1106: Perda Prov. Kalbar 5/2019, Mengingat angka 2; "
                      "UU 21/1958, LN 1958/62, TLN 1622: peraturan.go.id (uu-no-21-tahun-1958); "
                      + SRC_DOMAIN) if issuer != "regent_mayor" else None
    yield dict(rank=LAW, position=1, year=2022, first_year=2022, confirmed=False,
               text=f"Undang-Undang Nomor 9 Tahun 2022 tentang Provinsi Kalimantan Barat "
                    f"({LN} Tahun 2022 Nomor …, {TLN} Nomor …)",
               source="Replaces UU 25/1956 and UU 21/1958 for Kalbar, in force 16-03-2022 "
                      "(jdihn.bphn.go.id/doc/1462577); gazette numbers not found: fill in "
                      "from the official text") if issuer != "regent_mayor" else None
    yield dict(rank=LAW, position=10, year=2004, confirmed=True,
               text=f"Undang-Undang Nomor 40 Tahun 2004 tentang Sistem Jaminan Sosial Nasional "
                    f"({LN} Tahun 2004 Nomor 150, {TLN} Nomor 4456)",
               source="Cited with these numbers in Perda Prov. Kalbar 5/2019 (Mengingat angka "
                      "5) and the draft PP on Jaminan Pensiun; " + SRC_DOMAIN)
    yield dict(rank=LAW, position=10, year=2011, confirmed=True,
               text=f"Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan "
                    f"Sosial ({LN} Tahun 2011 Nomor 116, {TLN} Nomor 5256)",
               source="Cited with these numbers in the draft PP on Jaminan Pensiun (Mengingat "
                      "angka 3); " + SRC_DOMAIN)
    yield dict(rank=LAW, position=10, year=2014, last_year=2022, confirmed=False,
               text=UU_23_2014 + f"Undang-Undang Nomor 11 Tahun 2020 tentang Cipta Kerja ({LN} "
                    f"Tahun 2020 Nomor 245, {TLN} Nomor 6573)",
               source="As cited by Perda Prov. Kalimantan Utara 5/2021 (LN 2014/244, TLN 5587; "
                      "UU 11/2020 LN 2020/245, TLN 6573); check for decrees of 2022")
    yield dict(rank=LAW, position=10, year=2014, first_year=2023, confirmed=False,
               text=UU_23_2014 + "Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan "
                    "Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja "
                    f"menjadi Undang-Undang ({LN} Tahun 2023 Nomor …, {TLN} Nomor …)",
               source="UU 23/2014 LN 2014/244, TLN 5587 (Perda Prov. Kaltara 5/2021); UU 11/2020 "
                      "was replaced by Perppu 2/2022 (LN 2022/238, TLN 6841), made law by UU "
                      "6/2023 (jdihn.bphn.go.id/doc/1599763); UU 6/2023's gazette numbers not "
                      "found")
    yield dict(rank=PP, position=10, year=2015, last_year=2023, confirmed=False,
               text=PP_44_2015,
               source="DOMAIN.md (PP 44/2015 as amended by PP 82/2019); gazette numbers not "
                      "found: fill in from the official texts")
    yield dict(rank=PP, position=10, year=2015, first_year=2024, confirmed=False,
               text=PP_44_2015.replace(" sebagaimana telah diubah dengan ",
                                       " sebagaimana telah beberapa kali diubah, yaitu dengan ")
                    + " dan Peraturan Pemerintah Nomor 49 Tahun 2023 tentang Perubahan Kedua atas "
                    "Peraturan Pemerintah Nomor 44 Tahun 2015 tentang Penyelenggaraan Program "
                    f"Jaminan Kecelakaan Kerja dan Jaminan Kematian ({LN} Tahun 2023 Nomor …, "
                    f"{TLN} Nomor …)",
               source="DOMAIN.md: PP 49/2023 is the second amendment of PP 44/2015, cited with PP "
                      "82/2019; gazette numbers not found: fill in from the official texts")
    yield dict(rank=INPRES, position=10, year=2021, confirmed=True,
               text="Instruksi Presiden Nomor 2 Tahun 2021 tentang Optimalisasi Pelaksanaan "
                    "Program Jaminan Sosial Ketenagakerjaan",
               source=SRC_DOMAIN + "; a presidential instruction is not promulgated in the "
                      "Lembaran Negara, so it has no gazette number")
    yield dict(rank=PERMEN, position=10, year=2021, first_year=2022, last_year=2022,
               confirmed=False,
               text="Peraturan Menteri Dalam Negeri Nomor 27 Tahun 2021 tentang Pedoman "
                    "Penyusunan Anggaran Pendapatan dan Belanja Daerah Tahun Anggaran 2022 "
                    "(Berita Negara Republik Indonesia Tahun 2021 Nomor …)",
               source=SRC_DOMAIN + ": the budget guideline for fiscal year 2022 only; Berita "
                      "Negara number not found")


def provincial(issuer):
    yield dict(rank=PERDA_PROV, position=10, year=2019, first_year=2020, confirmed=False,
               text="Peraturan Daerah Provinsi Kalimantan Barat Nomor 5 Tahun 2019 tentang "
                    "Penyelenggaraan Ketenagakerjaan (Lembaran Daerah Provinsi Kalimantan Barat "
                    "Tahun 2019 Nomor …)",
               source="Title from the Perda's published copy; cited by the vice-governor as the "
                      "province's rule on employment social security (kalbar.antaranews.com, "
                      "2020). Check whether a later Perda on jaminan sosial ketenagakerjaan "
                      "(the one the governor cited in Dec 2025, DOMAIN.md) replaces it; "
                      "Lembaran Daerah number not found")
    yield dict(rank=PERDA_PROV, position=20, confirmed=False,
               text="Peraturan Daerah Provinsi Kalimantan Barat Nomor … Tahun … tentang Anggaran "
                    "Pendapatan dan Belanja Daerah Tahun Anggaran {tahun} (Lembaran Daerah "
                    "Provinsi Kalimantan Barat Tahun … Nomor …)",
               source=SRC_DOMAIN + ": the APBD Perda of the decree's year; enter each year's "
                      "Perda as its own entry (from/to fiscal year) with its number")


REGENCY_FORMATION_1959 = ("61.01", "61.02", "61.03", "61.04", "61.05", "61.06", "61.71")


def regency(issuer):
    for code in REGENCY_FORMATION_1959:
        yield dict(rank=LAW, position=1, year=1959, regency_code=code, confirmed=True,
                   text="Undang-Undang Nomor 27 Tahun 1959 tentang Penetapan Undang-Undang "
                        "Darurat Nomor 3 Tahun 1953 tentang Pembentukan Daerah Tingkat II di "
                        f"Kalimantan sebagai Undang-Undang ({LN} Tahun 1959 Nomor 72, {TLN} "
                        "Nomor 1820)",
                   source="Cited with these numbers by Perda Kota Pontianak 12/2013 and Perda "
                          "Kab. Paser 8/2014; it formed the regencies of the 1956 province "
                          "(Sambas, Pontianak - now Mempawah, Sanggau, Ketapang, Sintang, "
                          "Kapuas Hulu) and Kota Pontianak. Other regencies: add their own "
                          "formation law")
    yield dict(rank=PERDA_KAB, position=20, confirmed=False,
               text="Peraturan Daerah Kabupaten/Kota … Nomor … Tahun … tentang Anggaran "
                    "Pendapatan dan Belanja Daerah Tahun Anggaran {tahun}",
               source=SRC_DOMAIN + ": the regency's APBD Perda of the decree's year; enter "
                      "each regency's and year's Perda as its own entry")


CONSIDERATIONS = {
    "governor": ("Pemerintah Provinsi Kalimantan Barat", "Keputusan Gubernur"),
    "regent_mayor": ("Pemerintah Kabupaten/Kota", "Keputusan Bupati/Wali Kota"),
    "head_of_office": ("Pemerintah Provinsi Kalimantan Barat melalui Dinas Tenaga Kerja dan "
                       "Transmigrasi", "Keputusan Kepala Dinas Tenaga Kerja dan Transmigrasi"),
}


def considerations(issuer):
    government, decree = CONSIDERATIONS[issuer]
    source = ("Standard wording drafted in UCJ (after Inpres 2/2021); the legal bureau "
              "edits it")
    texts = [
        "bahwa untuk memberikan pelindungan jaminan sosial ketenagakerjaan kepada pekerja "
        f"rentan sebagaimana diinstruksikan Instruksi Presiden Nomor 2 Tahun 2021, {government} "
        "membayar iuran program jaminan sosial ketenagakerjaan bagi pekerja yang memenuhi "
        "syarat",
        "bahwa pekerja yang diusulkan kabupaten/kota telah diverifikasi terhadap registri "
        "pekerja dan alokasi anggaran",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
        f"menetapkan {decree} tentang Penerima Bantuan Iuran Jaminan Sosial Ketenagakerjaan",
    ]
    for position, text in enumerate(texts, start=1):
        yield dict(position=position, text=text, source=source, confirmed=True)


LETTERHEAD = [
    ("PEMERINTAH PROVINSI KALIMANTAN BARAT", True),
    ("DINAS TENAGA KERJA DAN TRANSMIGRASI", True),
    ("Jalan …, Pontianak", False),
]


def seed(apps, schema_editor):
    Clause = apps.get_model("decrees", "DecreeClause")
    rows = []
    for issuer in ("governor", "regent_mayor", "head_of_office"):
        for fields in considerations(issuer):
            rows.append(Clause(issuer=issuer, part="menimbang", rank=0, **fields))
        entries = list(basis(issuer))
        entries += list(regency(issuer) if issuer == "regent_mayor" else provincial(issuer))
        for fields in filter(None, entries):
            rows.append(Clause(issuer=issuer, part="mengingat", **fields))
    for position, (text, confirmed) in enumerate(LETTERHEAD, start=1):
        rows.append(Clause(issuer="head_of_office", part="kop", rank=0, position=position,
                           text=text, confirmed=confirmed,
                           source="The office as the decrees already named it (Disnakertrans "
                                  "Kalbar); street address not found: fill in"))
    Clause.objects.bulk_create(rows)
    # Drafts show the templates from now on; an amendment keeps what it adds.
    Decree = apps.get_model("decrees", "Decree")
    for decree in Decree.objects.filter(status="draft").select_related("amends"):
        if decree.amends_id:
            decree.legal_basis = (f"Keputusan Nomor {decree.amends.number} tentang "
                                  f"{decree.amends.title}")
        else:
            decree.considerations = ""
            decree.legal_basis = ""
        decree.save(update_fields=["considerations", "legal_basis"])


def unseed(apps, schema_editor):
    apps.get_model("decrees", "DecreeClause").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('decrees', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='decree',
            name='letterhead',
            field=models.TextField(blank=True, verbose_name='letterhead, one line each'),
        ),
        migrations.AlterField(
            model_name='decree',
            name='considerations',
            field=models.TextField(blank=True, verbose_name='considerations (menimbang), one per line'),
        ),
        migrations.AlterField(
            model_name='decree',
            name='issuer',
            field=models.CharField(choices=[('governor', 'Governor'), ('regent_mayor', 'Regent or mayor (budget held by a regency)'), ('head_of_office', 'Head of office (Disnakertrans)')], default='governor', max_length=16, verbose_name='decree of'),
        ),
        migrations.AlterField(
            model_name='decree',
            name='legal_basis',
            field=models.TextField(blank=True, verbose_name='legal basis (mengingat), one per line'),
        ),
        migrations.CreateModel(
            name='DecreeClause',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('issuer', models.CharField(choices=[('governor', 'Governor'), ('regent_mayor', 'Regent or mayor (budget held by a regency)'), ('head_of_office', 'Head of office (Disnakertrans)')], max_length=16, verbose_name='decree of')),
                ('part', models.CharField(choices=[('kop', "Letterhead line (head of office's decree)"), ('menimbang', 'Consideration (menimbang)'), ('mengingat', 'Legal basis (mengingat)')], max_length=10, verbose_name='part')),
                ('rank', models.PositiveSmallIntegerField(choices=[(10, 'Constitution (UUD 1945)'), (20, 'Law (Undang-Undang, Perppu)'), (30, 'Government regulation (PP)'), (40, 'Presidential regulation (Perpres)'), (45, 'Presidential instruction (Inpres)'), (50, 'Ministerial regulation (Permen)'), (60, 'Provincial regulation (Perda provinsi)'), (65, 'Governor regulation (Pergub)'), (70, 'Regency/city regulation (Perda kabupaten/kota)'), (75, 'Regent/mayor regulation (Perbup/Perwal)'), (80, 'Decree (Keputusan)'), (0, 'Not legislation (considerations, letterhead)')], default=0, help_text='Mengingat lists the legal basis by level, then by position, then by year enacted.', verbose_name='level in the hierarchy')),
                ('year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='year enacted')),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='Order of considerations and letterhead lines; within a level of the legal basis, before the year (the law that formed the province first).', verbose_name='position')),
                ('text', models.TextField(help_text="As the decree prints it, with the gazette numbers (Lembaran Negara ... Nomor ..., Tambahan Lembaran Negara Nomor ...). {tahun} is replaced by the decree's fiscal year.", verbose_name='text')),
                ('source', models.CharField(blank=True, max_length=500, verbose_name='source')),
                ('confirmed', models.BooleanField(default=False, help_text='Unconfirmed entries are marked on the template page and in draft PDFs until staff have checked them against the official text.', verbose_name='confirmed')),
                ('first_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='from fiscal year')),
                ('last_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='to fiscal year')),
                ('regency_code', models.CharField(blank=True, help_text="For a regent's or mayor's decree: e.g. the law that formed the regency. Empty: every decree of the issuer.", max_length=13, verbose_name='only for the regency')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'decree text entry',
                'verbose_name_plural': 'decree text templates',
                'ordering': ['issuer', 'part', 'rank', 'position', 'year', 'id'],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
