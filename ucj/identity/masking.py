"""Masked NIKs for screens, exports and messages that do not need the full number
(UU 27/2022; DOMAIN.md, "Personal data"). Plain Python, no Django."""

from __future__ import annotations

import re
from datetime import date

from ucj.identity.nik import NIK_LENGTH, normalise

MASK = "*"


def mask_nik(nik: str | None) -> str:
    """Mask a NIK: "6101010101900001" -> "6101********0001".

    A NIK (16 digits once spaces, dots, dashes and Excel's leading apostrophe are
    removed) keeps its first 4 digits (province and regency) and last 4 (serial).
    Anything else keeps at most its first 2 characters, never more than half of it,
    and every other character becomes '*', so not even a mistyped or truncated
    number leaks whole. The length of the masked text is the length of the input
    (stripped), which helps an operator see a digit is missing.
    """
    if not nik:
        return ""
    digits = normalise(nik)
    if len(digits) == NIK_LENGTH and digits.isascii() and digits.isdigit():
        return digits[:4] + MASK * (NIK_LENGTH - 8) + digits[-4:]
    text = nik.strip()
    keep = min(2, len(text) // 2)
    return text[:keep] + MASK * (len(text) - keep)


def mask_phone(phone: str | None) -> str:
    """"081234567890" -> "0812******90": the operator's prefix and the last two digits."""
    text = (phone or "").strip()
    if len(text) <= 6:
        return MASK * len(text)
    return text[:4] + MASK * (len(text) - 6) + text[-2:]


def mask_name(name: str | None) -> str:
    """"Siti Aminah" -> "S*** A*****": each word keeps its first letter."""
    return " ".join(word[:1] + MASK * (len(word) - 1) for word in (name or "").split())


def birth_year(value: date | None) -> int | None:
    """The year of a birth date: what roles that see masked NIKs are shown instead of the
    date (NIK digits 7-12 are the birth date, day + 40 for women, so a full date shown
    next to a masked NIK gives half of what is masked back)."""
    return value.year if value is not None else None


_MONTH_NAMES = (
    "januari|january|jan|februari|pebruari|february|febr|pebr|feb|peb|maret|march|mar|mrt"
    "|april|apr|mei|may|juni|june|jun|juli|july|jul|agustus|august|agst|agus|agu|agt|ags|aug"
    "|september|sept|sep|oktober|october|okt|oct|november|nopember|nov|nop|desember"
    "|december|des|dec"
)
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
# Dates as people and spreadsheets write them; each keeps only its year (_YEAR_GROUPS).
_DATES = re.compile(
    "|".join((
        # not inside a region code (61.01.01.2001 is a desa)
        rf"(?<![\d.])(?P<iso>\d{{4}})[-/.]\d{{1,2}}[-/.]\d{{1,2}}{_TIME}(?!\d)",
        rf"(?<![\d.])\d{{1,2}}[-/.]\d{{1,2}}[-/.](?P<dmy>\d{{4}}){_TIME}(?!\d)",
        # two-digit years only with - or /: 61.01.01 is a kecamatan code
        r"(?<![\d.])\d{1,2}(?P<sep>[-/])\d{1,2}(?P=sep)(?P<dmy2>\d{2})(?![\d.])",
        rf"(?<![\w])\d{{1,2}}[\s\-./]*(?:{_MONTH_NAMES})\.?[\s\-./,]*(?P<named>\d{{4}}|\d{{2}})(?!\d)",
        rf"(?<![\w])(?:{_MONTH_NAMES})\.?\s+\d{{1,2}},?\s+(?P<us>\d{{4}})(?!\d)",
    )),
    re.IGNORECASE,
)
# Six or more digits in a row (a birth date written ddmmyy, the date part of a NIK), or
# seven or more split by single spaces, dots or dashes: a NIK (whole, cut or mistyped),
# a birth date written ddmmyyyy, a KPJ or a phone number. Region codes (61.01.01,
# 61.01.01.2001) stay.
_DIGIT_RUNS = re.compile(r"(?<!\d)(?:\d{6,}|\d(?:[ .\-]?\d){6,})(?!\d)")


_YEAR_GROUPS = ("iso", "dmy", "dmy2", "named", "us")


def _year_only(match: re.Match[str]) -> str:
    return next(match.group(name) for name in _YEAR_GROUPS if match.group(name))


_REGION_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")  # a desa: 61.01.01.2001


def _masked_digits(match: re.Match[str]) -> str:
    if _REGION_CODE.fullmatch(match.group(0)):
        return match.group(0)
    digits = re.sub(r"\D", "", match.group(0))
    return mask_nik(digits) if len(digits) == NIK_LENGTH else MASK * len(digits)


def redact_text(text: str | None) -> str:
    """Free text (a cell of an uploaded file, a row's message) as a role that sees masked
    NIKs may see it: every date keeps only its year ("17-08-1985", "1985-08-17 00:00:00",
    "17 Agustus 1985" -> "1985") and every longer run of digits is masked: a NIK like
    everywhere else ("6101 0101 0190 0001" -> "6101********0001"), anything else whole
    ("17081985" -> "********", not even a day left)."""
    if not text:
        return ""
    return _DIGIT_RUNS.sub(_masked_digits, _DATES.sub(_year_only, text))
