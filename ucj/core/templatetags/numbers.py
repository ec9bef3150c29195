"""Numbers on pages, in the page's language (ucj/core/formatting.py has the rules):

    {{ amount|rupiah }}     Rp1.500.000; a negative amount "kurang Rp756.000.000"
                            (English: Rp1,500,000; "short of Rp756,000,000")
    {{ fraction|percent }}  24,05 % (a fraction; `percent:1` for one decimal)
    {{ value|rate }}        0,24 % / 3,7 % (already in percent, trailing zeros dropped)
    {{ count|number }}      1.234.567

Every form puts a no-break space before "%", and None becomes "—"."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import get_format, number_format
from django.utils.translation import pgettext

from ucj.core.formatting import DASH, NBSP

register = template.Library()


def localised(value, digits: int = 0, *, trim: bool = False) -> str:
    """`value` rounded half up to `digits` decimals with the active language's separators
    (thousands grouped), trailing zeros dropped when `trim`."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = number_format(rounded, decimal_pos=digits, use_l10n=True, force_grouping=True)
    if trim and digits:
        point = get_format("DECIMAL_SEPARATOR")
        if point in text:
            text = text.rstrip("0").removesuffix(point)
    return "0" if text in ("-0", "") else text


def _empty(value) -> bool:
    return value is None or value == ""


@register.filter
def rupiah(value) -> str:
    if _empty(value):
        return DASH
    number = Decimal(str(value))
    text = "Rp" + localised(abs(number))
    if number < 0 and text != "Rp0":
        return f"{pgettext('a negative amount', 'short of')} {text}"
    return text


@register.filter
def percent(value, digits: int = 2) -> str:
    """A fraction as a percentage: 0.2405 -> "24,05 %"."""
    if _empty(value):
        return DASH
    return f"{localised(Decimal(str(value)) * 100, int(digits))}{NBSP}%"


@register.filter
def rate(value, digits: int = 2) -> str:
    """A value already in percent: 0.240 -> "0,24 %", 3.70 -> "3,7 %"."""
    if _empty(value):
        return DASH
    return f"{localised(value, int(digits), trim=True)}{NBSP}%"


@register.filter
def number(value, digits: int = 0) -> str:
    """A count or measure with thousands grouped: 1234567 -> "1.234.567"."""
    if _empty(value):
        return DASH
    return localised(value, int(digits))
