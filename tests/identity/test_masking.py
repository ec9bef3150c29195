from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ucj.identity.masking import mask_nik


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
