"""Deterministic demo data: realistic (but invented) workers of Kalimantan Barat.

Used by `ucj demo-data`, the `make run` demo and the benchmarks. Plain Python, no
Django: `generate_people(seed=1, persons=1_000_000)` must stay fast, so every column
is drawn as one vector of random numbers (Python's Mersenne Twister, read in bulk
with `randbytes`) and turned into values with polars (weighted choices are a
`search_sorted` over cumulative weights, see `_Choice`).

Same seed, persons and regency give byte-identical output (on the same versions of
Python and polars). No person is real: names, birth dates, serials and phone numbers
are random draws; only the region codes and names are real (wilayah.csv).
"""

from __future__ import annotations

import array
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import polars as pl

from ucj.core.formatting import thousands
from ucj.core.spreadsheets import new_workbook, write_csv
from ucj.identity.nik import build_nik
from ucj.regions.codebook import read_current_rows, read_population_rows

# Ages are relative to a fixed date so that the output never changes with the clock.
REFERENCE_DATE = date(2026, 1, 1)
MIN_AGE = 17
MAX_AGE = 65
KALBAR = "61"

# Youngest and oldest birth dates with an age of 17..65 on REFERENCE_DATE.
YOUNGEST_BIRTH = date(REFERENCE_DATE.year - MIN_AGE, REFERENCE_DATE.month, REFERENCE_DATE.day)
OLDEST_BIRTH = date(REFERENCE_DATE.year - MAX_AGE - 1, REFERENCE_DATE.month, REFERENCE_DATE.day) + timedelta(days=1)

# Share of NIKs not issued in the kecamatan of residence.
MOVED_WITHIN_KALBAR = 0.04  # issued in another kecamatan of Kalbar
# Issued outside Kalbar (migrants), by name style; about 5 % overall.
MIGRANT_SHARE = {
    "melayu": 0.02,
    "dayak": 0.015,
    "tionghoa": 0.04,
    "tionghoa_hakka": 0.01,
    "tionghoa_panggilan": 0.005,
    "jawa": 0.25,
    "bugis_madura": 0.12,
}

COLUMNS = (
    "nik", "nama", "jenis_kelamin", "tanggal_lahir", "kabupaten_kode", "kecamatan_kode",
    "desa_kode", "desa_nama", "no_hp", "jabatan",
)

# Column headers of the files, as regencies write them in their worker lists.
FILE_HEADERS = {
    "no": "NO",
    "nik": "NIK",
    "nama": "NAMA LENGKAP",
    "jenis_kelamin": "JENIS KELAMIN (L/P)",
    "tanggal_lahir": "TANGGAL LAHIR",
    "desa_nama": "DESA/KELURAHAN",
    "kecamatan_nama": "KECAMATAN",
    "kabupaten_nama": "KABUPATEN/KOTA",
    "no_hp": "NO. HP",
    "jabatan": "JABATAN",
}

# Excel's sheet limit, header row included.
XLSX_MAX_ROWS = 1_048_576

# ---------------------------------------------------------------------------------
# Names. Weights are rough: what matters is a realistic mix and a realistic share of
# very common name parts (Muhammad, Siti, Nur), which record linkage weighs by
# frequency. Each style has three name parts; "" means "no such part".

STYLES = (
    "melayu", "dayak", "tionghoa", "tionghoa_hakka", "tionghoa_panggilan", "jawa",
    "bugis_madura",
)
MUSLIM_STYLES = ("melayu", "jawa", "bugis_madura")

# Name style mix per regency (percent): Malay coast in the north and west, Dayak
# interior, Chinese-Indonesians in Singkawang and Pontianak, Javanese transmigrants
# in Kubu Raya, Ketapang and the plantation belt, Bugis and Madurese on the coast.
STYLE_MIX: dict[str, tuple[float, ...]] = {
    #         melayu dayak tionghoa hakka panggilan jawa bugis_madura
    "61.01": (78, 7, 3, 3, 1, 5, 3),    # Sambas
    "61.02": (55, 12, 5, 4, 1, 9, 14),  # Mempawah
    "61.03": (25, 52, 4, 3, 1, 13, 2),  # Sanggau
    "61.04": (50, 22, 3, 2, 1, 15, 7),  # Ketapang
    "61.05": (30, 52, 3, 2, 1, 10, 2),  # Sintang
    "61.06": (38, 55, 2, 1, 0.5, 3, 0.5),  # Kapuas Hulu
    "61.07": (18, 55, 6, 7, 2, 8, 4),   # Bengkayang
    "61.08": (12, 75, 3, 2, 0.5, 6, 1.5),  # Landak
    "61.09": (25, 58, 3, 1.5, 0.5, 10, 2),  # Sekadau
    "61.10": (35, 52, 2, 1, 0.5, 8, 1.5),  # Melawi
    "61.11": (70, 5, 3, 1.5, 0.5, 8, 12),  # Kayong Utara
    "61.12": (40, 8, 6, 3, 1, 25, 17),  # Kubu Raya
    "61.71": (38, 10, 20, 8, 3, 11, 10),  # Kota Pontianak
    "61.72": (30, 8, 28, 20, 6, 5, 3),  # Kota Singkawang
}

W = list[tuple[str, float]]


def _names(text: str, weight: float = 1.0) -> W:
    """'Budi:4 Hendra Joko:2' -> [("Budi", 4), ("Hendra", weight), ("Joko", 2)];
    a lone "_" is the empty part (no such name), "_" inside a name a space."""
    result = []
    for token in text.split():
        name, _, given = token.partition(":")
        name = "" if name == "_" else name.replace("_", " ")
        result.append((name, float(given) if given else weight))
    return result


