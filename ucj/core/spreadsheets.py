"""Spreadsheets in and out, safely: the one place for both directions (no Django).

Out (every XLSX and CSV the system writes goes through here; tests/robustness scans the
source tree for writers that do not):

    book = new_workbook(buffer_or_path)          # xlsxwriter.Workbook, safely configured
    frame = safe_csv_frame(frame)                 # polars: text cells neutralised
    write_csv(frame, path_or_buffer, **options)   # the same, written
    writer = csv_writer(text_file)                # the csv module, neutralising writerow()

A text cell that starts with = + - @ (or their full-width forms), a tab or a carriage
return is read by Excel and LibreOffice as a formula when the file is opened (CSV) or
when the cell is edited (XLSX): "=HYPERLINK(...)" in a name column becomes a link that
leaks data, "=cmd|..." asks to run a program (OWASP "CSV injection"). Such text gets a
leading apostrophe in CSV, and the "quote prefix" cell style in XLSX (the same
protection, without an apostrophe to see), which shows it as the text it is. Numbers stay numbers: a value
written as a number is never touched, and text that is just a number ("-12", "+62812...",
a NIK) is left as it is, since no spreadsheet reads it as a formula. So is a lone "-",
the usual "nothing here" mark in regency lists. Workbooks never turn text into formulas,
numbers or links (xlsxwriter's `strings_to_formulas` is on by default: `write()` of
"=1+1" would write a formula).

In: `check_xlsx(data)` looks inside an XLSX (a ZIP package) before any parser does and
refuses what could exhaust memory or is no workbook at all: a ZIP bomb (too much
uncompressed data, an extreme compression ratio, a member that inflates beyond what it
declares), too many members, a package without [Content_Types].xml / xl/workbook.xml,
and a sheet whose cells span an area too large to hold (two cells, at A1 and at
XFD1048576, make the reader allocate 17 billion cells: a 5 KB file that kills the
process). It raises `UnsafeSpreadsheet` with a code and the figures; callers turn that
into their own message.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO, Any

import polars as pl
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

# --- neutralising text cells ----------------------------------------------------------

FORMULA_TRIGGERS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"
_NUMBER = re.compile(r"[+-]?(?:\d[\d.,]*|[.,]\d+)(?:[eE][+-]?\d+)?")
_HARMLESS = {"-", "+", "--"}
# The same rule for polars (Rust regex): starts, after spaces, with a trigger...
_TRIGGER_PATTERN = r"^[ ]*[=+\-@\t\r\n\x{FF1D}\x{FF0B}\x{FF0D}\x{FF20}]"
# ...and is not a plain number or a lone dash.
_NUMBER_PATTERN = r"^[+-]?(?:\d[\d.,]*|[.,]\d+)(?:[eE][+-]?\d+)?$"
_HARMLESS_PATTERN = r"^(?:-|\+|--)$"


def needs_neutralising(text: str) -> bool:
    stripped = text.lstrip(" ")
    return bool(stripped) and stripped[0] in FORMULA_TRIGGERS and not (
        _NUMBER.fullmatch(text) or text in _HARMLESS)


def neutralise(text: str) -> str:
    """`text` as a spreadsheet shows it and never evaluates it."""
    return "'" + text if needs_neutralising(text) else text


def safe_cell(value: Any) -> Any:
    """A value ready for a cell: text neutralised, everything else (numbers, dates,
    None) unchanged."""
    return neutralise(value) if isinstance(value, str) else value


def neutralise_expr(column: str | pl.Expr) -> pl.Expr:
    """The polars version of `neutralise` for one String column."""
    expr = pl.col(column) if isinstance(column, str) else column
    dangerous = (expr.str.contains(_TRIGGER_PATTERN)
                 & ~expr.str.contains(_NUMBER_PATTERN)
                 & ~expr.str.contains(_HARMLESS_PATTERN))
    return pl.when(dangerous.fill_null(False)).then(pl.lit("'") + expr).otherwise(expr)


def safe_csv_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every String column (and column name) neutralised; numbers, dates
    and the rest untouched."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    categorical = [name for name, dtype in frame.schema.items()
                   if dtype in (pl.Categorical, pl.Enum) or isinstance(dtype, pl.Enum)]
    if categorical:
        frame = frame.with_columns(pl.col(categorical).cast(pl.String))
        text += categorical
    if text:
        frame = frame.with_columns(neutralise_expr(name).alias(name) for name in text)
    renamed = {name: neutralise(name) for name in frame.columns if needs_neutralising(name)}
    return frame.rename(renamed) if renamed else frame


def write_csv(frame: pl.DataFrame, target: Any = None, **options: Any) -> str | None:
    """polars' `write_csv` of the neutralised frame (same arguments)."""
    return safe_csv_frame(frame).write_csv(target, **options)


