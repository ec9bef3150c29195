"""Plain tables as Excel workbooks, the way every download of UCJ looks: a bold header
row, frozen, fractions shown as percentages and counts with thousands separators."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from ucj.core.spreadsheets import new_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

type Sheet = tuple[str, Sequence[str], Iterable[Sequence]]


def table_workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence], *,
                   widths: Sequence[int], percent: Sequence[int] = (),
                   number: Sequence[int] = (), freeze_columns: int = 0,
                   more: Sequence[Sheet] = ()) -> bytes:
    """One sheet named `title`: the header row, then `rows`. Columns in `percent` hold
    fractions (0.2302 shown as 23.02 %), those in `number` counts; None leaves a cell
    blank. `more` adds plain sheets (title, headers, rows) after it."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)  # text never becomes a formula
    bold = book.add_format({"bold": True, "bg_color": "#e8eef5", "border": 1})
    styles = {column: book.add_format({"num_format": "0.00%"}) for column in percent}
    styles |= {column: book.add_format({"num_format": "#,##0"}) for column in number}
    sheets = [(title, headers, rows, styles, widths), *(
        (name, heads, body, {}, [max(12, len(h) + 2) for h in heads])
        for name, heads, body in more)]
    for name, heads, body, style, sizes in sheets:
        # Excel refuses these characters in a sheet name, and names over 31 characters.
        sheet = book.add_worksheet(re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "-")
        for column, header in enumerate(heads):
            sheet.write(0, column, header, bold)
        for row_number, values in enumerate(body, start=1):
            for column, value in enumerate(values):
                if value is not None:
                    sheet.write(row_number, column, value, style.get(column))
        for column, width in enumerate(sizes):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, freeze_columns if style is styles else 0)
    book.close()
    return buffer.getvalue()
