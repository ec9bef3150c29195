"""Reading and checking BPJS aggregate counts (CSV/XLSX): polars, no Django.

BPJS reports active participants per regency, month and category. Files come long (one
row per regency, month and category, with a KATEGORI column) or wide (one row per
regency and month, a column per category: PU, BPU, JAKON, PMI); both are read.

    checked = read_counts(data, "rekap-juni.xlsx", today=date(2026, 7, 5),
                          province="61", default_source="BPJS Ketenagakerjaan")
    checked.counts    # regency, month, category, active, source (accepted rows)
    checked.rows      # every data row: row, verdict, reasons, message
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import polars as pl

from ucj.membership.extract import month_start, regency_codes
from ucj.regions.codebook import Codebook, load_codebook
from ucj.registry.intake.headers import normalise_header
from ucj.registry.intake.reader import RawTable, UnreadableFile, read_table

CATEGORIES = ("PU", "BPU", "JAKON", "PMI")
MAX_HEADER_SCAN = 30

MESSAGES = {
    "regency_unknown": "Kode kabupaten/kota tidak dikenal. Tulis kode Kemendagri seperti 61.01.",
    "regency_outside": "Kabupaten/kota ini bukan bagian dari provinsi.",
    "month_invalid": "Bulan tidak terbaca. Tulis seperti 2026-06.",
    "month_future": "Bulan ini belum lewat.",
    "category_invalid": "Kategori harus PU, BPU, JAKON atau PMI.",
    "count_invalid": "Jumlah peserta aktif harus bilangan bulat 0 atau lebih, tanpa titik desimal.",
    "duplicate_in_file": "Kabupaten/kota, bulan dan kategori yang sama sudah ada di baris lain.",
}

_RULES = tuple((re.compile(pattern), field) for pattern, field in (
    (r"\bKODE\b|^KD\b|^REGENCY CODE$", "kode_wilayah"),
    (r"^(BULAN|PERIODE|BLTH|BLN|MONTH)\b", "bulan"),
    (r"^(KATEGORI|SEGMEN|PROGRAM|CATEGORY)\b", "kategori"),
    (r"\b(AKTIF|JUMLAH|PESERTA|ACTIVE)\b", "aktif"),
    (r"^(SUMBER|SOURCE)\b", "sumber"),
    (r"^(PU|BPU|JAKON|PMI)$", "wide"),
))


class CountsError(ValueError):
    """The file cannot be read as counts; str() says why in Indonesian."""


@dataclass(frozen=True)
class CheckedCounts:
    rows: pl.DataFrame  # row, verdict, reasons (list), message
    counts: pl.DataFrame  # regency, month, category, active, source

    @property
    def rejected(self) -> int:
        return int((self.rows["verdict"] == "rejected").sum())

    @property
    def reasons(self) -> dict[str, int]:
        codes = self.rows.select(pl.col("reasons").explode()).drop_nulls()
        return dict(codes.group_by("reasons").len().sort("reasons").iter_rows())


def _header(raw: RawTable) -> tuple[int, dict[str, str], dict[str, str]]:
    """The header row, field -> column, and (wide files) category -> column."""
    for index, row in enumerate(raw.frame.head(MAX_HEADER_SCAN).iter_rows(named=True)):
        fields: dict[str, str] = {}
        wide: dict[str, str] = {}
        for column in raw.data_columns:
            normalised = normalise_header(row[column])
            for pattern, field in _RULES:
                if pattern.search(normalised):
                    if field == "wide":
                        wide.setdefault(normalised, column)
                    else:
                        fields.setdefault(field, column)
                    break
        long_form = {"kode_wilayah", "bulan", "kategori", "aktif"} <= set(fields)
        if long_form or ({"kode_wilayah", "bulan"} <= set(fields) and wide):
            return index, fields, ({} if long_form else wide)
    raise CountsError(
        "Judul kolom tidak ditemukan. Berkas rekap harus memuat kolom KODE WILAYAH, BULAN, "
        "lalu KATEGORI dan JUMLAH AKTIF, atau satu kolom per kategori (PU, BPU, JAKON, PMI).")


def check_counts(raw: RawTable, *, province: str, default_source: str, today: date,
                 codebook: Codebook | None = None) -> CheckedCounts:
    codebook = codebook or load_codebook()
    index, fields, wide = _header(raw)
    body = raw.frame.slice(index + 1)
    base = [pl.col("_row").cast(pl.Int64).alias("row"),
            pl.col(fields["kode_wilayah"]).alias("kode_wilayah"),
            pl.col(fields["bulan"]).alias("bulan"),
            (pl.col(fields["sumber"]) if "sumber" in fields
             else pl.lit(None, pl.String)).alias("sumber")]
    if wide:
        # One row per category; the row number stays the file's.
        long = pl.concat([body.select(*base, pl.lit(category).alias("kategori"),
                                      pl.col(column).alias("aktif"))
                          for category, column in wide.items()])
    else:
        long = body.select(*base, pl.col(fields["kategori"]).alias("kategori"),
                           pl.col(fields["aktif"]).alias("aktif"))
    long = long.with_columns(pl.col(pl.String).str.strip_chars().replace("", None))
    long = long.filter(~pl.all_horizontal(
        pl.col(c).is_null() for c in ("kode_wilayah", "bulan", "kategori", "aktif")))
    if long.height == 0:
        raise CountsError("Berkas tidak berisi baris data di bawah judul kolom.")
    this_month = date(today.year, today.month, 1)
    frame = long.with_columns(
        regency=regency_codes(long["kode_wilayah"].fill_null(""), codebook),
        month=month_start(pl.col("bulan")),
        category=pl.col("kategori").str.to_uppercase(),
        active=pl.col("aktif").str.replace_all(r"[.\s]", "").str.replace(r",0+$", "")
        .cast(pl.Int64, strict=False),
    ).with_columns(
        copies=pl.len().over("regency", "month", "category"),
    )
    checks = [
        (pl.col("regency").is_null(), "regency_unknown"),
        (pl.col("regency").is_not_null() & ~pl.col("regency").str.starts_with(f"{province}."),
         "regency_outside"),
        (pl.col("month").is_null(), "month_invalid"),
        (pl.col("month") >= pl.lit(this_month), "month_future"),
        (~pl.col("category").is_in(CATEGORIES).fill_null(False), "category_invalid"),
        (pl.col("active").is_null() | (pl.col("active") < 0), "count_invalid"),
        (pl.col("regency").is_not_null() & pl.col("month").is_not_null()
         & (pl.col("copies") > 1), "duplicate_in_file"),
    ]
    frame = frame.with_columns(
        reasons=pl.concat_list([pl.when(flag.fill_null(False)).then(pl.lit(code))
                                for flag, code in checks]).list.drop_nulls().list.unique(
            maintain_order=True),
    ).with_columns(
        message=pl.col("reasons").list.eval(pl.element().replace_strict(MESSAGES))
        .list.join(" "),
    )
    # A wide row is one verdict: rejected when any of its categories is.
    rows = (frame.group_by("row", maintain_order=True)
            .agg(pl.col("reasons").list.explode(keep_nulls=False, empty_as_null=False)
                 .unique(maintain_order=True),
                 pl.col("message").filter(pl.col("message") != "").unique(maintain_order=True)
                 .str.join(" "))
            .with_columns(verdict=pl.when(pl.col("reasons").list.len() > 0)
                          .then(pl.lit("rejected")).otherwise(pl.lit("accepted")))
            .select("row", "verdict", "reasons", "message"))
    counts = frame.filter(pl.col("reasons").list.len() == 0).select(
        "regency", "month", "category", "active",
        pl.col("sumber").fill_null(default_source).str.slice(0, 255).alias("source"))
    return CheckedCounts(rows=rows, counts=counts)


def read_counts(data: bytes, file_name: str, **options) -> CheckedCounts:
    try:
        raw = read_table(data, file_name)
    except UnreadableFile as error:
        raise CountsError(str(error)) from None
    return check_counts(raw, **options)
