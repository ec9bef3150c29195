"""The pure annex module: canonical form, hash, BPJS CSV (formula-safe) and months."""

from datetime import date

import polars as pl

from ucj.decrees import annex


def frame(names: list[str]) -> pl.DataFrame:
    rows = [{"number": i + 1, "worker_id": i + 1, "nik": f"61010141079{i:05d}", "name": name,
             "birth_date": date(1990, 7, 1), "sex": "P", "desa_code": "61.01.01.2001",
             "desa": "Sebubus", "kecamatan": "Paloh", "regency_code": "61.01",
             "regency": "Kabupaten Sambas", "ecosystem_code": "rentan",
             "ecosystem": "Pekerja rentan", "start_month": date(2025, 1, 1), "months": 12,
             "premium": 201_600, "change": ""} for i, name in enumerate(names)]
    return pl.DataFrame(rows, schema=annex.ANNEX_SCHEMA)


def test_canonical_form_is_documented_tab_separated_lines():
    text = annex.canonical_text(frame(["SITI AMINAH"]))
    assert text == ("1\t6101014107900000\tSITI AMINAH\t1990-07-01\tP\t61.01.01.2001\trentan\t"
                    "2025-01\t12\t201600\n")


def test_hash_changes_with_any_hashed_field_and_is_recomputed_from_the_csv():
    annexed = frame(["SITI AMINAH", "=HYPERLINK(\"x\")", "BUDI"])
    digest = annex.annex_sha256(annexed)
    assert digest != annex.annex_sha256(frame(["SITI AMINAH", "=HYPERLINK(\"x\")", "BUDl"]))
    data = annex.bpjs_csv(annexed, programme="BPU JKK+JKM", declared_income=1_000_000)
    assert b"'=HYPERLINK" in data  # neutralised for spreadsheets...
    assert annex.hash_of_bpjs_csv(data) == (digest, 3)  # ...and still the same value


def test_months_and_overlap():
    assert annex.months_of(date(2025, 11, 15), 3) == [date(2025, 11, 1), date(2025, 12, 1),
                                                     date(2026, 1, 1)]
    assert annex.overlap(date(2025, 1, 1), 12, date(2025, 12, 1), 6)
    assert not annex.overlap(date(2025, 1, 1), 6, date(2025, 7, 1), 6)
