"""The legal form of a decree (SK penetapan) as Permendagri 80/2015 on regional legal
products (amended by Permendagri 120/2018) sets it out; plain Python, no Django.

- The heading is by issuer: a regional head's decree opens with the national emblem and
  the office ("GUBERNUR KALIMANTAN BARAT", "BUPATI SAMBAS", "WALI KOTA PONTIANAK"); a head
  of office's decree opens with the office's own letterhead instead of the emblem.
- Then "KEPUTUSAN <OFFICE> NOMOR ... TENTANG ...", "DENGAN RAHMAT TUHAN YANG MAHA ESA",
  the office followed by a comma, Menimbang, Mengingat, MEMUTUSKAN, Menetapkan, KESATU...
- Mengingat lists the laws in the hierarchy of legislation (UU 12/2011 Pasal 7, with the
  presidential instruction after the presidential regulation as regional decrees cite
  it), starting with the law that formed the province (or regency), and within a level
  in the order they were enacted; each entry, like each consideration, ends with a
  semicolon (UU 12/2011, Lampiran II).

The entries themselves are data (DecreeClause, edited by province staff): this module
only chooses the ones that apply to a decree and orders and punctuates them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PROVINCE = "KALIMANTAN BARAT"
GOVERNOR = "governor"
REGENT_MAYOR = "regent_mayor"
HEAD_OF_OFFICE = "head_of_office"
HEAD_OF_OFFICE_TITLE = "KEPALA DINAS TENAGA KERJA DAN TRANSMIGRASI PROVINSI KALIMANTAN BARAT"
#: Placeholder in an entry's text for the decree's fiscal year (e.g. the APBD Perda).
YEAR = "{tahun}"
#: Heading of the office's letterhead when a decree issued before letterheads were kept
#: has none.
DEFAULT_LETTERHEAD = ("PEMERINTAH PROVINSI KALIMANTAN BARAT",
                      "DINAS TENAGA KERJA DAN TRANSMIGRASI")


class FormError(ValueError):
    """The decree cannot take this form (e.g. a regent's decree of a province budget)."""


def regency_office(regency_name: str) -> str:
    """"Kabupaten Sambas" -> "BUPATI SAMBAS"; "Kota Pontianak" -> "WALI KOTA PONTIANAK"."""
    name = " ".join(regency_name.split())
    lowered = name.lower()
    for prefix, office in (("kabupaten ", "BUPATI"), ("kota ", "WALI KOTA")):
        if lowered.startswith(prefix):
            return f"{office} {name[len(prefix):].upper()}"
    raise FormError(f"not a regency or city: {regency_name!r}")


def office(issuer: str, regency_name: str | None = None) -> str:
    """The issuing office as the decree names it (without the comma)."""
    if issuer == GOVERNOR:
        return f"GUBERNUR {PROVINCE}"
    if issuer == REGENT_MAYOR:
        if not regency_name:
            raise FormError("a regent's or mayor's decree needs the regency")
        return regency_office(regency_name)
    if issuer == HEAD_OF_OFFICE:
        return HEAD_OF_OFFICE_TITLE
    raise FormError(f"unknown issuer {issuer!r}")


def uses_emblem(issuer: str) -> bool:
    """A regional head's decree carries the national emblem; a head of office's decree
    carries the office's letterhead instead."""
    return issuer in (GOVERNOR, REGENT_MAYOR)


@dataclass(frozen=True)
class Entry:
    """One consideration, legal basis or letterhead line of a template."""

    text: str
    rank: int = 0  # level in the hierarchy of legislation (legal basis only)
    year: int | None = None  # year enacted
    position: int = 0  # order within the same rank (or of considerations), before year
    first_year: int | None = None  # fiscal years of the decrees it applies to
    last_year: int | None = None
    regency: str = ""  # only decrees of this regency ("" = every decree of the issuer)
    confirmed: bool = True
    source: str = ""


def applies(entry: Entry, *, fiscal_year: int, regency: str = "") -> bool:
    if entry.first_year is not None and fiscal_year < entry.first_year:
        return False
    if entry.last_year is not None and fiscal_year > entry.last_year:
        return False
    return not entry.regency or entry.regency == regency


def fill(text: str, fiscal_year: int) -> str:
    return text.replace(YEAR, str(fiscal_year))


def chosen(entries: Iterable[Entry], *, fiscal_year: int, regency: str = "",
           hierarchy: bool = False) -> list[Entry]:
    """The entries that apply to a decree of `fiscal_year` (and `regency`), in order:
    for the legal basis by hierarchy level, then position (the law that formed the
    province or regency first), then year enacted; for considerations and letterhead
    lines by position. Placeholders are filled."""
    kept = [e for e in entries if applies(e, fiscal_year=fiscal_year, regency=regency)]
    if hierarchy:
        kept.sort(key=lambda e: (e.rank, e.position, e.year or 0))
    else:
        kept.sort(key=lambda e: e.position)
    return [Entry(**{**e.__dict__, "text": fill(e.text, fiscal_year)}) for e in kept]


def clause(text: str) -> str:
    """An entry as the decree prints it: one line, ending with a semicolon."""
    line = " ".join(text.split()).rstrip(";.,: ")
    return f"{line};" if line else ""
