"""Dates as people in Indonesia write them (no Django imports).

parse_date("3/12/2026"), parse_date("03-12-2026"), parse_date("3 Desember 2026"),
parse_date("3 Des 2026") and parse_date("2026-12-03") are all 3 December 2026: day
first, as Indonesians write it, except the ISO form that starts with the year (what a
browser's date field sends). format_date gives the long Indonesian form back."""

from __future__ import annotations

import re
from datetime import date

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
_ENGLISH = ["january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"]
_NAMES: dict[str, int] = {}
for _number, (_id, _en) in enumerate(zip(MONTHS, _ENGLISH, strict=True), start=1):
    for _name in (_id.lower(), _en, _id.lower()[:3], _en[:3]):
        _NAMES.setdefault(_name, _number)
_NAMES.update({"agu": 8, "agt": 8, "sept": 9, "nop": 11, "okt": 10, "des": 12, "peb": 2})

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_WORDS = re.compile(r"(\d{1,2})[\s\-]+([a-z]+)\.?[\s\-]+(\d{4})")


class DateNotUnderstood(ValueError):
    """The text is not a date in any of the forms above (or not a real day)."""


def parse_date(text: str) -> date:
    """The day `text` names; raises DateNotUnderstood."""
    cleaned = " ".join(str(text).strip().lower().replace(",", " ").split())
    if match := _ISO.fullmatch(cleaned):
        year, month, day = (int(p) for p in match.groups())
    elif match := _NUMERIC.fullmatch(cleaned):
        day, month, year = (int(p) for p in match.groups())
    elif match := _WORDS.fullmatch(cleaned):
        name = match.group(2)
        if name not in _NAMES:
            raise DateNotUnderstood(text)
        day, month, year = int(match.group(1)), _NAMES[name], int(match.group(3))
    else:
        raise DateNotUnderstood(text)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateNotUnderstood(text) from None


def format_date(day: date) -> str:
    """3 Desember 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