_MELAYU_M1 = _names("""Muhammad:30 Abdul:6 Ahmad:6 Rahmat:3 Rizki:3 Syarif:2 Hendri:2 Zulkifli:2
    Riduan:2 Ismail:2 Usman:2 Hamdan:2 Junaidi:2 Syahrul:2 Mulyadi:2 Agus:2 Fajar:2 Dedi:2
    Heri:2 Yusuf:2 Arif:2 Hasan:2 Syamsul:2 Sudirman Jamaludin Abang Uray Iskandar Firman
    Ali Bujang Ade Iwan Rudi Budiman Mahmud Rusdi Jumadi Azhari Rizal""")
_MELAYU_M2 = _names("""_:10 Hidayat:4 Ramadhan:4 Saputra:4 Syahrani:3 Rizki:3 Fauzi:3 Firdaus:3
    Rahman:3 Arifin:3 Iskandar:2 Hamid:2 Kadir:2 Latif:2 Rasyid:2 Hakim:2 Yusuf:2 Ikhsan:2
    Hafiz:2 Sulaiman:2 Effendi:2 Syahputra:2 Alamsyah:2 Fadillah:2 Nasir:2 Ridwan:2 Haris:2
    Ilham:2 Zainal:2 Amin:2 Syafii Hamzah Anwar Aziz""")
_MELAYU_M3 = _names("_:80 Saputra:4 Ramadhan:3 Hidayat:3 Alamsyah:2 Syahputra:3 Akbar:3 Fadillah:2")
_MELAYU_F1 = _names("""Siti:18 Nur:10 Nurul:4 Nurhayati:3 Fatimah:3 Aisyah:3 Rahmawati:2 Sri:2
    Dayang:2 Syarifah:2 Rina:2 Yuli:2 Wati:2 Herlina:2 Rosita:2 Halimah:2 Mariam:2 Salmah:2
    Rohani:2 Fitri:2 Dewi:2 Putri:2 Nurlela:2 Utin Zubaidah Juliana Maimunah Hasnah Norma
    Rusmini Jamilah Khadijah Rosmini Mardiana Suryani""")
_MELAYU_F2 = _names("""_:12 Aini:3 Aminah:3 Rahmah:3 Hasanah:3 Fitriani:3 Hidayah:3 Rahmawati:3
    Safitri:3 Ramadhani:3 Aisyah:2 Maryam:2 Nurjanah:2 Zahra:2 Khairunnisa:2 Fatimah:2
    Aulia:2 Nabila:2 Syafitri:2 Amelia:2 Sari:2 Anisa:2 Nuraini:2 Azizah:2 Halimah:2
    Lestari Wulandari Handayani Rosmawati""")
_MELAYU_F3 = _names("_:88 Putri:3 Ramadhani:2 Safitri:2 Syahrani Aulia:2 Rahmadani:2")

_DAYAK_M1 = _names("""Yohanes:5 Agustinus:5 Fransiskus:4 Paulus:4 Antonius:4 Yosef:3 Stefanus:3
    Petrus:3 Markus:3 Martinus:3 Kristianus:3 Ignatius:2 Yakobus:2 Benediktus:2 Kornelius:2
    Robertus:2 Simon:2 Lukas:2 Andreas:2 Hendrikus:2 Vinsensius:2 Adrianus:2 Yulius:2
    Marselinus:2 Daniel:2 Bujang:2 Aloysius Lasarus Herkulanus Sebastianus Heribertus Rufinus
    Atok Matius Thomas Filipus Nikolaus Damianus Alexander Dominikus Emanuel""")
_DAYAK_M2 = _names("""_:20 Atok:2 Akun:2 Darwis:2 Diaan Gidot Sidot Ontot Majun Sudarno Heriadi
    Rupinus Hendra:2 Setiawan:2 Kurniawan:2 Saputra:2 Harianto:2 Yanto:2 Suryadi:2
    Herianto:2 Kristian:2 Pratama:2 Sandi Rianto Dedi Juliardi Supriadi Rudi Arianto""")
_DAYAK_M3 = _names("_:95 Saputra Pratama Setiawan")
_DAYAK_F1 = _names("""Maria:10 Theresia:4 Yuliana:4 Agnes:3 Veronika:3 Katarina:3 Natalia:3
    Fransiska:3 Agustina:3 Kristina:3 Margareta:2 Elisabeth:2 Lusia:2 Monika:2 Cecilia:2
    Rosalia:2 Angela:2 Yosefina:2 Paulina:2 Magdalena:2 Bernadeta:2 Yohana:2 Marselina:2
    Florentina:2 Antonia Skolastika Apolonia Sesilia Debora Marta""")
_DAYAK_F2 = _names("""_:20 Yanti:3 Goreti:2 Lusi:2 Herlina:2 Susana:2 Erni:2 Martina:2 Sinta:2
    Lina:2 Novita:2 Rosa:2 Anita:2 Yuliani:2 Natalia:2 Karolina:2 Lestari Imakulata
    Asumpta Sri_Rahayu Dewi""")
_DAYAK_F3 = _names("_:97 Lestari Sari Wati")

_TIONGHOA_SURNAMES = _names("""_:8 Wijaya:8 Santoso:5 Gunawan:4 Halim:4 Setiawan:4 Salim:3
    Kurniawan:3 Susanto:3 Hartanto:3 Lim:3 Tan:3 Chandra:3 Sutanto:2 Tjhin:2 Bong:2 Tjhai:2
    Lie:2 Hartono:2 Sanjaya:2 Tanjaya:2 Widjaja:2 Tanoto Pranata Suryadi Limanto""")
