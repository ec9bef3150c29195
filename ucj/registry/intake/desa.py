"""Find a desa/kelurahan of the submitting regency by the name the list gives.

Names are compared normalised (`place_key`): upper case, punctuation to spaces, a
leading "DESA", "DS", "KELURAHAN", "KEL" (or "KECAMATAN", "KEC" for kecamatan)
dropped, and the abbreviations common in Kalbar spelled out (SEI/SG -> SUNGAI,
TJ/TG -> TANJUNG, PSR -> PASAR, SP -> SIMPANG). A desa name that exists in more than
one kecamatan of the regency is told apart by the KECAMATAN column (name or code);
without it, or when that does not settle it, the row gets warning `desa_ambiguous`
and no desa code. A full Kemendagri desa code ("61.01.01.2001") is accepted as well.

Names from earlier Kemendagri lists (2016 on, ucj.regions.codebook.former_names) are
aliases: "Teluk Kumbang" (the 2019 spelling) finds 61.01.02.2026 Teluk Kembang, and a
KECAMATAN cell "Siantan" (2016-2022) names 61.02.08 Jongkat. Today's names win: an old
name that is now another desa's name of the regency finds that desa (DOMAIN.md,
"Corrections and additions", region history).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_NON_ALNUM = re.compile(r"[^0-9A-Z]+")
_DESA_PREFIXES = ("DESA", "DS", "KELURAHAN", "KEL", "KAMPUNG", "KAMPONG")
_KECAMATAN_PREFIXES = ("KECAMATAN", "KEC")
_ABBREVIATIONS = {
    "SEI": "SUNGAI",
    "SG": "SUNGAI",
    "SGI": "SUNGAI",
    "TJ": "TANJUNG",
    "TG": "TANJUNG",
    "TJG": "TANJUNG",
    "PSR": "PASAR",
    "SP": "SIMPANG",
}
_DESA_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")

FOUND = "found"
UNKNOWN = "unknown"
AMBIGUOUS = "ambiguous"


def place_key(text: str | None, prefixes: tuple[str, ...] = _DESA_PREFIXES) -> str:
    """'Desa Sei. Kelambu' -> 'SUNGAI KELAMBU'."""
    if not text:
        return ""
    words = _NON_ALNUM.sub(" ", text.upper()).split()
    if len(words) > 1 and words[0] in prefixes:
        words = words[1:]
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def kecamatan_key(text: str | None) -> str:
    return place_key(text, _KECAMATAN_PREFIXES)


@dataclass(frozen=True)
class DesaLookup:
    """The desa/kelurahan of one regency, by normalised name.

    by_name: place_key(desa name) -> ((desa code, kecamatan code, kecamatan key), ...)
    codes: every desa code, for cells that give the code itself.
    kecamatan_codes: kecamatan key -> kecamatan code.
    """

    by_name: dict[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)
    codes: frozenset[str] = frozenset()
    kecamatan_codes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, str]],
                  former_names: Iterable[tuple[str, str]] = ()) -> DesaLookup:
        """From (desa_code, desa_name, kecamatan_code, kecamatan_name) rows, and
        (code, earlier name) pairs of the regency's desa and kecamatan as aliases."""
        by_name: dict[str, list[tuple[str, str, str]]] = {}
        codes = set()
        kecamatan_codes: dict[str, str] = {}
        desa_parent: dict[str, tuple[str, str]] = {}
        for desa_code, desa_name, kecamatan_code, kecamatan_name in rows:
            kec = kecamatan_key(kecamatan_name)
            by_name.setdefault(place_key(desa_name), []).append((desa_code, kecamatan_code, kec))
            codes.add(desa_code)
            desa_parent[desa_code] = (kecamatan_code, kec)
            if kec:
                kecamatan_codes.setdefault(kec, kecamatan_code)
        current_names = set(by_name)
        current_kecamatan = set(kecamatan_codes)
        for code, name in former_names:
            if code.count(".") == 2:
                kec = kecamatan_key(name)
                if kec and kec not in current_kecamatan:
                    kecamatan_codes.setdefault(kec, code)
                continue
            key = place_key(name)
            if code not in desa_parent or not key or key in current_names:
                continue
            entries = by_name.setdefault(key, [])
            if not any(entry[0] == code for entry in entries):
                entries.append((code, *desa_parent[code]))
        return cls(
            by_name={key: tuple(sorted(value)) for key, value in by_name.items()},
            codes=frozenset(codes),
            kecamatan_codes=kecamatan_codes,
        )

    def __len__(self) -> int:
        return len(self.codes)

    def find(self, desa: str | None, kecamatan: str | None = None) -> tuple[str | None, str]:
        """(desa code or None, FOUND | UNKNOWN | AMBIGUOUS) for a desa cell and the
        row's kecamatan cell (name or code, may be empty)."""
        text = (desa or "").strip()
        if _DESA_CODE.match(text):
            return (text, FOUND) if text in self.codes else (None, UNKNOWN)
        candidates = self.by_name.get(place_key(text), ())
        if not candidates:
            return None, UNKNOWN
        if len(candidates) == 1:
            return candidates[0][0], FOUND
        kec_text = (kecamatan or "").strip()
        kec = kecamatan_key(kec_text)
        kec_code = (kec_text if kec_text in self.kecamatan_codes.values()
                    else self.kecamatan_codes.get(kec))
        matching = [
            c for c in candidates if (kec_code and c[1] == kec_code) or (kec and c[2] == kec)
        ]
        if len(matching) == 1:
            return matching[0][0], FOUND
        return None, AMBIGUOUS
