"""Reading and checking regency worker lists (XLSX/CSV): plain Python and polars, no Django.

    raw = read_table(data, filename)          # reader: every cell as text, rows numbered
    guess = detect_header(raw)                # headers: header row + proposed mapping
    checked = check_rows(raw, guess, mapping, regency_code="61.01", desa_lookup=lookup)

`checked.frame` has one verdict per data row; the registry service stores it.
"""

from ucj.registry.intake.checks import (
    ALL_REJECTION_CODES,
    ALL_WARNING_CODES,
    MESSAGES,
    CheckedRows,
    check_rows,
)
from ucj.registry.intake.desa import DesaLookup
from ucj.registry.intake.headers import (
    FIELD_LABELS,
    FIELDS,
    REQUIRED_FIELDS,
    HeaderGuess,
    detect_header,
)
from ucj.registry.intake.reader import RawTable, UnreadableFile, read_table

__all__ = [
    "ALL_REJECTION_CODES",
    "ALL_WARNING_CODES",
    "FIELDS",
    "FIELD_LABELS",
    "MESSAGES",
    "REQUIRED_FIELDS",
    "CheckedRows",
    "DesaLookup",
    "HeaderGuess",
    "RawTable",
    "UnreadableFile",
    "check_rows",
    "detect_header",
    "read_table",
]