class _SafeCsvWriter:
    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: IO[str], **options: Any) -> _SafeCsvWriter:
    """`csv.writer(handle, **options)` whose rows are neutralised."""
    return _SafeCsvWriter(handle, **options)


# Format attributes that tie a Format to its place in one workbook's style table.
_FORMAT_PLACE = {"xf_format_indices", "dxf_format_indices", "xf_index", "dxf_index",
                 "_format_key"}


class SafeWorksheet(Worksheet):
    """Every text cell, however written (write, write_string, write_row...), is
    neutralised. In a workbook that is Excel's own "quote prefix" cell style rather than
    an apostrophe in the text: the cell shows "+62 812-..." as typed, and Excel and
    LibreOffice keep it text when it is edited (CSV has no styles: there the apostrophe
    stays)."""

    book: SafeWorkbook

    def _write_string(self, row, col, string, cell_format=None):
        text = str(string)
        if needs_neutralising(text):
            cell_format = self.book.quoted(cell_format)
        return super()._write_string(row, col, text, cell_format)


class SafeWorkbook(xlsxwriter.Workbook):
    worksheet_class = SafeWorksheet

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._quoted: dict[int, Any] = {}

    def add_worksheet(self, name: str | None = None, worksheet_class=None) -> Worksheet:
        sheet = super().add_worksheet(name, worksheet_class)
        sheet.book = self
        return sheet

    def quoted(self, cell_format: Any) -> Any:
        """`cell_format` (or none) with the quote prefix set, made once per format."""
        key = id(cell_format)
        if key not in self._quoted:
            copy = self.add_format()
            if cell_format is not None:
                copy.__dict__.update({name: value for name, value in vars(cell_format).items()
                                      if name not in _FORMAT_PLACE})
            copy.set_quote_prefix()
            self._quoted[key] = (cell_format, copy)  # the original kept alive: ids stay unique
        return self._quoted[key][1]


WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def new_workbook(target: str | IO[bytes], options: dict[str, Any] | None = None) -> SafeWorkbook:
    """An xlsxwriter workbook writing to a path or a binary buffer (in memory when a
    buffer), that never evaluates text and neutralises formula-like text. `options`
    adds xlsxwriter options (e.g. {"constant_memory": True}); the safety ones cannot be
    switched off."""
    chosen: dict[str, Any] = {}
    if not isinstance(target, str):
        chosen["in_memory"] = True
    chosen.update(options or {})
    chosen.update(WORKBOOK_OPTIONS)
    return SafeWorkbook(target, chosen)


# --- checking an XLSX before parsing it ------------------------------------------------

MAX_UNCOMPRESSED = 1024 * 1024 * 1024  # all members together, inflated
MAX_RATIO = 100  # inflated / compressed, for a member of more than RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 1000
# Cells the reader would hold for one sheet: (last row - first row + 1) x (last column -
# first column + 1). 20 million is a 1,000,000-row list of 20 columns.
MAX_CELLS = 20_000_000
_CHUNK = 4 * 1024 * 1024
# Without a leading "<" the regex engine searches for the literal "c" fast (twice as fast
# as "<c"), and a namespace prefix (<x:c r=...>) is matched as well.
_CELL_REF = re.compile(rb'c\b[^>]*?\sr="([A-Z]{1,4})([0-9]{1,8})"')
_ROW_REF = re.compile(rb'row\b[^>]*?\sr="([0-9]{1,8})"')


