"""Checking extract rows (pure: no database)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from ucj.membership.extract import ExtractError, read_extract
from ucj.registry.intake.reader import read_table

from .conftest import extract_csv, participant, person

AS_OF = date(2026, 6, 30)
SITI = person(1, "Siti Aminah", date(1990, 7, 1), sex="P")
BUDI = person(2, "Budi Santoso", date(1985, 3, 12))


def check(rows, **options):
    return read_extract(extract_csv(rows), "ekstrak.csv", as_of=AS_OF, **options)


def verdicts(checked) -> dict[int, list[str]]:
    return {row: reasons for row, reasons in checked.rows.select("row", "reasons").iter_rows()}


def test_accepted_rows_become_participants_with_normalised_values():
    checked = check([
        participant(SITI, "11111111111", category="Bukan Penerima Upah", paid="05/2026"),
        participant(BUDI, "2222.2222.222", status="Non Aktif", category="pu", paid="202512"),
    ])
    assert checked.counts == {"rows": 2, "accepted": 2, "rejected": 0}
    assert checked.header_row == 3  # under the title row and a blank row
    rows = checked.participants.sort("kpj").to_dicts()
    assert rows[0] == {"nik": SITI.nik, "kpj": "11111111111", "name": "Siti Aminah",
                       "birth_date": SITI.born, "category": "BPU", "status": "AKTIF",
                       "last_paid": date(2026, 5, 1), "regency_code": "61.01"}
    assert (rows[1]["kpj"], rows[1]["category"], rows[1]["status"], rows[1]["last_paid"]) == (
        "22222222222", "PU", "NONAKTIF", date(2025, 12, 1))


@pytest.mark.parametrize(("change", "code"), [
    ({"nik": "6.10101E+15"}, "nik_scientific"),
    ({"nik": "610101010190"}, "nik_length"),
    ({"kpj": ""}, "kpj_missing"),
    ({"kpj": "KPJ-12AB"}, "kpj_format"),
    ({"name": ""}, "name_missing"),
    ({"born": "31-02-1990"}, "birth_date_invalid"),
    ({"category": "ASN"}, "category_invalid"),
    ({"status": "PENDING"}, "status_invalid"),
    ({"paid": "Mei"}, "last_paid_invalid"),
    ({"paid": "2026-08"}, "last_paid_future"),
    ({"regency": "99.99"}, "regency_unknown"),
])
def test_each_bad_value_gets_its_reason_code(change, code):
    good = list(participant(BUDI, "33333333333"))
    position = {"nik": 0, "kpj": 1, "name": 2, "born": 3, "category": 4, "status": 5,
                "paid": 6, "regency": 7}
    bad = [good[0], "44444444444", *good[2:]]
    for field, value in change.items():
        bad[position[field]] = value
    checked = check([tuple(good), tuple(bad)])
    found = verdicts(checked)
    assert found[4] == [], found
    assert code in found[5], found
    assert checked.counts["rejected"] == 1
    assert checked.participants.height == 1
    assert checked.reasons.get(code) == 1


def test_a_kpj_given_twice_rejects_the_later_row_and_names_the_first():
    checked = check([participant(SITI, "55555555555"), participant(BUDI, "55555555555")])
    rejected = checked.rows.filter(pl.col("verdict") == "rejected").to_dicts()
    assert [r["row"] for r in rejected] == [5]
    assert rejected[0]["reasons"] == ["kpj_duplicate"]
    assert "baris 4" in rejected[0]["message"]


def test_one_person_may_hold_several_kpj():
    checked = check([participant(SITI, "66666666661", category="BPU"),
                     participant(SITI, "66666666662", category="PU", status="NONAKTIF")])
    assert checked.counts["accepted"] == 2


def test_missing_columns_are_named():
    data = b"NIK,NAMA,TANGGAL LAHIR\n6101014107900001,Siti,1990-07-01\n"
    with pytest.raises(ExtractError, match="KPJ"):
        read_extract(data, "salah.csv", as_of=AS_OF)


def test_blank_rows_are_skipped_not_rejected():
    data = extract_csv([participant(SITI, "77777777777")]) + b",,,,,,,\n"
    checked = read_extract(data, "ekstrak.csv", as_of=AS_OF)
    assert checked.counts == {"rows": 1, "accepted": 1, "rejected": 0}


def test_xlsx_extract_with_text_niks(tmp_path):
    import xlsxwriter

    path = tmp_path / "ekstrak.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    header = ["NIK", "KPJ", "NAMA", "TANGGAL LAHIR", "SEGMEN", "STATUS KEPESERTAAN",
              "BLTH", "KODE WILAYAH"]
    sheet.write_row(0, 0, header)
    sheet.write_row(1, 0, [SITI.nik, "88888888888", SITI.name, "01-07-1990", "BPU", "AKTIF",
                           "2026-06", "61.01"])
    # A Kalbar NIK stored as a number is still exact (below 2**53), so it is kept.
    sheet.write_number(2, 0, float(BUDI.nik))
    sheet.write_row(2, 1, ["99999999999", BUDI.name, "12-03-1985", "PU", "AKTIF", "2026-06",
                           "6101"])
    book.close()
    raw = read_table(path.read_bytes(), path.name)
    assert raw.source_format == "xlsx"
    checked = read_extract(path.read_bytes(), path.name, as_of=AS_OF)
    found = verdicts(checked)
    assert found[2] == []
    assert found[3] == []
    assert sorted(checked.participants["nik"]) == sorted([SITI.nik, BUDI.nik])
