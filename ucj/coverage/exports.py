"""The ranking table as an Excel workbook, figures with their sources."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ranking_workbook(rows) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Coverage")[:31])
    bold = book.add_format({"bold": True, "bg_color": "#e8eef5", "border": 1})
    percent = book.add_format({"num_format": "0.00%"})
    number = book.add_format({"num_format": "#,##0"})
    headers = [_("Code"), _("Regency/city"), _("Month"), _("Active participants"),
               _("Source of participants"), _("Denominator"), _("Denominator kind"),
               _("Denominator source"), _("Reference date"), _("Coverage"), _("Target"),
               _("Target year"), _("Target source"), _("Gap (persons)"),
               _("Trend reaches the target in")]
    for column, header in enumerate(headers):
        sheet.write(0, column, header, bold)
    for number_row, row in enumerate(rows, start=1):
        i, outlook = row.indicator, row.outlook
        d, t = i.denominator, outlook.target
        values = [i.region_code, i.region_name, i.month.strftime("%Y-%m"), i.numerator,
                  i.numerator_source, d.value if d else None,
                  d.get_kind_display() if d else None, d.source if d else None,
                  d.reference_date.isoformat() if d else None, i.rate,
                  float(t.rate) if t else None, t.year if t else None,
                  t.source if t else None, outlook.gap,
                  outlook.year_reaching or (_("not before %(year)s") % {"year": t.year}
                                            if t else None)]
        for column, value in enumerate(values):
            if value is None:
                continue
            style = percent if column in (9, 10) else number if column in (3, 5, 13) else None
            sheet.write(number_row, column, value, style)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 26)
    sheet.set_column(4, 12, 16)
    sheet.freeze_panes(1, 2)
    book.close()
    return buffer.getvalue()


def areas_workbook(rows) -> bytes:
    """Registered and active workers by kecamatan or desa (selectors.AreaRow)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Registered workers")[:31])
    bold = book.add_format({"bold": True, "bg_color": "#e8eef5", "border": 1})
    percent = book.add_format({"num_format": "0.00%"})
    for column, header in enumerate([_("Code"), _("Name"), _("Registered workers"),
                                     _("Active"), _("Active share")]):
        sheet.write(0, column, header, bold)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, [row.code, row.name, row.workers, row.active])
        sheet.write_number(number, 4, row.active_share, percent)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 4, 16)
    book.close()
    return buffer.getvalue()


def ecosystems_workbook(rows) -> bytes:
    """Registered workers of a regency by ecosystem and BPJS status (SummaryRow)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Ecosystem")[:31])
    bold = book.add_format({"bold": True, "bg_color": "#e8eef5", "border": 1})
    percent = book.add_format({"num_format": "0.00%"})
    for column, header in enumerate([_("Ecosystem"), _("Workers"), _("Active"), _("Lapsed"),
                                     _("Not enrolled"), _("Active share")]):
        sheet.write(0, column, header, bold)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, [row.ecosystem_name, row.workers, row.active, row.lapsed,
                                    row.not_enrolled])
        sheet.write_number(number, 5, row.active_share, percent)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 5, 14)
    book.close()
    return buffer.getvalue()
