"""The annex of a decree as data: its canonical form and SHA-256, the BPJS registration
file (CSV and XLSX), the annex workbook and the rows the PDF prints. Plain Python and
polars, no Django.

The annex frame has the columns of ANNEX_SCHEMA, one row per beneficiary, in annex
order (`number` 1..n).

Canonical form and hash (recorded in the audit trail when a decree is issued, printed
in the PDF and the workbook). For each beneficiary, in the order of `number`, one line
of ten fields separated by a TAB character and ended by a line feed (LF):

    number, NIK (16 digits), name, birth date (YYYY-MM-DD, or empty), sex (L, P or
    empty), desa code (Kemendagri, e.g. 61.01.01.2001), ecosystem code, first month
    (YYYY-MM), number of months, premium for the period (whole rupiah)

encoded as UTF-8; the hash is the SHA-256 of the whole text, in lower-case hex. Every
one of these fields is a column of the BPJS CSV (NO, NIK, NAMA, TANGGAL_LAHIR,
JENIS_KELAMIN, KODE_DESA, KODE_EKOSISTEM, BULAN_MULAI, JUMLAH_BULAN, IURAN), so anyone
holding the CSV can recompute the hash (`hash_of_bpjs_csv`, or `ucj decree hash
FILE.csv`; a CSV made before KODE_EKOSISTEM existed carries the code in EKOSISTEM and
is read as well); a spreadsheet's protective apostrophe before = + - @ is not part of a
value. The workbook shows masked NIKs only (it is for reading), so it cannot be used
alone.

The registration file (CSV for systems, XLSX for people) names the ecosystem in words
(EKOSISTEM) beside its code, and carries the optional columns other systems' exports
add when the registry has them (DOMAIN.md, "BPJS collective registration"): TEMPAT_LAHIR,
NAMA_IBU_KANDUNG, NO_HP and JENIS_PEKERJAAN, empty otherwise. In the XLSX every NIK,
code and phone number is a text cell (number format "@"): a 16-digit NIK typed into a
number cell becomes 6.10101E+15 and loses its last digits.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from datetime import date

import polars as pl

from ucj.core import formatting
from ucj.core.spreadsheets import FORMULA_TRIGGERS, new_workbook, write_csv
from ucj.identity.masking import mask_nik
from ucj.premiums.pricing import add_months

ANNEX_SCHEMA: dict[str, pl.DataType] = {
    "number": pl.Int64, "worker_id": pl.Int64, "nik": pl.String, "name": pl.String,
    "birth_date": pl.Date, "sex": pl.String, "desa_code": pl.String, "desa": pl.String,
    "kecamatan": pl.String, "regency_code": pl.String, "regency": pl.String,
    "ecosystem_code": pl.String, "ecosystem": pl.String, "start_month": pl.Date,
    "months": pl.Int64, "premium": pl.Int64, "change": pl.String,
}

HASHED = ["number", "nik", "name", "birth_date", "sex", "desa_code", "ecosystem_code",
          "start_month", "months", "premium"]

# BPJS CSV header -> annex column (or None: the column is made from the decree).
CSV_COLUMNS = ["NO", "NIK", "NAMA", "TANGGAL_LAHIR", "JENIS_KELAMIN", "TEMPAT_LAHIR",
               "NAMA_IBU_KANDUNG", "ALAMAT", "KODE_DESA", "DESA_KELURAHAN", "KECAMATAN",
               "KABUPATEN_KOTA", "PROVINSI", "NO_HP", "JENIS_PEKERJAAN", "PROGRAM",
               "UPAH_DILAPORKAN", "BULAN_MULAI", "JUMLAH_BULAN", "KODE_EKOSISTEM", "EKOSISTEM",
               "IURAN"]
CSV_HASHED = ["NO", "NIK", "NAMA", "TANGGAL_LAHIR", "JENIS_KELAMIN", "KODE_DESA",
              "KODE_EKOSISTEM", "BULAN_MULAI", "JUMLAH_BULAN", "IURAN"]
# The registry's optional fields a registration file carries (annex frame column ->
# file column); the frame may lack them (then the cells are empty).
OPTIONAL_COLUMNS = {"birth_place": "TEMPAT_LAHIR", "mother_name": "NAMA_IBU_KANDUNG",
                    "phone": "NO_HP", "position": "JENIS_PEKERJAAN"}
# Cells of the XLSX that hold digits but are text: never numbers.
TEXT_COLUMNS = ("NIK", "KODE_DESA", "NO_HP", "TANGGAL_LAHIR", "BULAN_MULAI")


def empty_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=ANNEX_SCHEMA)


def months_of(start: date, count: int) -> list[date]:
    return [add_months(start.replace(day=1), i) for i in range(count)]


def overlap(a_start: date, a_months: int, b_start: date, b_months: int) -> bool:
    return bool(set(months_of(a_start, a_months)) & set(months_of(b_start, b_months)))


# --- canonical form and hash -------------------------------------------------------------


def _clean(expr: pl.Expr) -> pl.Expr:
    """Text as hashed: TAB, CR and LF would break the line format, so they become spaces
    (names never hold them once the intake has normalised them)."""
    return expr.fill_null("").str.replace_all(r"[\t\r\n]", " ")


def canonical_text(frame: pl.DataFrame) -> str:
    if frame.height == 0:
        return ""
    lines = frame.sort("number").select(pl.concat_str([
        pl.col("number").cast(pl.String),
        _clean(pl.col("nik")),
        _clean(pl.col("name")),
        pl.col("birth_date").dt.to_string("%Y-%m-%d").fill_null(""),
        _clean(pl.col("sex")),
        _clean(pl.col("desa_code")),
        _clean(pl.col("ecosystem_code")),
        pl.col("start_month").dt.to_string("%Y-%m"),
        pl.col("months").cast(pl.String),
        pl.col("premium").cast(pl.String),
    ], separator="\t").alias("line"))["line"]
    return "\n".join(lines.to_list()) + "\n"


def annex_sha256(frame: pl.DataFrame) -> str:
    return hashlib.sha256(canonical_text(frame).encode("utf-8")).hexdigest()


# --- the BPJS collective-registration CSV --------------------------------------------------


def bpjs_frame(frame: pl.DataFrame, *, programme: str, declared_income: int,
               province: str = "Kalimantan Barat") -> pl.DataFrame:
    """One row per beneficiary with what BPJS Ketenagakerjaan needs to register them:
    full NIK, name, birth date, sex, address down to the desa, programme, declared income
    and the first month, the ecosystem in words and by code, and the optional columns
    (OPTIONAL_COLUMNS) the frame has."""
    def optional(column: str) -> pl.Expr:
        name = OPTIONAL_COLUMNS[column]
        if column not in frame.columns:
            return pl.lit("").alias(name)
        return pl.col(column).fill_null("").alias(name)

    return frame.sort("number").select(
        pl.col("number").alias("NO"),
        pl.col("nik").alias("NIK"),
        pl.col("name").alias("NAMA"),
        pl.col("birth_date").dt.to_string("%Y-%m-%d").fill_null("").alias("TANGGAL_LAHIR"),
        pl.col("sex").fill_null("").alias("JENIS_KELAMIN"),
        optional("birth_place"),
        optional("mother_name"),
        pl.concat_str([
            pl.lit("Desa/Kel. "), pl.col("desa").fill_null(""), pl.lit(", Kec. "),
            pl.col("kecamatan").fill_null(""), pl.lit(", "), pl.col("regency"),
            pl.lit(f", {province}")]).alias("ALAMAT"),
        pl.col("desa_code").fill_null("").alias("KODE_DESA"),
        pl.col("desa").fill_null("").alias("DESA_KELURAHAN"),
        pl.col("kecamatan").fill_null("").alias("KECAMATAN"),
        pl.col("regency").alias("KABUPATEN_KOTA"),
        pl.lit(province).alias("PROVINSI"),
        optional("phone"),
        optional("position"),
        pl.lit(programme).alias("PROGRAM"),
        pl.lit(declared_income, dtype=pl.Int64).alias("UPAH_DILAPORKAN"),
        pl.col("start_month").dt.to_string("%Y-%m").alias("BULAN_MULAI"),
        pl.col("months").alias("JUMLAH_BULAN"),
        pl.col("ecosystem_code").alias("KODE_EKOSISTEM"),
        pl.col("ecosystem").fill_null("").alias("EKOSISTEM"),
        pl.col("premium").alias("IURAN"),
    )


def bpjs_csv(frame: pl.DataFrame, *, programme: str, declared_income: int) -> bytes:
    buffer = io.BytesIO()
    write_csv(bpjs_frame(frame, programme=programme, declared_income=declared_income), buffer)
    return buffer.getvalue()


def bpjs_xlsx(frame: pl.DataFrame, *, programme: str, declared_income: int,
              info: Sequence[tuple[str, str]] = ()) -> bytes:
    """The registration file as a workbook people open in Excel: sheet "Pendaftaran" with
    the CSV's columns, NIKs, codes and phone numbers as text cells (number format "@",
    so a NIK stays 16 digits), amounts as numbers, the birth date and first month as
    dates; sheet "Keterangan" with `info`."""
    table = bpjs_frame(frame, programme=programme, declared_income=declared_income)
    buffer = io.BytesIO()
    book = new_workbook(buffer, {"constant_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#e8eef5", "border": 1})
    text = book.add_format({"num_format": "@"})
    money = book.add_format({"num_format": "#,##0"})
    day = book.add_format({"num_format": "dd-mm-yyyy"})
    month = book.add_format({"num_format": "mm-yyyy"})
    sheet = book.add_worksheet("Pendaftaran")
    sheet.write_row(0, 0, table.columns, bold)
    kinds = []
    for name, dtype in table.schema.items():
        if name == "TANGGAL_LAHIR":
            kinds.append("day")
        elif name == "BULAN_MULAI":
            kinds.append("month")
        elif name in TEXT_COLUMNS:
            kinds.append("text")
        elif dtype.is_integer():
            kinds.append("money" if name in ("UPAH_DILAPORKAN", "IURAN") else "number")
        else:
            kinds.append("string")
    for index, row in enumerate(table.iter_rows(), start=1):
        for column, (kind, value) in enumerate(zip(kinds, row, strict=True)):
            if kind == "text":
                sheet.write_string(index, column, value or "", text)
            elif kind == "money":
                sheet.write_number(index, column, value, money)
            elif kind == "number":
                sheet.write_number(index, column, value)
            elif kind in ("day", "month") and value:  # real dates, as the CSV's text says
                parsed = date.fromisoformat(value if kind == "day" else value + "-01")
                sheet.write_datetime(index, column, parsed, day if kind == "day" else month)
            else:
                sheet.write_string(index, column, value or "")
    widths = {"NO": 6, "NIK": 19, "NAMA": 28, "ALAMAT": 48, "NAMA_IBU_KANDUNG": 24,
              "EKOSISTEM": 24, "KABUPATEN_KOTA": 22}
    for column, name in enumerate(table.columns):
        # A whole text column is formatted "@" too, so a NIK typed into a new row stays
        # text.
        sheet.set_column(column, column, widths.get(name, 15),
                         text if name in TEXT_COLUMNS else None)
    sheet.freeze_panes(1, 0)
    if info:
        _about_sheet(book, info, bold)
    book.close()
    return buffer.getvalue()


def _unprotect(value: str) -> str:
    """A CSV value without the apostrophe a spreadsheet writer puts before = + - @."""
    if len(value) > 1 and value[0] == "'" and value.lstrip("'")[:1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def hash_of_bpjs_csv(data: bytes) -> tuple[str, int]:
    """The annex hash recomputed from a BPJS CSV, and its number of rows. ValueError
    when a column the hash needs is missing."""
    frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    if "KODE_EKOSISTEM" not in frame.columns and "EKOSISTEM" in frame.columns:
        # A file made before the ecosystem was written in words held its code here.
        frame = frame.with_columns(pl.col("EKOSISTEM").alias("KODE_EKOSISTEM"))
    missing = [c for c in CSV_HASHED if c not in frame.columns]
    if missing:
        raise ValueError(f"kolom {', '.join(missing)} tidak ada di berkas CSV")
    rows = frame.select(CSV_HASHED).fill_null("").rows()
    lines = ["\t".join(_unprotect(v) for v in row) for row in
             sorted(rows, key=lambda r: int(r[0]))]
    text = "\n".join(lines) + "\n" if lines else ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), len(lines)


# --- the annex workbook --------------------------------------------------------------------

WORKBOOK_HEADERS = ["No", "NIK (tersamar)", "Nama", "Desa/Kelurahan", "Kecamatan",
                    "Kabupaten/Kota", "Ekosistem", "Bulan mulai", "Jumlah bulan",
                    "Iuran (Rp)", "Perubahan"]
CHANGE_TEXT = {"": "", "kept": "tetap", "added": "ditambahkan"}


def annex_workbook(frame: pl.DataFrame, *, info: Sequence[tuple[str, str]],
                   removed: Sequence[tuple[str, str, str]] = ()) -> bytes:
    """Sheet "Lampiran": the beneficiaries with masked NIKs; sheet "Keterangan": the
    decree and its hash (`info` pairs); sheet "Dikeluarkan" for an amendment: who left
    the annex (masked NIK, name, reason)."""
    buffer = io.BytesIO()
    book = new_workbook(buffer, {"constant_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#e8eef5", "border": 1})
    money = book.add_format({"num_format": "#,##0"})
    sheet = book.add_worksheet("Lampiran")
    sheet.write_row(0, 0, WORKBOOK_HEADERS, bold)
    rows = frame.sort("number").select(
        "number", pl.col("nik").map_elements(mask_nik, return_dtype=pl.String), "name",
        pl.col("desa").fill_null(""), pl.col("kecamatan").fill_null(""), "regency",
        "ecosystem", "start_month", "months", "premium",
        pl.col("change").fill_null("").replace_strict(CHANGE_TEXT, default=""))
    month = book.add_format({"num_format": "mm-yyyy"})
    for index, row in enumerate(rows.iter_rows(), start=1):
        sheet.write_row(index, 0, row[:7])
        sheet.write_datetime(index, 7, row[7], month)
        sheet.write_number(index, 8, row[8])
        sheet.write_number(index, 9, row[9], money)
        sheet.write_string(index, 10, row[10])
    sheet.write(rows.height + 1, 8, "Jumlah", bold)
    sheet.write_number(rows.height + 1, 9, int(frame["premium"].sum() or 0), money)
    for column, width in enumerate([7, 19, 30, 22, 18, 22, 22, 11, 12, 14, 12]):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    _about_sheet(book, info, bold)
    if removed:
        gone = book.add_worksheet("Dikeluarkan")
        gone.write_row(0, 0, ["NIK (tersamar)", "Nama", "Alasan"], bold)
        for index, (nik, name, reason) in enumerate(removed, start=1):
            gone.write_row(index, 0, [mask_nik(nik), name, reason])
        gone.set_column(0, 2, 28)
    book.close()
    return buffer.getvalue()


# --- the rows the PDF prints ----------------------------------------------------------------


def thousands(number: int) -> str:
    return formatting.thousands(number)


def pdf_rows(frame: pl.DataFrame) -> list[list[str]]:
    """[no, masked NIK, name, desa, kecamatan, regency, ecosystem, premium] as text."""
    rows = frame.sort("number").select(
        pl.col("number").cast(pl.String),
        pl.col("nik").map_elements(mask_nik, return_dtype=pl.String),
        "name", pl.col("desa").fill_null(""), pl.col("kecamatan").fill_null(""),
        pl.col("regency").str.replace(r"^Kabupaten ", "Kab. "), "ecosystem",
        pl.col("premium").map_elements(thousands, return_dtype=pl.String))
    return [list(r) for r in rows.iter_rows()]


def _about_sheet(book, info: list[tuple[str, str]], bold) -> None:
    """The "Keterangan" sheet: what the workbook is, label and text per line."""
    about = book.add_worksheet("Keterangan")
    for index, (label, value) in enumerate(info):
        about.write_string(index, 0, label, bold)
        about.write_string(index, 1, value)
    about.set_column(0, 0, 28)
    about.set_column(1, 1, 100)
