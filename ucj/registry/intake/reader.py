"""Read a regency's worker list (XLSX or CSV) into a frame of text cells.

Nothing here knows what the columns mean (that is `headers` and `checks`): a file
becomes a `RawTable`, every cell as text, every row numbered as the operator sees it.

- XLSX is read with fastexcel (calamine), the first visible sheet that has data and,
  when the caller says what a header looks like (`accept`), a recognised header: a
  workbook whose first sheet is instructions ("Petunjuk pengisian") is read from the
  sheet that holds the list (`sheet_name` names it). The
  sheet is loaded twice, in parallel: once with every cell as text, once with every
  cell as boolean. The second load is how we learn which cells Excel stored as numbers:
  fastexcel gives a value there only for number (and true/false) cells, never for text
  or date cells. A NIK in a number cell has lost its 16th digit when Excel rounded it
  to 15 significant digits, so `checks` needs to know (`nik_numeric_cell`). If that
  second load fails it is tried once more alone, then the file is refused: it is never
  read without knowing its number cells.
- A formula cell whose result was never saved (xlsxwriter and openpyxl write formulas
  without calculating them: an empty or, with `fullCalcOnLoad`, a placeholder 0 value)
  reads as empty in calamine. The sheet's XML is searched for such cells (one pass over
  the bytes, only when it holds formulas at all); they are listed in `formula_cells`
  and read as empty, so `checks` can say "formula without a value" for them.
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
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

from ucj.core.formatting import thousands
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
    formula_cells: XLSX only: the cells of `frame` holding a formula whose result was
        never saved ("_row", "column" as in frame, "cell" as Excel names it, "D5");
        `frame` holds them as null. None or empty when there are none.
    """

    frame: pl.DataFrame
    number_cells: pl.DataFrame | None
    source_format: str  # "xlsx" | "csv"
    encoding: str | None  # CSV: "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"
    separator: str | None  # CSV: ",", ";" or "\t"
    sheet_name: str | None  # XLSX: the sheet read
    formula_cells: pl.DataFrame | None = None

    @property
    def numeric_nik_candidates(self) -> pl.DataFrame | None:
        """The name the first draft of the contract used for `number_cells`."""
        return self.number_cells

    @property
    def data_columns(self) -> list[str]:
        return [name for name in self.frame.columns if name != "_row"]


Accept = Callable[["RawTable"], bool]


def read_table(data: bytes, filename: str, *, accept: Accept | None = None,
               sheet: str | None = None) -> RawTable:
    """Read an uploaded worker list. The format is decided by the content (a workbook
    named .csv is still read as XLSX); a file named .xlsx that is no workbook is refused
    as damaged rather than read as text.

    XLSX: `sheet` names the sheet to read (as read before); otherwise the first visible
    sheet with data for which `accept(table)` is true (it sees the text cells only), or
    the first visible sheet with data when none is."""
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
        return _read_xlsx(data, accept=accept, sheet=sheet)
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
                f"Lembar pada buku kerja ini memakai rentang {thousands(details['rows'])} baris x "
                f"{thousands(details['columns'])} kolom, lebih dari {thousands(details['limit'])} sel yang dapat "
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


def _read_xlsx(data: bytes, *, accept: Accept | None = None,
               sheet: str | None = None) -> RawTable:
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

    order = list(enumerate(sheet_names))
    if sheet is not None and sheet in sheet_names:
        order = [(sheet_names.index(sheet), sheet)]
    fallback = None  # (index, name, text, columns, numbers future): the first sheet with data
    with ThreadPoolExecutor(max_workers=1) as pool:
        chosen = None
        for index, sheet_name in order:
            numbers_future = pool.submit(load, index, "boolean")
            try:
                loaded = reader.load_sheet(
                    index, header_row=None, skip_rows=0, dtypes="string", whitespace_as_null=True
                )
                visible = loaded.visible == "visible"
                text = loaded.to_polars() if visible else None
                columns = [c.absolute_index for c in loaded.available_columns()] if visible else []
            except Exception:
                numbers_future.cancel()
                raise UnreadableFile(
                    f"Lembar '{sheet_name}' pada buku kerja ini tidak dapat dibaca. Simpan ulang "
                    "di Excel sebagai .xlsx, lalu unggah lagi."
                ) from None
            if text is None or text.height == 0 or text.width == 0:
                numbers_future.cancel()
                continue
            candidate = (index, sheet_name, text, columns, numbers_future)
            if accept is None or accept(_text_table(text, sheet_name)):
                chosen = candidate
                break
            if fallback is None:
                fallback = candidate
            else:
                numbers_future.cancel()
        chosen = chosen or fallback
        if chosen is None:
            raise UnreadableFile(
                "Buku kerja ini tidak berisi data pada lembar yang terlihat. Pastikan daftar "
                "pekerja ada di lembar pertama yang tidak disembunyikan."
            )
        index, sheet_name, text, columns, numbers_future = chosen
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
    formulas = _unsaved_formulas(data, index)
    return _xlsx_table(text, numbers, sheet_name, columns, formulas)


def _text_table(text: pl.DataFrame, sheet_name: str) -> RawTable:
    """A sheet's text cells as a RawTable, for `accept` to look at its first rows."""
    columns = [f"c{i}" for i in range(text.width)]
    frame = text.head(100).rename(dict(zip(text.columns, columns, strict=True))).with_columns(
        pl.col(columns).cast(pl.String),
        pl.int_range(1, min(text.height, 100) + 1, dtype=pl.Int64).alias("_row"),
    )
    return RawTable(frame, None, "xlsx", None, None, sheet_name)


