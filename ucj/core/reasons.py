"""The catalogue of reason codes: for every code a row of a file can get (worker lists,
BPJS membership extracts, BPJS counts), a short label and a sentence that says what is
wrong and how to fix it. English message ids, translated where they are shown
(ucj.core.messages.reason_label / reason_sentence); the Indonesian texts are in
ucj/locale/id/LC_MESSAGES/django.po. A code is what a machine reads (the API, a filter);
people read the label first and the code, if at all, after it.

No Django imports: `N_` only marks a text for the catalogue, the translation happens
when it is shown. The rows' own messages (stored by the intake, with the row's digits,
the other row's number...) stay what they were when the file was checked."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


def N_(text: str) -> str:
    return text


class Kind(StrEnum):
    WORKERS = "workers"  # regency worker lists (registry intake)
    EXTRACT = "extract"  # BPJS membership extracts
    COUNTS = "counts"  # BPJS counts of active participants per regency


@dataclass(frozen=True)
class Reason:
    label: str
    sentence: str


_WORKERS = {
    "formula_no_value": Reason(
        N_("Formula without a value"),
        N_("The cell holds a formula whose result is not saved in the file (the file was "
           "made by another program and never saved in Excel). Open and save the file in "
           "Excel, then upload it again.")),
    "nik_empty": Reason(
        N_("NIK missing"),
        N_("The NIK is empty. Fill in the 16 digits of the NIK as on the identity card or "
           "family card.")),
    "nik_scientific": Reason(
        N_("NIK damaged by the spreadsheet"),
        N_("The spreadsheet stored the NIK as a number (for example 6,10101E+15), so its "
           "last digits are lost and cannot be recovered. Format the NIK column as Text, "
           "then type the NIK again from the identity card or family card.")),
    "nik_format": Reason(
        N_("NIK with characters other than digits"),
        N_("A NIK may hold only the digits 0-9. Look for letters that resemble digits (O "
           "and 0, l and 1), then type the NIK again.")),
    "nik_length": Reason(
        N_("NIK not 16 digits long"),
        N_("A NIK has 16 digits. Check whether a digit is missing or one too many.")),
    "nik_region": Reason(
        N_("Unknown region code in the NIK"),
        N_("The region code of the NIK (digits 1-6) is in no Kemendagri list, current or "
           "former. Check the NIK on the identity card or family card.")),
    "nik_date": Reason(
        N_("Birth date in the NIK not valid"),
        N_("Digits 7-12 of the NIK are not a valid birth date. They are day, month, year "
           "(DDMMYY); for women the day is increased by 40 (41-71).")),
    "nik_serial": Reason(
        N_("NIK serial number 0000"),
        N_("The serial number of a NIK (its last 4 digits) is never 0000; serial numbers "
           "start at 0001. Check the last 4 digits on the identity card or family card.")),
    "nik_numeric_cell": Reason(
        N_("NIK stored as a number"),
        N_("The NIK is stored as a number in the Excel cell. Excel keeps only the first 15 "
           "digits of a number, so the 16th digit has become 0 and cannot be recovered. "
           "Format the NIK column as Text, type the NIK again from the identity card or "
           "family card, then upload again.")),
    "missing_name": Reason(
        N_("Name missing"),
        N_("The name is empty. Fill in the full name as on the identity card.")),
    "duplicate_in_file": Reason(
        N_("NIK twice in the file"),
        N_("The same NIK is already on another row of this file; only one row is taken.")),
    "nik_numeric_cell_exact": Reason(
        N_("NIK stored as a number, still whole"),
        N_("The NIK is stored as a number in the Excel cell, but its last digit is not 0, "
           "so it seems whole. The NIK is accepted; better format the NIK column as "
           "Text.")),
    "nik_region_retired": Reason(
        N_("Former region code in the NIK"),
        N_("The region code of the NIK is no longer in use (for example after a region was "
           "split). The NIK is still valid: it was issued with the old code.")),
    "nik_regency_unlisted": Reason(
        N_("Regency code of the NIK not listed since 2016"),
        N_("The regency code of the NIK is in no Kemendagri list since 2016, but is probably "
           "an old code removed before 2016. The NIK is accepted; check it against the "
           "identity card if in doubt.")),
    "nik_kecamatan_unknown": Reason(
        N_("District code of the NIK not listed"),
        N_("The district code of the NIK is in no Kemendagri list since 2016, but its "
           "regency is known. The NIK is accepted; check it against the identity card if "
           "in doubt.")),
    "region_mismatch": Reason(
        N_("NIK issued in another regency"),
        N_("The NIK was issued outside the sending regency (for example a worker who "
           "moved). This is valid; the row is accepted.")),
    "sex_mismatch": Reason(
        N_("Sex differs from the NIK"),
        N_("The sex in the column differs from the one the NIK shows; check against the "
           "identity card. The column's value is used.")),
    "sex_unreadable": Reason(
        N_("Sex not recognised"),
        N_("The sex column could not be read (use L or P); the sex from the NIK is used.")),
    "birth_date_mismatch": Reason(
        N_("Birth date differs from the NIK"),
        N_("The birth date in the column differs from the one in the NIK; check against "
           "the identity card. The column's value is used.")),
    "birth_date_unreadable": Reason(
        N_("Birth date not readable"),
        N_("The birth date could not be read (write it like 17-08-1985); the birth date "
           "from the NIK is used.")),
    "desa_unknown": Reason(
        N_("Village not found"),
        N_("The village is not found in the sending regency; check its spelling. The row "
           "is accepted without a village code.")),
    "desa_ambiguous": Reason(
        N_("Village name in several districts"),
        N_("The village name exists in more than one district; fill in the KECAMATAN "
           "column so that the village can be recognised. The row is accepted without a "
           "village code.")),
    "phone_invalid": Reason(
        N_("Phone number not valid"),
        N_("The mobile number is not valid (a correct one looks like 081234567890); it is "
           "not stored.")),
    "identity_conflict": Reason(
        N_("NIK registered with another name or birth date"),
        N_("This NIK is already registered with another name or birth date. The registered "
           "data is kept; check against the identity card.")),
    "nik_other_regency": Reason(
        N_("NIK listed by another regency"),
        N_("This NIK is already registered in another regency; the province will settle "
           "it. The row is not yet on your regency's list and the registered data is not "
           "changed.")),
}

_EXTRACT = {
    "kpj_missing": Reason(
        N_("KPJ number missing"),
        N_("The KPJ number is empty. Fill in the BPJS Ketenagakerjaan membership number.")),
    "kpj_format": Reason(
        N_("KPJ number not valid"),
        N_("A KPJ number is digits only (8 to 16), without letters or signs.")),
    "kpj_duplicate": Reason(
        N_("KPJ number twice"),
        N_("This KPJ number is already on an earlier row; one KPJ, one row.")),
    "name_missing": Reason(
        N_("Participant's name missing"),
        N_("The participant's name is empty.")),
    "birth_date_invalid": Reason(
        N_("Birth date not readable"),
        N_("The birth date is empty or cannot be read. Write it like 31-12-1980.")),
    "category_invalid": Reason(
        N_("Unknown category"),
        N_("The category must be PU, BPU, JAKON or PMI.")),
    "status_invalid": Reason(
        N_("Unknown status"),
        N_("The status must be AKTIF or NONAKTIF.")),
    "last_paid_invalid": Reason(
        N_("Last month paid not readable"),
        N_("The last month paid cannot be read. Write it like 2026-05.")),
    "last_paid_future": Reason(
        N_("Last month paid after the extract"),
        N_("The last month paid falls after the date of the extract.")),
    "regency_unknown": Reason(
        N_("Unknown regency code"),
        N_("The regency code is not known. Write the Kemendagri code, like 61.01.")),
}

_COUNTS = {
    "regency_unknown": _EXTRACT["regency_unknown"],
    "regency_outside": Reason(
        N_("Regency outside the province"),
        N_("This regency is not part of the province.")),
    "month_invalid": Reason(
        N_("Month not readable"),
        N_("The month cannot be read. Write it like 2026-06.")),
    "month_future": Reason(
        N_("Month not over yet"),
        N_("This month has not passed yet.")),
    "category_invalid": _EXTRACT["category_invalid"],
    "count_invalid": Reason(
        N_("Count not valid"),
        N_("The number of active participants must be a whole number, 0 or more, without "
           "a decimal point.")),
    "duplicate_in_file": Reason(
        N_("Row twice in the file"),
        N_("The same regency, month and category are already on another row.")),
}

CATALOGUE: dict[Kind, dict[str, Reason]] = {
    Kind.WORKERS: _WORKERS, Kind.EXTRACT: _EXTRACT, Kind.COUNTS: _COUNTS}


def reason(code: str, kind: Kind = Kind.WORKERS) -> Reason:
    """The code's label and sentence (English ids); an unknown code gets a generic
    one rather than standing as a label itself."""
    found = CATALOGUE[kind].get(code)
    if found is None:  # a worker-list code shown beside an extract's, say
        found = next((table[code] for table in CATALOGUE.values() if code in table), None)
    return found or Reason(N_("Other reason"), N_("See the row's own message."))
