"""Monitoring tables as Excel workbooks: action items, the compliance ranking and the
desa socialisation has not reached yet."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date

import xlsxwriter
from django.utils.translation import gettext as _

from ucj.monitoring.forms import CRITERION_LABELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence], *,
             widths: Sequence[int], dates: Sequence[int] = (), number: Sequence[int] = (),
             decimal: Sequence[int] = (), highlight: Sequence[bool] | None = None) -> bytes:
    """One sheet with a bold header row; rows flagged in `highlight` are shaded red."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "bg_color": "#e8eef5", "border": 1})
    formats = {c: {"num_format": "dd-mm-yyyy"} for c in dates}
    formats |= {c: {"num_format": "#,##0"} for c in number}
    formats |= {c: {"num_format": "0.0"} for c in decimal}
    plain = {c: book.add_format(f) for c, f in formats.items()}
    red = {c: book.add_format({**formats.get(c, {}), "bg_color": "#fde2e1"})
           for c in range(len(headers))}
    for column, header in enumerate(headers):
        sheet.write(0, column, header, bold)
    for n, values in enumerate(rows, start=1):
        flagged = highlight is not None and highlight[n - 1]
        for column, value in enumerate(values):
            style = red[column] if flagged else plain.get(column)
            if isinstance(value, date):
                sheet.write_datetime(n, column, value, style)
            elif value is not None:
                sheet.write(n, column, value, style)
            elif flagged:
                sheet.write_blank(n, column, None, style)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def action_items_workbook(items, *, on: date) -> bytes:
    items = list(items)
    headers = [_("Regency/city"), _("Visit"), _("What is to be done"), _("Owning office"),
               _("Due date"), _("Status"), _("Days overdue")]
    rows = [[i.visit.regency.name, i.visit.date, i.title, i.owner_label, i.due_date,
             str(i.get_status_display()), i.days_overdue(on) or None] for i in items]
    return workbook(_("Action items"), headers, rows, widths=[24, 12, 60, 36, 12, 14, 12],
                    dates=[1, 4], number=[6], highlight=[i.is_overdue(on) for i in items])


def compliance_workbook(rows, *, year: int) -> bytes:
    from ucj.monitoring.compliance import CRITERIA

    headers = [_("Rank"), _("Code"), _("Regency/city"), _("Score"),
               *[str(CRITERION_LABELS[c]) for c in CRITERIA],
               _("Regulation"), _("Budget %(year)d (Rp)") % {"year": year}]
    data = []
    for row in rows:
        parts = {p.criterion: p.points for p in row.score.parts}
        record = row.record
        data.append([row.rank, row.regency.code, row.regency.name, round(row.score.total, 1),
                     *[round(parts[c], 1) for c in CRITERIA],
                     f"{record.get_regulation_type_display()} {record.regulation_number}"
                     if record and record.regulation_type else None, row.budget])
    return workbook(_("Inpres 2-2021"), headers, data,
                    widths=[6, 8, 26, 8, *[14] * len(CRITERIA), 40, 16],
                    decimal=list(range(3, 4 + len(CRITERIA))), number=[5 + len(CRITERIA)])


def unreached_workbook(rows) -> bytes:
    headers = [_("Code"), _("Kecamatan"), _("Village"), _("Registered workers not active")]
    return workbook(_("Not reached"), headers,
                    [[r.code, r.kecamatan, r.name, r.not_enrolled] for r in rows],
                    widths=[16, 26, 30, 16], number=[3])
