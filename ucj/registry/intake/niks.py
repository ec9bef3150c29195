"""NIK checks for a whole column at once, with the verdicts of ucj.identity.nik.parse.

`nik.parse` costs some microseconds a call, too slow for a million rows. The verdict
on a plain 16-digit NIK depends on three independent parts, in parse's order:
digits 1-6 (region: nik_region, or the region warnings), digits 7-12 (birth date and
sex, or nik_date) and digits 13-16 (nik_serial when 0000). So parse is called once
per distinct region prefix (with a valid date and serial); distinct date parts are
decoded vectorised with parse's rules (parse itself is asked only for the message of
an invalid one); the answers are joined back to the rows, and the serial check is a
vectorised comparison. A cell is "plain" when, after trimming
whitespace and one leading apostrophe (Excel's text marker), it is exactly 16 ASCII
digits: parse reads such a cell the same way. Everything else (spaces or dots inside,
scientific notation, letters, empty) goes to parse itself, once per distinct text,
except 16 ASCII digits grouped by spaces, dots or dashes, which are read vectorised
too (unless they match parse's pattern for a number shown by a spreadsheet).
tests/registry/intake/test_niks.py checks the two paths agree with parse.

XLSX number cells: Excel keeps 15 significant digits, so a NIK typed into a number
cell has a 16th digit 0 whatever was typed: `nik_numeric_cell`, rejected before any
other NIK check (the digits are not the real NIK). A float can hold every integer only
up to 2**53 (9,007,199,254,740,992); above that, from province 90 on, even a
program cannot store every NIK exactly, so a number cell above 2**53 is rejected the
same way. Otherwise a number cell ending in 1-9 was written exactly by a program and
is read as usual, with warning `nik_numeric_cell_exact`.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ucj.identity import nik as nik_module
from ucj.regions.codebook import Codebook, load_codebook

FLOAT_EXACT_LIMIT = 2**53
_PROBE_DATE = "010190"  # 1 January 1990, male: a valid date part
_PROBE_SERIAL = "0001"
_APOSTROPHES = "['\u2018\u2019`]"
# nik.is_spreadsheet_number's pattern, anchored (it is used with fullmatch there).
_SPREADSHEET_NUMBER = f"^(?:{nik_module._SPREADSHEET_NUMBER.pattern})$"

NIK_COLUMNS = {
    "nik": pl.String,
    "nik_reason": pl.String,
    "nik_reason_message": pl.String,
    "nik_sex": pl.String,
    "nik_birth_date": pl.Date,
    "nik_region": pl.String,
    "nik_regency": pl.String,
    "nik_warning_codes": pl.String,
    "nik_warning_message": pl.String,
    "nik_numeric_exact": pl.Boolean,
}


def _warning_message(warnings) -> str | None:
    return " ".join(w.message for w in warnings) or None


def _warning_codes(warnings) -> str | None:
    return ",".join(w.code for w in warnings) or None


def _valid_prefix(codebook: Codebook | None, today: date) -> str:
    """A region prefix parse accepts without warnings, to probe date parts with."""
    candidates = ["610101"]
    book = codebook or load_codebook()
    candidates += [
        code.replace(".", "")
        for code, entry in book.entries.items()
        if entry.level == "kecamatan" and entry.is_current
    ][:50]
    for prefix in candidates:
        result = nik_module.parse(prefix + _PROBE_DATE + _PROBE_SERIAL, codebook, today=today)
        if result.valid and not result.warnings:
            return prefix
    raise RuntimeError("the codebook has no current kecamatan")  # pragma: no cover


def _region_table(prefixes: list[str], codebook: Codebook | None, today: date) -> pl.DataFrame:
    rows = []
    for prefix in prefixes:
        result = nik_module.parse(prefix + _PROBE_DATE + _PROBE_SERIAL, codebook, today=today)
        if result.reason == "nik_region":
            rows.append((prefix, "nik_region", result.message, None, None, None, None))
        else:  # valid: the probe date and serial are valid
            rows.append(
                (
                    prefix,
                    None,
                    None,
                    result.region,
                    result.regency,
                    _warning_codes(result.warnings),
                    _warning_message(result.warnings),
                )
            )
    return pl.DataFrame(
        rows,
        schema={
            "prefix": pl.String,
            "r_reason": pl.String,
            "r_message": pl.String,
            "r_region": pl.String,
            "r_regency": pl.String,
            "r_codes": pl.String,
            "r_warning": pl.String,
        },
        orient="row",
    )


def _date_table(
    parts: list[str], probe: str, codebook: Codebook | None, today: date
) -> pl.DataFrame:
    """Sex and birth date per distinct date part (DDMMYY), vectorised with parse's rules:
    day 01-31 male, 41-71 female; month 01-12; the century 20YY unless that date is
    after today; the date must exist. parse itself is asked only about the invalid
    parts, for its message."""
    table = pl.DataFrame({"part": parts}, schema={"part": pl.String}).with_columns(
        _dd=pl.col("part").str.slice(0, 2).cast(pl.Int32),
        _mm=pl.col("part").str.slice(2, 2).cast(pl.Int32),
        _yy=pl.col("part").str.slice(4, 2).cast(pl.Int32),
    )
    table = table.with_columns(
        d_sex=pl.when(pl.col("_dd").is_between(1, 31))
        .then(pl.lit("L"))
        .when(pl.col("_dd").is_between(41, 71))
        .then(pl.lit("P")),
        _day=pl.when(pl.col("_dd") > 40).then(pl.col("_dd") - 40).otherwise(pl.col("_dd")),
    )
    after_today = (
        pl.when(2000 + pl.col("_yy") != today.year)
        .then(2000 + pl.col("_yy") > today.year)
        .when(pl.col("_mm") != today.month)
        .then(pl.col("_mm") > today.month)
        .otherwise(pl.col("_day") > today.day)
    )
    table = table.with_columns(
        _year=pl.when(after_today).then(1900 + pl.col("_yy")).otherwise(2000 + pl.col("_yy"))
    )
    iso = pl.format(
        "{}-{}-{}",
        pl.col("_year").cast(pl.String),
        pl.col("_mm").cast(pl.String).str.zfill(2),
        pl.col("_day").cast(pl.String).str.zfill(2),
    )
    table = table.with_columns(
        d_birth=pl.when(pl.col("d_sex").is_not_null() & pl.col("_mm").is_between(1, 12)).then(
            iso.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        )
    )
    invalid = table.filter(pl.col("d_birth").is_null()).get_column("part").to_list()
    messages = pl.DataFrame(
        {
            "part": invalid,
            "d_message": [
                nik_module.parse(probe + part + _PROBE_SERIAL, codebook, today=today).message
                for part in invalid
            ],
        },
        schema={"part": pl.String, "d_message": pl.String},
    )
    return (
        table.join(messages, on="part", how="left")
        .with_columns(
            d_reason=pl.when(pl.col("d_birth").is_null()).then(pl.lit("nik_date")),
            d_sex=pl.when(pl.col("d_birth").is_not_null()).then(pl.col("d_sex")),
        )
        .select("part", "d_reason", "d_message", "d_sex", "d_birth")
    )


def _slow_table(texts: list[str | None], codebook: Codebook | None, today: date) -> pl.DataFrame:
    rows = []
    for text in texts:
        result = nik_module.parse(text, codebook, today=today)
        rows.append(
            (
                text,
                result.nik,
                result.reason,
                None if result.valid else result.message,
                result.sex,
                result.birth_date,
                result.region,
                result.regency,
                _warning_codes(result.warnings),
                _warning_message(result.warnings),
            )
        )
    return pl.DataFrame(
        rows,
        schema={
            "text": pl.String,
            "s_nik": pl.String,
            "s_reason": pl.String,
            "s_message": pl.String,
            "s_sex": pl.String,
            "s_birth": pl.Date,
            "s_region": pl.String,
            "s_regency": pl.String,
            "s_codes": pl.String,
            "s_warning": pl.String,
        },
        orient="row",
    )


def check_niks(
    texts: pl.Series,
    *,
    number_cells: pl.Series | None = None,
    today: date | None = None,
    codebook: Codebook | None = None,
    numeric_message: str = "",
) -> pl.DataFrame:
    """One row per input text, columns NIK_COLUMNS, in input order.

    nik: the 16 digits when valid (else null); nik_reason / nik_reason_message: the
    rejection (a nik.REASON_CODES code or "nik_numeric_cell") and its message;
    nik_sex, nik_birth_date, nik_region ("61.01.01"), nik_regency ("61.01"): decoded
    from a valid NIK; nik_warning_codes (comma-separated) / nik_warning_message:
    parse's warnings, null when none;
    nik_numeric_exact: a valid NIK read from an exact XLSX number cell.
    """
    today = today or date.today()
    text = texts.cast(pl.String).rename("text")
    # Plain cells (16 digits, nothing else) need no cleaning; the rest are trimmed of
    # whitespace and one leading apostrophe, on those rows only.
    plain = text.str.contains(r"^[0-9]{16}$").fill_null(False)
    digits = text
    if not plain.all():
        others = (~plain).arg_true()
        cleaned = (
            text.gather(others)
            .str.strip_chars()
            .str.replace(f"^{_APOSTROPHES}", "")
            .str.strip_chars()
        )
        # ASCII digits grouped by spaces, dots or dashes ("6101 0117 0885 0001") are
        # read as parse reads them, unless they are how a spreadsheet shows a number.
        compact = cleaned.str.replace_all(" ", "")
        grouped = compact.str.replace_all(r"[.\-]", "")
        use_grouped = (
            cleaned.str.contains(r"^[0-9][0-9 .\-]*$")
            & ~compact.str.contains(_SPREADSHEET_NUMBER)
            & grouped.str.contains(r"^[0-9]{16}$")
        ).fill_null(False)
        cleaned = pl.select(pl.when(use_grouped).then(grouped).otherwise(cleaned)).to_series()
        digits = text.clone().scatter(others, cleaned)  # scatter works in place
    frame = pl.DataFrame({"text": text, "digits": digits}).with_columns(
        number=number_cells.fill_null(False) if number_cells is not None else pl.lit(False),
        fast=pl.col("digits").str.contains(r"^[0-9]{16}$").fill_null(False),
    )
    frame = frame.with_columns(
        numeric_lost=pl.col("number")
        & pl.col("fast")
        & (
            (pl.col("digits").str.slice(15, 1) == "0")
            | (pl.col("digits").cast(pl.UInt64, strict=False) > FLOAT_EXACT_LIMIT)
        ),
        prefix=pl.when("fast").then(pl.col("digits").str.slice(0, 6)),
        part=pl.when("fast").then(pl.col("digits").str.slice(6, 6)),
        serial_zero=pl.col("fast") & (pl.col("digits").str.slice(12, 4) == "0000"),
    )

    prefixes = frame.get_column("prefix").drop_nulls().unique().to_list()
    parts = frame.get_column("part").drop_nulls().unique().to_list()
    slow_texts = frame.filter(~pl.col("fast")).get_column("text").unique().to_list()

    regions = _region_table(prefixes, codebook, today)
    dates = _date_table(parts, _valid_prefix(codebook, today) if parts else "", codebook, today)
    slow = _slow_table(slow_texts, codebook, today)

    # Joins on one-column frames: a join gathers every column of its left side.
    def looked_up(key: str, table: pl.DataFrame, **options) -> pl.DataFrame:
        return (
            frame.select(key)
            .join(table, on=key, how="left", maintain_order="left", **options)
            .drop(key)
        )

    # The slow rows are few: their answers are joined on those rows only and put in
    # place in otherwise empty columns.
    slow_columns = [name for name in slow.columns if name != "text"]
    slow_found = pl.DataFrame(
        [
            pl.repeat(None, frame.height, dtype=slow.schema[name], eager=True).alias(name)
            for name in slow_columns
        ]
    )
    if slow.height:
        at = (~frame.get_column("fast")).arg_true()
        answers = (
            frame.select("text")
            .gather(at)
            .join(slow, on="text", how="left", maintain_order="left", nulls_equal=True)
        )
        slow_found = slow_found.with_columns(
            [
                slow_found.get_column(name).scatter(at, answers.get_column(name))
                for name in slow_columns
            ]
        )
    parts_found = [looked_up("prefix", regions), looked_up("part", dates), slow_found]
    joined = pl.concat([frame, *parts_found], how="horizontal")
    fast = pl.col("fast")
    reason = (
        pl.when(pl.col("numeric_lost"))
        .then(pl.lit("nik_numeric_cell"))
        .when(fast)
        .then(
            pl.coalesce(
                "r_reason",
                "d_reason",
                pl.when(pl.col("serial_zero")).then(pl.lit("nik_serial")),
            )
        )
        .otherwise(pl.col("s_reason"))
    )
    serial_message = nik_module.REASON_MESSAGES["nik_serial"]
    message = (
        pl.when(pl.col("numeric_lost"))
        .then(pl.lit(numeric_message))
        .when(fast)
        .then(
            pl.coalesce(
                "r_message",
                "d_message",
                pl.when(pl.col("serial_zero")).then(pl.lit(serial_message)),
            )
        )
        .otherwise(pl.col("s_message"))
    )
    result = joined.with_columns(nik_reason=reason, nik_reason_message=message)
    valid = pl.col("nik_reason").is_null()

    def pick(fast_value: str, slow_value: str) -> pl.Expr:
        return pl.when(valid).then(
            pl.when(fast).then(pl.col(fast_value)).otherwise(pl.col(slow_value))
        )

    return result.select(
        nik=pick("digits", "s_nik"),
        nik_reason=pl.col("nik_reason"),
        nik_reason_message=pl.col("nik_reason_message"),
        nik_sex=pick("d_sex", "s_sex"),
        nik_birth_date=pick("d_birth", "s_birth"),
        nik_region=pick("r_region", "s_region"),
        nik_regency=pick("r_regency", "s_regency"),
        nik_warning_codes=pick("r_codes", "s_codes"),
        nik_warning_message=pick("r_warning", "s_warning"),
        nik_numeric_exact=valid & pl.col("number") & fast,
    )
