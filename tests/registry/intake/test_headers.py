"""Finding the header row under title rows and proposing the column mapping."""

from __future__ import annotations

import pytest

from tests.registry.intake import HEADER, NIK_A, NIK_B, csv_bytes, person, xlsx_bytes
from ucj.registry.intake.headers import (
    FIELD_LABELS,
    FIELDS,
    REQUIRED_FIELDS,
    detect_header,
    field_of,
)
from ucj.registry.intake.reader import UnreadableFile, read_table


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NIK", "nik"),
        ("NO. KTP", "nik"),
        ("NO. KTP / NIK", "nik"),
        ("No KTP/NIK", "nik"),
        ("NOMOR INDUK KEPENDUDUKAN", "nik"),
        ("No. Induk Kependudukan", "nik"),
        ("N I K", "nik"),
        ("N.I.K.", "nik"),
        ("n i k", "nik"),
        ("NO. N I K", "nik"),
        ("NO. E-KTP", "nik"),
        ("Nomor\nKTP", "nik"),
        ("NAMA\u00a0LENGKAP", "nama"),
        ("N A M A", "nama"),
        ("NAMA SESUAI KTP", "nama"),
        ("TGL LHR", "tanggal_lahir"),
        ("T T L", "tanggal_lahir"),
        ("J K", "jenis_kelamin"),
        ("J. K.", "jenis_kelamin"),
        ("NIK (16 digit)", "nik"),
        ("NAMA", "nama"),
        ("NAMA LENGKAP", "nama"),
        ("Nama Lengkap (sesuai KTP)", "nama"),
        ("NAMA PEKERJA", "nama"),
        ("TGL LAHIR", "tanggal_lahir"),
        ("TGL. LAHIR", "tanggal_lahir"),
        ("TANGGAL LAHIR", "tanggal_lahir"),
        ("TANGGAL LAHIR (DD-MM-YYYY)", "tanggal_lahir"),
        ("TEMPAT/TGL LAHIR", "tanggal_lahir"),
        ("L/P", "jenis_kelamin"),
        ("L / P", "jenis_kelamin"),
        ("JENIS KELAMIN", "jenis_kelamin"),
        ("JENIS KELAMIN (L/P)", "jenis_kelamin"),
        ("JK", "jenis_kelamin"),
        ("DESA", "desa"),
        ("KELURAHAN", "desa"),
        ("DESA/KELURAHAN", "desa"),
        ("NAMA DESA", "desa"),
        ("Kel/Desa", "desa"),
        ("KECAMATAN", "kecamatan"),
        ("KEC.", "kecamatan"),
        ("JABATAN", "jabatan"),
        ("PEKERJAAN", "jabatan"),
        ("JENIS PEKERJAAN", "jabatan"),
        ("JABATAN DI DESA", "jabatan"),
        ("NO. HP", "no_hp"),
        ("NO HP", "no_hp"),
        ("NOMOR HP/WA", "no_hp"),
        ("No. Telp", "no_hp"),
        ("HP", "no_hp"),
        ("INSTANSI", "instansi"),
        ("UNIT KERJA", "instansi"),
        ("NAMA PERUSAHAAN", "instansi"),
        ("TEMPAT KERJA", "instansi"),
        ("NAMA INSTANSI", "instansi"),
        # Optional columns of a BPJS collective registration (DOMAIN.md).
        ("Tempat Lahir", "tempat_lahir"),
        ("TMP. LAHIR", "tempat_lahir"),
        ("Nama Ibu Kandung", "nama_ibu_kandung"),
        ("NAMA GADIS IBU KANDUNG", "nama_ibu_kandung"),
        ("Ibu Kandung", "nama_ibu_kandung"),
        ("Telepon", "no_hp"),
        ("No HP", "no_hp"),
        ("Jenis Pekerjaan", "jabatan"),
        ("TEMPAT, TANGGAL LAHIR", "tanggal_lahir"),
    ],
)
def test_header_variants(header, field):
    assert field_of(header) == field


