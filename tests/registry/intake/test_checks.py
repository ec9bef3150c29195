"""A verdict, stable codes and an Indonesian message for every data row."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.registry.intake import (
    HEADER,
    NIK_A,
    NIK_B,
    NIK_C,
    NIK_JAWA,
    SAMBAS,
    TODAY,
    by_row,
    csv_bytes,
    lookup,
    person,
    run,
    xlsx_bytes,
)
from ucj.core.demo import generate_people, write_people
from ucj.identity import nik
from ucj.registry.intake.checks import (
    ALL_REJECTION_CODES,
    ALL_WARNING_CODES,
    MESSAGES,
    OUTPUT_SCHEMA,
    check_rows,
)
from ucj.registry.intake.headers import detect_header
from ucj.registry.intake.reader import RawTable, read_table


def _check(*people, header=HEADER, **options):
    return run(csv_bytes([header, *people]), **options)[2]


def _only(checked) -> dict:
    assert checked.frame.height == 1
    return checked.frame.row(0, named=True)


def _assert_counts_add_up(checked):
    counts = checked.counts()
    assert sum(counts.values()) == checked.frame.height
    frame = checked.frame
    assert (frame["verdict"] == "rejected").sum() == (frame["reasons"].list.len() > 0).sum()


# --- the clean case and the output ----------------------------------------------------


def test_clean_row_is_accepted_with_every_field():
    row = _only(_check(person(NIK_A, name="  Budi   Santoso ", job="Kepala  Dusun")))
    assert row == {
        "row": 2,
        "nik": NIK_A,
        "nik_input": NIK_A,
        "nama": "Budi Santoso",
        "tanggal_lahir": date(1985, 8, 17),
        "jenis_kelamin": "L",
        "desa_code": "61.01.01.2001",
        "kecamatan": "Sambas",
        "jabatan": "Kepala Dusun",
        "no_hp": "081234567890",
        "instansi": None,
        "tempat_lahir": None,
        "nama_ibu_kandung": None,
        "nik_region": "61.01.01",
        "verdict": "accepted",
        "reasons": [],
        "warnings": [],
        "message": "",
    }


def test_output_schema():
    checked = _check(person(NIK_A))
    assert checked.frame.schema == pl.Schema(OUTPUT_SCHEMA)
    assert list(checked.frame.columns) == [
        "row",
        "nik",
        "nik_input",
        "nama",
        "tanggal_lahir",
        "jenis_kelamin",
        "desa_code",
        "kecamatan",
        "jabatan",
        "no_hp",
        "instansi",
        "tempat_lahir",
        "nama_ibu_kandung",
        "nik_region",
        "verdict",
        "reasons",
        "warnings",
        "message",
    ]


def test_codes_and_messages_are_complete():
    codes = (*ALL_REJECTION_CODES, *ALL_WARNING_CODES)
    assert len(set(codes)) == len(codes)
    assert set(MESSAGES) == set(codes)
    assert set(nik.REASON_CODES) <= set(ALL_REJECTION_CODES)
    assert set(nik.WARNING_CODES) <= set(ALL_WARNING_CODES)
    assert "identity_conflict" in MESSAGES  # the service adds that warning
    assert MESSAGES["nik_empty"] == nik.REASON_MESSAGES["nik_empty"]
    assert all("{" not in message for message in MESSAGES.values())


# --- skipped rows -----------------------------------------------------------------------


def test_title_numbering_blank_totals_and_footer_rows_are_skipped():
    rows = [
        ["DAFTAR NAMA PERANGKAT DESA"],
        ["KABUPATEN SAMBAS TAHUN 2026"],
        [],
        HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
        person(NIK_A),  # row 6
        [],
        ["3"],  # a pre-numbered empty template row is blank too
        person(NIK_B, name="Siti", born="05-03-1990", sex="P", no=2),  # row 9
        ["JUMLAH", None, "2 orang"],
        [],
        [None, None, "Sambas, 12 Januari 2026"],
        [None, None, "Kepala Desa Dalam Kaum"],
        [None, None, "NIP. 19700101 199001 1 001"],
    ]
    raw, guess, checked = run(csv_bytes(rows))
    assert guess.header_row == 4
    assert checked.frame["row"].to_list() == [6, 9]
    assert checked.frame["verdict"].to_list() == ["accepted", "accepted"]
    assert checked.skipped == {"blank": 3, "numbering": 1, "totals": 1, "footer": 3}
    _assert_counts_add_up(checked)


def test_rows_without_nik_between_subtotals_are_data_not_footer():
    checked = _check(
        person(NIK_A),
        ["SUB TOTAL", None, "1 orang"],
        person("", name="Tanpa NIK"),  # a person still, rejected so that the operator sees it
        person(NIK_B, name="Siti", born="05-03-1990", sex="P"),
        ["TOTAL", None, "3 orang"],
        [None, None, "Kepala Desa"],
    )
    assert checked.skipped == {"blank": 0, "numbering": 0, "totals": 2, "footer": 1}
    assert checked.frame["row"].to_list() == [2, 4, 5]
    assert by_row(checked)[4]["reasons"] == ["nik_empty"]


@pytest.mark.parametrize(
    "numbering",
    [["1", "2", "3", "4", "5", "6", "7", "8", "9"], ["1.", "2.", "3."], [None, "(2)", "(3)"]],
)
def test_numbering_row_variants(numbering):
    checked = _check(numbering, person(NIK_A))
    assert checked.skipped["numbering"] == 1
    assert checked.frame["row"].to_list() == [3]


@pytest.mark.parametrize(
    "word", ["JUMLAH", "Jumlah", "TOTAL", "Total Pekerja", "GRAND TOTAL", "Sub Total"]
)
@pytest.mark.parametrize("position", [0, 1, 4])
def test_totals_row_in_any_column(word, position):
    totals = [None] * len(HEADER)
    totals[position] = word
    checked = _check(person(NIK_A), totals)
    assert checked.skipped["totals"] == 1
    assert checked.frame.height == 1


def test_a_person_named_total_with_a_nik_is_not_a_totals_row():
    checked = _check(person(NIK_A, name="Total Sinaga"))
    assert checked.skipped["totals"] == 0
    assert _only(checked)["verdict"] == "accepted"


def test_header_only_gives_an_empty_frame():
    checked = _check()
    assert checked.frame.height == 0
    assert checked.frame.schema == pl.Schema(OUTPUT_SCHEMA)


# --- rejections -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "nik_empty"),
        ("-", "nik_empty"),
        ("6.10101E+15", "nik_scientific"),
        ("6101011708850001,0", "nik_scientific"),
        ("61010117O8850001", "nik_format"),
        ("610101170885000", "nik_length"),
        ("9901011708850001", "nik_region"),
        ("6113011708850001", "nik_region"),
        ("6101013208850001", "nik_date"),
        ("6101011713850001", "nik_date"),
        ("6101011708850000", "nik_serial"),
    ],
)
def test_nik_rejections(text, code):
    row = _only(_check(person(text)))
    assert row["verdict"] == "rejected"
    assert row["reasons"] == [code]
    assert row["nik"] is None
    assert row["nik_input"] == text
    assert row["message"] == nik.parse(text, today=TODAY).message
    # Nothing is decoded from a rejected NIK; the columns still are.
    assert row["nik_region"] is None
    assert row["tanggal_lahir"] == date(1985, 8, 17)
    assert row["jenis_kelamin"] == "L"


@pytest.mark.parametrize("name", ["", "   ", "-", "0", "."])
def test_missing_name(name):
    row = _only(_check(person(NIK_A, name=name)))
    assert row["verdict"] == "rejected"
    assert row["reasons"] == ["missing_name"]
    assert row["message"] == MESSAGES["missing_name"]


def test_a_row_with_an_invalid_nik_is_still_checked_for_the_rest():
    row = _only(_check(person("61010117088", name="", sex="X", phone="123")))
    assert row["reasons"] == ["nik_length", "missing_name"]
    assert row["warnings"] == ["sex_unreadable", "phone_invalid"]
    message = row["message"]
    assert message.index("16 digit") < message.index("Nama kosong") < message.index("'X'")
    assert message.endswith("nomor tidak disimpan.")


def test_duplicate_in_file_keeps_the_first_and_names_it():
    checked = _check(
        person(NIK_A, no=1),
        person(NIK_B, name="Siti", born="05-03-1990", sex="P", no=2),
        person(NIK_A, name="Budi S.", no=3),
        person(f"{NIK_A[:4]} {NIK_A[4:8]} {NIK_A[8:12]} {NIK_A[12:]}", no=4),  # same NIK, spaced
    )
    rows = by_row(checked)
    assert rows[2]["verdict"] == "accepted"
    assert rows[3]["verdict"] == "accepted"
    for row in (4, 5):
        assert rows[row]["verdict"] == "rejected"
        assert rows[row]["reasons"] == ["duplicate_in_file"]
        assert "baris 2" in rows[row]["message"]
        assert rows[row]["nik"] == NIK_A


def test_duplicate_keeps_the_first_row_even_when_it_is_rejected_itself():
    checked = _check(person(NIK_A, name=""), person(NIK_A), person(NIK_A))
    rows = by_row(checked)
    assert rows[2]["reasons"] == ["missing_name"]
    for row in (3, 4):
        assert rows[row]["reasons"] == ["duplicate_in_file"]
        assert "baris 2" in rows[row]["message"]


def test_invalid_niks_are_never_duplicates():
    checked = _check(person("123"), person("123"), person(""), person(""))
    assert checked.frame["reasons"].to_list() == [
        ["nik_length"],
        ["nik_length"],
        ["nik_empty"],
        ["nik_empty"],
    ]


# --- warnings ---------------------------------------------------------------------------


def test_sex_mismatch_keeps_the_column():
    row = _only(_check(person(NIK_A, sex="P")))
    assert row["verdict"] == "warning"
    assert row["warnings"] == ["sex_mismatch"]
    assert row["jenis_kelamin"] == "P"
    assert "(perempuan)" in row["message"] and "(laki-laki)" in row["message"]


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("L", "L"),
        ("Laki-laki", "L"),
        ("LAKI - LAKI", "L"),
        ("Pria", "L"),
        ("P", "P"),
        ("Perempuan", "P"),
        ("WANITA", "P"),
        ("pr", "P"),
    ],
)
def test_sex_column_variants(text, sex):
    row = _only(_check(person(NIK_B, born="05-03-1990", sex=text)))
    assert row["jenis_kelamin"] == sex
    assert ("sex_mismatch" in row["warnings"]) is (sex == "L")  # NIK_B is a woman's


def test_unreadable_sex_takes_the_nik():
    row = _only(_check(person(NIK_A, sex="?")))
    assert row["warnings"] == ["sex_unreadable"]
    assert row["jenis_kelamin"] == "L"


def test_birth_date_mismatch_keeps_the_column():
    row = _only(_check(person(NIK_A, born="18-08-1985")))
    assert row["warnings"] == ["birth_date_mismatch"]
    assert row["tanggal_lahir"] == date(1985, 8, 18)
    assert "(18-08-1985)" in row["message"] and "(17-08-1985)" in row["message"]


def test_birth_date_compared_without_the_century():
    # NIK 170825 reads as 2025 (not after today); the column says 1925: same DDMMYY.
    old = nik.build_nik("61.01.01", date(1925, 8, 17), "L", 1)
    row = _only(_check(person(old, born="17-08-1925")))
    assert row["warnings"] == []
    assert row["tanggal_lahir"] == date(1925, 8, 17)


def test_unreadable_birth_date_is_a_warning_and_the_nik_fills_in():
    row = _only(_check(person(NIK_A, born="17-08-85")))
    assert row["verdict"] == "warning"
    assert row["warnings"] == ["birth_date_unreadable"]
    assert row["tanggal_lahir"] == date(1985, 8, 17)
    assert "'17-08-85'" in row["message"]


def test_region_mismatch_for_a_nik_issued_in_central_java():
    row = _only(_check(person(NIK_JAWA, born="02-01-1988")))
    assert row["verdict"] == "warning"
    assert row["warnings"] == ["region_mismatch"]
    assert row["nik"] == NIK_JAWA and row["nik_region"] == "33.01.01"
    assert "33.01 Kabupaten Cilacap" in row["message"]
    assert "61.01 Kabupaten Sambas" in row["message"]


def test_same_nik_submitted_by_its_own_regency_has_no_region_warning():
    assert _only(_check(person(NIK_C, born="31-12-1979")))["warnings"] == []


@pytest.mark.parametrize(
    ("prefix", "code"),
    [
        ("910101", "nik_region_retired"),
        ("610199", "nik_kecamatan_unknown"),
        ("640401", "nik_regency_unlisted"),
    ],
)
def test_nik_warnings_from_parse(prefix, code):
    text = prefix + "1708850001"
    row = _only(_check(person(text)))
    assert row["verdict"] == "warning"
    assert code in row["warnings"]
    expected = nik.parse(text, today=TODAY)
    for warning in expected.warnings:
        assert warning.message in row["message"]


@pytest.mark.parametrize(
    ("desa", "kecamatan", "code"),
    [
        ("Dalam Kaum", "Sambas", "61.01.01.2001"),
        ("DESA DALAM KAUM", None, "61.01.01.2001"),
        ("Desa Dalam Kaum", "Kec. Sambas", "61.01.01.2001"),
        ("Kel. Dalam Kaum", None, "61.01.01.2001"),
        ("Ds. dalam  kaum", None, "61.01.01.2001"),
        ("Sei. Rambah", None, "61.01.01.2015"),  # Sungai Rambah
        ("Tg. Bugis", None, "61.01.01.2003"),  # Tanjung Bugis
        ("61.01.01.2001", None, "61.01.01.2001"),
        ("Sepadu", "Semparuk", "61.01.13.2004"),  # two Sepadu in Sambas: the kecamatan decides
        ("Sepadu", "Kecamatan Teluk Keramat", "61.01.02.2011"),
        ("Sepadu", "61.01.13", "61.01.13.2004"),
    ],
)
def test_desa_matching(desa, kecamatan, code):
    row = _only(_check(person(NIK_A, desa=desa, kecamatan=kecamatan)))
    assert row["desa_code"] == code
    assert row["warnings"] == []


def test_desa_unknown():
    row = _only(_check(person(NIK_A, desa="Atlantis")))
    assert row["verdict"] == "warning"
    assert row["warnings"] == ["desa_unknown"]
    assert row["desa_code"] is None
    assert "'Atlantis'" in row["message"] and "61.01 Kabupaten Sambas" in row["message"]


def test_desa_of_another_regency_is_unknown():
    row = _only(_check(person(NIK_A, desa="Tambakreja", kecamatan="Kedungreja")))
    assert row["warnings"] == ["desa_unknown"]


def test_desa_ambiguous_without_a_kecamatan():
    row = _only(_check(person(NIK_A, desa="Sepadu", kecamatan=None)))
    assert row["warnings"] == ["desa_ambiguous"]
    assert row["desa_code"] is None
    assert "KECAMATAN" in row["message"]


def test_no_desa_lookup_means_no_desa_checks():
    raw = read_table(csv_bytes([HEADER, person(NIK_A, desa="Atlantis")]), "a.csv")
    guess = detect_header(raw)
    checked = check_rows(
        raw, guess, guess.mapping, regency_code=SAMBAS, desa_lookup=None, today=TODAY
    )
    row = _only(checked)
    assert row["warnings"] == [] and row["desa_code"] is None


@pytest.mark.parametrize(
    ("phone", "normalised"),
    [
        ("081234567890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("0812 3456 789", "08123456789"),
        ("+62 812 3456 7890", "081234567890"),
        ("6281234567890", "081234567890"),
        ("81234567890", "081234567890"),  # Excel dropped the leading 0
        ("0812345678901 / 0857123456", "0812345678901"),
    ],
)
def test_phone_normalised(phone, normalised):
    row = _only(_check(person(NIK_A, phone=phone)))
    assert row["no_hp"] == normalised
    assert row["warnings"] == []


@pytest.mark.parametrize("phone", ["12345", "0561 734567", "08123", "0812345678901234"])
def test_phone_invalid(phone):
    row = _only(_check(person(NIK_A, phone=phone)))
    assert row["warnings"] == ["phone_invalid"]
    assert row["no_hp"] is None
    assert f"'{phone}'" in row["message"]


@pytest.mark.parametrize("phone", ["", "-", "tidak ada"])
def test_no_phone_is_not_a_warning(phone):
    row = _only(_check(person(NIK_A, phone=phone)))
    assert row["warnings"] == [] and row["no_hp"] is None


def test_several_warnings_are_all_listed_in_order():
    row = _only(_check(person(NIK_JAWA, born="03-01-1988", sex="P", desa="Atlantis", phone="1")))
    assert row["verdict"] == "warning"
    assert row["warnings"] == [
        "region_mismatch",
        "sex_mismatch",
        "birth_date_mismatch",
        "desa_unknown",
        "phone_invalid",
    ]
    message = row["message"]
    positions = [
        message.index(part)
        for part in ("Cilacap", "Jenis kelamin", "Tanggal lahir", "Atlantis", "Nomor HP")
    ]
    assert positions == sorted(positions)


def test_long_cell_values_are_quoted_short():
    row = _only(_check(person(NIK_A, desa="X" * 100)))
    assert "'" + "X" * 40 + "...'" in row["message"]
    assert "X" * 41 not in row["message"]


# --- XLSX specifics -----------------------------------------------------------------------


def test_xlsx_nik_number_cells_and_dates():
    rows = [
        ["DAFTAR NAMA PEKERJA RENTAN"],
        [],
        HEADER,
        [
            1,
            NIK_A,
            "Teks",
            date(1985, 8, 17),
            "L",
            "Dalam Kaum",
            "Sambas",
            "Petani",
            "081234567890",
        ],
        [2, 6101011708850010, "Angka dibulatkan", "17-08-1985", "L"],  # 16th digit 0
        [3, 6101011708850011, "Angka utuh", "17/08/1985", "L"],
        [4, 6101011708850021, "Tanggal angka", 31276, "L", None, None, None, 81234567890],
        [5, "6101011708850031", "Tanggal ISO", "1985-08-17", "L"],
        [6, "6101011708850041", "Tanggal titik", "17.08.1985", "L"],
        [7, "6101011708850051", "Tanggal nama bulan", "17 Agustus 1985", "L"],
        [8, "6101011708850060", "Teks berakhir 0", "17-08-1985", "L"],
    ]
    raw, guess, checked = run(xlsx_bytes(rows), "daftar.xlsx")
    assert guess.header_row == 3
    rows_ = by_row(checked)
    assert rows_[4]["verdict"] == "accepted"
    assert rows_[5]["reasons"] == ["nik_numeric_cell"]
    assert rows_[5]["nik"] is None
    assert "15 digit" in rows_[5]["message"] and "Teks" in rows_[5]["message"]
    assert rows_[6]["verdict"] == "warning"
    assert rows_[6]["warnings"] == ["nik_numeric_cell_exact"]
    assert rows_[6]["nik"] == "6101011708850011"
    assert rows_[7]["no_hp"] == "081234567890"
    for row in range(4, 12):
        assert rows_[row]["tanggal_lahir"] == date(1985, 8, 17), row
        assert "birth_date_unreadable" not in rows_[row]["warnings"]
    assert rows_[11]["verdict"] == "accepted"  # text cell: its 0 is real
    _assert_counts_add_up(checked)


# --- the mapping ------------------------------------------------------------------------


def test_operator_mapping_overrides_the_guess():
    data = csv_bytes([HEADER, person(NIK_A, desa="Atlantis", phone="1")])
    raw, guess, _ = run(data)
    mapping = {k: v for k, v in guess.mapping.items() if k not in ("desa", "no_hp")}
    mapping["instansi"] = "c7"  # the operator says JABATAN is really the employer
    checked = check_rows(
        raw, guess, mapping, regency_code=SAMBAS, desa_lookup=lookup(), today=TODAY
    )
    row = _only(checked)
    assert row["warnings"] == []
    assert row["instansi"] == "Ketua RT" and row["jabatan"] == "Ketua RT"
    assert row["no_hp"] is None and row["desa_code"] is None


def test_header_index_instead_of_a_guess():
    raw, guess, expected = run(csv_bytes([["JUDUL"], HEADER, person(NIK_A)]))
    checked = check_rows(
        raw, 1, guess.mapping, regency_code=SAMBAS, desa_lookup=lookup(), today=TODAY
    )
    assert checked.frame.equals(expected.frame)


@pytest.mark.parametrize(
    ("mapping", "words"),
    [
        ({"nik": "c1"}, "wajib: nama"),
        ({"nik": "c1", "nama": "c99"}, "c99"),
        ({"nik": "c1", "nama": "c2", "alamat": "c3"}, "alamat"),
    ],
)
def test_bad_mappings_are_refused(mapping, words):
    raw = read_table(csv_bytes([HEADER, person(NIK_A)]), "a.csv")
    guess = detect_header(raw)
    with pytest.raises(ValueError, match=words):
        check_rows(raw, guess, mapping, regency_code=SAMBAS, desa_lookup=lookup(), today=TODAY)


# --- demo data end to end ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_demo_worker_list_round_trip(tmp_path, suffix):
    people = generate_people(seed=7, persons=400, regency=SAMBAS)
    path = tmp_path / f"daftar{suffix}"
    write_people(people, path)
    raw, guess, checked = run(path.read_bytes(), path.name)
    assert set(guess.mapping) == {
        "nik",
        "nama",
        "jenis_kelamin",
        "tanggal_lahir",
        "desa",
        "kecamatan",
        "no_hp",
        "jabatan",
    }
    frame = checked.frame
    assert frame.height == 400
    assert checked.counts()["rejected"] == 0
    assert frame["row"].to_list() == list(range(2, 402))
    assert frame["nik"].to_list() == people["nik"].to_list()
    assert frame["tanggal_lahir"].to_list() == people["tanggal_lahir"].to_list()
    assert frame["jenis_kelamin"].to_list() == people["jenis_kelamin"].to_list()
    assert frame["desa_code"].to_list() == people["desa_kode"].to_list()
    assert frame["no_hp"].to_list() == people["no_hp"].to_list()
    outside = ~people["nik"].str.starts_with("6101")
    assert frame["warnings"].to_list() == [["region_mismatch"] if o else [] for o in outside]
    _assert_counts_add_up(checked)


# --- never a crash ------------------------------------------------------------------------

cell = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(
        [
            NIK_A,
            NIK_B,
            NIK_JAWA,
            "6101011708850000",
            "6.10101E+15",
            "JUMLAH",
            "(1)",
            "17-08-1985",
            "31-02-1985",
            "L",
            "P",
            "Sepadu",
            "Dalam Kaum",
            "081234567890",
            " ",
            "1",
            "2",
        ]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, min_size=6, max_size=6), max_size=25), st.data())
def test_random_cells_never_crash(rows, data):
    header = ["NIK", "NAMA", "TGL LAHIR", "L/P", "DESA", "NO HP"]
    columns = [f"c{i}" for i in range(6)]
    frame = pl.DataFrame([header, *rows], schema=columns, orient="row").with_columns(
        pl.int_range(1, len(rows) + 2, dtype=pl.Int64).alias("_row")
    )
    numbers = None
    if data.draw(st.booleans()):
        flags = [[False] * 6] + [
            data.draw(st.lists(st.booleans(), min_size=6, max_size=6)) for _ in rows
        ]
        numbers = pl.DataFrame(flags, schema={c: pl.Boolean for c in columns}, orient="row")
    raw = RawTable(frame, numbers, "xlsx" if numbers is not None else "csv", None, None, None)
    guess = detect_header(raw)
    checked = check_rows(
        raw, guess, guess.mapping, regency_code=SAMBAS, desa_lookup=lookup(), today=TODAY
    )
    result = checked.frame
    assert result.schema == pl.Schema(OUTPUT_SCHEMA)
    assert result.height + sum(checked.skipped.values()) == len(rows)
    _assert_counts_add_up(checked)
    for row in result.iter_rows(named=True):
        assert row["verdict"] in ("accepted", "warning", "rejected")
        assert set(row["reasons"]) <= set(ALL_REJECTION_CODES)
        assert set(row["warnings"]) <= set(ALL_WARNING_CODES)
        assert (row["message"] != "") == bool(row["reasons"] or row["warnings"])
        assert (row["nik"] is None) == (
            row["verdict"] == "rejected" and any(code.startswith("nik_") for code in row["reasons"])
        )
