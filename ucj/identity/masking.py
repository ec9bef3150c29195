"""Masked NIKs for screens, exports and messages that do not need the full number
(UU 27/2022; DOMAIN.md, "Personal data"). Plain Python, no Django."""

from __future__ import annotations

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
