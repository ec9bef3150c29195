"""A verdict for every data row of a worker list: accepted, accepted with warnings, or
rejected, with stable codes and one Indonesian message naming every problem.

Plain Python and polars, no Django: the service stores what `check_rows` returns.

Rows under the header that are not data (counted in `CheckedRows.skipped`):
- "blank": no content in any mapped column (a pre-numbered empty template row, or a
  note in an unmapped column, is blank too);
- "numbering": the first non-blank row under the header when every filled cell is a
  column number (1, 2, 3 ... also "(1)" or "1."), increasing left to right, at least two;
- "totals": a cell starts with JUMLAH, JML, TOTAL, SUB TOTAL or GRAND TOTAL and the NIK
  cell holds no 16-digit NIK;
- "footer": below the first totals row and below the last row with a NIK, a row with
  nothing in the NIK column (the signature block: "Sambas, 12 Januari 2026", "Kepala
  Desa", a name and NIP). A row without NIK above those is data (nik_empty).

Rejections (`reasons`): formula_no_value (a mapped cell holds a formula whose result
the file never saved, `RawTable.formula_cells`: "rumus tanpa nilai", not "NIK kosong";
the message names the cells), the NIK codes of ucj.identity.nik (nik_empty,
nik_scientific, nik_format, nik_length, nik_region, nik_date, nik_serial),
nik_numeric_cell (see `niks`), missing_name (no letter in the name cell) and
duplicate_in_file. A row with an invalid NIK is still checked for everything else,
and every problem is listed.

Duplicates: rows with the same valid NIK (compared normalised) are one person. The
first is kept, every later one is rejected as duplicate_in_file, its message naming
the first row; the first row stays the one kept even when it is rejected for another
reason (missing name), so the operator corrects that row rather than a later copy.

Warnings (accepted anyway): nik_numeric_cell_exact, the NIK warnings of parse
(nik_region_retired, nik_regency_unlisted, nik_kecamatan_unknown), region_mismatch
(NIK issued outside the submitting regency: common and legal), sex_mismatch,
sex_unreadable, birth_date_mismatch (day, month and two-digit year compared, since the
NIK's century is a guess), birth_date_unreadable, desa_unknown, desa_ambiguous,
phone_invalid. The column wins over the NIK for sex and birth date; the NIK fills them
in when the column is empty or unreadable. identity_conflict (a NIK the uploading
regency lists, sent with another name or birth date) and nik_other_regency (a NIK
listed only by other regencies: not linked, queued for the province) are the
service's (they need the registry) and are listed here only for their messages.

`message` joins the messages of all the row's codes, rejections first, with a space
(empty for a clean row); messages name the row's own values (at most 40 characters
of a cell are quoted).

Columns of `CheckedRows.frame` (OUTPUT_SCHEMA), one row per data row in file order:
row (Int64, as the operator sees it); nik (the 16 digits when the NIK is valid, else
null: never repaired); nik_input (the cell as given, "" when empty); nama (whitespace
collapsed; null when empty); tanggal_lahir (Date: the column when readable, else the
NIK's); jenis_kelamin ("L"/"P": the column when readable, else the NIK's); desa_code
(Kemendagri code of the desa found, else null); kecamatan (as written, trimmed);
jabatan, instansi, tempat_lahir, nama_ibu_kandung (whitespace collapsed; the last two
are optional columns of a BPJS collective registration, null when the list has none);
no_hp (08..., null when missing or invalid:
+62/62 become 0, a number that lost its leading 0 gets it back, only the first of
several numbers is read); nik_region ("61.01.01" from a valid NIK); verdict
("accepted" | "warning" | "rejected"); reasons, warnings (List[String] of codes, in
the order of ALL_REJECTION_CODES / ALL_WARNING_CODES); message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import polars as pl

from ucj.identity import nik as nik_module
from ucj.regions.codebook import load_codebook
from ucj.registry.intake import desa as desa_module
from ucj.registry.intake.dates import parse_birth_dates
from ucj.registry.intake.desa import DesaLookup
from ucj.registry.intake.headers import FIELD_LABELS, FIELDS, REQUIRED_FIELDS, HeaderGuess
from ucj.registry.intake.niks import check_niks
from ucj.registry.intake.reader import RawTable

__all__ = [
    "ALL_REJECTION_CODES",
    "ALL_WARNING_CODES",
    "MESSAGES",
    "CheckedRows",
    "DesaLookup",
    "check_rows",
]

NIK_REJECTION_CODES = (*nik_module.REASON_CODES, "nik_numeric_cell")
ALL_REJECTION_CODES: tuple[str, ...] = (
    "formula_no_value", *NIK_REJECTION_CODES, "missing_name", "duplicate_in_file")
ALL_WARNING_CODES: tuple[str, ...] = (
    "nik_numeric_cell_exact",
    *nik_module.WARNING_CODES,
    "region_mismatch",
    "sex_mismatch",
    "sex_unreadable",
    "birth_date_mismatch",
    "birth_date_unreadable",
    "desa_unknown",
    "desa_ambiguous",
    "phone_invalid",
    "identity_conflict",  # added by the registry service, never by check_rows
    "nik_other_regency",  # likewise
)

_NIK_MESSAGES = nik_module.REASON_MESSAGES

# One general message per code (for legends and counts); rows get specific messages.
MESSAGES: dict[str, str] = {
    "formula_no_value": (
        "Rumus tanpa nilai: sel berisi rumus yang hasilnya tidak tersimpan di berkas (berkas "
        "dibuat program lain dan belum pernah disimpan di Excel). Buka dan simpan berkas di "
        "Excel, lalu unggah lagi."
    ),
    "nik_empty": _NIK_MESSAGES["nik_empty"],
    "nik_scientific": _NIK_MESSAGES["nik_scientific"],
    "nik_format": (
        "NIK hanya boleh berisi angka 0-9. Periksa huruf yang mirip angka (O dan 0, l dan 1), "
        "lalu ketik ulang NIK."
    ),
    "nik_length": "NIK harus 16 digit. Periksa apakah ada digit yang hilang atau berlebih.",
    "nik_region": (
        "Kode wilayah pada NIK (digit 1-6) tidak ada dalam daftar wilayah Kemendagri, baik "
        "yang berlaku maupun yang lama. Periksa NIK pada KTP atau Kartu Keluarga."
    ),
    "nik_date": (
        "Digit 7-12 NIK bukan tanggal lahir yang sah. Urutannya tanggal, bulan, tahun "
        "(DDMMYY); untuk perempuan tanggal ditambah 40 (41-71)."
    ),
    "nik_serial": _NIK_MESSAGES["nik_serial"],
    "nik_numeric_cell": (
        "NIK tersimpan sebagai angka di sel Excel. Excel hanya menyimpan 15 digit pertama "
        "sebuah angka, sehingga digit ke-16 NIK sudah berubah menjadi 0 dan tidak dapat "
        "dipulihkan. Format kolom NIK sebagai Teks, ketik ulang NIK dari KTP atau Kartu "
        "Keluarga, lalu unggah lagi."
    ),
    "missing_name": "Nama kosong. Isi nama lengkap sesuai KTP.",
    "duplicate_in_file": (
        "NIK yang sama sudah tercantum pada baris lain di berkas ini; hanya satu baris yang "
        "diambil."
    ),
    "nik_numeric_cell_exact": (
        "NIK tersimpan sebagai angka di sel Excel, tetapi digit terakhirnya bukan 0 sehingga "
        "tampaknya utuh. NIK diterima; sebaiknya format kolom NIK sebagai Teks."
    ),
    "nik_region_retired": (
        "Kode wilayah pada NIK sudah tidak berlaku (misalnya karena pemekaran wilayah). NIK "
        "tetap sah karena diterbitkan dengan kode lama."
    ),
    "nik_regency_unlisted": (
        "Kode kabupaten/kota pada NIK tidak ada dalam daftar Kemendagri sejak 2016, tetapi "
        "kemungkinan kode lama yang dihapus sebelum 2016. NIK diterima; periksa kembali "
        "dengan KTP bila ragu."
    ),
    "nik_kecamatan_unknown": (
        "Kode kecamatan pada NIK tidak ada dalam daftar Kemendagri sejak 2016, tetapi "
        "kabupaten/kotanya dikenal. NIK diterima; periksa kembali dengan KTP bila ragu."
    ),
    "region_mismatch": (
        "NIK diterbitkan di luar kabupaten/kota pengirim (misalnya pekerja pindahan). Ini "
        "sah; data tetap diterima."
    ),
    "sex_mismatch": (
        "Jenis kelamin di kolom berbeda dengan yang tertera pada NIK; periksa kembali dengan "
        "KTP. Dipakai isi kolom."
    ),
    "sex_unreadable": (
        "Isi kolom jenis kelamin tidak dikenali (gunakan L atau P); dipakai jenis kelamin dari NIK."
    ),
    "birth_date_mismatch": (
        "Tanggal lahir di kolom berbeda dengan tanggal lahir pada NIK; periksa kembali dengan "
        "KTP. Dipakai isi kolom."
    ),
    "birth_date_unreadable": (
        "Tanggal lahir tidak terbaca (tulis seperti 17-08-1985); dipakai tanggal lahir dari NIK."
    ),
    "desa_unknown": (
        "Desa/kelurahan tidak ditemukan di kabupaten/kota pengirim; periksa ejaannya. Data "
        "tetap diterima tanpa kode desa."
    ),
    "desa_ambiguous": (
        "Nama desa/kelurahan ada di lebih dari satu kecamatan; isi kolom KECAMATAN agar desa "
        "dapat dikenali. Data tetap diterima tanpa kode desa."
    ),
    "phone_invalid": (
        "Nomor HP tidak sah (contoh yang benar: 081234567890); nomor tidak disimpan."
    ),
    "identity_conflict": (
        "NIK ini sudah terdaftar dengan nama atau tanggal lahir lain. Data yang terdaftar "
        "dipertahankan; periksa kembali dengan KTP."
    ),
    # The same words whatever the row's name or birth date, and nothing of the stored
    # person: the uploading regency may not learn who holds the NIK, nor test a guess.
    "nik_other_regency": (
        "NIK ini sudah terdaftar di kabupaten/kota lain; provinsi akan menyelesaikannya. "
        "Baris ini belum masuk daftar kabupaten/kota Anda dan data yang terdaftar tidak diubah."
    ),
}

SKIP_KINDS = ("blank", "numbering", "totals", "footer")

_TOTALS = r"(?i)^\s*(JUMLAH|JML|TOTAL|GRAND\s*TOTAL|SUB\s*TOTAL)\b"
_NUMBERING = re.compile(r"^\(?\s*(\d{1,3})\s*\)?\.?$")
_QUOTE_LENGTH = 40
_SEX_VALUES = {
    **dict.fromkeys(
        ("L", "LK", "LAKI", "LAKILAKI", "LELAKI", "PRIA", "M", "MALE", "COWOK", "LAKLAKI"), "L"
    ),
    **dict.fromkeys(
        ("P", "PR", "PEREMPUAN", "WANITA", "W", "F", "FEMALE", "CEWEK", "PERAMPUAN", "PRP"), "P"
    ),
}
_SEX_WORDS = {"L": "laki-laki", "P": "perempuan"}
_MOBILE = re.compile(r"^08[1-9][0-9]{7,10}$")


@dataclass(frozen=True)
class CheckedRows:
    """frame: one row per data row (see module docstring for the columns);
    skipped: rows under the header that are not data, by kind (SKIP_KINDS)."""

    frame: pl.DataFrame
    skipped: dict[str, int]

    def counts(self) -> dict[str, int]:
        """{"accepted": n, "warning": n, "rejected": n} (accepted excludes warnings)."""
        found = dict(self.frame.get_column("verdict").value_counts().iter_rows())
        return {
            verdict: int(found.get(verdict, 0)) for verdict in ("accepted", "warning", "rejected")
        }


OUTPUT_SCHEMA = {
    "row": pl.Int64,
    "nik": pl.String,
    "nik_input": pl.String,
    "nama": pl.String,
    "tanggal_lahir": pl.Date,
    "jenis_kelamin": pl.String,
    "desa_code": pl.String,
    "kecamatan": pl.String,
    "jabatan": pl.String,
    "no_hp": pl.String,
    "instansi": pl.String,
    "tempat_lahir": pl.String,
    "nama_ibu_kandung": pl.String,
    "nik_region": pl.String,
    "verdict": pl.String,
    "reasons": pl.List(pl.String),
    "warnings": pl.List(pl.String),
    "message": pl.String,
}


# --- small vectorised helpers ---------------------------------------------------------
# Polars evaluates a sub-expression again wherever it is used, so intermediate values
# are materialised as columns step by step; low-cardinality values (sex, codes, desa)
# are worked out once per distinct value.


def _null_if_empty(column: str) -> pl.Expr:
    return pl.when(pl.col(column) != "").then(pl.col(column))


def _collapsed(column: str) -> pl.Expr:
    """Inner runs of whitespace as one space (the cell is already trimmed)."""
    return pl.col(column).str.replace_all(r"\s\s+|[^\S ]+", " ")


def _quote(column: str) -> pl.Expr:
    text = pl.col(column)
    return (
        pl.when(text.str.len_chars() > _QUOTE_LENGTH)
        .then(text.str.slice(0, _QUOTE_LENGTH) + pl.lit("..."))
        .otherwise(text)
    )


def _date_text(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime("%d-%m-%Y")


def _by_distinct(series: pl.Series, function, dtype: pl.DataType) -> pl.Series:
    """function(value) for every value, called once per distinct non-null value."""
    distinct = series.drop_nulls().unique().to_list()
    if not distinct:
        return pl.repeat(None, series.len(), dtype=dtype, eager=True).alias(series.name)
    mapped = [function(value) for value in distinct]
    return series.replace_strict(distinct, mapped, default=None, return_dtype=dtype)


def sex_value(text: str) -> str | None:
    """'L', 'P' or None for a sex cell: L/P, LK/PR, Laki-laki/Perempuan, Pria/Wanita..."""
    return _SEX_VALUES.get(re.sub(r"[^A-Z]", "", text.upper()))


def phone_value(text: str) -> str | None:
    """A mobile number as 08..., or None when it is not one. Only the first of several
    numbers ("0812... / 0813...") is read; +62 and 62 become 0; a number Excel stored
    as a number (leading 0 lost: 81234567890) gets its 0 back."""
    digits = re.sub(r"[^0-9+]", "", re.sub(r"[/,;].*$", "", text, flags=re.S))
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62") and len(digits) >= 11:
        digits = "0" + digits[2:]
    elif digits.startswith("8") and 9 <= len(digits) <= 12:
        digits = "0" + digits
    return digits if _MOBILE.fullmatch(digits) else None


def _phones(series: pl.Series) -> pl.Series:
    """Normalised numbers; cells already in the usual form are taken as they are and
    only the others go through phone_value (once per distinct value)."""
    ok = series.str.contains(_MOBILE.pattern).fill_null(False)
    odd = series.filter(~ok)
    if odd.len() == 0:
        return series
    fixed = _by_distinct(odd, phone_value, pl.String)
    return series.clone().scatter(ok.not_().arg_true(), fixed)  # scatter works in place


def _where(frame: pl.DataFrame, flag: str, value: pl.Expr) -> pl.Series:
    """`value` on the rows where `flag` is true, null elsewhere; evaluated on those rows
    only (a when/then would build the text for every row)."""
    at = frame.get_column(flag).arg_true()
    empty = pl.repeat(None, frame.height, dtype=pl.String, eager=True)
    if at.len() == 0:
        return empty
    return empty.scatter(at, frame.gather(at).select(value.cast(pl.String)).to_series())


def _desa_message(status: str, text: str, regency: str) -> str | None:
    quoted = text if len(text) <= _QUOTE_LENGTH else text[:_QUOTE_LENGTH] + "..."
    if status == desa_module.UNKNOWN:
        return (
            f"Desa/kelurahan '{quoted}' tidak ditemukan di {regency}; periksa ejaannya. "
            "Data tetap diterima tanpa kode desa."
        )
    if status == desa_module.AMBIGUOUS:
        return (
            f"Desa/kelurahan '{quoted}' ada di lebih dari satu kecamatan; isi kolom "
            "KECAMATAN agar desa dapat dikenali. Data tetap diterima tanpa kode desa."
        )
    return None


def _split_codes(column: str) -> pl.Expr:
    return (
        pl.when(pl.col(column) != "")
        .then(pl.col(column).str.split(","))
        .otherwise(pl.lit([], dtype=pl.List(pl.String)))
    )


# --- row kinds ---------------------------------------------------------------------


def _numbering_index(body: pl.DataFrame, columns: list[str], blank: list[bool]) -> int | None:
    """Position in `body` of the column-numbering row, if the first non-blank row is one."""
    for position, row in enumerate(body.head(10).select(columns).iter_rows()):
        if blank[position]:
            continue
        numbers = []
        for value in row:
            if value is None or not str(value).strip():
                continue
            match = _NUMBERING.match(str(value).strip())
            if match is None:
                return None
            numbers.append(int(match.group(1)))
        if len(numbers) >= 2 and all(b > a for a, b in zip(numbers, numbers[1:], strict=False)):
            return position
        return None
    return None


# --- formulas without a saved value --------------------------------------------------------


def _formula_rows(raw: RawTable, mapping: dict[str, str], header_index: int) -> pl.DataFrame:
    """Per row under the header with an unsaved formula in a mapped column: row,
    formula_nik, formula_name (that cell is one) and formula_text (the message)."""
    schema = {"row": pl.Int64, "formula_nik": pl.Boolean, "formula_name": pl.Boolean,
              "formula_text": pl.String}
    cells = raw.formula_cells
    field_of = {column: field for field, column in mapping.items()}
    if cells is None or cells.height == 0:
        return pl.DataFrame(schema=schema)
    header = raw.frame.row(header_index, named=True)
    titles = {column: str(header.get(column) or FIELD_LABELS[field])[:_QUOTE_LENGTH]
              for column, field in field_of.items()}
    found = cells.filter(pl.col("column").is_in(list(field_of))
                         & (pl.col("_row") > header["_row"]))
    if found.height == 0:
        return pl.DataFrame(schema=schema)
    found = found.with_columns(
        field=pl.col("column").replace_strict(field_of),
        label=pl.col("cell") + pl.lit(" (") + pl.col("column").replace_strict(titles)
        + pl.lit(")"),
    ).sort("_row", pl.col("column").str.slice(1).cast(pl.Int32))
    return found.group_by("_row", maintain_order=True).agg(
        formula_nik=(pl.col("field") == "nik").any(),
        formula_name=(pl.col("field") == "nama").any(),
        formula_text=pl.lit("Rumus tanpa nilai di sel ")
        + pl.col("label").str.join(", ")
        + pl.lit(": hasil rumusnya tidak tersimpan di berkas (berkas dibuat program lain dan "
                 "belum pernah disimpan di Excel). Buka dan simpan berkas di Excel, lalu "
                 "unggah lagi."),
    ).rename({"_row": "row"}).cast(schema)


# --- the check -----------------------------------------------------------------------


def _validate_mapping(raw: RawTable, mapping: dict[str, str]) -> dict[str, str]:
    cleaned = {field: column for field, column in mapping.items() if column}
    unknown = sorted(set(cleaned) - set(FIELDS))
    if unknown:
        raise ValueError(f"Isian tidak dikenal: {', '.join(unknown)}.")
    missing_columns = sorted({c for c in cleaned.values() if c not in raw.data_columns})
    if missing_columns:
        raise ValueError(f"Kolom tidak ada di berkas: {', '.join(missing_columns)}.")
    missing = [field for field in REQUIRED_FIELDS if field not in cleaned]
    if missing:
        raise ValueError(f"Pilih kolom untuk isian wajib: {', '.join(missing)}.")
    return cleaned


def _regency_name(code: str | None) -> str:
    if not code:
        return ""
    entry = load_codebook().get(code)
    return f"{code} {nik_module.display_name(entry.name)}" if entry else code


def check_rows(
    raw: RawTable,
    guess_or_mapping: HeaderGuess | int,
    mapping: dict[str, str] | None = None,
    *,
    regency_code: str,
    desa_lookup: DesaLookup | None,
    today: date | None = None,
) -> CheckedRows:
    """Check every data row under the header.

    guess_or_mapping: the HeaderGuess of `detect_header` (or the header's 0-based
    index in raw.frame); mapping: field -> column id as the operator confirmed it
    (defaults to the guess's mapping). desa_lookup: the submitting regency's desa
    (None: desa names are not checked). Raises ValueError (Indonesian message) for a
    mapping naming unknown fields or columns or leaving out NIK or NAMA.
    """
    today = today or date.today()
    if isinstance(guess_or_mapping, HeaderGuess):
        header_index = guess_or_mapping.header_index
        if mapping is None:
            mapping = guess_or_mapping.mapping
    else:
        header_index = int(guess_or_mapping)
    if mapping is None:
        raise ValueError("Pemetaan kolom belum ada.")
    mapping = _validate_mapping(raw, mapping)
    columns = raw.data_columns
    nik_column = mapping["nik"]

    body = raw.frame.slice(header_index + 1)
    numbers = raw.number_cells.slice(header_index + 1) if raw.number_cells is not None else None

    # Every field trimmed ("f_<field>", null when empty; unmapped fields null).
    fields = [f"f_{field}" for field in FIELDS]
    cells = body.select(
        pl.col("_row").cast(pl.Int64).alias("row"),
        pl.col(nik_column).alias("nik_text"),
        *[
            (
                pl.col(mapping[field]).str.strip_chars()
                if field in mapping
                else pl.lit(None, dtype=pl.String)
            ).alias(f"f_{field}")
            for field in FIELDS
        ],
    ).with_columns([_null_if_empty(name).alias(name) for name in fields])
    formulas = _formula_rows(raw, mapping, header_index)
    cells = cells.join(formulas, on="row", how="left", maintain_order="left").with_columns(
        formula=pl.col("formula_text").is_not_null(),
        formula_nik=pl.col("formula_nik").fill_null(False),
        formula_name=pl.col("formula_name").fill_null(False),
    )

    # Row kinds. A totals row has no 16-digit NIK, so the totals words are looked for
    # only in the (few) rows without one; "JUMLAH" alone in an unmapped column (NO)
    # still makes a totals row rather than a blank one.
    # A cell with an unsaved formula is not empty: its row is data, and its NIK is one.
    kinds = cells.select(
        blank=pl.all_horizontal([pl.col(f"f_{field}").is_null() for field in mapping])
        & ~pl.col("formula"),
        no_nik=~pl.col("f_nik")
        .str.replace_all(r"[\s.\-'\u2018\u2019`]", "")
        .str.contains(r"^[0-9]{16}$")
        .fill_null(False)
        & ~pl.col("formula_nik"),
        nik_empty=pl.col("f_nik").is_null() & ~pl.col("formula_nik"),
    )
    candidates = kinds.get_column("no_nik").arg_true()
    totals_at = candidates.filter(
        body.gather(candidates)
        .select(
            pl.any_horizontal([pl.col(c).str.contains(_TOTALS).fill_null(False) for c in columns])
        )
        .to_series()
    )
    numbering_at = _numbering_index(body, columns, kinds.get_column("blank").head(10).to_list())
    # The footer (signature block) starts after the first totals row and after the
    # last row that has a NIK: a person listed below a subtotal is still data.
    with_nik = (~kinds.get_column("no_nik")).arg_true()
    footer_from = max(
        totals_at.min() if totals_at.len() else 1 << 62,
        with_nik.max() if with_nik.len() else -1,
    )
    position = pl.int_range(pl.len(), dtype=pl.Int64)
    kinds = (
        kinds.with_columns(
            totals=position.is_in(totals_at.implode()),
            numbering=position == (numbering_at if numbering_at is not None else -1),
        )
        .with_columns(
            footer=~pl.col("blank")
            & ~pl.col("totals")
            & pl.col("nik_empty")
            & (position > footer_from),
        )
        .select(
            kind=pl.when("totals")
            .then(pl.lit("totals"))
            .when("blank")
            .then(pl.lit("blank"))
            .when("numbering")
            .then(pl.lit("numbering"))
            .when("footer")
            .then(pl.lit("footer"))
        )
    )
    kind = kinds.get_column("kind")
    counted = dict(kind.drop_nulls().value_counts().iter_rows())
    skipped = {name: int(counted.get(name, 0)) for name in SKIP_KINDS}
    frame = cells
    if kind.null_count() < kind.len():
        is_data = kind.is_null()
        frame = frame.filter(is_data)
        if numbers is not None:
            numbers = numbers.filter(is_data)

    def number_flag(field: str) -> pl.Series | None:
        column = mapping.get(field)
        if numbers is None or column is None:
            return None
        return numbers.get_column(column)

    frame = frame.with_columns(
        nik_input=pl.col("nik_text").fill_null(""),
        nama=_collapsed("f_nama"),
        jabatan=_collapsed("f_jabatan"),
        instansi=_collapsed("f_instansi"),
        tempat_lahir=_collapsed("f_tempat_lahir"),
        nama_ibu_kandung=_collapsed("f_nama_ibu_kandung"),
        missing_name=~pl.col("f_nama").str.contains(r"\p{L}").fill_null(False),
        sex_column=_by_distinct(frame.get_column("f_jenis_kelamin"), sex_value, pl.String),
        no_hp=_phones(frame.get_column("f_no_hp")),
        birth_column=parse_birth_dates(
            frame.get_column("f_tanggal_lahir"), number_flag("tanggal_lahir"), today=today
        ),
    )

    # NIK.
    niks = check_niks(
        frame.get_column("nik_text"),
        number_cells=number_flag("nik"),
        today=today,
        numeric_message=MESSAGES["nik_numeric_cell"],
    )
    frame = pl.concat([frame, niks], how="horizontal")
    # A NIK or name cell with an unsaved formula is "formula without a value", not empty.
    frame = frame.with_columns(
        nik_reason=pl.when(pl.col("formula_nik")).then(None).otherwise(pl.col("nik_reason")),
        nik_reason_message=pl.when(pl.col("formula_nik")).then(None)
        .otherwise(pl.col("nik_reason_message")),
        missing_name=pl.col("missing_name") & ~pl.col("formula_name"),
    )

    # Desa: looked up once per distinct (desa, kecamatan) pair, with its message.
    own_regency = _regency_name(regency_code)
    if desa_lookup is not None and "desa" in mapping:
        pairs = (
            frame.select("f_desa", "f_kecamatan").unique().filter(pl.col("f_desa").is_not_null())
        )
        found = [(*desa_lookup.find(d, k), d) for d, k in pairs.iter_rows()]
        pairs = pairs.with_columns(
            desa_code=pl.Series([code for code, _, _ in found], dtype=pl.String),
            desa_status=pl.Series([status for _, status, _ in found], dtype=pl.String),
            desa_message=pl.Series(
                [_desa_message(status, text, own_regency) for _, status, text in found],
                dtype=pl.String,
            ),
        )
        found_columns = ["desa_code", "desa_status", "desa_message"]
        looked_up = frame.select("f_desa", "f_kecamatan").join(
            pairs, on=["f_desa", "f_kecamatan"], how="left", maintain_order="left", nulls_equal=True
        )
        frame = frame.with_columns(looked_up.select(found_columns))
    else:
        frame = frame.with_columns(
            desa_code=pl.lit(None, dtype=pl.String),
            desa_status=pl.lit(None, dtype=pl.String),
            desa_message=pl.lit(None, dtype=pl.String),
        )

    # Region of the NIK against the submitting regency; one message per distinct regency.
    frame = frame.with_columns(
        region_message=_by_distinct(
            frame.get_column("nik_regency"),
            lambda code: (
                None
                if code == regency_code
                else (
                    f"NIK diterbitkan di {_regency_name(code)}, bukan di kabupaten/kota pengirim "
                    f"({own_regency}). Ini sah, misalnya bagi pekerja pindahan; data tetap diterima."
                )
            ),
            pl.String,
        )
    )

    # Duplicates among valid NIKs: the first row with a NIK is kept, later ones are not.
    frame = frame.with_columns(kept_row=pl.lit(None, dtype=pl.Int64))
    nik_numbers = frame.get_column("nik").cast(pl.UInt64)  # 16 digits fit; hashing is faster
    repeated = nik_numbers.is_duplicated() & nik_numbers.is_not_null()
    if repeated.any():
        at = repeated.arg_true()
        group = (
            frame.select("row", "nik")
            .gather(at)
            .with_columns(kept_row=pl.col("row").min().over("nik"))
        )
        frame = frame.with_columns(
            kept_row=frame.get_column("kept_row").clone().scatter(at, group.get_column("kept_row"))
        )

    # Every condition as a column.
    nik_valid = pl.col("nik").is_not_null()
    birth, nik_birth = pl.col("birth_column"), pl.col("nik_birth_date")
    frame = frame.with_columns(
        duplicate=(pl.col("row") != pl.col("kept_row")).fill_null(False),
        region_mismatch=pl.col("region_message").is_not_null(),
        sex_mismatch=nik_valid & (pl.col("sex_column") != pl.col("nik_sex")).fill_null(False),
        sex_unreadable=pl.col("f_jenis_kelamin").is_not_null() & pl.col("sex_column").is_null(),
        birth_mismatch=(
            nik_valid
            & (
                (birth.dt.day() != nik_birth.dt.day())
                | (birth.dt.month() != nik_birth.dt.month())
                | (birth.dt.year() % 100 != nik_birth.dt.year() % 100)
            ).fill_null(False)
        ),
        birth_unreadable=pl.col("f_tanggal_lahir").is_not_null() & birth.is_null(),
        desa_unknown=(pl.col("desa_status") == desa_module.UNKNOWN).fill_null(False),
        desa_ambiguous=(pl.col("desa_status") == desa_module.AMBIGUOUS).fill_null(False),
        phone_invalid=pl.col("f_no_hp").str.contains(r"[0-9]").fill_null(False)
        & pl.col("no_hp").is_null(),
    )

    def code(flag: str, value: str) -> pl.Expr:
        return pl.when(flag).then(pl.lit(value))

    def text(flag: str, *parts: pl.Expr | str) -> pl.Expr:
        exprs = [pl.lit(part) if isinstance(part, str) else part for part in parts]
        return pl.when(flag).then(exprs[0] if len(exprs) == 1 else pl.concat_str(exprs))

    # Codes as comma-joined text first (concat_list is slow), split per distinct value.
    frame = frame.with_columns(
        _reasons=pl.concat_str(
            code("formula", "formula_no_value"),
            pl.col("nik_reason"),
            code("missing_name", "missing_name"),
            code("duplicate", "duplicate_in_file"),
            separator=",",
            ignore_nulls=True,
        ),
        _warnings=pl.concat_str(
            code("nik_numeric_exact", "nik_numeric_cell_exact"),
            pl.col("nik_warning_codes"),
            code("region_mismatch", "region_mismatch"),
            code("sex_mismatch", "sex_mismatch"),
            code("sex_unreadable", "sex_unreadable"),
            code("birth_mismatch", "birth_date_mismatch"),
            code("birth_unreadable", "birth_date_unreadable"),
            code("desa_unknown", "desa_unknown"),
            code("desa_ambiguous", "desa_ambiguous"),
            code("phone_invalid", "phone_invalid"),
            separator=",",
            ignore_nulls=True,
        ),
        sex_column_word=pl.col("sex_column").replace_strict(_SEX_WORDS, default=None),
        nik_sex_word=pl.col("nik_sex").replace_strict(_SEX_WORDS, default=None),
    )
    # Messages naming the row's values, built only on the rows concerned.
    kept = pl.col("kept_row").cast(pl.String)
    row_messages = {
        "duplicate": (
            "NIK yang sama sudah tercantum pada baris ",
            kept,
            " berkas ini; baris ",
            kept,
            " yang diambil dan baris ini dilewati.",
        ),
        "sex_mismatch": (
            "Jenis kelamin di kolom (",
            pl.col("sex_column_word"),
            ") berbeda dengan yang tertera pada NIK (",
            pl.col("nik_sex_word"),
            "); periksa kembali dengan KTP. Dipakai isi kolom.",
        ),
        "sex_unreadable": (
            "Isi kolom jenis kelamin '",
            _quote("f_jenis_kelamin"),
            "' tidak dikenali (gunakan L atau P); dipakai jenis kelamin dari NIK.",
        ),
        "birth_mismatch": (
            "Tanggal lahir di kolom (",
            _date_text("birth_column"),
            ") berbeda dengan tanggal lahir pada NIK (",
            _date_text("nik_birth_date"),
            "); periksa kembali dengan KTP. Dipakai isi kolom.",
        ),
        "birth_unreadable": (
            "Tanggal lahir '",
            _quote("f_tanggal_lahir"),
            "' tidak terbaca (tulis seperti 17-08-1985); dipakai tanggal lahir dari NIK.",
        ),
        "phone_invalid": (
            "Nomor HP '",
            _quote("f_no_hp"),
            "' tidak sah (contoh yang benar: 081234567890); nomor tidak disimpan.",
        ),
    }
    frame = frame.with_columns(
        [
            _where(
                frame, flag, pl.concat_str([pl.lit(p) if isinstance(p, str) else p for p in parts])
            ).alias(f"_m_{flag}")
            for flag, parts in row_messages.items()
        ]
    )
    messages = [
        pl.col("formula_text"),
        pl.col("nik_reason_message"),
        text("missing_name", MESSAGES["missing_name"]),
        pl.col("_m_duplicate"),
        text("nik_numeric_exact", MESSAGES["nik_numeric_cell_exact"]),
        pl.col("nik_warning_message"),
        pl.col("region_message"),
        pl.col("_m_sex_mismatch"),
        pl.col("_m_sex_unreadable"),
        pl.col("_m_birth_mismatch"),
        pl.col("_m_birth_unreadable"),
        pl.col("desa_message"),
        pl.col("_m_phone_invalid"),
    ]
    frame = frame.with_columns(
        message=pl.concat_str(messages, separator=" ", ignore_nulls=True),
        verdict=pl.when(pl.col("_reasons") != "")
        .then(pl.lit("rejected"))
        .when(pl.col("_warnings") != "")
        .then(pl.lit("warning"))
        .otherwise(pl.lit("accepted")),
        tanggal_lahir=pl.coalesce("birth_column", "nik_birth_date"),
        jenis_kelamin=pl.coalesce("sex_column", "nik_sex"),
        kecamatan=pl.col("f_kecamatan"),
    )
    codes = frame.select("_reasons", "_warnings").unique()
    codes = codes.with_columns(reasons=_split_codes("_reasons"), warnings=_split_codes("_warnings"))
    frame = frame.with_columns(
        frame.select("_reasons", "_warnings")
        .join(codes, on=["_reasons", "_warnings"], how="left", maintain_order="left")
        .select("reasons", "warnings")
    )
    result = frame.select([pl.col(name).cast(dtype) for name, dtype in OUTPUT_SCHEMA.items()])
    return CheckedRows(frame=result, skipped=skipped)
