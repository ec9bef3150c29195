"""Plain tables as Excel workbooks, the way every download of UCJ looks: a bold header
row, frozen, fractions shown as percentages, counts with thousands separators, dates and
months as real dates, moments in WIB (Asia/Pontianak, like the pages), and rows that need
attention shaded."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.utils import timezone

from ucj.core.spreadsheets import new_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HIGHLIGHT = "#fde2e1"
DAY = "dd-mm-yyyy"
MONTH = "mm-yyyy"
MOMENT = "dd-mm-yyyy hh:mm"


def local_moment(value: datetime) -> datetime:
    """An aware datetime as the wall-clock time of the installation (WIB), without a
    zone: what Excel can hold, and what the page shows for the same moment."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) \
        else value

type Sheet = tuple[str, Sequence[str], Iterable[Sequence]]


def table_workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence], *,
                   widths: Sequence[int], percent: Sequence[int] = (),
                   number: Sequence[int] = (), decimal: Sequence[int] = (),
                   dates: Sequence[int] = (), months: Sequence[int] = (),
                   highlight: Sequence[bool] | None = None,
                   freeze_columns: int = 0, more: Sequence[Sheet] = ()) -> bytes:
    """One sheet named `title`: the header row, then `rows`. Columns in `percent` hold
    fractions (0.2302 shown as 23.02 %), in `number` counts, in `decimal` one-decimal
    figures, in `dates` dates, in `months` the first day of a month (shown 12-2026);
    datetimes anywhere are shown in WIB; None leaves a cell blank. Rows whose `highlight` flag is
    true are shaded. `more` adds plain sheets (title, headers, rows) after it."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)  # text never becomes a formula
    bold = book.add_format({"bold": True, "bg_color": "#e8eef5", "border": 1})
    formats = {c: {"num_format": "0.00%"} for c in percent}
    formats |= {c: {"num_format": "#,##0"} for c in number}
    formats |= {c: {"num_format": "0.0"} for c in decimal}
    formats |= {c: {"num_format": DAY} for c in dates}
    formats |= {c: {"num_format": MONTH} for c in months}
    plain = {c: book.add_format(f) for c, f in formats.items()}
    date_format = book.add_format({"num_format": DAY})
    moment_format = book.add_format({"num_format": MOMENT})
    shaded = {c: book.add_format({**formats.get(c, {}), "bg_color": HIGHLIGHT})
              for c in range(len(headers))}
    sheets = [(title, headers, rows, widths, highlight, freeze_columns), *(
        (name, heads, body, [max(12, len(h) + 2) for h in heads], None, 0)
        for name, heads, body in more)]
    for index, (name, heads, body, sizes, flags, frozen) in enumerate(sheets):
        # Excel refuses these characters in a sheet name, and names over 31 characters.
        sheet = book.add_worksheet(re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "-")
        for column, header in enumerate(heads):
            sheet.write(0, column, header, bold)
        for row_number, values in enumerate(body, start=1):
            flagged = flags is not None and flags[row_number - 1]
            for column, value in enumerate(values):
                style = (shaded[column] if flagged else plain.get(column)) if index == 0 \
                    else None
                if isinstance(value, datetime):
                    sheet.write_datetime(row_number, column, local_moment(value),
                                         moment_format)
                elif isinstance(value, date):
                    sheet.write_datetime(row_number, column, value, style or date_format)
                elif value is not None:
                    sheet.write(row_number, column, value, style)
                elif flagged:
                    sheet.write_blank(row_number, column, None, style)
        for column, width in enumerate(sizes):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, frozen)
    book.close()
    return buffer.getvalue()
