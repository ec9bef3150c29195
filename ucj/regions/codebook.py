"""Kemendagri region codes read straight from the vendored data files.

Plain Python (no Django) so that NIK checking and the demo generator can use it
without a database. The database copy (regions.models.Region) is loaded from the
same files by `ucj load-regions`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CURRENT_FILE = DATA_DIR / "wilayah.csv"
HISTORICAL_FILE = DATA_DIR / "kode_kecamatan_historis.csv"
NAME_HISTORY_FILE = DATA_DIR / "nama_wilayah_historis.csv"
POPULATION_FILE = DATA_DIR / "penduduk_2024.csv"
REGENCY_BOUNDARIES_FILE = DATA_DIR / "kalbar_kabupaten_kota.geojson"
DISTRICT_BOUNDARIES_FILE = DATA_DIR / "kalbar_kecamatan.geojson"

# The list that wilayah.csv reproduces (Kepmendagri 300.2.2-2138/2025).
CURRENT_LIST_YEAR = 2025

# The Kemendagri lists the historical files know, by the label they carry there
# (cahyadsn/wilayah db/archive/wilayah_<label>.sql). "The 2019 list" of DOMAIN.md is the
# one labelled 2020.
LISTS = {
    2016: "Permendagri 56/2015",
    2018: "Permendagri 137/2017",
    2020: "Permendagri 72/2019 (diubah Kepmendagri 146.1-4717/2020)",
    2022: "Permendagri 58/2021 (diubah Kepmendagri 050-145/2022)",
    2023: "Kepmendagri 100.1.1-6117/2022",
    2025: "Kepmendagri 300.2.2-2138/2025",
}

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")

# BPS codes of the Kalbar regencies differ from Kemendagri's for seven of them
# (DOMAIN.md, "Regions and codes"); the system's key stays the Kemendagri code.
KALBAR_BPS_CODES = {
    "61.01": "6101",
    "61.02": "6104",
    "61.03": "6105",
    "61.04": "6106",
    "61.05": "6107",
    "61.06": "6108",
    "61.07": "6102",
    "61.08": "6103",
    "61.09": "6109",
    "61.10": "6110",
    "61.11": "6111",
    "61.12": "6112",
    "61.71": "6171",
    "61.72": "6172",
}


def level_of(code: str) -> str:
    """The level a dotted Kemendagri code names, from its number of parts."""
    return LEVELS[code.count(".")]


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


@dataclass(frozen=True, slots=True)
class CodeEntry:
    code: str
    name: str
    level: str
    first_listed: int | None
    last_listed: int | None

    @property
    def is_current(self) -> bool:
        return self.last_listed is None or self.last_listed >= CURRENT_LIST_YEAR


@dataclass(frozen=True)
class Codebook:
    """Every province, regency and kecamatan code that was ever in a Kemendagri list
    from 2016 on, and which of them are in force now."""

    entries: dict[str, CodeEntry]

    def __contains__(self, code: str) -> bool:
        return code in self.entries

    def get(self, code: str) -> CodeEntry | None:
        return self.entries.get(code)

    def is_current(self, code: str) -> bool:
        entry = self.entries.get(code)
        return entry is not None and entry.is_current


def read_current_rows() -> list[dict[str, str]]:
    with CURRENT_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_historical_rows() -> list[dict[str, str]]:
    with HISTORICAL_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_name_history_rows() -> list[dict[str, str]]:
    with NAME_HISTORY_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True, slots=True)
class FormerName:
    """A name a kecamatan or desa code carried in earlier lists (first_listed and
    last_listed are list labels, see LISTS)."""

    code: str
    name: str
    first_listed: int
    last_listed: int


@cache
def former_names() -> dict[str, tuple[FormerName, ...]]:
    """Code -> the names it carried before today's, oldest first: only kecamatan and
    desa/kelurahan of the current list whose name changed since 2016 (e.g. 61.02.08
    Siantan 2016-2022, today Jongkat)."""
    found: dict[str, list[FormerName]] = {}
    for row in read_name_history_rows():
        last = int(row["terakhir_tercatat"])
        if last >= CURRENT_LIST_YEAR:
            continue
        found.setdefault(row["kode"], []).append(FormerName(
            code=row["kode"], name=row["nama"], first_listed=int(row["pertama_tercatat"]),
            last_listed=last))
    return {code: tuple(names) for code, names in found.items()}


def read_population_rows() -> list[dict[str, str]]:
    with POPULATION_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def load_codebook() -> Codebook:
    """Province, regency and kecamatan codes, current and historical (desa are not
    part of a NIK, so they are left out)."""
    entries: dict[str, CodeEntry] = {}
    for row in read_historical_rows():
        code = row["kode"]
        entries[code] = CodeEntry(
            code=code,
            name=row["nama"],
            level=level_of(code),
            first_listed=int(row["pertama_tercatat"]),
            last_listed=int(row["terakhir_tercatat"]),
        )
    for row in read_current_rows():
        if row["tingkat"] == "desa_kelurahan":
            continue
        code = row["kode"]
        previous = entries.get(code)
        entries[code] = CodeEntry(
            code=code,
            name=row["nama"],
            level=row["tingkat"],
            first_listed=previous.first_listed if previous else CURRENT_LIST_YEAR,
            last_listed=CURRENT_LIST_YEAR,
        )
    return Codebook(entries=entries)