_TIONGHOA_M1 = _names("""Hendra:4 Budi:4 Rudy:3 Andy:3 Sugianto:2 Hartono:2 Hendrik:2 Suwandi:2
    Johan:2 Sutanto:2 Kevin:2 Jefri:2 Willy:2 Ferry:2 Agus:2 Darmawan:2 Rusli:2 Edy:2
    Herman:2 Steven:2 Jimmy:2 Susanto:2 Kurniawan:2 Robert Vincent Tommy Felix Stevanus""")
_TIONGHOA_F1 = _names("""Susanti:4 Lili:3 Yenny:3 Lina:3 Linda:3 Meliana:2 Lenny:2 Dewi:2 Fenny:2
    Yulia:2 Elly:2 Sherly:2 Jessica:2 Cindy:2 Stefani:2 Merry:2 Herlina:2 Yanti:2 Susan:2
    Meilani:2 Yuliana:2 Vivian Winda Sinta Sri Novi Anastasia Angelina""")

_HAKKA_SURNAMES = _names("""Bong:6 Tjhai:5 Lim:5 Lie:5 Tjhin:4 Phang:3 Tjong:3 Liu:3 Wong:3
    Tan:3 Ng:2 Chang:2 Lay:2 Jap:2 Kho:2 Sim:2 Hu:2 Bun:2 Fung:2 Tjia:2 Oey""")
_HAKKA_M = _names("""Kim:3 Fat:2 Hin:2 Sin:2 Kiong:2 Fung:2 Kian:2 Chong:2 Liong:2 Thiam:2
    Hong:2 Jun:2 Min:2 Sen:2 Khiun Nam Tjun Ket Ho Seng Hok""")
_HAKKA_F = _names("""Nyuk:3 Mui:2 Lan:2 Fa:2 Sui:2 Mei:2 Ling:2 Chin:2 Yun:2 Fong:2 Chui:2
    Siu:2 Li:2 Moi:2 Mie:2 Jin Hiang""")

_JAWA_M1 = _names("""Agus:5 Slamet:4 Eko:4 Budi:4 Muhammad:4 Sutrisno:3 Joko:3 Wahyudi:3
    Bambang:3 Sugeng:2 Sukardi:2 Suparno:2 Teguh:2 Hadi:2 Sutarno:2 Suyono:2 Widodo:2
    Purnomo:2 Ahmad:2 Dwi:2 Tri:2 Rudi:2 Heru:2 Sugiyanto:2 Supriyadi:2 Sunardi:2 Suwarno:2
    Edi:2 Yudi:2 Bayu:2 Dimas:2 Rizky:2 Paiman Tukiman Mujiono Aris Wawan Kusnadi""")
_JAWA_M2 = _names("""_:40 Setiawan:4 Prasetyo:4 Santoso:4 Susilo:3 Nugroho:3 Wibowo:3
    Kurniawan:3 Saputro:3 Purnomo:2 Widodo:2 Hidayat:2 Wahyudi:2 Priyono:2 Hartono:2
    Sugiarto:2 Pratama:2 Utomo:2 Suprapto:2 Riyadi:2 Firmansyah:2 Hermawan:2 Budiman""")
_JAWA_F1 = _names("""Sri:8 Siti:6 Tri:3 Dwi:3 Dewi:3 Suparmi:2 Sumarni:2 Wahyuni:2 Sulastri:2
    Endang:2 Rini:2 Yuliani:2 Suwarni:2 Sumiati:2 Puji:2 Nur:2 Eni:2 Ani:2 Kartini:2 Indah:2
    Ayu:2 Retno:2 Fitri:2 Ngatini Sukarti Tumini Wartini Suyatmi Lestari Wulan Sarmi""")
_JAWA_F2 = _names("""_:40 Wahyuni:4 Lestari:4 Rahayu:4 Handayani:3 Astuti:3 Wulandari:3 Utami:3
    Ningsih:3 Susanti:2 Rahmawati:2 Purwanti:2 Kurniasih:2 Setyowati:2 Sulistyowati:2
    Hartati:2 Suryani:2 Mulyani:2 Puspitasari:2 Maryani Yuliana Fatimah""")

_BUGIS_M1 = _names("""Muhammad:8 Andi:5 Abdul:3 Ahmad:3 Moh.:3 Syamsuddin:2 Baharuddin:2
    Hasanuddin:2 Ambo:2 Amir:2 Ridwan:2 Sulaiman:2 Mustafa:2 Sahrul:2 Hamzah:2 Samsul:2
    Rosyid Fathur""")
_BUGIS_M2 = _names("""_:25 Hasan:3 Rahman:3 Saleh:3 Husain:2 Jufri:2 Syarifuddin:2 Arsyad:2
    Tahir:2 Rauf:2 Amin:2 Ali:2 Rasyid:2 Fadli:2 Mansyur:2 Maulana:2 Hamid:2 Sholeh:2 Asri
    Hafid Hidayat""")
_BUGIS_F1 = _names("""Siti:10 Nur:6 Andi:3 Hasnah:2 Hamsiah:2 Nurhayati:2 Sitti:2 Asmawati:2
    Hadijah:2 Fatimah:2 Halimah:2 Musdalifah:2 Nuraeni:2 Rahmatia Sumarni Juhariyah Rosidah
    Maimunah Sunarti Hatijah""")