class UnsafeSpreadsheet(ValueError):
    """`code`: not_zip, not_xlsx, encrypted_member, too_many_members, too_large,
    compression_ratio, size_mismatch, too_many_cells; `details`: the figures."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(f"{code}: {details}")
        self.code = code
        self.details = details


@dataclass
class XlsxFacts:
    members: int = 0
    compressed: int = 0
    uncompressed: int = 0
    sheets: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (rows, cols)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def check_xlsx(data: bytes, *, max_uncompressed: int = MAX_UNCOMPRESSED,
               max_ratio: float = MAX_RATIO, max_members: int = MAX_MEMBERS,
               max_cells: int = MAX_CELLS) -> XlsxFacts:
    """Refuse (UnsafeSpreadsheet) an XLSX that is no OOXML workbook package or whose
    reading could exhaust memory; return what was measured otherwise. Every member is
    inflated once here, by zlib, counting what comes out rather than trusting the sizes
    the package declares; the sheets' cell references are scanned on the way."""
    if not data.startswith(b"PK\x03\x04"):
        raise UnsafeSpreadsheet("not_zip")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # a damaged directory raises many kinds (found by fuzzing)
        raise UnsafeSpreadsheet("not_zip") from None
    with archive:
        facts = XlsxFacts(members=len(members))
        if len(members) > max_members:
            raise UnsafeSpreadsheet("too_many_members", members=len(members), limit=max_members)
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise UnsafeSpreadsheet("not_xlsx", members=sorted(names)[:20])
        declared = sum(member.file_size for member in members)
        if declared > max_uncompressed:
            raise UnsafeSpreadsheet("too_large", uncompressed=declared, limit=max_uncompressed)
        total = 0
        for member in members:
            if member.is_dir():
                continue
            if member.flag_bits & 0x1:
                raise UnsafeSpreadsheet("encrypted_member", member=member.filename)
            if member.file_size > RATIO_FLOOR and (
                    member.file_size > max_ratio * max(member.compress_size, 1)):
                raise UnsafeSpreadsheet("compression_ratio", member=member.filename,
                                        ratio=round(member.file_size / max(member.compress_size, 1)),
                                        limit=max_ratio)
            is_sheet = (member.filename.startswith("xl/worksheets/")
                        and member.filename.endswith(".xml"))
            scan = _ExtentScan() if is_sheet else None
            inflated = _inflate(archive, member, data, scan)
            total += inflated
            if total > max_uncompressed:
                raise UnsafeSpreadsheet("too_large", uncompressed=total, limit=max_uncompressed)
            if scan is not None:
                rows, columns = scan.extent()
                facts.sheets[member.filename] = (rows, columns)
                if rows * columns > max_cells:
                    raise UnsafeSpreadsheet("too_many_cells", member=member.filename, rows=rows,
                                            columns=columns, limit=max_cells)
        facts.compressed = sum(member.compress_size for member in members)
        facts.uncompressed = total
        return facts


class _ExtentScan:
    """The rows and columns a sheet's cells span, from its XML fed in chunks: what the
    reader allocates is (last - first + 1) rows by (last - first + 1) columns."""

    def __init__(self) -> None:
        self.cell_rows: tuple[int, int] | None = None
        self.row_rows: tuple[int, int] | None = None
        self.columns: tuple[int, int] | None = None
        self.unreferenced = False  # cells or rows without r="...": placed one after another
        self.row_tags = 0
        self._tail = b""

    def feed(self, chunk: bytes, final: bool = False) -> None:
        buffer = self._tail + chunk
        if final:
            part, self._tail = buffer, b""
        else:
            cut = buffer.rfind(b"<")
            if cut <= 0:  # no tag starts here (keep a little), or one huge tag (keep it)
                self._tail = buffer[-256:] if cut < 0 else buffer
                return
            part, self._tail = buffer[:cut], buffer[cut:]
        cells = _CELL_REF.findall(part)
        if cells:
            letters = {column for column, _ in cells}
            numbers = {int(number) for _, number in cells}
            self.columns = _span(self.columns,
                                 _column_number(max(letters, key=lambda c: (len(c), c))),
                                 _column_number(min(letters, key=lambda c: (len(c), c))))
            self.cell_rows = _span(self.cell_rows, max(numbers), min(numbers))
        rows = _ROW_REF.findall(part)
        if rows:
            numbers = [int(number) for number in rows]
            self.row_rows = _span(self.row_rows, max(numbers), min(numbers))
        row_tags = part.count(b"<row") + part.count(b":row ")
        self.row_tags += row_tags
        if len(cells) < part.count(b"<c ") + part.count(b":c ") or len(rows) < row_tags:
            self.unreferenced = True

    def extent(self) -> tuple[int, int]:
        rows = self.cell_rows
        if self.unreferenced and self.row_rows:
            rows = _span(rows, *self.row_rows) if rows else self.row_rows
        height = rows[1] - rows[0] + 1 if rows else 0
        if self.unreferenced:
            height = max(height, self.row_tags)
        width = self.columns[1] - self.columns[0] + 1 if self.columns else 0
        return height, max(width, 1 if height else 0)


def _span(current: tuple[int, int] | None, high: int, low: int) -> tuple[int, int]:
    if current is None:
        return low, high
    return min(current[0], low), max(current[1], high)


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, data: bytes,
             scan: _ExtentScan | None) -> int:
    """Inflate one member with zlib, stopping as soon as it yields more than it
    declares; return its real size."""
    try:
        with archive.open(member) as handle:
            if hasattr(handle, "_left"):
                # zipfile stops at the declared size (and then fails on the checksum);
                # read on to the real end of the stream, to notice that it is longer.
                handle._left = 1 << 62
            total = 0
            while True:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > member.file_size:
                    raise UnsafeSpreadsheet("size_mismatch", member=member.filename,
                                            declared=member.file_size)
                if scan is not None:
                    scan.feed(chunk)
            if scan is not None:
                scan.feed(b"", final=True)
            return total
    except UnsafeSpreadsheet:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError):
        raise UnsafeSpreadsheet("not_zip", member=member.filename) from None
