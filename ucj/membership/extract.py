"""Reading and checking a BPJS Ketenagakerjaan membership extract (CSV/XLSX): polars, no
Django.

An extract is a machine export, but it passes through hands (Excel, renamed columns), so
it is read like a regency list: the same reader, the header row found among the first
rows, NIKs checked with the intake's rules. Every data row gets a verdict; the accepted
rows become the participants of one extract version.

    raw = read_table(data, filename)
    checked = check_extract(raw, as_of=date(2026, 6, 30))
    checked.participants      # PARTICIPANT_SCHEMA, accepted rows only
    checked.rows              # every data row: row, verdict, reasons, message, inputs
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import polars as pl

from ucj.regions.codebook import Codebook, load_codebook
from ucj.registry.intake.dates import parse_birth_dates
from ucj.registry.intake.headers import normalise_header
from ucj.registry.intake.niks import check_niks
from ucj.registry.intake.reader import RawTable, UnreadableFile, read_table

FIELDS = ("nik", "kpj", "nama", "tanggal_lahir", "kategori", "status", "bulan_bayar",
          "kode_wilayah")
REQUIRED = FIELDS

FIELD_LABELS = {
    "nik": "NIK",
    "kpj": "No. KPJ",
    "nama": "Nama",
    "tanggal_lahir": "Tanggal lahir",
    "kategori": "Kategori (PU/BPU/JAKON/PMI)",
    "status": "Status (AKTIF/NONAKTIF)",
    "bulan_bayar": "Bulan terakhir dibayar (YYYY-MM)",
    "kode_wilayah": "Kode kabupaten/kota (Kemendagri)",
}

CATEGORIES = ("PU", "BPU", "JAKON", "PMI")
STATUSES = ("AKTIF", "NONAKTIF")

PARTICIPANT_SCHEMA = {
    "nik": pl.String,
    "kpj": pl.String,
    "name": pl.String,
    "birth_date": pl.Date,
    "category": pl.String,
    "status": pl.String,
    "last_paid": pl.Date,  # the first day of the last month paid
    "regency_code": pl.String,  # Kemendagri, "61.01"
}

MESSAGES: dict[str, str] = {
    "kpj_missing": "Nomor KPJ kosong. Isi nomor kepesertaan BPJS Ketenagakerjaan.",
    "kpj_format": "Nomor KPJ harus berupa angka (8 sampai 16 digit), tanpa huruf atau tanda.",
    "kpj_duplicate": "Nomor KPJ ini sudah muncul di baris sebelumnya; satu KPJ hanya satu baris.",
    "name_missing": "Nama peserta kosong.",
    "birth_date_invalid": "Tanggal lahir kosong atau tidak terbaca. Tulis seperti 31-12-1980.",
    "category_invalid": "Kategori harus PU, BPU, JAKON atau PMI.",
    "status_invalid": "Status harus AKTIF atau NONAKTIF.",
    "last_paid_invalid": "Bulan terakhir dibayar tidak terbaca. Tulis seperti 2026-05.",
    "last_paid_future": "Bulan terakhir dibayar jatuh setelah tanggal ekstrak.",
    "regency_unknown": "Kode kabupaten/kota tidak dikenal. Tulis kode Kemendagri seperti 61.01.",
}

MAX_HEADER_SCAN = 30

# (pattern on the normalised header, field), first match wins.
_RULES = tuple((re.compile(pattern), field) for pattern, field in (
    (r"^(NO |NOMOR )?(KPJ|KARTU PESERTA|NO PESERTA|NOMOR PESERTA)\b", "kpj"),
    (r"^(NIK|NO KTP|NOMOR KTP|NOMOR INDUK KEPENDUDUKAN|NO IDENTITAS)\b", "nik"),
    (r"\b(TGL|TANGGAL)\b.*\bLAHIR\b|^(TGL LHR|DOB|BIRTH DATE)$", "tanggal_lahir"),
    (r"^(KATEGORI|SEGMEN|JENIS KEPESERTAAN|PROGRAM|CATEGORY)\b", "kategori"),
    (r"^(STATUS|STATUS KEPESERTAAN|STATUS PESERTA)$", "status"),
    (r"\b(BULAN|BLTH|BLN)\b.*\b(BAYAR|IURAN|TERAKHIR)\b|^(BLTH|LAST PAID|IURAN TERAKHIR)$",
     "bulan_bayar"),
    (r"\b(KODE)\b.*\b(WILAYAH|KAB|KABUPATEN|KOTA|DAERAH)\b|^(KODE KAB|KD KAB|REGENCY CODE)$",
     "kode_wilayah"),
    (r"^(NAMA|NAMA PESERTA|NAMA LENGKAP|NAME)$", "nama"),
))

_CATEGORY_WORDS = {
    "PU": "PU", "PENERIMA UPAH": "PU", "WAGE EARNER": "PU",
    "BPU": "BPU", "BUKAN PENERIMA UPAH": "BPU", "NON PU": "BPU",
    "JAKON": "JAKON", "JASA KONSTRUKSI": "JAKON", "JASKON": "JAKON",
    "PMI": "PMI", "PEKERJA MIGRAN INDONESIA": "PMI", "PEKERJA MIGRAN": "PMI",
}
_STATUS_WORDS = {
    "AKTIF": "AKTIF", "ACTIVE": "AKTIF",
    "NONAKTIF": "NONAKTIF", "NON AKTIF": "NONAKTIF", "TIDAK AKTIF": "NONAKTIF",
    "INACTIVE": "NONAKTIF",
}


class ExtractError(ValueError):
    """The file cannot be read as an extract; str() says why in Indonesian. `code` and the
    fields missing and found let the application say it in the reader's language
    (membership.services.extract_error_message)."""

    def __init__(self, message: str, *, code: str = "", missing: tuple[str, ...] = (),
                 found: tuple[str, ...] = ()):
        super().__init__(message)
        self.code, self.missing, self.found = code, missing, found


@dataclass(frozen=True)
class CheckedExtract:
    header_row: int
    mapping: dict[str, str]  # field -> column id
    rows: pl.DataFrame  # every data row: row, verdict, reasons (list), message, inputs
    participants: pl.DataFrame  # accepted rows, PARTICIPANT_SCHEMA

    @property
    def counts(self) -> dict[str, int]:
        rejected = int((self.rows["verdict"] == "rejected").sum())
        return {"rows": self.rows.height, "accepted": self.rows.height - rejected,
                "rejected": rejected}

    @property
    def reasons(self) -> dict[str, int]:
        codes = self.rows.select(pl.col("reasons").explode()).drop_nulls()
        counted = codes.group_by("reasons").len().sort(["len", "reasons"], descending=[True, False])
        return dict(counted.iter_rows())


def field_of(header: str | None) -> str | None:
    normalised = normalise_header(header)
    for pattern, field in _RULES:
        if pattern.search(normalised):
            return field
    return None


def detect_header(raw: RawTable) -> tuple[int, dict[str, str]]:
    """The 0-based index of the header row in raw.frame and field -> column id. The
    header is the first row (of the first MAX_HEADER_SCAN) naming every field."""
    columns = raw.data_columns
    best: tuple[int, dict[str, str]] = (-1, {})
    for index, row in enumerate(raw.frame.head(MAX_HEADER_SCAN).iter_rows(named=True)):
        mapping: dict[str, str] = {}
        for column in columns:
            field = field_of(row[column])
            if field and field not in mapping:
                mapping[field] = column
        if len(mapping) > len(best[1]):
            best = (index, mapping)
        if len(mapping) == len(FIELDS):
            return index, mapping
    found = ", ".join(FIELD_LABELS[f] for f in best[1]) or "tidak ada"
    missing = ", ".join(FIELD_LABELS[f] for f in FIELDS if f not in best[1])
    raise ExtractError(
        f"Baris judul kolom ekstrak tidak lengkap: kolom {missing} tidak ditemukan "
        f"(yang dikenali: {found}). Ekstrak harus memuat kolom NIK, KPJ, nama, tanggal lahir, "
        "kategori, status, bulan terakhir dibayar dan kode kabupaten/kota.",
        code="header_incomplete", found=tuple(best[1]),
        missing=tuple(f for f in FIELDS if f not in best[1]))


def month_start(text: pl.Expr) -> pl.Expr:
    """'2026-05', '2026/05', '2026-05-31', '05/2026', '05-2026', '202605' -> 2026-05-01."""
    cleaned = text.str.strip_chars()
    year_first = cleaned.str.extract_groups(r"^(\d{4})[-/.]?(\d{1,2})(?:[-/.]\d{1,2})?$")
    month_first = cleaned.str.extract_groups(r"^(\d{1,2})[-/.](\d{4})$")
    year = pl.coalesce(year_first.struct.field("1"), month_first.struct.field("2")).cast(pl.Int32)
    month = pl.coalesce(year_first.struct.field("2"), month_first.struct.field("1")).cast(pl.Int8)
    return pl.when(month.is_between(1, 12) & year.is_between(1950, 2100)).then(
        pl.date(year, month, 1))


def regency_codes(texts: pl.Series, codebook: Codebook) -> pl.Series:
    """'61.01' or '6101' -> '61.01' when it is a regency code (current or historical)."""
    digits = texts.str.replace_all(r"[^0-9]", "")
    formatted = pl.when(digits.str.len_chars() == 4).then(
        digits.str.slice(0, 2) + "." + digits.str.slice(2, 2))
    candidates = pl.select(formatted.alias("code")).to_series()
    known = {code for code, entry in codebook.entries.items() if entry.level == "kabupaten_kota"}
    return candidates.replace_strict({c: c for c in set(candidates.drop_nulls()) if c in known},
                                     default=None, return_dtype=pl.String)


def check_extract(raw: RawTable, *, as_of: date, codebook: Codebook | None = None,
                  today: date | None = None) -> CheckedExtract:
    """Check every data row under the header; blank rows are skipped."""
    codebook = codebook or load_codebook()
    today = today or date.today()
    header_index, mapping = detect_header(raw)
    body = raw.frame.slice(header_index + 1)
    numbers = raw.number_cells.slice(header_index + 1) if raw.number_cells is not None else None
    cells = body.select(
        pl.col("_row").cast(pl.Int64).alias("row"),
        *[pl.col(mapping[f]).str.strip_chars().alias(f) for f in FIELDS],
    ).with_columns(pl.col(f).replace("", None) for f in FIELDS)
    keep = ~pl.all_horizontal(pl.col(f).is_null() for f in FIELDS)
    if numbers is not None:
        numbers = numbers.filter(cells.select(keep).to_series())
    cells = cells.filter(keep)
    if cells.height == 0:
        raise ExtractError("Ekstrak tidak berisi baris data di bawah judul kolom.",
                           code="no_rows")

    niks = check_niks(cells["nik"], number_cells=numbers[mapping["nik"]] if numbers is not None
                      else None, today=today, codebook=codebook)
    born = parse_birth_dates(cells["tanggal_lahir"],
                             numbers[mapping["tanggal_lahir"]] if numbers is not None else None,
                             today=today)
    frame = cells.with_columns(
        nik_valid=niks["nik"],
        nik_reason=niks["nik_reason"],
        nik_message=niks["nik_reason_message"],
        birth=born,
        kpj_clean=pl.col("kpj").str.replace_all(r"[\s.\-]", ""),
        category_code=pl.col("kategori").str.to_uppercase().str.replace_all(r"[^A-Z]+", " ")
        .str.strip_chars().replace_strict(_CATEGORY_WORDS, default=None),
        status_code=pl.col("status").str.to_uppercase().str.replace_all(r"[^A-Z]+", " ")
        .str.strip_chars().replace_strict(_STATUS_WORDS, default=None),
        paid=month_start(pl.col("bulan_bayar")),
        regency=regency_codes(cells["kode_wilayah"].fill_null(""), codebook),
    )
    frame = frame.with_columns(
        kpj_ok=pl.col("kpj_clean").str.contains(r"^[0-9]{8,16}$").fill_null(False),
    ).with_columns(
        first_row_of_kpj=pl.when(pl.col("kpj_ok")).then(pl.col("row").min().over("kpj_clean")),
    )
    as_of_month = date(as_of.year, as_of.month, 1)
    checks = [
        (pl.col("nik_reason").is_not_null(), pl.col("nik_reason"), pl.col("nik_message")),
        (pl.col("kpj").is_null(), "kpj_missing", None),
        (pl.col("kpj").is_not_null() & ~pl.col("kpj_ok"), "kpj_format", None),
        (pl.col("kpj_ok") & (pl.col("first_row_of_kpj") != pl.col("row")), "kpj_duplicate",
         pl.format("Nomor KPJ {} sudah ada di baris {}; satu KPJ hanya satu baris.",
                   "kpj_clean", "first_row_of_kpj")),
        (pl.col("nama").is_null(), "name_missing", None),
        (pl.col("birth").is_null(), "birth_date_invalid", None),
        (pl.col("category_code").is_null(), "category_invalid", None),
        (pl.col("status_code").is_null(), "status_invalid", None),
        (pl.col("paid").is_null() & pl.col("bulan_bayar").is_not_null(), "last_paid_invalid",
         None),
        (pl.col("paid") > pl.lit(as_of_month), "last_paid_future", None),
        (pl.col("regency").is_null(), "regency_unknown", None),
    ]
    codes = [pl.when(flag).then(code if isinstance(code, pl.Expr) else pl.lit(code))
             for flag, code, _ in checks]
    texts = [pl.when(flag).then(message if message is not None else pl.lit(MESSAGES[code]))
             for flag, code, message in checks]
    frame = frame.with_columns(
        reasons=pl.concat_list(codes).list.drop_nulls(),
        message=pl.concat_list(texts).list.drop_nulls().list.join(" "),
    ).with_columns(
        verdict=pl.when(pl.col("reasons").list.len() > 0).then(pl.lit("rejected"))
        .otherwise(pl.lit("accepted")),
    )
    rows = frame.select("row", "verdict", "reasons", "message",
                        pl.col("nik").alias("nik_input"), pl.col("kpj").alias("kpj_input"),
                        pl.col("nama").alias("name_input"))
    participants = frame.filter(pl.col("verdict") == "accepted").select(
        pl.col("nik_valid").alias("nik"),
        pl.col("kpj_clean").alias("kpj"),
        pl.col("nama").str.replace_all(r"\s+", " ").str.slice(0, 200).alias("name"),
        pl.col("birth").alias("birth_date"),
        pl.col("category_code").alias("category"),
        pl.col("status_code").alias("status"),
        pl.col("paid").alias("last_paid"),
        pl.col("regency").alias("regency_code"),
    ).cast(PARTICIPANT_SCHEMA)
    return CheckedExtract(header_row=int(raw.frame["_row"][header_index]), mapping=mapping,
                          rows=rows, participants=participants)


def _has_header(raw: RawTable) -> bool:
    """A sheet naming every column (a workbook's instructions sheet does not)."""
    try:
        detect_header(raw)
    except ExtractError:
        return False
    return True


def read_extract(data: bytes, file_name: str, *, as_of: date,
                 codebook: Codebook | None = None) -> CheckedExtract:
    try:
        raw = read_table(data, file_name, accept=_has_header)
    except UnreadableFile as error:
        raise ExtractError(str(error)) from None
    return check_extract(raw, as_of=as_of, codebook=codebook)
