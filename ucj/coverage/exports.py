"""Dashboard tables as Excel workbooks: the ranking (figures with their sources), the
ecosystem table and the kecamatan/desa table."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ucj.core.workbooks import table_workbook


def ranking_workbook(rows) -> bytes:
    headers = [_("Code"), _("Regency/city"), _("Month"), _("Active participants"),
               _("Source of participants"), _("Denominator"), _("Denominator kind"),
               _("Denominator source"), _("Reference date"), _("Coverage"), _("Target"),
               _("Target year"), _("Target source"), _("Gap (persons)"),
               _("Trend reaches the target in"),
               # Added after the original columns, so that their positions stay put.
               _("Target confirmed"), _("Target of the year"), _("Year"),
               _("Target of the year confirmed"), _("Gap to the target of the year"),
               _("Migrant workers abroad (PMI), not in the rate"), _("Active BPU participants"),
               _("BPU universe (informal workers)"), _("BPU universe source"),
               _("BPU coverage")]

    def values(row) -> list:
        i, outlook = row.indicator, row.outlook
        d, t, y, b = i.denominator, outlook.target, outlook.year_target, outlook.bpu
        bd = b.denominator if b else None
        return [i.region_code, i.region_name, i.month, i.numerator,
                i.numerator_source, d.value if d else None,
                d.get_kind_display() if d else None, d.source if d else None,
                d.reference_date if d else None, i.rate,
                float(t.rate) if t else None, t.year if t else None,
                t.source if t else None, outlook.gap,
                outlook.year_reaching or (_("not before %(year)s") % {"year": t.year}
                                          if t else None),
                _yes_no(t.confirmed) if t else None, float(y.rate) if y else None,
                y.year if y else None, _yes_no(y.confirmed) if y else None, outlook.year_gap,
                i.migrants, b.numerator if b else None, bd.value if bd else None,
                bd.source if bd else None, b.rate if b else None]

    return table_workbook(_("Coverage"), headers, (values(row) for row in rows),
                     widths=[8, 26, 8, 12, *[16] * 9, 12, 16, 10, 12, 8, 10, 14, 14, 14, 16,
                             24, 12],
                     percent=(9, 10, 16, 24), number=(3, 5, 13, 19, 20, 21, 22),
                     months=(2,), dates=(8,), freeze_columns=2)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no (unconfirmed)")


def areas_workbook(rows) -> bytes:
    """Registered and active workers by kecamatan or desa (selectors.AreaRow)."""
    return table_workbook(
        _("Registered workers"),
        [_("Code"), _("Name"), _("Registered workers"), _("Active"), _("Active share")],
        ([row.code, row.name, row.workers, row.active, row.active_share] for row in rows),
        widths=[16, 28, 16, 16, 16], percent=(4,))


def ecosystems_workbook(rows) -> bytes:
    """Registered workers of a regency by ecosystem and BPJS status (SummaryRow)."""
    return table_workbook(
        _("Ecosystem"),
        [_("Ecosystem"), _("Workers"), _("Active"), _("Lapsed"), _("Not enrolled"),
         _("Active share")],
        ([row.ecosystem_name, row.workers, row.active, row.lapsed, row.not_enrolled,
          row.active_share] for row in rows),
        widths=[28, 14, 14, 14, 14, 14], percent=(5,))
