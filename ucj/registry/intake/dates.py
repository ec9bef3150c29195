"""Birth dates as regencies write them, read vectorised (a million rows is normal).

Accepted, day first as Indonesians write dates:
- dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy (one-digit day or month too: 7-8-1985);
- yyyy-mm-dd, yyyy/mm/dd (ISO, and what an Excel date cell reads as: the time part
  "00:00:00" is dropped);
- an Indonesian (or English) month name or abbreviation: "17 Agustus 1985",
  "17-Agu-1985", "17 Agt. 1985", "7 Pebruari 1980", "17 Aug 1985";
- eight digits ddmmyyyy or yyyymmdd when only one reading is a real date;
- "Sambas, 17-08-1985" (a "TEMPAT, TANGGAL LAHIR" column): the part after the last comma;
- an XLSX number cell (a date typed into a cell formatted "General" shows as
  its serial number, 31000 = 14-11-1984) from 1910 on.

Two-digit years are not read (the century would be a guess); nor are dates before
1900 or after today. Such a cell is "unreadable" and the birth date is then taken
from the NIK (warning birth_date_unreadable in `checks`).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

_EXCEL_EPOCH = date(1899, 12, 30)
_MIN_SERIAL = (date(1910, 1, 1) - _EXCEL_EPOCH).days
_MIN_YEAR = 1900

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "januari jan january",
        "februari pebruari feb peb february pebr febr",
        "maret mar march mrt",
        "april apr",
        "mei may",
        "juni jun june",
        "juli jul july",
        "agustus agu agt ags agus aug august agst",
        "september sep sept",
        "oktober okt oct october",
        "november nov nop nopember",
        "desember des dec december",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_NUMERIC_FORMATS = ("%d-%m-%Y", "%Y-%m-%d")


def _numeric(text: pl.Expr) -> pl.Expr:
    """dd-mm-yyyy and yyyy-mm-dd with any of - / . as separator."""
    dashed = text.str.replace_all(r"[/.]", "-")
    return pl.coalesce(
        [dashed.str.strptime(pl.Date, fmt, strict=False) for fmt in _NUMERIC_FORMATS]
    )


def _eight_digits(text: pl.Expr) -> pl.Expr:
    is_eight = text.str.contains(r"^[0-9]{8}$")
    dmy = text.str.strptime(pl.Date, "%d%m%Y", strict=False)
    ymd = text.str.strptime(pl.Date, "%Y%m%d", strict=False)
    dmy = pl.when(dmy.dt.year() >= _MIN_YEAR).then(dmy)
    ymd = pl.when(ymd.dt.year() >= _MIN_YEAR).then(ymd)
    return (
        pl.when(is_eight & dmy.is_not_null() & ymd.is_null())
        .then(dmy)
        .when(is_eight & ymd.is_not_null() & dmy.is_null())
        .then(ymd)
    )


def _month_name(text: pl.Expr) -> pl.Expr:
    parts = text.str.to_lowercase().str.extract_groups(
        r"^([0-9]{1,2})[\s\-./]*([a-z]+)\.?[\s\-./,]*([0-9]{4})$"
    )
    month = parts.struct.field("2").replace_strict(MONTHS, default=None, return_dtype=pl.Int32)
    rebuilt = pl.concat_str(
        [parts.struct.field("1"), month.cast(pl.String), parts.struct.field("3")], separator="-"
    )
    return rebuilt.str.strptime(pl.Date, "%d-%m-%Y", strict=False)


def _parse_text(text: pl.Expr) -> pl.Expr:
    cleaned = text.str.strip_chars().str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "")
    return pl.coalesce(_numeric(cleaned), _month_name(cleaned), _eight_digits(cleaned))


def parse_birth_dates(
    texts: pl.Series, number_cells: pl.Series | None = None, today: date | None = None
) -> pl.Series:
    """Date (or null when empty or unreadable) for each text; `number_cells` marks
    XLSX number cells (read as Excel serial numbers). Parsed once per distinct value."""
    today = today or date.today()
    frame = pl.DataFrame({"text": texts.cast(pl.String)})
    frame = frame.with_columns(
        number=number_cells.fill_null(False) if number_cells is not None else pl.lit(False)
    )
    distinct = frame.unique(maintain_order=False).filter(pl.col("text").is_not_null())
    text = pl.col("text")
    after_comma = text.str.replace(r"^.*,", "")
    serial = text.str.strip_chars().cast(pl.Float64, strict=False)
    today_serial = (today - _EXCEL_EPOCH).days
    from_serial = pl.when(
        pl.col("number") & (serial >= _MIN_SERIAL) & (serial < today_serial + 1)
    ).then(pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial.floor().cast(pl.Int64)))
    parsed = pl.coalesce(
        from_serial,
        pl.when(~pl.col("number")).then(_parse_text(text)),
        pl.when(~pl.col("number") & text.str.contains(",")).then(_parse_text(after_comma)),
    )
    distinct = distinct.with_columns(
        date=pl.when(parsed.dt.year().is_between(_MIN_YEAR, today.year) & (parsed <= today)).then(
            parsed
        )
    )
    return (
        frame.join(distinct, on=["text", "number"], how="left", maintain_order="left")
        .get_column("date")
        .alias(texts.name)
    )


def excel_serial(value: date) -> int:
    """The Excel serial number of a date (for tests and fixtures)."""
    return (value - _EXCEL_EPOCH).days


def from_excel_serial(serial: float) -> date:
    return _EXCEL_EPOCH + timedelta(days=int(serial))