_BUGIS_F2 = _names("""_:45 Aminah:3 Hasanah:3 Rahmah:2 Fitriani:2 Nurjanah:2 Masitah:2 Rohani:2
    Sakinah:2 Hamidah:2 Ramlah:2 Halimah Kasmawati""")

_NONE = _names("_")

# (male part 1, 2, 3), (female part 1, 2, 3) per style, in STYLES order.
NAME_PARTS: dict[str, tuple[tuple[W, W, W], tuple[W, W, W]]] = {
    "melayu": ((_MELAYU_M1, _MELAYU_M2, _MELAYU_M3), (_MELAYU_F1, _MELAYU_F2, _MELAYU_F3)),
    "dayak": ((_DAYAK_M1, _DAYAK_M2, _DAYAK_M3), (_DAYAK_F1, _DAYAK_F2, _DAYAK_F3)),
    "tionghoa": ((_TIONGHOA_M1, _TIONGHOA_SURNAMES, _NONE),
                 (_TIONGHOA_F1, _TIONGHOA_SURNAMES, _NONE)),
    "tionghoa_hakka": ((_HAKKA_SURNAMES, _HAKKA_M, [("", 30.0), *_HAKKA_M]),
                       (_HAKKA_SURNAMES, _HAKKA_F, [("", 30.0), *_HAKKA_F])),
    "tionghoa_panggilan": ((_names("A"), _HAKKA_M, _NONE), (_names("A"), _HAKKA_F, _NONE)),
    "jawa": ((_JAWA_M1, _JAWA_M2, _NONE), (_JAWA_F1, _JAWA_F2, _NONE)),
    "bugis_madura": ((_BUGIS_M1, _BUGIS_M2, _NONE), (_BUGIS_F1, _BUGIS_F2, _NONE)),
}
# First names that are hardly ever a whole name: they always get a second part.
NEEDS_SECOND = frozenset({
    "Muhammad", "Abdul", "Ahmad", "Moh.", "Andi", "Syarif", "Abang", "Uray", "Siti", "Sitti",
    "Nur", "Nurul", "Sri", "Tri", "Dwi", "Dayang", "Utin", "Syarifah", "Maria", "A",
})
# "H." / "Hj." (hajj) before the names of some older Muslims.
HAJJ_SHARE = 0.05
HAJJ_MIN_AGE = 45

# ---------------------------------------------------------------------------------
# Positions (jabatan): the worker "ecosystems" of DOMAIN.md. (name, weight for men,
# weight for women, where): "desa" only in villages, "kota" only in kelurahan,
# "all" everywhere; "sawit", "karet" and "pesisir" are scaled by the regency's
# plantation, rubber and fishing factors below.

JOBS: tuple[tuple[str, float, float, str], ...] = (
    ("Kepala Desa", 0.5, 0.08, "desa"),
    ("Sekretaris Desa", 1.2, 0.8, "desa"),
    ("Kaur Keuangan", 0.8, 1.2, "desa"),
    ("Kaur Umum dan Perencanaan", 0.9, 0.8, "desa"),
    ("Kasi Pemerintahan", 0.9, 0.6, "desa"),
    ("Kasi Kesejahteraan", 0.7, 0.7, "desa"),
    ("Kasi Pelayanan", 0.7, 0.8, "desa"),
    ("Kepala Dusun", 2.0, 0.3, "desa"),
    ("Staf Honorer Kelurahan", 0.8, 1.0, "kota"),
    ("Ketua RT", 4.0, 0.8, "all"),
    ("Ketua RW", 1.5, 0.2, "all"),
    ("Guru Honorer", 3.0, 5.5, "all"),
    ("Guru PAUD", 0.2, 2.5, "all"),
    ("Tenaga Kependidikan Honorer", 1.0, 1.0, "all"),
    ("Bidan Desa", 0.0, 1.5, "desa"),
    ("Perawat Honorer", 0.6, 1.5, "all"),
    ("Kader Posyandu", 0.05, 3.0, "all"),
    ("Tenaga Honorer Pemda", 1.5, 1.5, "all"),
    ("Petugas Kebersihan", 1.0, 0.8, "all"),
    ("Pemanen Sawit", 6.0, 0.8, "sawit"),
    ("Perawat Kebun Sawit", 2.5, 2.5, "sawit"),
    ("Mandor Kebun", 0.8, 0.1, "sawit"),
    ("Sopir Angkutan TBS", 1.0, 0.0, "sawit"),
    ("Petani Sawit Swadaya", 3.0, 1.2, "sawit"),
    ("Petani Karet", 6.0, 3.0, "karet"),
    ("Petani Padi", 3.0, 2.0, "desa"),
    ("Buruh Tani", 2.0, 1.5, "desa"),
    ("Petani Sayur", 1.0, 1.0, "all"),
    ("Nelayan", 4.0, 0.3, "pesisir"),
    ("Pedagang Kecil", 3.0, 5.0, "all"),
    ("Ojek", 2.5, 0.1, "all"),
    ("Pengemudi Ojek Online", 1.5, 0.1, "kota"),
    ("Buruh Harian Lepas", 4.0, 2.0, "all"),
    ("Tukang Bangunan", 2.5, 0.0, "all"),
    ("Sopir", 1.5, 0.0, "all"),
    ("Montir", 0.8, 0.0, "all"),
    ("Penjahit", 0.3, 1.0, "all"),
    ("Karyawan Warung Makan", 0.5, 1.5, "all"),
    ("Pekerja Rumah Tangga", 0.1, 1.5, "all"),
)
# Per regency: (sawit, karet, pesisir) factors.
JOB_FACTORS: dict[str, tuple[float, float, float]] = {
    "61.01": (0.8, 0.6, 1.0),
    "61.02": (0.5, 0.5, 1.0),
    "61.03": (1.5, 1.2, 0.1),
    "61.04": (1.6, 0.8, 0.8),
    "61.05": (1.3, 1.3, 0.15),
    "61.06": (0.8, 1.4, 0.4),
    "61.07": (1.0, 1.0, 0.3),
    "61.08": (1.2, 1.4, 0.05),
    "61.09": (1.4, 1.2, 0.1),
    "61.10": (1.0, 1.3, 0.1),
    "61.11": (0.8, 0.5, 1.5),
    "61.12": (1.0, 0.6, 0.8),
    "61.71": (0.0, 0.0, 0.1),
    "61.72": (0.1, 0.3, 0.5),
}
URBAN_FACTORS = {"sawit": 0.1, "karet": 0.2, "pesisir": 0.5}