def _xlsx_table(text: pl.DataFrame, numbers: pl.DataFrame, sheet_name: str,
                absolute: list[int], formulas: list[tuple[str, int, int]]) -> RawTable:
    columns = [f"c{i}" for i in range(text.width)]
    frame = text.rename(dict(zip(text.columns, columns, strict=True))).with_columns(
        pl.col(columns).cast(pl.String)
    )
    number_cells = numbers.select(
        [
            pl.col(old).is_not_null().alias(new)
            for old, new in zip(numbers.columns, columns, strict=True)
        ]
    )
    # Unsaved formula cells in the frame's columns; rows of nothing but such cells lie
    # below calamine's range: the frame is extended to hold them.
    column_of = dict(zip(absolute, columns, strict=False))
    found = [(row, column_of[col], cell) for cell, row, col in formulas if col in column_of]
    formula_cells = pl.DataFrame(found, schema={"_row": pl.Int64, "column": pl.String,
                                                "cell": pl.String}, orient="row")
    last = max((row for row, _, _ in found), default=0)
    if last > frame.height:
        extra = last - frame.height
        frame = pl.concat([frame, pl.DataFrame(
            {c: pl.Series(c, [None] * extra, dtype=pl.String) for c in columns})])
        number_cells = pl.concat([number_cells, pl.DataFrame(
            {c: pl.Series(c, [False] * extra, dtype=pl.Boolean) for c in columns})])
    frame = frame.with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias("_row"))
    if found:
        # Read as empty (xlsxwriter's placeholder 0 is no value).
        by_column: dict[str, list[int]] = {}
        for row, column, _ in found:
            by_column.setdefault(column, []).append(row)
        frame = frame.with_columns(
            pl.when(pl.col("_row").is_in(rows)).then(None).otherwise(pl.col(column)).alias(column)
            for column, rows in by_column.items())
        row_number = pl.int_range(1, pl.len() + 1)
        number_cells = number_cells.with_columns(
            (pl.col(column) & ~row_number.is_in(rows)).alias(column)
            for column, rows in by_column.items())
    return RawTable(frame, number_cells, "xlsx", None, None, sheet_name,
                    formula_cells if found else None)


_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_CELL_REF = re.compile(rb'\sr\s*=\s*"([A-Z]{1,3})([0-9]{1,7})"')
_CELL_TYPE = re.compile(rb'\st\s*=\s*"(\w+)"')


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return dict(_ATTRIBUTE.findall(tag))


def _sheet_member(archive: zipfile.ZipFile, index: int) -> tuple[str | None, bool]:
    """The ZIP member of the index-th sheet (workbook order, as fastexcel counts them)
    and whether the workbook asks Excel to calculate every formula on opening (its
    saved values are then placeholders)."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None, False
    full_calc = bool(re.search(rb'fullCalcOnLoad\s*=\s*"(1|true)"', workbook))
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attributes = _attributes(tag)
        if b"Id" in attributes and b"Target" in attributes:
            targets[attributes[b"Id"]] = attributes[b"Target"].decode("utf-8", "replace")
    sheets = re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", workbook)
    if index >= len(sheets):
        return None, full_calc
    ids = [value for name, value in _attributes(sheets[index]).items()
           if name.endswith(b":id")]
    target = targets.get(ids[0]) if ids else None
    if target is None:
        return None, full_calc
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))
    return path, full_calc


def _unsaved_formulas(data: bytes, index: int) -> list[tuple[str, int, int]]:
    """(cell "D5", row 5, 0-based column 3) of every formula cell of the index-th sheet
    without a saved result. One pass over the sheet's XML, and only when it holds a
    formula: a 200,000-row sheet without formulas costs its decompression alone."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member, full_calc = _sheet_member(archive, index)
        if member is None or member not in archive.namelist():
            return []
        xml = archive.read(member)
    opened = re.search(rb"<(\w+:)?sheetData\b", xml)
    if opened is None:
        return []
    prefix = re.escape(opened.group(1) or b"")
    start = b"<" + (opened.group(1) or b"")
    if start + b"f" not in xml:  # one fast scan: no formula at all (or only <filters>)
        return []
    # After the formula (closed, or empty as in shared formulas): no value, an empty one,
    # or xlsxwriter's placeholder 0, then the end of the cell. Two patterns, each with a
    # literal start, so that re skips to them instead of trying every "<".
    tail = (rb"\s*(?:<" + prefix + rb"v\s*/>|<" + prefix + rb"v>\s*</" + prefix + rb"v>|<"
            + prefix + rb"v>(0)</" + prefix + rb"v>)?\s*</" + prefix + rb"c>")
    matches = [match for pattern in (rb"</" + prefix + rb"f>", rb"<" + prefix + rb"f\b[^>]*/>")
               for match in re.finditer(pattern + tail, xml)]
    # The cell's opening tag is the last "<c" before its formula (formula text is
    # escaped, so holds no "<").
    cell_start = start + b"c"
    columns: dict[bytes, int] = {}
    found = []
    for match in matches:
        placeholder = match.group(1) is not None
        if placeholder and not full_calc:
            continue  # a formula whose saved result is 0
        at = xml.rfind(cell_start, 0, match.start())
        if at < 0:
            continue
        tag = xml[at:xml.find(b">", at)]
        if placeholder and (kind := _CELL_TYPE.search(tag)) and kind.group(1) != b"n":
            continue  # a saved text or true/false result
        ref = _CELL_REF.search(tag)
        if ref is None:
            continue
        letters = ref.group(1)
        if letters not in columns:
            index = 0
            for letter in letters:
                index = index * 26 + letter - 64
            columns[letters] = index - 1
        found.append((f"{letters.decode()}{ref.group(2).decode()}", int(ref.group(2)),
                      columns[letters]))
    return found


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
