"""The checked-file workbook a regency downloads: its own rows, each with the verdict,
the reason codes and what to fix, so it can correct and resend only the rejected rows.

Plain Python (polars, xlsxwriter). Every cell is written as text: a NIK stays a string,
and a value starting with = + - @ is never read by Excel as a formula
(ucj.core.spreadsheets). Only a date cell of the file (read as "1988-05-15 00:00:00")
goes back as a date, shown 15-05-1988."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from ucj.core.spreadsheets import new_workbook

# What the reader makes of a date cell (a datetime at midnight), or an ISO day.
_DATE_CELL = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?")

VERDICT_LABELS = {
    "accepted": "DITERIMA",
    "warning": "DITERIMA DENGAN PERINGATAN",
    "rejected": "DITOLAK",
}


@dataclass(frozen=True)
class WorkbookTexts:
    """The workbook's own words; Indonesian here, the caller passes the reader's language
    (ucj.registry.selectors.error_workbook)."""

    sheet: str = "Hasil pemeriksaan"
    row: str = "BARIS"
    status: str = "STATUS"
    codes: str = "KODE ALASAN"
    explanation: str = "KETERANGAN"
    verdicts: Mapping[str, str] = field(default_factory=lambda: dict(VERDICT_LABELS))
    summary_sheet: str = "Ringkasan"
    kind: str = "JENIS"
    code: str = "KODE"
    rows: str = "JUMLAH BARIS"
    meaning: str = "ARTI DAN CARA MEMPERBAIKI"
    guide_sheet: str = "Petunjuk"
    guide: Sequence[str] = (
        "Cara memakai berkas ini",
        "1. Lembar 'Hasil pemeriksaan' memuat baris-baris berkas Anda dengan tiga kolom "
        "tambahan: STATUS, KODE ALASAN dan KETERANGAN.",
        "2. Baris DITOLAK (merah) tidak masuk registri. Perbaiki isinya sesuai KETERANGAN.",
        "3. Baris DITERIMA DENGAN PERINGATAN (kuning) sudah masuk registri; periksa kembali "
        "datanya.",
        "4. Kirim ulang hanya baris yang diperbaiki: hapus kolom BARIS, STATUS, KODE ALASAN "
        "dan KETERANGAN, lalu unggah sebagai berkas baru.",
        "5. Kolom NIK harus berformat Teks. Jangan menyalin NIK sebagai angka: Excel hanya "
        "menyimpan 15 digit dan digit terakhir NIK akan hilang.",
    )


def build_error_workbook(
    *,
    rows: pl.DataFrame,
    headers: Sequence[str],
    results: pl.DataFrame,
    summary: Mapping[str, object],
    code_counts: Sequence[tuple[str, str, int, str]],
    only_problems: bool = False,
    texts: WorkbookTexts | None = None,
) -> bytes:
    """`rows`: the file's data rows, a `_row` column (row number in the file) and one
    text column per entry of `headers`, in order. `results`: `row_number`, `verdict`,
    `reasons`, `warnings`, `message`. `code_counts`: (kind, code, rows, meaning)."""
    texts = texts or WorkbookTexts()
    table = results.join(rows, left_on="row_number", right_on="_row", how="left")
    if only_problems:
        table = table.filter(pl.col("verdict") != "accepted")
    table = table.sort("row_number")
    data_columns = [c for c in rows.columns if c != "_row"]

    buffer = io.BytesIO()
    book = new_workbook(buffer)
    bold = book.add_format({"bold": True, "bg_color": "#DDE7EE", "border": 1, "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    shades = {"rejected": {"bg_color": "#F8D7DA"}, "warning": {"bg_color": "#FFF3CD"},
              "accepted": {}}
    styles = {verdict: book.add_format({"num_format": "@", **shade}) if shade else text
              for verdict, shade in shades.items()}
    day_styles = {verdict: book.add_format({"num_format": "dd-mm-yyyy", **shade})
                  for verdict, shade in shades.items()}

    sheet = book.add_worksheet(texts.sheet[:31])
    titles = [texts.row, *headers, texts.status, texts.codes, texts.explanation]
    for column, title in enumerate(titles):
        sheet.write_string(0, column, title, bold)
    for line, record in enumerate(
        table.select(
            "row_number", *data_columns, "verdict", "reasons", "warnings", "message"
        ).iter_rows(),
        start=1,
    ):
        row_number, *values, verdict, reasons, warnings, message = record
        style = styles.get(verdict, text)
        sheet.write_number(line, 0, row_number)
        for column, value in enumerate(values, start=1):
            day = _as_date(value)
            if day is not None:
                sheet.write_datetime(line, column, day, day_styles.get(verdict, day_styles["accepted"]))
            else:
                sheet.write_string(line, column, "" if value is None else str(value), style)
        codes = ", ".join(code for code in (reasons, warnings) if code)
        base = len(values) + 1
        sheet.write_string(line, base, texts.verdicts.get(verdict, verdict), style)
        sheet.write_string(line, base + 1, codes, style)
        sheet.write_string(line, base + 2, message or "", style)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(table.height, 1), len(titles) - 1)
    sheet.set_column(1, len(headers), 18, text)
    sheet.set_column(len(headers) + 1, len(headers) + 2, 24)
    sheet.set_column(len(headers) + 3, len(headers) + 3, 80)

    overview = book.add_worksheet(texts.summary_sheet[:31])
    overview.set_column(0, 0, 34)
    overview.set_column(1, 1, 16)
    overview.set_column(2, 3, 60)
    for line, (label, value) in enumerate(summary.items()):
        overview.write_string(line, 0, str(label), bold)
        if isinstance(value, int):  # counts as numbers
            overview.write_number(line, 1, value)
        else:
            overview.write_string(line, 1, str(value))
    start = len(summary) + 1
    for column, title in enumerate([texts.kind, texts.code, texts.rows, texts.meaning]):
        overview.write_string(start, column, title, bold)
    for line, (kind, code, count, meaning) in enumerate(code_counts, start=start + 1):
        overview.write_string(line, 0, kind)
        overview.write_string(line, 1, code)
        overview.write_number(line, 2, count)
        overview.write_string(line, 3, meaning)

    guide = book.add_worksheet(texts.guide_sheet[:31])
    guide.set_column(0, 0, 110)
    for line, sentence in enumerate(texts.guide):
        guide.write_string(line, 0, sentence, bold if line == 0 else None)
    book.close()
    return buffer.getvalue()


def _as_date(value: object) -> date | None:
    match = _DATE_CELL.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:  # 2026-02-30 stays the text it was
        return None
