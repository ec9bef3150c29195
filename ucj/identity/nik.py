"""NIK (Nomor Induk Kependudukan) checking.

Plain Python, no Django: bulk intake calls `parse` once per row (a million rows is a
normal file), the demo-data generator calls `build_nik`.

A NIK is 16 digits, PP RR KK DDMMYY SSSS (DOMAIN.md, "NIK"):

- PP RR KK: province, regency/city and kecamatan where the NIK was first issued
  (Kemendagri codes, possibly a code that has since been retired);
- DDMMYY: date of birth, women have day + 40 (41-71);
- SSSS: serial, from 0001.

`parse` never raises on bad input: it returns a `NikResult` whose `reason` is the
first failed check, in the order of `REASON_CODES`, and whose `message` tells the
operator (in Indonesian) what to fix. Nothing is ever repaired or guessed: a NIK a
spreadsheet turned into a number has lost its last digits for good.

Decisions (where the brief left a choice):

- Region. The province must be in the codebook (current or historical list, 2016 on).
  A regency unknown under a known province is invalid, with one exception: a code in
  a gap of the province's own numbering (below the highest kabupaten code 01-69, or
  below the highest kota code 71-99, ever listed) is accepted with warning
  `nik_regency_unlisted`. In the 2016-2025 lists those gaps are ten codes, all
  retired before 2016 by a province split: 64.04-64.06, 64.10 and 64.73 (Kota
  Tarakan and the other regencies that became Kalimantan Utara in 2012) and
  73.19-73.21, 73.23 and 73.25 (Sulawesi Selatan's, before Sulawesi Barat, 2004).
  NIKs issued under them are still carried. A code beyond the numbering (61.13,
  61.99, 61.73) never existed and is rejected. Kecamatan "00" is never issued and is rejected; any other
  kecamatan unknown under a listed regency is accepted with warning
  `nik_kecamatan_unknown`. A retired (historical) code is accepted with warning
  `nik_region_retired` naming it (the highest retired level: 91.01 Merauke, not
  91.01.01 as well).
- Text that is empty after normalisation (a lone "-" or "." placeholder) is
  `nik_empty`.
- Besides scientific notation and "...0.0" float renderings, a number shown with
  thousands separators ("6.101.010.101.900.000") is `nik_scientific` too: no
  one writes a NIK in groups of three, only a spreadsheet showing a number does.
- Century: 20YY when that date is not after `today`, else 19YY; the resolved date
  must exist (29 Feb only in leap years).
- When the NIK is invalid every decoded field (nik, sex, birth_date, region,
  province, regency, serial) is None.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from ucj.regions.codebook import Codebook, CodeEntry, load_codebook

NIK_LENGTH = 16

REASON_CODES = (
    "nik_empty",
    "nik_scientific",
    "nik_format",
    "nik_length",
    "nik_region",
    "nik_date",
    "nik_serial",
)

# Templates, `str.format` placeholders:
#   nik_format: {characters}; nik_length: {count};
#   nik_region: {level} {code} {positions}; nik_date: {digits} {detail}.
REASON_MESSAGES = {
    "nik_empty": "NIK kosong. Isi 16 digit NIK sesuai KTP atau Kartu Keluarga.",
    "nik_scientific": (
        "NIK tersimpan sebagai angka oleh spreadsheet (misalnya 6,10101E+15 atau "
        "6101010101900000,0), sehingga digit-digit terakhirnya sudah hilang dan tidak "
        "dapat dipulihkan. Format kolom NIK sebagai Teks, lalu ketik ulang NIK dari KTP "
        "atau Kartu Keluarga."
    ),
    "nik_format": (
        "NIK hanya boleh berisi angka 0-9; ditemukan karakter lain: {characters}. "
        "Periksa huruf yang mirip angka (O dan 0, l dan 1), lalu ketik ulang NIK."
    ),
    "nik_length": (
        "NIK harus 16 digit; yang tertulis {count} digit. "
        "Periksa apakah ada digit yang hilang atau berlebih."
    ),
    "nik_region": (
        "Kode {level} {code} pada NIK (digit {positions}) tidak ada dalam daftar wilayah "
        "Kemendagri, baik yang berlaku maupun yang lama. Periksa digit {positions} NIK "
        "pada KTP atau Kartu Keluarga."
    ),
    "nik_date": (
        "Digit 7-12 NIK ({digits}) bukan tanggal lahir yang sah: {detail}. Urutannya "
        "tanggal, bulan, tahun (DDMMYY); untuk perempuan tanggal ditambah 40 (41-71)."
    ),
    "nik_serial": (
        "Nomor urut NIK (4 digit terakhir) 0000 tidak pernah diterbitkan; nomor urut "
        "dimulai dari 0001. Periksa 4 digit terakhir NIK pada KTP atau Kartu Keluarga."
    ),
}

VALID_MESSAGE = "NIK sah."

WARNING_CODES = (
    "nik_region_retired",
    "nik_regency_unlisted",
    "nik_kecamatan_unknown",
)

# Placeholders: nik_region_retired: {level} {code} {name} {last_listed};
#   nik_regency_unlisted: {code} {province}; nik_kecamatan_unknown: {code} {regency}.
WARNING_MESSAGES = {
    "nik_region_retired": (
        "Kode {level} {code} ({name}) pada NIK sudah tidak berlaku; terakhir tercantum "
        "dalam daftar Kemendagri {last_listed} (misalnya karena pemekaran wilayah). "
        "NIK tetap sah karena diterbitkan dengan kode lama."
    ),
    "nik_regency_unlisted": (
        "Kode kabupaten/kota {code} tidak ada dalam daftar Kemendagri sejak 2016, tetapi "
        "berada di sela penomoran provinsi {province}: kemungkinan kode lama yang dihapus "
        "sebelum 2016 (misalnya pemekaran Kalimantan Utara 2012). NIK diterima; "
        "periksa kembali dengan KTP bila ragu."
    ),
    "nik_kecamatan_unknown": (
        "Kode kecamatan {code} tidak ada dalam daftar Kemendagri sejak 2016, tetapi "
        "kabupaten/kotanya ({regency}) dikenal. NIK diterima; periksa kembali dengan KTP "
        "bila ragu."
    ),
}

_LEVEL_NAMES = {
    "provinsi": "provinsi",
    "kabupaten_kota": "kabupaten/kota",
    "kecamatan": "kecamatan",
}

# --- normalisation ---------------------------------------------------------------

_LEADING_APOSTROPHES = "'\u2018\u2019`"
# Separators people and office software put inside a NIK. Whitespace (including
# non-breaking and the other Unicode spaces) is removed separately via str.split().
_SEPARATORS = str.maketrans(
    "",
    "",
    ".-\u2010\u2011\u2012\u2013\u2014\u2212\u200b\u200c\u200d\u2060\ufeff",
)

# Text a spreadsheet produced from a number. Matched on the stripped text with its
# whitespace and leading apostrophe removed, before dots are dropped.
_SPREADSHEET_NUMBER = re.compile(
    r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+"  # scientific: 6.10101E+15, 6,10101E+15
    r"|\d{13,}[.,]0+"  # float rendering: 6101010101900000.0, ...00,00
    r"|\d{1,3}(?:\.\d{3}){4,}(?:,\d+)?"  # thousands separators: 6.101.010.101.900.000
    r"|\d{1,3}(?:,\d{3}){4,}(?:\.\d+)?"  # the same, English style
)


def _strip_marker(text: str) -> str:
    text = text.strip()
    if text[:1] and text[0] in _LEADING_APOSTROPHES:
        text = text[1:]
    return text


def normalise(text: str) -> str:
    """The NIK as bare characters: surrounding whitespace, inner spaces (also
    non-breaking), dots, dashes and a leading apostrophe (Excel's text marker,
    '6101...) removed. Anything else is kept, for `parse` to report."""
    return "".join(_strip_marker(text).split()).translate(_SEPARATORS)


def is_spreadsheet_number(text: str) -> bool:
    """True when the text is how a spreadsheet shows a number (6.10101E+15,
    6101010101900000.0, 6.101.010.101.900.000): the NIK's last digits are gone."""
    return _SPREADSHEET_NUMBER.fullmatch("".join(_strip_marker(text).split())) is not None


# --- result ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NikWarning:
    code: str
    message: str


# The brief's name for it; NikWarning avoids shadowing the builtin elsewhere.
Warning = NikWarning


@dataclass(frozen=True, slots=True)
class NikResult:
    input: str
    valid: bool
    nik: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    region: str | None = None
    province: str | None = None
    regency: str | None = None
    serial: str | None = None
    reason: str | None = None
    message: str = ""
    warnings: tuple[NikWarning, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "valid": self.valid,
            "nik": self.nik,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "region": self.region,
            "reason": self.reason,
            "message": self.message,
            "warnings": [warning.code for warning in self.warnings],
        }


def _invalid(text: str, reason: str, **fields: object) -> NikResult:
    return NikResult(
        input=text,
        valid=False,
        reason=reason,
        message=REASON_MESSAGES[reason].format(**fields),
    )


# --- region ----------------------------------------------------------------------


class _RegionVerdict(NamedTuple):
    message: str | None  # the nik_region message when the region is rejected
    warnings: tuple[NikWarning, ...] = ()
    province: str = ""
    regency: str = ""
    region: str = ""


def display_name(name: str) -> str:
    """Names in the historical list are upper case ("KAB. MERAUKE")."""
    if not name.isupper():
        return name
    if name.startswith("KAB. "):
        name = "Kabupaten " + name[5:]
    return name.title()


def _retired_warning(entry: CodeEntry) -> NikWarning:
    return NikWarning(
        "nik_region_retired",
        WARNING_MESSAGES["nik_region_retired"].format(
            level=_LEVEL_NAMES.get(entry.level, entry.level),
            code=entry.code,
            name=display_name(entry.name),
            last_listed=entry.last_listed,
        ),
    )


class _RegionIndex:
    """Region verdicts per 6-digit NIK prefix for one codebook, memoised."""

    MAX_CACHED = 200_000

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.highest: dict[tuple[str, bool], int] = {}  # (province, is_kota) -> number
        for code, entry in codebook.entries.items():
            if entry.level != "kabupaten_kota":
                continue
            number = int(code[3:5])
            key = (code[:2], number >= 70)
            self.highest[key] = max(self.highest.get(key, 0), number)
        self.verdicts: dict[str, _RegionVerdict] = {}

    def check(self, prefix: str) -> _RegionVerdict:
        verdict = self.verdicts.get(prefix)
        if verdict is None:
            verdict = self._check(prefix)
            if len(self.verdicts) < self.MAX_CACHED:
                self.verdicts[prefix] = verdict
        return verdict

    def _reject(self, level: str, code: str, positions: str) -> _RegionVerdict:
        message = REASON_MESSAGES["nik_region"].format(level=level, code=code, positions=positions)
        return _RegionVerdict(message)

    def _check(self, prefix: str) -> _RegionVerdict:
        get = self.codebook.get
        province_code = prefix[:2]
        regency_code = f"{province_code}.{prefix[2:4]}"
        district_code = f"{regency_code}.{prefix[4:6]}"

        province = get(province_code)
        if province is None:
            return self._reject("provinsi", province_code, "1-2")

        regency = get(regency_code)
        if regency is None:
            number = int(prefix[2:4])
            highest = self.highest.get((province_code, number >= 70), 0)
            lowest = 71 if number >= 70 else 1
            if not lowest <= number < highest:
                return self._reject("kabupaten/kota", regency_code, "1-4")
            if prefix[4:6] == "00":
                return self._reject("kecamatan", district_code, "1-6")
            warning = NikWarning(
                "nik_regency_unlisted",
                WARNING_MESSAGES["nik_regency_unlisted"].format(
                    code=regency_code, province=display_name(province.name)
                ),
            )
            warnings = (warning,)
            if not province.is_current:
                warnings = (_retired_warning(province), *warnings)
            return _RegionVerdict(None, warnings, province_code, regency_code, district_code)

        if prefix[4:6] == "00":
            return self._reject("kecamatan", district_code, "1-6")

        district = get(district_code)
        warnings: tuple[NikWarning, ...] = ()
        for entry in (province, regency, district):
            if entry is not None and not entry.is_current:
                warnings = (_retired_warning(entry),)
                break
        if district is None:
            warnings = (
                *warnings,
                NikWarning(
                    "nik_kecamatan_unknown",
                    WARNING_MESSAGES["nik_kecamatan_unknown"].format(
                        code=district_code,
                        regency=f"{regency_code} {display_name(regency.name)}",
                    ),
                ),
            )
        return _RegionVerdict(None, warnings, province_code, regency_code, district_code)


_INDEXES: dict[int, _RegionIndex] = {}
_default: list[_RegionIndex] = []  # the index of load_codebook(), once built


def _region_index(codebook: Codebook | None) -> _RegionIndex:
    if codebook is None:
        if not _default:
            _default.append(_region_index(load_codebook()))
        return _default[0]
    index = _INDEXES.get(id(codebook))
    if index is None or index.codebook is not codebook:
        if len(_INDEXES) >= 8:
            _INDEXES.clear()
        index = _INDEXES[id(codebook)] = _RegionIndex(codebook)
    return index


# --- parse -----------------------------------------------------------------------


def _describe_characters(text: str) -> str:
    seen: list[str] = []
    for char in text:
        if not ("0" <= char <= "9") and char not in seen:
            seen.append(char)
    shown = [f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}" for char in seen[:3]]
    if len(seen) > 3:
        shown.append("...")
    return ", ".join(shown)


_today_cache: list = [0.0, None]  # [monotonic time to refresh at, date]


def _today() -> date:
    """date.today(), looked up at most once a second (parse runs a million times)."""
    now = time.monotonic()
    if now >= _today_cache[0]:
        _today_cache[:] = [now + 1.0, date.today()]
    return _today_cache[1]


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def parse(
    text: str | None, codebook: Codebook | None = None, today: date | None = None
) -> NikResult:
    """Check a NIK as typed or imported. Never raises; see the module docstring.

    `codebook` defaults to `load_codebook()`, `today` (for the century of the birth
    year) to `date.today()`. A non-string value (a number from a spreadsheet reader)
    is checked as its `str()`, so a float is reported as `nik_scientific`.
    """
    if text is None:
        text = ""
    elif not isinstance(text, str):
        text = str(text)

    if text.isascii() and text.isdigit():  # the usual case: nothing to clean
        digits = text
    else:
        if not text.strip():
            return _invalid(text, "nik_empty")
        if is_spreadsheet_number(text):
            return _invalid(text, "nik_scientific")
        digits = normalise(text)
        if not digits:
            return _invalid(text, "nik_empty")
        if not (digits.isascii() and digits.isdigit()):
            return _invalid(text, "nik_format", characters=_describe_characters(digits))
    if len(digits) != NIK_LENGTH:
        return _invalid(text, "nik_length", count=len(digits))

    region = _region_index(codebook).check(digits[:6])
    if region.message is not None:
        return NikResult(input=text, valid=False, reason="nik_region", message=region.message)

    day = int(digits[6:8])
    month = int(digits[8:10])
    year_2 = int(digits[10:12])
    detail = None
    if 1 <= day <= 31:
        sex = "L"
    elif 41 <= day <= 71:
        sex = "P"
        day -= 40
    else:
        sex = None
        detail = f"tanggal {digits[6:8]} tidak mungkin (laki-laki 01-31, perempuan 41-71)"
    if detail is None and not 1 <= month <= 12:
        detail = f"bulan {digits[8:10]} tidak ada (01-12)"
    birth_date = None
    if detail is None:
        if today is None:
            today = _today()
        year = 2000 + year_2
        if (year, month, day) > (today.year, today.month, today.day):
            year -= 100
        try:
            birth_date = date(year, month, day)
        except ValueError:
            detail = f"tanggal {day:02d}-{month:02d}-{year} tidak ada di kalender"
            if month == 2 and day == 29 and not _is_leap(year):
                detail += f" ({year} bukan tahun kabisat)"
    if detail is not None:
        return _invalid(text, "nik_date", digits=digits[6:12], detail=detail)

    if digits[12:] == "0000":
        return _invalid(text, "nik_serial")

    return NikResult(
        input=text,
        valid=True,
        nik=digits,
        sex=sex,
        birth_date=birth_date,
        region=region.region,
        province=region.province,
        regency=region.regency,
        serial=digits[12:],
        reason=None,
        message=VALID_MESSAGE,
        warnings=region.warnings,
    )


def build_nik(region: str, birth_date: date, sex: str, serial: int) -> str:
    """The NIK for a kecamatan code ("61.01.01" or "610101"), birth date, sex ("L"
    or "P") and serial (1-9999). Only the shape is checked, not the codebook."""
    code = region.replace(".", "")
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        raise ValueError(f"region must be a kecamatan code like 61.01.01, got {region!r}")
    if sex not in ("L", "P"):
        raise ValueError(f"sex must be 'L' or 'P', got {sex!r}")
    if isinstance(serial, bool) or not isinstance(serial, int) or not 1 <= serial <= 9999:
        raise ValueError(f"serial must be an integer 1-9999, got {serial!r}")
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{code}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
