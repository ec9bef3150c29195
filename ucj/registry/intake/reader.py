"""Read a regency's worker list (XLSX or CSV) into a frame of text cells.

Nothing here knows what the columns mean (that is `headers` and `checks`): a file
becomes a `RawTable`, every cell as text, every row numbered as the operator sees it.

- XLSX is read with fastexcel (calamine), the first visible sheet that has data. The
  sheet is loaded twice, in parallel: once with every cell as text, once with every
  cell as boolean. The second load is how we learn which cells Excel stored as numbers:
  fastexcel gives a value there only for number (and true/false) cells, never for text
  or date cells. A NIK in a number cell has lost its 16th digit when Excel rounded it
  to 15 significant digits, so `checks` needs to know (`nik_numeric_cell`). If that
  second load fails it is tried once more alone, then the file is refused: it is never
  read without knowing its number cells.
- CSV: encoding from the byte-order mark, else UTF-8 if the bytes are valid UTF-8,
  else Windows-1252; separator sniffed (comma, semicolon or tab) from the first
  records; an Excel "sep=;" first line is honoured and not counted as a row. The file
  is parsed by polars with every cell as text.
- `_row` is the row number the operator sees: the Excel row, or for CSV the record
  number (the row Excel shows when it opens the CSV; a quoted cell with a line break
  inside does not add a row).

Every workbook is checked (`ucj.core.spreadsheets.check_xlsx`) before fastexcel opens it:
a ZIP bomb, a sheet whose cells span billions of cells (which makes calamine abort the
process), or a ZIP that is no OOXML package is refused with a message.

Formats we cannot read raise `UnreadableFile` with an Indonesian message saying what
to do (old .xls, password-protected workbook, ODS, PDF, empty or binary files).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

from ucj.core.spreadsheets import UnsafeSpreadsheet, check_xlsx

CSV_SEPARATORS = (",", ";", "\t")
_SNIFF_BYTES = 256 * 1024
_SNIFF_RECORDS = 200
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


class UnreadableFile(ValueError):
    """The file cannot be read as a worker list; str() is an Indonesian message."""


@dataclass(frozen=True)
class RawTable:
    """A worker list as text cells.

    frame: columns "c0".."cN" (String; null for an empty cell, in XLSX also for a
        whitespace-only one; otherwise the text exactly as in the file) in
        the order of the file's columns (leading empty sheet columns are dropped), plus
        "_row" (Int64), the 1-based row number as the operator sees it.
    number_cells: XLSX only (None for CSV): a frame with the same height, row order
        and "c0".."cN" columns as `frame`, Boolean, True where the workbook cell was
        stored as a number (or true/false) rather than text or a date. `frame` holds
        such a cell as the number's digits ("6101010101900000", "31000.5").
    """

    frame: pl.DataFrame
    number_cells: pl.DataFrame | None
    source_format: str  # "xlsx" | "csv"
    encoding: str | None  # CSV: "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"
    separator: str | None  # CSV: ",", ";" or "\t"
    sheet_name: str | None  # XLSX: the sheet read

    @property
    def numeric_nik_candidates(self) -> pl.DataFrame | None:
        """The name the first draft of the contract used for `number_cells`."""
        return self.number_cells

    @property
    def data_columns(self) -> list[str]:
        return [name for name in self.frame.columns if name != "_row"]


def read_table(data: bytes, filename: str) -> RawTable:
    """Read an uploaded worker list. The format is decided by the content (a workbook
    named .csv is still read as XLSX); a file named .xlsx that is no workbook is refused
    as damaged rather than read as text."""
    name = (filename or "").lower()
    if not data or not data.strip():
        raise UnreadableFile(
            "Berkas kosong. Pilih berkas daftar pekerja (XLSX atau CSV) yang berisi data."
        )
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise UnreadableFile(
                "Berkas dilindungi kata sandi sehingga tidak dapat dibaca. Buka di Excel, "
                "hapus kata sandinya (File > Info > Proteksi Buku Kerja > Enkripsi dengan "
                "Kata Sandi, kosongkan), simpan, lalu unggah lagi."
            )
        raise UnreadableFile(
            "Berkas ini format Excel lama (.xls) yang tidak didukung. Buka di Excel, simpan ulang "
            "sebagai .xlsx (File > Simpan Sebagai > Buku Kerja Excel), lalu unggah berkas .xlsx itu."
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"%PDF"):
        raise UnreadableFile(
            "Berkas PDF tidak dapat dibaca sebagai daftar. Kirim daftar dalam bentuk Excel "
            "(.xlsx) atau CSV."
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(
            "Berkas bernama .xlsx ini bukan buku kerja Excel yang utuh (mungkin rusak atau "
            "terpotong saat diunduh). Buka di Excel, simpan ulang sebagai .xlsx, lalu unggah lagi."
        )
    return _read_csv(data)


# --- XLSX --------------------------------------------------------------------------


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except Exception:  # BadZipFile, and e.g. NotImplementedError for a damaged version field
        raise UnreadableFile(
            "Berkas Excel (.xlsx) ini rusak atau terpotong dan tidak dapat dibuka. Simpan "
            "ulang di Excel sebagai .xlsx, lalu unggah lagi."
        ) from None


def _check_package(data: bytes) -> None:
    """Refuse, before fastexcel sees it, a workbook whose reading could exhaust memory
    (a ZIP bomb, a sheet spanning billions of cells) or that is no OOXML package."""
    try:
        check_xlsx(data)
    except UnsafeSpreadsheet as unsafe:
        details = unsafe.details
        if unsafe.code == "too_many_cells":
            raise UnreadableFile(
                f"Lembar pada buku kerja ini memakai rentang {details['rows']:,} baris x "
                f"{details['columns']:,} kolom, lebih dari {details['limit']:,} sel yang dapat "
                "dibaca. Biasanya ada isi di sel yang jauh di luar tabel (Ctrl+End di Excel "
                "menunjukkan sel terakhir): hapus baris dan kolom kosong di bawah dan di kanan "
                "tabel, atau simpan sebagai CSV, lalu unggah lagi."
            ) from None
        if unsafe.code in ("too_large", "compression_ratio", "size_mismatch", "too_many_members"):
            raise UnreadableFile(
                "Berkas Excel ini ditolak tanpa dibuka: isinya bila diurai jauh melebihi ukuran "
                "berkasnya atau batas yang aman (ciri 'bom ZIP'). Buka daftar di Excel, simpan "
                "ulang sebagai .xlsx atau CSV, lalu unggah lagi. Jika berkas ini tidak Anda buat "
                "sendiri, jangan dibuka dan laporkan ke admin provinsi."
            ) from None
        if unsafe.code == "encrypted_member":
            raise UnreadableFile(
                "Berkas dilindungi kata sandi sehingga tidak dapat dibaca. Hapus kata sandinya "
                "di Excel, simpan, lalu unggah lagi."
            ) from None
        if unsafe.code == "not_xlsx":
            raise UnreadableFile(
                "Buku kerja Excel ini tidak dapat dibaca: paketnya tidak lengkap (bukan .xlsx "
                "yang utuh, mungkin hanya diberi nama .xlsx). Buka di Excel, simpan ulang "
                "sebagai .xlsx, lalu unggah lagi."
            ) from None
        raise UnreadableFile(
            "Berkas Excel (.xlsx) ini rusak atau terpotong dan tidak dapat dibuka. Simpan "
            "ulang di Excel sebagai .xlsx, lalu unggah lagi."
        ) from None


def _read_xlsx(data: bytes) -> RawTable:
    import fastexcel

    names = _zip_names(data)
    if "xl/workbook.xml" not in names:
        if "content.xml" in names and "mimetype" in names:
            raise UnreadableFile(
                "Berkas ini format OpenDocument (.ods). Simpan ulang sebagai Buku Kerja "
                "Excel (.xlsx) atau CSV, lalu unggah lagi."
            )
        if "xl/workbook.bin" in names:
            raise UnreadableFile(
                "Berkas ini format Excel biner (.xlsb) yang tidak didukung. Simpan ulang "
                "sebagai Buku Kerja Excel (.xlsx), lalu unggah lagi."
            )
        raise UnreadableFile(
            "Berkas ZIP ini bukan buku kerja Excel. Kirim daftar pekerja sebagai .xlsx atau .csv."
        )
    _check_package(data)
    try:
        reader = fastexcel.read_excel(data)
        sheet_names = list(reader.sheet_names)
    except Exception:
        raise UnreadableFile(
            "Buku kerja Excel ini tidak dapat dibaca (mungkin rusak). Buka di Excel, simpan "
            "ulang sebagai .xlsx, lalu unggah lagi."
        ) from None

    def load(index: int, dtype: str):
        # A reader per load: the two loads of a sheet run in parallel threads.
        return (
            fastexcel.read_excel(data)
            .load_sheet(index, header_row=None, skip_rows=0, dtypes=dtype, whitespace_as_null=True)
            .to_polars()
        )

    with ThreadPoolExecutor(max_workers=1) as pool:
        for index, sheet_name in enumerate(sheet_names):
            numbers_future = pool.submit(load, index, "boolean")
            try:
                sheet = reader.load_sheet(
                    index, header_row=None, skip_rows=0, dtypes="string", whitespace_as_null=True
                )
                visible = sheet.visible == "visible"
                text = sheet.to_polars() if visible else None
            except Exception:
                numbers_future.cancel()
                raise UnreadableFile(
                    f"Lembar '{sheet_name}' pada buku kerja ini tidak dapat dibaca. Simpan ulang "
                    "di Excel sebagai .xlsx, lalu unggah lagi."
                ) from None
            if text is None or text.height == 0 or text.width == 0:
                numbers_future.cancel()
                continue
            try:
                numbers = numbers_future.result()
            except Exception:
                numbers = None
            if numbers is None or numbers.shape != text.shape:
                try:  # once more, alone: without it numeric NIKs would go unnoticed
                    numbers = load(index, "boolean")
                except Exception:
                    numbers = None
            if numbers is None or numbers.shape != text.shape:
                raise UnreadableFile(
                    f"Lembar '{sheet_name}' pada buku kerja ini tidak dapat dibaca dengan utuh. "
                    "Simpan ulang di Excel sebagai .xlsx, lalu unggah lagi."
                )
            return _xlsx_table(text, numbers, sheet_name)
    raise UnreadableFile(
        "Buku kerja ini tidak berisi data pada lembar yang terlihat. Pastikan daftar pekerja "
        "ada di lembar pertama yang tidak disembunyikan."
    )


def _xlsx_table(text: pl.DataFrame, numbers: pl.DataFrame, sheet_name: str) -> RawTable:
    columns = [f"c{i}" for i in range(text.width)]
    frame = text.rename(dict(zip(text.columns, columns, strict=True))).with_columns(
        pl.col(columns).cast(pl.String)
    )
    frame = frame.with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias("_row"))
    number_cells = numbers.select(
        [
            pl.col(old).is_not_null().alias(new)
            for old, new in zip(numbers.columns, columns, strict=True)
        ]
    )
    return RawTable(frame, number_cells, "xlsx", None, None, sheet_name)


# --- CSV ---------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[bytes, str]:
    """The data as UTF-8 bytes (no BOM), and the encoding it was in."""
    if data.startswith(b"\xef\xbb\xbf"):
        body = data[3:]
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableFile(
                "Berkas CSV ditandai UTF-8 tetapi berisi karakter yang bukan UTF-8. Simpan ulang "
                "dari Excel sebagai 'CSV UTF-8', lalu unggah lagi."
            ) from None
        return body, "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableFile(
                "Berkas teks UTF-16 ini rusak. Simpan ulang dari Excel sebagai 'CSV UTF-8'."
            ) from None
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise UnreadableFile(
            "Berkas ini bukan CSV maupun Excel (.xlsx) yang dapat dibaca. Kirim daftar pekerja "
            "sebagai .xlsx atau .csv."
        )
    if data.isascii():
        return data, "utf-8"
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8"), "latin-1"


def _looks_binary(sample: str) -> bool:
    if not sample:
        return False
    control = sum(1 for char in sample if char < " " and char not in "\t\r\n")
    return control > max(2, len(sample) // 200)


def _sniff(sample: str) -> tuple[str, int]:
    """The separator and the widest record (in fields) among the first records."""
    best: tuple[tuple[int, int], str, int] | None = None
    for separator in CSV_SEPARATORS:
        reader = csv.reader(io.StringIO(sample), delimiter=separator, quotechar='"', strict=False)
        counts = []
        try:
            for record in reader:
                if any(field.strip() for field in record):
                    counts.append(len(record))
                if len(counts) >= _SNIFF_RECORDS:
                    break
        except csv.Error:
            continue
        wide = [count for count in counts if count > 1]
        if not wide:
            continue
        modal, freq = Counter(wide).most_common(1)[0]
        score = (freq, modal)
        if best is None or score > best[0]:
            best = (score, separator, max(counts))
    if best is None:
        return ",", 1
    return best[1], best[2]


def _read_csv(data: bytes) -> RawTable:
    body, encoding = _decode(data)
    if b"\n" not in body and b"\r" in body:  # classic Mac line ends
        body = body.replace(b"\r", b"\n")
    head = body[:_SNIFF_BYTES]
    sample = head.decode("utf-8", errors="replace")
    if len(body) > _SNIFF_BYTES:
        sample = sample[: sample.rfind("\n") + 1] or sample
    if _looks_binary(sample):
        raise UnreadableFile(
            "Berkas ini bukan CSV maupun Excel (.xlsx) yang dapat dibaca. Kirim daftar pekerja "
            "sebagai .xlsx atau .csv."
        )
    first_line = sample.split("\n", 1)[0].strip().lower()
    forced = None
    if first_line.startswith("sep=") and len(first_line) >= 5:
        forced = {"\\t": "\t"}.get(first_line[4:], first_line[4:5])
        cut = body.find(b"\n") + 1
        body = body[cut:] if cut else b""
        sample = sample.split("\n", 1)[1] if "\n" in sample else ""
    separator, width = _sniff(sample)
    if forced in CSV_SEPARATORS and forced != separator:
        separator = forced
        _, width = _sniff_with(sample, forced)
    if not body.strip():
        raise UnreadableFile(
            "Berkas kosong. Pilih berkas daftar pekerja (XLSX atau CSV) yang berisi data."
        )
    columns = [f"c{i}" for i in range(max(width, 1))]
    header = separator.join(columns).encode("utf-8") + b"\n"
    frame = None
    for quote in ('"', None):
        try:
            frame = pl.read_csv(
                header + body,
                has_header=True,
                separator=separator,
                quote_char=quote,
                infer_schema=False,
                truncate_ragged_lines=True,
                row_index_name="_row",
                row_index_offset=1,
                raise_if_empty=False,
            )
            break
        except Exception:
            continue
    if frame is None:
        raise UnreadableFile(
            "Berkas CSV ini tidak dapat dibaca (susunan tanda kutip atau pemisah kolom rusak). "
            "Buka di Excel dan simpan ulang sebagai .xlsx atau 'CSV UTF-8', lalu unggah lagi."
        )
    frame = frame.select(
        pl.col(columns).cast(pl.String),
        pl.col("_row").cast(pl.Int64),
    )
    return RawTable(frame, None, "csv", encoding, separator, None)


def _sniff_with(sample: str, separator: str) -> tuple[str, int]:
    reader = csv.reader(io.StringIO(sample), delimiter=separator, quotechar='"', strict=False)
    widest = 1
    try:
        for i, record in enumerate(reader):
            widest = max(widest, len(record))
            if i >= _SNIFF_RECORDS:
                break
    except csv.Error:
        pass
    return separator, widest
