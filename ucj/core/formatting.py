"""Numbers written the Indonesian way: the one helper for pages, files and PDFs.

    thousands(1234567)            -> "1.234.567"
    decimal(3.7, 2)               -> "3,70"     decimal(3.7, 2, trim=True) -> "3,7"
    percent(0.2405)               -> "24,05 %"  (a fraction; None -> "—")
    rate(Decimal("0.24"))         -> "0,24 %"   rate(Decimal("3.70")) -> "3,7 %"
                                                (a value already in percent, trailing
                                                zeros dropped: contribution rates)
    rupiah(1500000)               -> "Rp1.500.000"
    rupiah(-756000000)            -> "kurang Rp756.000.000" (a shortfall in words, never
                                                "Rp-756.000.000")

The Indonesian forms are the documents' (PDF, workbooks, CSV, command output). Pages use
the template filters of ucj/core/templatetags/numbers.py, which give the same text in
Indonesian and the English forms ("24.05 %", "short of Rp756,000,000") when the page is
in English; `percent` and `rate` put a no-break space before "%" so that the sign never
starts a line.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"
DASH = "—"


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _grouped(digits: str, separator: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def decimal(value, digits: int = 0, *, trim: bool = False, thousand: str = ".",
            point: str = ",") -> str:
    """`value` rounded half up to `digits` decimals with Indonesian separators; `trim`
    drops trailing zeros (and the comma when nothing is left after it)."""
    number = _decimal(value)
    try:
        rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # too many digits for the context: keep as given
        rounded = number
    negative = rounded < 0
    text = format(abs(rounded), "f")
    whole, _, fraction = text.partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    body = _grouped(whole, thousand) + (point + fraction if fraction else "")
    return ("-" if negative and body.strip("0,.") else "") + body


def thousands(number: int) -> str:
    """1000000 -> "1.000.000"."""
    return decimal(int(number))


def number(value) -> str:
    """A count: "1.234.567"; None -> "—"."""
    return DASH if value is None else thousands(value)


def percent(fraction, digits: int = 2, *, trim: bool = False, space: str = " ") -> str:
    """A fraction as a percentage: 0.2405 -> "24,05 %"; None -> "—"."""
    if fraction is None or fraction == "":
        return DASH
    return f"{decimal(_decimal(fraction) * 100, digits, trim=trim)}{space}%"


def rate(value, digits: int = 2, *, space: str = " ") -> str:
    """A value already in percent, trailing zeros dropped: Decimal("0.240") -> "0,24 %",
    Decimal("3.70") -> "3,7 %", 50 -> "50 %"; None -> "—"."""
    if value is None or value == "":
        return DASH
    return f"{decimal(value, digits, trim=True)}{space}%"


def rupiah(amount, *, short_of: str = "kurang") -> str:
    """Rp with thousands: 1500000 -> "Rp1.500.000"; a negative amount in words:
    -756000000 -> "kurang Rp756.000.000"; None -> "—"."""
    if amount is None or amount == "":
        return DASH
    value = _decimal(amount)
    text = "Rp" + decimal(abs(value))
    return f"{short_of} {text}" if value < 0 and decimal(abs(value)) != "0" else text