# Mobile number prefixes (Telkomsel, Indosat, XL, Axis, Tri, Smartfren), rough shares.
PHONE_PREFIXES = _names("""0812:16 0813:12 0852:12 0853:8 0821:7 0822:8 0823:4 0811:1
    0856:4 0857:4 0858:2 0815:1 0816:1 0817:2 0818:2 0819:3 0859:1 0877:3 0878:3 0831:1
    0838:1 0895:2 0896:2 0897:1 0898:1 0899:1 0881:1 0882:1 0887:1""")
SHORT_PHONE_SHARE = 0.15  # 11-digit numbers (older cards); the rest have 12 digits

# Where migrants' NIKs were issued: province weights per style.
MIGRANT_ORIGINS: dict[str, dict[str, float]] = {
    "jawa": {"33": 40, "35": 35, "32": 15, "34": 10},
    "bugis_madura": {"73": 50, "35": 40, "74": 10},
    "default": {"31": 20, "32": 15, "64": 15, "62": 15, "21": 10, "14": 10, "12": 10, "53": 5},
}

# Share of older people recorded with an unknown day of birth as 1 January or
# 31 December (common in Dukcapil data), and the birth years this applies to.
DEFAULT_BIRTHDAY_SHARE = 0.06
DEFAULT_BIRTHDAY_YEARS = (1961, 1985)
# Working-age population is younger than uniform: the day offset back from the
# youngest birth date is (uniform ** AGE_SKEW) * span.
AGE_SKEW = 1.3


# ---------------------------------------------------------------------------------
# Region tables


@dataclass(frozen=True)
class _Regions:
    regencies: tuple[str, ...]                 # Kalbar regency codes, in code order
    regency_names: dict[str, str]
    kecamatan_names: dict[str, str]            # Kalbar kecamatan
    population: dict[str, tuple[int, int]]     # regency -> (pria, wanita)
    desa: dict[str, list[tuple[str, str]]]     # regency -> [(desa code, name)]
    kecamatan_by_province: dict[str, list[str]]  # all of Indonesia


@cache
def _regions() -> _Regions:
    regency_names: dict[str, str] = {}
    kecamatan_names: dict[str, str] = {}
    desa: dict[str, list[tuple[str, str]]] = {}
    kecamatan_by_province: dict[str, list[str]] = {}
    for row in read_current_rows():
        code, level = row["kode"], row["tingkat"]
        if level == "kecamatan":
            kecamatan_by_province.setdefault(code[:2], []).append(code)
        if not code.startswith(KALBAR + "."):
            continue
        if level == "kabupaten_kota":
            regency_names[code] = row["nama"]
        elif level == "kecamatan":
            kecamatan_names[code] = row["nama"]
        elif level == "desa_kelurahan":
            desa.setdefault(code[:5], []).append((code, row["nama"]))
    population = {
        row["kode"]: (int(row["pria"]), int(row["wanita"]))
        for row in read_population_rows()
        if row["kode"] in regency_names
    }
    regencies = tuple(sorted(regency_names))
    missing = [code for code in regencies if code not in population or code not in STYLE_MIX]
    if missing:
        raise ValueError(f"data wilayah tidak lengkap untuk kabupaten/kota {', '.join(missing)}")
    return _Regions(
        regencies=regencies,
        regency_names=regency_names,
        kecamatan_names=kecamatan_names,
        population=population,
        desa={code: sorted(items) for code, items in desa.items()},
        kecamatan_by_province={code: sorted(items) for code, items in kecamatan_by_province.items()},
    )


def kalbar_regencies() -> dict[str, str]:
    """Kalbar regency/city codes and names, e.g. {"61.01": "Kabupaten Sambas", ...}."""
    regions = _regions()
    return {code: regions.regency_names[code] for code in regions.regencies}


# ---------------------------------------------------------------------------------
# Vectorised random draws


