"""Dashboard tables as Excel workbooks: the ranking (figures with their sources), the
ecosystem table and the kecamatan/desa table."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence], *,
              widths: Sequence[int], percent: Sequence[int] = (), number: Sequence[int] = (),
              freeze_columns: int = 0) -> bytes:
    """One sheet: a bold header row, then `rows`; columns in `percent` hold fractions
    (0.2302 shown as 23.02 %), those in `number` counts with thousands separators. An
    empty (None) value leaves its cell blank."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "bg_color": "#e8eef5", "border": 1})
    styles = {column: book.add_format({"num_format": "0.00%"}) for column in percent}
    styles |= {column: book.add_format({"num_format": "#,##0"}) for column in number}
    for column, header in enumerate(headers):
        sheet.write(0, column, header, bold)
    for row_number, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            if value is not None:
                sheet.write(row_number, column, value, styles.get(column))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, freeze_columns)
    book.close()
    return buffer.getvalue()


def ranking_workbook(rows) -> bytes:
    headers = [_("Code"), _("Regency/city"), _("Month"), _("Active participants"),
               _("Source of participants"), _("Denominator"), _("Denominator kind"),
               _("Denominator source"), _("Reference date"), _("Coverage"), _("Target"),
               _("Target year"), _("Target source"), _("Gap (persons)"),
               _("Trend reaches the target in")]

    def values(row) -> list:
        i, outlook = row.indicator, row.outlook
        d, t = i.denominator, outlook.target
        return [i.region_code, i.region_name, i.month.strftime("%Y-%m"), i.numerator,
                i.numerator_source, d.value if d else None,
                d.get_kind_display() if d else None, d.source if d else None,
                d.reference_date.isoformat() if d else None, i.rate,
                float(t.rate) if t else None, t.year if t else None,
                t.source if t else None, outlook.gap,
                outlook.year_reaching or (_("not before %(year)s") % {"year": t.year}
                                          if t else None)]

    return _workbook(_("Coverage"), headers, (values(row) for row in rows),
                     widths=[8, 26, 8, 12, *[16] * 9, 12, 16], percent=(9, 10),
                     number=(3, 5, 13), freeze_columns=2)


def areas_workbook(rows) -> bytes:
    """Registered and active workers by kecamatan or desa (selectors.AreaRow)."""
    return _workbook(
        _("Registered workers"),
        [_("Code"), _("Name"), _("Registered workers"), _("Active"), _("Active share")],
        ([row.code, row.name, row.workers, row.active, row.active_share] for row in rows),
        widths=[16, 28, 16, 16, 16], percent=(4,))


def ecosystems_workbook(rows) -> bytes:
    """Registered workers of a regency by ecosystem and BPJS status (SummaryRow)."""
    return _workbook(
        _("Ecosystem"),
        [_("Ecosystem"), _("Workers"), _("Active"), _("Lapsed"), _("Not enrolled"),
         _("Active share")],
        ([row.ecosystem_name, row.workers, row.active, row.lapsed, row.not_enrolled,
          row.active_share] for row in rows),
        widths=[28, 14, 14, 14, 14, 14], percent=(5,))
