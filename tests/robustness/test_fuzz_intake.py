"""Fuzzing the intake parser (issue 9.3): whatever bytes arrive, reading and checking a
worker list ends in verdicts per row or in a clean message (UnreadableFile), never in
another exception or a crash. Bounded for CI (a few hundred examples, no deadline)."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ucj.core.spreadsheets import new_workbook
from ucj.registry.intake import DesaLookup, check_rows, detect_header, read_table
from ucj.registry.intake.reader import UnreadableFile

FUZZ = settings(max_examples=200, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LOOKUP = DesaLookup.from_rows([("61.01.01.2001", "Sepadu", "61.01.01", "Sambas"),
                               ("61.01.02.2001", "Sepadu", "61.01.02", "Teluk Keramat")])
HEADERS = ["NIK", "NAMA", "NAMA LENGKAP", "TANGGAL LAHIR", "TGL LAHIR", "JENIS KELAMIN",
           "DESA", "KECAMATAN", "NO HP", "JABATAN", "INSTANSI", "KETERANGAN", "", "=NIK"]
CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["6101014101900001", "6101010101900000", "610101410190000", "=1+1",
                     "-", "01-01-1990", "1990-13-45", "31/02/1990", "L", "P", "Sepadu",
                     "+62 812 3456 7890", "6.10101E+15", "\x00", "\"", "'", "\n", ";", ","]),
    st.integers(min_value=-10**17, max_value=10**17).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def pipeline(data: bytes, name: str) -> str:
    """What the upload and the background intake do with a file, without a database:
    'refused' with a message, 'mapping' (the operator is asked for the columns), or
    'checked' with one verdict per data row."""
    try:
        raw = read_table(data, name)
        guess = detect_header(raw)
    except UnreadableFile as refused:
        assert str(refused).strip(), "a refusal must say why"
        return "refused"
    if guess.missing_required:
        return "mapping"
    checked = check_rows(raw, guess, guess.mapping, regency_code="61.01", desa_lookup=LOOKUP,
                         today=date(2026, 6, 30))
    frame = checked.frame
    assert set(frame["verdict"].unique().to_list()) <= {"accepted", "warning", "rejected"}
    assert frame.filter(pl.col("verdict") == "rejected")["message"].null_count() == 0
    return "checked"


@FUZZ
@given(data=st.binary(max_size=4096), name=st.sampled_from(["d.csv", "d.xlsx", "d.txt", "d"]))
def test_any_bytes(data, name):
    pipeline(data, name)


@st.composite
def csv_files(draw) -> bytes:
    separator = draw(st.sampled_from([",", ";", "\t", "|"]))
    width = draw(st.integers(min_value=1, max_value=8))
    header = [draw(st.sampled_from(HEADERS)) for _ in range(width)]
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=width + 2), max_size=12))
    lines = []
    if draw(st.booleans()):
        lines.append(f"sep={separator}")
    if draw(st.booleans()):
        lines.append("DAFTAR PEKERJA RENTAN")
    for record in [header, *rows]:
        cells = []
        for cell in record:
            quoted = draw(st.booleans())
            cells.append('"' + cell.replace('"', '""') + '"' if quoted else cell)
        lines.append(separator.join(cells))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


@FUZZ
@given(data=csv_files())
def test_structured_csv(data):
    pipeline(data, "daftar.csv")


@st.composite
def xlsx_files(draw) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet()
    width = draw(st.integers(min_value=1, max_value=6))
    for column in range(width):
        sheet.write_string(0, column, draw(st.sampled_from(HEADERS)))
    for row in range(1, draw(st.integers(min_value=0, max_value=8)) + 1):
        for column in range(width):
            kind = draw(st.sampled_from(["text", "number", "blank"]))
            if kind == "text":
                sheet.write_string(row, column, draw(CELL))
            elif kind == "number":
                sheet.write_number(row, column, draw(st.floats(allow_nan=False,
                                                              allow_infinity=False)))
    book.close()
    data = buffer.getvalue()
    mutation = draw(st.sampled_from(["none", "truncate", "flip", "member"]))
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    if mutation == "truncate":
        data = data[: rng.randrange(1, len(data))]
    elif mutation == "flip":
        noisy = bytearray(data)
        for _ in range(rng.randrange(1, 20)):
            noisy[rng.randrange(len(noisy))] = rng.randrange(256)
        data = bytes(noisy)
    elif mutation == "member":  # a sheet replaced by fuzzed XML
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in source.infolist():
                body = source.read(member)
                if member.filename == "xl/worksheets/sheet1.xml":
                    body = draw(st.sampled_from([
                        body[: len(body) // 2],
                        body.replace(b'r="A1"', b'r="ZZZ99999999"'),
                        body.replace(b"<sheetData>", b"<sheetData><row r=\"-1\">"),
                        b"<worksheet/>",
                    ]))
                target.writestr(member.filename, body)
        data = out.getvalue()
    return data


@settings(max_examples=120, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=xlsx_files())
def test_structured_and_damaged_xlsx(data):
    pipeline(data, "daftar.xlsx")