class _Random:
    """Uniform [0, 1) vectors from one Mersenne Twister stream (32 bits per value)."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def uniform(self, n: int) -> pl.Series:
        words = array.array("I")
        if words.itemsize != 4:  # pragma: no cover - every platform we run on
            raise RuntimeError("array 'I' is not 32 bits here")
        words.frombytes(self._rng.randbytes(4 * n))
        if sys.byteorder == "big":  # pragma: no cover - same values on any machine
            words.byteswap()
        return pl.Series(words, dtype=pl.UInt32).cast(pl.Float64) * (1.0 / 2**32)


@dataclass(frozen=True)
class _Choice:
    """Weighted choices for several groups in one table: group g's cumulative shares
    are stored as g + share, so one `search_sorted` of `group + u` picks for every row."""

    values: pl.Series
    bounds: pl.Series

    @classmethod
    def build(cls, groups: Sequence[Iterable[tuple[object, float]]], dtype=pl.String) -> _Choice:
        values: list[object] = []
        bounds: list[float] = []
        for g, items in enumerate(groups):
            pairs = [(value, float(weight)) for value, weight in items if weight > 0]
            total = sum(weight for _, weight in pairs)
            if not pairs or total <= 0:
                raise ValueError(f"empty choice group {g}")
            running = 0.0
            for i, (value, weight) in enumerate(pairs):
                running += weight
                values.append(value)
                bounds.append(g + (1.0 if i == len(pairs) - 1 else running / total))
        return cls(values=pl.Series(values, dtype=dtype), bounds=pl.Series(bounds, dtype=pl.Float64))

    def index(self, group: pl.Series | int, u: pl.Series) -> pl.Series:
        # u < 1 - 2**-32, and g + u stays below g + 1 in float64 for any sane g.
        key = u + group if isinstance(group, int) else group.cast(pl.Float64) + u
        return self.bounds.search_sorted(key, side="right")

    def pick(self, group: pl.Series | int, u: pl.Series) -> pl.Series:
        return self.values.gather(self.index(group, u))


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder, ties to the first)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# ---------------------------------------------------------------------------------
# The generator


def generate_people(*, seed: int, persons: int, regency: str | None = None) -> pl.DataFrame:
    """`persons` invented Kalbar workers, distributed over the regencies in proportion
    to their population (or all in `regency`, e.g. "61.01"). Columns: see COLUMNS."""
    if persons <= 0:
        raise ValueError("jumlah orang harus lebih dari 0")
    regions = _regions()
    if regency is not None and regency not in regions.regencies:
        raise ValueError(
            f"kode kabupaten/kota Kalbar tidak dikenal: {regency} "
            f"(pilih salah satu: {', '.join(regions.regencies)})"
        )
    rand = _Random(seed)
    n = persons

    # Regency: exact proportional split, rows grouped by regency in code order.
    regencies = regions.regencies
    weights = [
        (sum(regions.population[code]) if regency is None else float(code == regency))
        for code in regencies
    ]
    counts = _allocate(n, weights)
    reg = pl.Series(
        "reg", [i for i, count in enumerate(counts) for _ in range(count)], dtype=pl.Int32
    )

    # Desa of residence: kelurahan (urban, 1xxx) weigh three times a village (2xxx).
    desa_items = [(code, name) for r in regencies for code, name in regions.desa[r]]
    desa_index = {code: i for i, (code, _) in enumerate(desa_items)}
    desa_choice = _Choice.build(
        [
            [(desa_index[code], 3.0 if code[9] == "1" else 1.0) for code, _ in regions.desa[r]]
            for r in regencies
        ],
        dtype=pl.Int32,
    )
    desa = desa_choice.pick(reg, rand.uniform(n))
    desa_kode = pl.Series([code for code, _ in desa_items], dtype=pl.String).gather(desa)
    desa_nama = pl.Series([name for _, name in desa_items], dtype=pl.String).gather(desa)
    urban = (desa_kode.str.slice(9, 1) == "1").cast(pl.Int32)

    # Sex, from each regency's population.
    male_share = pl.Series([regions.population[r][0] / sum(regions.population[r]) for r in regencies])
    male = rand.uniform(n) < male_share.gather(reg)
    female = (~male).cast(pl.Int32)

    # Birth date: younger people more common; some older ones with a default date.
    span = (YOUNGEST_BIRTH - OLDEST_BIRTH).days + 1
    days_back = (rand.uniform(n).pow(AGE_SKEW) * span).floor().cast(pl.Int64).clip(0, span - 1)
    frame = pl.DataFrame({"days_back": days_back, "u": rand.uniform(n)}).with_columns(
        tanggal_lahir=pl.lit(YOUNGEST_BIRTH) - pl.duration(days=pl.col("days_back"))
    )
    year = pl.col("tanggal_lahir").dt.year()
    low, high = DEFAULT_BIRTHDAY_YEARS
    older = year.is_between(low, high)
    frame = frame.with_columns(
        tanggal_lahir=pl.when(older & (pl.col("u") < DEFAULT_BIRTHDAY_SHARE * 0.75))
        .then(pl.date(year, 1, 1))
        .when(older & (pl.col("u") < DEFAULT_BIRTHDAY_SHARE))
        .then(pl.date(year, 12, 31))
        .otherwise(pl.col("tanggal_lahir"))
    )
    tanggal_lahir = frame["tanggal_lahir"]
    age = _age(tanggal_lahir)

    # Name style, then three name parts drawn per style and sex.
    style_choice = _Choice.build(
        [list(zip(range(len(STYLES)), STYLE_MIX[r], strict=True)) for r in regencies],
        dtype=pl.Int32,
    )
    style = style_choice.pick(reg, rand.uniform(n))
    name_group = style * 2 + female
    parts = []
    for k in range(3):
        table = _Choice.build([NAME_PARTS[s][sex][k] for s in STYLES for sex in (0, 1)])
        parts.append(table.pick(name_group, rand.uniform(n)))
    second = _Choice.build(
        [[(v, w) for v, w in NAME_PARTS[s][sex][1] if v] for s in STYLES for sex in (0, 1)]
    ).pick(name_group, rand.uniform(n))
    parts[1] = (
        pl.DataFrame({"p1": parts[0], "p2": parts[1], "second": second})
        .select(
            pl.when((pl.col("p2") == "") & pl.col("p1").is_in(sorted(NEEDS_SECOND)))
            .then(pl.col("second"))
            .otherwise(pl.col("p2"))
        )
        .to_series()
    )
    muslim = style.is_in([STYLES.index(s) for s in MUSLIM_STYLES])
    hajj = muslim & (age >= HAJJ_MIN_AGE) & (rand.uniform(n) < HAJJ_SHARE)
    names = pl.DataFrame({"p1": parts[0], "p2": parts[1], "p3": parts[2], "hajj": hajj, "f": female})
    blank = pl.lit(None, dtype=pl.String)
    nama = names.select(
        pl.concat_str(
            pl.when(pl.col("hajj")).then(pl.when(pl.col("f") == 1).then(pl.lit("Hj.")).otherwise(pl.lit("H."))),
            pl.col("p1"),
            pl.when((pl.col("p2") == "") | (pl.col("p2") == pl.col("p1"))).then(blank).otherwise(pl.col("p2")),
            pl.when((pl.col("p3") == "") | (pl.col("p3") == pl.col("p2")) | (pl.col("p3") == pl.col("p1")))
            .then(blank)
            .otherwise(pl.col("p3")),
            separator=" ",
            ignore_nulls=True,
        ).alias("nama")
    )["nama"]

    # Position, by regency, sex and village/kelurahan.
    job_choice = _Choice.build(
        [_job_weights(r, sex, is_urban) for r in regencies for sex in (0, 1) for is_urban in (0, 1)]
    )
    jabatan = job_choice.pick((reg * 2 + female) * 2 + urban, rand.uniform(n))

    # Mobile number.
    prefix = _Choice.build([PHONE_PREFIXES]).pick(0, rand.uniform(n))
    u_number = rand.uniform(n)
    short = rand.uniform(n) < SHORT_PHONE_SHARE
    digits = pl.DataFrame({"u": u_number, "short": short}).select(
        pl.when(pl.col("short"))
        .then((pl.col("u") * 1e7).floor().cast(pl.Int64).cast(pl.String).str.zfill(7))
        .otherwise((pl.col("u") * 1e8).floor().cast(pl.Int64).cast(pl.String).str.zfill(8))
    ).to_series()
    no_hp = prefix + digits

    # Where the NIK was issued: mostly the kecamatan of residence.
    kecamatan_kode = desa_kode.str.slice(0, 8)
    kalbar_kecamatan = regions.kecamatan_by_province[KALBAR]
    moved_to = _Choice.build([[(code, 1.0) for code in kalbar_kecamatan]]).pick(0, rand.uniform(n))
    origins = []
    for s in STYLES:
        provinces = MIGRANT_ORIGINS.get(s, MIGRANT_ORIGINS["default"])
        origins.append(
            [
                (code, weight / len(regions.kecamatan_by_province[province]))
                for province, weight in provinces.items()
                for code in regions.kecamatan_by_province[province]
            ]
        )
    migrant_from = _Choice.build(origins).pick(style, rand.uniform(n))
    migrant_share = pl.Series([MIGRANT_SHARE[s] for s in STYLES]).gather(style)
    u_origin = rand.uniform(n)
    nik_region = (
        pl.DataFrame(
            {"home": kecamatan_kode, "moved": moved_to, "migrant": migrant_from,
             "u": u_origin, "share": migrant_share}
        )
        .select(
            pl.when(pl.col("u") < pl.col("share"))
            .then(pl.col("migrant"))
            .when(pl.col("u") < pl.col("share") + MOVED_WITHIN_KALBAR)
            .then(pl.col("moved"))
            .otherwise(pl.col("home"))
        )
        .to_series()
    )

    # Serial: unique per issuing kecamatan, birth date and sex. Each group starts at a
    # random low number (earlier holders are not in this set) and counts up in row order.
    serial_start = (rand.uniform(n).pow(4) * 30).floor().cast(pl.Int32) + 1
    serial_frame = pl.DataFrame(
        {"region": nik_region, "tanggal_lahir": tanggal_lahir, "f": female, "start": serial_start}
    ).select(
        serial=pl.col("start").first().over("region", "tanggal_lahir", "f")
        + pl.int_range(pl.len(), dtype=pl.Int32).over("region", "tanggal_lahir", "f")
    )
    serial = serial_frame["serial"]
    if serial.max() > 9999:
        raise ValueError("terlalu banyak orang dengan kecamatan, tanggal lahir dan jenis kelamin yang sama")

    jenis_kelamin = pl.Series(["L", "P"]).gather(female)
    nik = _build_niks(nik_region, tanggal_lahir, jenis_kelamin, serial)

    return pl.DataFrame(
        {
            "nik": nik,
            "nama": nama,
            "jenis_kelamin": jenis_kelamin,
            "tanggal_lahir": tanggal_lahir,
            "kabupaten_kode": desa_kode.str.slice(0, 5),
            "kecamatan_kode": kecamatan_kode,
            "desa_kode": desa_kode,
            "desa_nama": desa_nama,
            "no_hp": no_hp,
            "jabatan": jabatan,
        }
    )


def _age(birth: pl.Series) -> pl.Series:
    """Completed years on REFERENCE_DATE."""
    ref = REFERENCE_DATE
    before_birthday = (birth.dt.month() > ref.month) | (
        (birth.dt.month() == ref.month) & (birth.dt.day() > ref.day)
    )
    return (ref.year - birth.dt.year().cast(pl.Int32)) - before_birthday.cast(pl.Int32)


def _job_weights(regency: str, sex: int, urban: int) -> list[tuple[str, float]]:
    sawit, karet, pesisir = JOB_FACTORS[regency]
    factors = {"sawit": sawit, "karet": karet, "pesisir": pesisir}
    weights = []
    for name, male_weight, female_weight, where in JOBS:
        weight = female_weight if sex else male_weight
        if where == "desa" and urban or where == "kota" and not urban:
            weight = 0.0
        elif where in factors:
            weight *= factors[where] * (URBAN_FACTORS[where] if urban else 1.0)
        weights.append((name, weight))
    return weights


def _build_niks(region: pl.Series, birth: pl.Series, sex: pl.Series, serial: pl.Series) -> pl.Series:
    """NIKs laid out by ucj.identity.nik.build_nik, the one place that knows the layout.
    A million calls would dominate the run time, so build_nik is called once per
    distinct region (for the first six digits) and once per distinct birth date and sex
    (for the next six); the serial, the last four digits, is appended vectorised."""
    some_date, some_region = date(1990, 1, 1), "61.01.01"
    regions = region.unique().sort()
    region_part = pl.DataFrame(
        {"region": regions, "p_region": [build_nik(r, some_date, "L", 1)[:6] for r in regions]}
    )
    dates = pl.DataFrame({"birth": birth, "sex": sex}).unique().sort("birth", "sex")
    date_part = dates.with_columns(
        p_date=pl.Series(
            [build_nik(some_region, b, s, 1)[6:12]
             for b, s in zip(dates["birth"], dates["sex"], strict=True)],
            dtype=pl.String,
        )
    )
    return (
        pl.DataFrame({"region": region, "birth": birth, "sex": sex, "serial": serial})
        .join(region_part, on="region", how="left", maintain_order="left")
        .join(date_part, on=["birth", "sex"], how="left", maintain_order="left")
        .select(pl.col("p_region") + pl.col("p_date") + pl.col("serial").cast(pl.String).str.zfill(4))
        .to_series()
        .alias("nik")
    )


# ---------------------------------------------------------------------------------
# Files


def file_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The worker list as a regency would send it: NO, NIK, NAMA LENGKAP, ..."""
    regions = _regions()
    return frame.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(FILE_HEADERS["no"]),
        pl.col("nik").alias(FILE_HEADERS["nik"]),
        pl.col("nama").alias(FILE_HEADERS["nama"]),
        pl.col("jenis_kelamin").alias(FILE_HEADERS["jenis_kelamin"]),
        pl.col("tanggal_lahir").alias(FILE_HEADERS["tanggal_lahir"]),
        pl.col("desa_nama").alias(FILE_HEADERS["desa_nama"]),
        pl.col("kecamatan_kode")
        .replace_strict(regions.kecamatan_names, return_dtype=pl.String)
        .alias(FILE_HEADERS["kecamatan_nama"]),
        pl.col("kabupaten_kode")
        .replace_strict(regions.regency_names, return_dtype=pl.String)
        .alias(FILE_HEADERS["kabupaten_nama"]),
        pl.col("no_hp").alias(FILE_HEADERS["no_hp"]),
        pl.col("jabatan").alias(FILE_HEADERS["jabatan"]),
    )


