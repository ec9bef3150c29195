"""Find the header row of a worker list and propose which column holds which field.

Regency lists start with title rows ("DAFTAR NAMA PERANGKAT DESA", "KABUPATEN SAMBAS
TAHUN 2026", a blank line) before the row of column titles. `detect_header` scores
each of the first `MAX_HEADER_SCAN` rows by how many different fields its cells name
and takes the best (the earliest on a tie); a row must name at least two fields, one
of them NIK or NAMA. The mapping is only a proposal: the operator confirms or
corrects it before anything is stored.

A header is matched after normalising it: upper case, every run of non-letters and
non-digits turned into one space ("NO. KTP / NIK" -> "NO KTP NIK"), letters written
apart joined ("N I K", "N.I.K." -> "NIK"). Rules are tried
in order and the first that matches decides, so "NAMA DESA" is a desa column and
"NAMA PERUSAHAAN" an employer, never the worker's name; "NO. KK" (family card) and
other people's names (father, spouse, heirs) are deliberately not recognised. The
optional columns BPJS collective registrations carry (DOMAIN.md, "Corrections and
additions") are read when a list has them: "TEMPAT LAHIR" (place of birth), "NAMA IBU
KANDUNG" (mother's maiden name), "NO HP"/"TELEPON" (phone) and "JENIS PEKERJAAN" (job
type, the jabatan field). When two columns match the same field the first (leftmost)
one is proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from ucj.registry.intake.reader import RawTable, UnreadableFile

FIELDS: tuple[str, ...] = (
    "nik",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "desa",
    "kecamatan",
    "jabatan",
    "no_hp",
    "instansi",
    "tempat_lahir",
    "nama_ibu_kandung",
)

FIELD_LABELS: dict[str, str] = {
    "nik": "NIK (16 digit)",
    "nama": "Nama lengkap",
    "tanggal_lahir": "Tanggal lahir",
    "jenis_kelamin": "Jenis kelamin (L/P)",
    "desa": "Desa/kelurahan",
    "kecamatan": "Kecamatan",
    "jabatan": "Jabatan/jenis pekerjaan",
    "no_hp": "Nomor HP/telepon",
    "instansi": "Instansi/tempat kerja",
    "tempat_lahir": "Tempat lahir",
    "nama_ibu_kandung": "Nama ibu kandung",
}

REQUIRED_FIELDS = ("nik", "nama")

MAX_HEADER_SCAN = 30
MAX_HEADER_LENGTH = 80

# (pattern on the normalised header, field or None to ignore the column), in order.
_RULES: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern), field)
    for pattern, field in (
        # Never the worker's own identity: family card, parents, heirs, civil-servant ids.
        (r"^(NO|NOMOR|NOMER)? ?(KK|KARTU KELUARGA)\b", None),
        (r"^NIK (KK|KARTU KELUARGA|IBU|AYAH|SUAMI|ISTRI|AHLI WARIS)\b", None),
        # Mother's maiden name (BPJS asks for it): "NAMA IBU KANDUNG", "IBU KANDUNG",
        # "NAMA GADIS IBU KANDUNG"; "NAMA IBU" alone is the mother too.
        (r"^(NAMA )?(GADIS )?IBU( KANDUNG)?$|^NAMA (GADIS )?IBU KANDUNG\b", "nama_ibu_kandung"),
        (
            r"^NAMA (IBU|AYAH|ORANG TUA|ORTU|SUAMI|ISTRI|AHLI WARIS|PANGGILAN|KELUARGA|BANK|"
            r"PENGGUNA|KEPALA)\b",
            None,
        ),
        (
            r"^(NIP|NRP|NUPTK|NO NIP|NOMOR NIP|NPWP|NO NPWP|NO REKENING|NOMOR REKENING|"
            r"NO KPJ|NOMOR KPJ|KPJ)\b",
            None,
        ),
        (r"^(TEMPAT|TMP|TMPT|TPT) (LAHIR|KELAHIRAN)$|^KOTA LAHIR$", "tempat_lahir"),
        # NIK
        (r"\bNIK\b", "nik"),
        (r"^(NO|NOMOR|NOMER) (KTP|E KTP|EKTP|IDENTITAS|INDUK KEPENDUDUKAN)\b", "nik"),
        (r"\bNOMOR INDUK KEPENDUDUKAN\b", "nik"),
        (r"^(KTP|E KTP|EKTP)$", "nik"),
        # Birth date (also "TEMPAT, TANGGAL LAHIR": the date after the comma is read)
        (r"\b(TGL|TANGGAL|TG|TANGAL)\b.*\b(LAHIR|LHR)\b", "tanggal_lahir"),
        (r"^(TTL|TEMPAT TGL LAHIR|TEMPAT TANGGAL LAHIR)\b", "tanggal_lahir"),
        (r"^(LAHIR|TANGGAL KELAHIRAN|TGL KELAHIRAN)$", "tanggal_lahir"),
        # Sex
        (r"^L ?P$", "jenis_kelamin"),
        (r"\bKELAMIN\b", "jenis_kelamin"),
        (r"^(JK|J K|SEX|GENDER|LK PR|L PR)$", "jenis_kelamin"),
        # Phone
        (
            r"^(NO|NOMOR|NOMER)? ?(HP|HANDPHONE|HAND PHONE|TELP|TLP|TELEPON|TELEPHONE|TELPON|"
            r"WA|WHATSAPP|PONSEL|KONTAK|HP WA)\b",
            "no_hp",
        ),
        # Position before places: "JABATAN DI DESA" is a position
        (r"\b(JABATAN|PEKERJAAN|PROFESI|POSISI)\b", "jabatan"),
        # Places
        (r"\bKECAMATAN\b|^KEC\b", "kecamatan"),
        (r"\bDESA\b|\bKELURAHAN\b|^KEL\b|^DS\b", "desa"),
        # Employer: "TEMPAT KERJA", "NAMA PERUSAHAAN", "UNIT KERJA"
        (
            r"\b(INSTANSI|UNIT KERJA|PERUSAHAAN|TEMPAT KERJA|TEMPAT BEKERJA|TEMPAT TUGAS|"
            r"SATUAN KERJA|SATKER|OPD|SKPD|PEMBERI KERJA|LEMBAGA|NAMA KANTOR|UNIT)\b",
            "instansi",
        ),
        (r"^(KANTOR|SEKOLAH|PUSKESMAS|KEBUN|NAMA SEKOLAH|NAMA PUSKESMAS|NAMA KEBUN)$", "instansi"),
        (r"\b(JENIS USAHA|BIDANG USAHA)\b", "jabatan"),
        (r"^(TUGAS|STATUS PEKERJAAN|KEDUDUKAN)$", "jabatan"),
        # Name last: anything left that starts with NAMA
        (r"^NAMA\b", "nama"),
        (r"^(NAMA LENGKAP|NAMA PEKERJA|NAMA PESERTA)$", "nama"),
    )
)

_NON_ALNUM = re.compile(r"[^0-9A-Z]+")
# Three or more single letters in a row ("N I K", "N.I.K."), and two in a header of
# nothing else ("J K", "L P"): one word.
_SPACED_LETTERS = re.compile(r"\b[A-Z](?: [A-Z]){2,}\b|^[A-Z] [A-Z]$")


def normalise_header(text: str | None) -> str:
    """'No. KTP / NIK' -> 'NO KTP NIK'; 'N I K' -> 'NIK'."""
    if not text:
        return ""
    spaced = _NON_ALNUM.sub(" ", text.upper()).strip()
    return _SPACED_LETTERS.sub(lambda letters: letters.group().replace(" ", ""), spaced)


def field_of(header: str | None) -> str | None:
    """The field a column title names, or None."""
    if header is None or len(header) > MAX_HEADER_LENGTH:
        return None
    normalised = normalise_header(header)
    if not normalised:
        return None
    for pattern, field in _RULES:
        if pattern.search(normalised):
            return field
    return None


@dataclass(frozen=True)
class HeaderGuess:
    header_index: int  # 0-based index into RawTable.frame of the header row
    header_row: int  # the same row as the operator sees it (the _row value)
    columns: dict[str, str]  # every column id ("c3") -> its header text as written ("" if blank)
    mapping: dict[str, str]  # field -> column id, for the fields recognised
    missing_required: tuple[str, ...]


def map_columns(cells: dict[str, str | None]) -> dict[str, str]:
    """field -> column id for one header row (the leftmost column wins a field)."""
    mapping: dict[str, str] = {}
    for column, text in cells.items():
        field = field_of(text)
        if field is not None and field not in mapping:
            mapping[field] = column
    return mapping


def detect_header(raw: RawTable) -> HeaderGuess:
    """The header row among the first MAX_HEADER_SCAN rows and a proposed mapping.
    Raises UnreadableFile (Indonesian message) when no row looks like a header."""
    columns = raw.data_columns
    head = raw.frame.head(MAX_HEADER_SCAN)
    best: tuple[int, int, dict[str, str]] | None = None  # (score, index, mapping)
    for index, row in enumerate(head.iter_rows(named=True)):
        cells = {column: row[column] for column in columns}
        mapping = map_columns(cells)
        if "nik" not in mapping and "nama" not in mapping:
            continue
        score = len(mapping)
        if score < 2:
            continue
        if best is None or score > best[0]:
            best = (score, index, mapping)
    if best is None:
        raise UnreadableFile(
            f"Baris judul kolom tidak ditemukan pada {MAX_HEADER_SCAN} baris pertama. Pastikan "
            "ada satu baris berisi judul kolom, misalnya NIK, NAMA, TANGGAL LAHIR, L/P, DESA, "
            "di atas data pekerja."
        )
    _, index, mapping = best
    header = head.row(index, named=True)
    texts = {
        column: "" if header[column] is None else str(header[column]).strip() for column in columns
    }
    return HeaderGuess(
        header_index=index,
        header_row=int(header["_row"]),
        columns=texts,
        mapping=mapping,
        missing_required=tuple(field for field in REQUIRED_FIELDS if field not in mapping),
    )


def has_header(raw: RawTable) -> bool:
    """Whether `raw` has a row `detect_header` recognises (to pick a workbook's sheet)."""
    try:
        detect_header(raw)
    except UnreadableFile:
        return False
    return True


def has_data_below(raw: RawTable, guess: HeaderGuess) -> bool:
    """Whether any cell under the header row holds something (a formula without a saved
    value counts): a list of column titles alone holds no data rows."""
    if raw.formula_cells is not None and raw.formula_cells.height and (
            raw.formula_cells.get_column("_row") > guess.header_row).any():
        return True
    below = raw.frame.slice(guess.header_index + 1).select(raw.data_columns)
    return below.height > 0 and bool(
        below.select(pl.any_horizontal(pl.all().str.strip_chars().fill_null("") != "").any())
        .item())
