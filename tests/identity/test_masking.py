from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ucj.identity.masking import birth_year, mask_nik, redact_text

MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]


@pytest.mark.parametrize(
    ("nik", "masked"),
    [
        ("6101010101900001", "6101********0001"),
        ("9101014508850002", "9101********0002"),
        ("6101 0101 0190 0001", "6101********0001"),  # cleaned first, like parse
        ("'6101010101900001", "6101********0001"),
        ("61.01.01.010190.0001", "6101********0001"),
        ("610101010190001", "61*************"),  # 15 digits: first 2 only
        ("61010101019000011", "61***************"),
        ("6.10101E+15", "6.*********"),
        ("ABCDEFGHIJKLMNOP", "AB**************"),  # 16 characters, not a NIK
        ("6101", "61**"),
        ("610", "6**"),  # never more than half
        ("61", "6*"),
        ("6", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_nik(nik: str | None, masked: str) -> None:
    assert mask_nik(nik) == masked


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_a_digit_string_is_never_shown_whole(digits: str) -> None:
    masked = mask_nik(digits)
    assert masked != digits
    shown = sum(char != "*" for char in masked)
    assert shown <= (8 if len(digits) == 16 else 2)


@given(st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_a_nik_keeps_its_first_and_last_four(nik: str) -> None:
    assert mask_nik(nik) == nik[:4] + "*" * 8 + nik[-4:]


@given(st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_the_mask_hides_the_birth_date_digits(nik: str) -> None:
    """NIK digits 5-12 (kecamatan and DDMMYY) are never shown."""
    assert set(mask_nik(nik)[4:12]) == {"*"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("6101014107900001", "6101********0001"),
        ("NIK 6101 0101 0190 0001 ganda", "NIK 6101********0001 ganda"),
        ("17-08-1985", "1985"),
        ("Sambas, 17/08/1985", "Sambas, 1985"),
        ("17.08.1985", "1985"),
        ("1985-08-17 00:00:00", "1985"),
        ("1985-08-17T00:00:00", "1985"),
        ("17 Agustus 1985", "1985"),
        ("17-Agu-1985", "1985"),
        ("17 Agt. 1985", "1985"),
        ("17 August 1985", "1985"),
        ("August 17, 1985", "1985"),
        ("7-8-85", "85"),
        ("17081985", "********"),  # ddmmyyyy
        ("170885", "******"),  # ddmmyy
        ("Digit 7-12 NIK (991390) bukan", "Digit 7-12 NIK (******) bukan"),
        ("(di kolom 02-07-1990, pada NIK 01-07-1990)", "(di kolom 1990, pada NIK 1990)"),
        ("081234567890", "************"),
        # what stays: region codes, short numbers, a year, a month
        ("Kode kecamatan 61.01.01 tidak ada", "Kode kecamatan 61.01.01 tidak ada"),
        ("desa 61.01.01.2001", "desa 61.01.01.2001"),
        ("baris 12 dan 31000", "baris 12 dan 31000"),
        ("Juli 1990", "Juli 1990"),
        ("NIK harus 16 digit; yang tertulis 10 digit.", "NIK harus 16 digit; yang tertulis 10 digit."),
        ("", ""),
        (None, ""),
    ],
)
def test_redact_text(text: str | None, shown: str) -> None:
    assert redact_text(text) == shown


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)))
def test_no_written_date_survives_redaction(day: date) -> None:
    for written in (f"{day:%d-%m-%Y}", f"{day.day}/{day.month}/{day.year}", day.isoformat(),
                    f"{day:%d.%m.%Y}", f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}",
                    f"{day:%d %B %Y}", f"{day:%d%m%Y}", f"{day:%d%m%y}"):
        redacted = redact_text(f"lahir {written}.")
        assert written not in redacted and f"{day:%d}" not in redacted.replace(
            str(day.year), ""), (written, redacted)


def test_birth_year() -> None:
    assert birth_year(date(1990, 7, 1)) == 1990
    assert birth_year(None) is None