def write_people(frame: pl.DataFrame, path: Path) -> None:
    """Write a generated frame as a regency's worker list: `.csv` (UTF-8, comma,
    dates yyyy-mm-dd) or `.xlsx` (NIK and phone as text cells, real date cells)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"format berkas tidak didukung: {path.name} (gunakan .csv atau .xlsx)")
    table = file_frame(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        write_csv(table, path, date_format="%Y-%m-%d")
    else:
        _write_xlsx(table, path)


def _write_xlsx(table: pl.DataFrame, path: Path) -> None:
    if table.height + 1 > XLSX_MAX_ROWS:
        raise ValueError(
            f"{thousands(table.height)} baris melebihi batas Excel "
            f"({thousands(XLSX_MAX_ROWS - 1)}); gunakan .csv"
        )
    workbook = new_workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet("Daftar Pekerja")
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        text = workbook.add_format({"num_format": "@"})
        day = workbook.add_format({"num_format": "dd-mm-yyyy"})
        columns = table.columns
        text_columns = {FILE_HEADERS["nik"], FILE_HEADERS["no_hp"]}
        widths = {"NO": 7, "NIK": 19, "NAMA LENGKAP": 30, "JENIS KELAMIN (L/P)": 10,
                  "TANGGAL LAHIR": 13, "DESA/KELURAHAN": 24, "KECAMATAN": 20,
                  "KABUPATEN/KOTA": 24, "NO. HP": 15, "JABATAN": 26}
        for c, name in enumerate(columns):
            fmt = text if name in text_columns else day if name == FILE_HEADERS["tanggal_lahir"] else None
            sheet.set_column(c, c, widths.get(name, 14), fmt)
            sheet.write_string(0, c, name, header)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, table.height, len(columns) - 1)
        kinds = [
            "text" if name in text_columns else "date" if name == FILE_HEADERS["tanggal_lahir"]
            else "number" if name == FILE_HEADERS["no"] else "string"
            for name in columns
        ]
        for r, row in enumerate(table.iter_rows(), start=1):
            for c, value in enumerate(row):
                kind = kinds[c]
                if value is None:
                    continue
                if kind == "text":
                    sheet.write_string(r, c, value, text)
                elif kind == "date":
                    sheet.write_datetime(r, c, value, day)
                elif kind == "number":
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, value)
    finally:
        workbook.close()
