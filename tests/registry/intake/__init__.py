"""Helpers for the intake tests: worker lists built in memory as regencies send them."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from functools import cache

from ucj.identity.nik import build_nik
from ucj.regions.codebook import former_names, read_current_rows
from ucj.registry.intake import DesaLookup, check_rows, detect_header, read_table

TODAY = date(2026, 1, 1)
SAMBAS = "61.01"

# Real Sambas NIK prefixes / desa (wilayah.csv): 61.01.01 is kecamatan Sambas.
NIK_A = build_nik("61.01.01", date(1985, 8, 17), "L", 1)  # 6101011708850001
NIK_B = build_nik("61.01.02", date(1990, 3, 5), "P", 12)  # 6101024503900012
NIK_C = build_nik("61.01.18", date(1979, 12, 31), "L", 7)
NIK_JAWA = build_nik("33.01.01", date(1988, 1, 2), "L", 3)  # issued in Cilacap


@cache
def _desa_rows() -> dict[str, list[tuple[str, str, str, str]]]:
    rows = read_current_rows()
    names = {row["kode"]: row["nama"] for row in rows}
    by_regency: dict[str, list[tuple[str, str, str, str]]] = {}
    for row in rows:
        if row["tingkat"] == "desa_kelurahan" and row["kode"].startswith("61."):
            code = row["kode"]
            by_regency.setdefault(code[:5], []).append(
                (code, row["nama"], code[:8], names[code[:8]])
            )
    return by_regency


def lookup(regency: str = SAMBAS) -> DesaLookup:
    """The regency's desa with their earlier names as aliases, as the service builds it."""
    former = [(code, name.name) for code, names in former_names().items()
              if code.startswith(f"{regency}.") for name in names]
    return DesaLookup.from_rows(_desa_rows()[regency], former)


def csv_bytes(
    rows: list[list[object]], *, separator: str = ",", encoding: str = "utf-8", bom: bool = False
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


class Number(float):
    """A value to write as a number cell (plain ints/floats are numbers too)."""


def xlsx_bytes(
    rows: list[list[object]], *, start_row: int = 0, sheets: int = 0, hidden_first: bool = False
) -> bytes:
    """An XLSX with `rows` from Excel row start_row + 1: str -> text cell, int/float ->
    number cell, date/datetime -> date cell (dd-mm-yyyy), None -> no cell. `sheets`
    extra empty (or hidden) sheets come first."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for i in range(sheets):
        extra = workbook.add_worksheet(f"Catatan{i}")
        if hidden_first:
            extra.write_string(0, 0, "NIK")
            extra.write_string(0, 1, "NAMA")
            extra.hide()
    sheet = workbook.add_worksheet("Daftar")
    if hidden_first or sheets:
        sheet.activate()
    text = workbook.add_format({"num_format": "@"})
    day = workbook.add_format({"num_format": "dd-mm-yyyy"})
    for r, row in enumerate(rows, start=start_row):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime | date):
                value = (
                    value
                    if isinstance(value, datetime)
                    else datetime(value.year, value.month, value.day)
                )
                sheet.write_datetime(r, c, value, day)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value, text)
    workbook.close()
    return buffer.getvalue()


def run(
    data: bytes,
    filename: str = "daftar.csv",
    *,
    regency: str = SAMBAS,
    mapping=None,
    today: date = TODAY,
):
    """read -> detect -> check, as the service does; returns (raw, guess, checked)."""
    raw = read_table(data, filename)
    guess = detect_header(raw)
    checked = check_rows(
        raw,
        guess,
        mapping if mapping is not None else guess.mapping,
        regency_code=regency,
        desa_lookup=lookup(regency),
        today=today,
    )
    return raw, guess, checked


HEADER = ["NO", "NIK", "NAMA", "TGL LAHIR", "L/P", "DESA", "KECAMATAN", "JABATAN", "NO. HP"]


def person(
    nik: str,
    name: str = "Budi Santoso",
    born: str = "17-08-1985",
    sex: str = "L",
    desa: str = "Dalam Kaum",
    kecamatan: str = "Sambas",
    job: str = "Ketua RT",
    phone: str = "081234567890",
    no: object = 1,
) -> list[object]:
    return [no, nik, name, born, sex, desa, kecamatan, job, phone]


def by_row(checked) -> dict[int, dict]:
    return {row["row"]: row for row in checked.frame.iter_rows(named=True)}