@pytest.mark.parametrize(
    "header",
    [
        "NO",
        "NO.",
        "NO. KK",
        "NOMOR KARTU KELUARGA",
        "NAMA AYAH",
        "NIK IBU",
        "NAMA SUAMI/ISTRI",
        "NIP",
        "KETERANGAN",
        "ALAMAT",
        "",
        None,
        "X" * 200,
    ],
)
def test_headers_that_are_not_fields(header):
    assert field_of(header) is None


def test_fields_and_labels():
    assert FIELDS == (
        "nik",
        "nama",
        "tanggal_lahir",
        "jenis_kelamin",
        "desa",
        "kecamatan",
        "jabatan",
        "no_hp",
        "instansi",
        "tempat_lahir",
        "nama_ibu_kandung",
    )
    assert set(FIELD_LABELS) == set(FIELDS)
    assert REQUIRED_FIELDS == ("nik", "nama")


def test_header_found_under_title_rows():
    rows = [
        ["DAFTAR NAMA PERANGKAT DESA"],
        ["KABUPATEN SAMBAS TAHUN 2026"],
        [],
        HEADER,
        list(range(1, len(HEADER) + 1)),
        person(NIK_A),
        person(NIK_B, no=2),
        ["JUMLAH", None, "2 orang"],
    ]
    raw = read_table(csv_bytes(rows), "daftar.csv")
    guess = detect_header(raw)
    assert guess.header_index == 3
    assert guess.header_row == 4
    assert guess.mapping == {
        "nik": "c1",
        "nama": "c2",
        "tanggal_lahir": "c3",
        "jenis_kelamin": "c4",
        "desa": "c5",
        "kecamatan": "c6",
        "jabatan": "c7",
        "no_hp": "c8",
    }
    assert guess.columns == {f"c{i}": text for i, text in enumerate(HEADER)}
    assert guess.missing_required == ()


def test_header_in_xlsx_below_empty_rows():
    rows = [
        ["DAFTAR NAMA GURU HONORER"],
        [],
        ["No.", "Nama Lengkap", "No. KTP / NIK", "Unit Kerja"],
        [1, "Budi", NIK_A, "SDN 1 Sambas"],
    ]
    raw = read_table(xlsx_bytes(rows, start_row=1), "guru.xlsx")
    guess = detect_header(raw)
    assert guess.header_row == 4  # Excel row 4: one empty row, title, empty row
    assert guess.mapping == {"nama": "c1", "nik": "c2", "instansi": "c3"}
    assert guess.columns["c2"] == "No. KTP / NIK"


def test_the_leftmost_column_wins_a_field_and_missing_required_is_reported():
    rows = [["NIK", "NIK KK", "DESA", "DESA ASAL"], [NIK_A, "x", "Dalam Kaum", "y"]]
    guess = detect_header(read_table(csv_bytes(rows), "a.csv"))
    assert guess.mapping == {"nik": "c0", "desa": "c2"}
    assert guess.missing_required == ("nama",)


def test_a_title_row_naming_fields_in_one_cell_is_not_the_header():
    rows = [["DAFTAR NAMA DAN NIK PEKERJA DESA"], ["NIK", "NAMA"], [NIK_A, "Budi"]]
    guess = detect_header(read_table(csv_bytes(rows), "a.csv"))
    assert guess.header_row == 2


def test_no_header_is_unreadable_with_a_message():
    rows = [["a", "b"], ["1", "2"]]
    with pytest.raises(UnreadableFile, match="judul kolom tidak ditemukan"):
        detect_header(read_table(csv_bytes(rows), "a.csv"))


def test_header_beyond_the_scanned_rows_is_not_found():
    rows = [[f"catatan {i}"] for i in range(30)] + [["NIK", "NAMA"], [NIK_A, "Budi"]]
    with pytest.raises(UnreadableFile):
        detect_header(read_table(csv_bytes(rows), "a.csv"))
    guess = detect_header(read_table(csv_bytes(rows[1:]), "a.csv"))
    assert guess.header_row == 30
