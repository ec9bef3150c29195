"""Personal data as a given user may see it: the one place pages, the API and exports ask.

Roles that work with people (provinsi, kabupaten, bpjs) see whole NIKs and birth dates.
The others (pimpinan) see a masked NIK (6101********0001), the birth year instead of the
birth date (NIK digits 7-12 are the birth date, day + 40 for women: a full date next to
a masked NIK would give half of what the mask hides back), free text with dates and long
digit runs redacted, and may search by NIK only by its region prefix (digits 1-6).
The phone number and the mother's maiden name (an optional column of the BPJS
registration, DOMAIN.md) are shown whole to the same roles and masked for the others
(0812******90, S*** A*****); no list shows them, only a worker's own page and the BPJS
registration file. Templates use the tags in templatetags/personal_data.py; API
schemas `person_fields`; exports `birth_cell`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from ninja import Field, Schema

from ucj.accounts.selectors import can_see_full_nik
from ucj.identity.masking import birth_year, mask_name, mask_nik, mask_phone, redact_text
from ucj.identity.nik import normalise

# How many leading digits of a NIK a role that sees masked NIKs may search by: the
# kecamatan where it was issued (PP RR KK), which every page shows anyway.
MASKED_NIK_SEARCH_DIGITS = 6


class NikSearchRefused(ValueError):
    """A NIK search longer than the user may ask for; the message says so and what to do."""


def shown_nik(user, nik: str | None) -> str:
    return (nik or "") if can_see_full_nik(user) else mask_nik(nik)


def shown_phone(user, phone: str | None) -> str:
    return (phone or "") if can_see_full_nik(user) else mask_phone(phone)


def shown_mother_name(user, name: str | None) -> str:
    return (name or "") if can_see_full_nik(user) else mask_name(name)


# A worker's change history names the field changed; these are masked as on the page.
_MASKED_FIELDS = {"phone": mask_phone, "mother_name": mask_name}


def shown_change(user, field: str, value: str | None) -> str:
    """An old or new value of a worker's change history, as this user may see it."""
    if can_see_full_nik(user):
        return value or ""
    if field in _MASKED_FIELDS:
        return _MASKED_FIELDS[field](value)
    return redact_text(value)


def shown_birth_date(user, value: date | None) -> date | None:
    """The birth date for roles that see it, None for the others (see `birth_year`)."""
    return value if can_see_full_nik(user) else None


def birth_date_text(user, value: date | None, fmt: str = "d-m-Y") -> str:
    """The birth date as text: "01-07-1990" for roles that see it, "1990" for the others."""
    if value is None:
        return ""
    if can_see_full_nik(user):
        return date_format(value, fmt)
    return str(birth_year(value))


def birth_cell(user, value: date | None) -> date | int | None:
    """What an export writes in its birth-date column: the date, or only the year."""
    if value is None:
        return None
    return value if can_see_full_nik(user) else birth_year(value)


def birth_heading(user) -> str:
    return _("Birth date") if can_see_full_nik(user) else _("Birth year")


def shown_text(user, text: str | None) -> str:
    """Free text that may quote what was typed (a rejected row's message, a cell of an
    uploaded file): whole for roles that see full data, with every date cut to its year
    and every long digit run masked for the others."""
    return (text or "") if can_see_full_nik(user) else redact_text(text)


class PersonOut(Schema):
    """The personal fields of an API answer about a person; fill with `person_fields`."""
    nik: str = Field(description="whole, or masked (6101********0001) for roles that see "
                                 "masked NIKs")
    birth_date: date | None = Field(description="null for roles that see the birth year only")
    birth_year: int | None


def person_fields(user, *, nik: str | None, birth_date: date | None,
                  prefix: str = "") -> dict[str, Any]:
    """The NIK, birth date and birth year fields of an API answer (PersonOut), as this
    user may see them: `{prefix}nik`, `{prefix}birth_date` (null for roles that see the
    year only) and `{prefix}birth_year`."""
    return {f"{prefix}nik": shown_nik(user, nik),
            f"{prefix}birth_date": shown_birth_date(user, birth_date),
            f"{prefix}birth_year": birth_year(birth_date)}


def nik_search_refusal(user, text: str | None) -> str:
    """Why this user may not search by this NIK text, or "" when they may."""
    if not text or can_see_full_nik(user):
        return ""
    typed = len(normalise(text))
    if typed <= MASKED_NIK_SEARCH_DIGITS:
        return ""
    return _("Your role may search by NIK only with its first %(limit)d digits (the region "
             "where it was issued); %(typed)d were given. Shorten the NIK to %(limit)d digits, "
             "or search by name.") % {"limit": MASKED_NIK_SEARCH_DIGITS, "typed": typed}


def check_nik_search(user, text: str | None) -> None:
    """Raise NikSearchRefused when the user may not search by this NIK text: a role that
    sees masked NIKs could otherwise find a whole NIK one digit at a time."""
    if refusal := nik_search_refusal(user, text):
        raise NikSearchRefused(refusal)
