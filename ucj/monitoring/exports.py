"""Monitoring tables as Excel workbooks: action items, the compliance ranking and the
desa socialisation has not reached yet."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from ucj.core.workbooks import table_workbook
from ucj.monitoring.forms import CRITERION_LABELS


def action_items_workbook(items, *, on: date) -> bytes:
    items = list(items)
    headers = [_("Regency/city"), _("Visit"), _("What is to be done"), _("Owning office"),
               _("Due date"), _("Status"), _("Days overdue")]
    rows = [[i.visit.regency.name, i.visit.date, i.title, i.owner_label, i.due_date,
             str(i.get_status_display()), i.days_overdue(on) or None] for i in items]
    return table_workbook(_("Action items"), headers, rows,
                          widths=[24, 12, 60, 36, 12, 14, 12], dates=[1, 4], number=[6],
                          highlight=[i.is_overdue(on) for i in items])


def compliance_workbook(rows, *, year: int) -> bytes:
    from ucj.monitoring.compliance import CRITERIA

    headers = [_("Rank"), _("Code"), _("Regency/city"), _("Score"),
               *[str(CRITERION_LABELS[c]) for c in CRITERIA],
               _("Regulation"), _("Budget %(year)d (Rp)") % {"year": year}]
    data = []
    for row in rows:
        parts = {p.criterion: p.points for p in row.score.parts}
        record = row.record
        if not row.has_data:  # nothing entered: neither a rank nor a score of 0
            data.append([None, row.regency.code, row.regency.name, str(_("Not filled in yet")),
                         *[None for _c in CRITERIA], None, None])
            continue
        data.append([row.rank, row.regency.code, row.regency.name, round(row.score.total, 1),
                     *[round(parts[c], 1) for c in CRITERIA],
                     f"{record.get_regulation_type_display()} {record.regulation_number}"
                     if record and record.regulation_type else None, row.budget])
    return table_workbook(_("Inpres 2-2021"), headers, data,
                          widths=[6, 8, 26, 8, *[14] * len(CRITERIA), 40, 16],
                          decimal=list(range(3, 4 + len(CRITERIA))),
                          number=[5 + len(CRITERIA)])


def unreached_workbook(rows) -> bytes:
    headers = [_("Code"), _("Kecamatan"), _("Village"), _("Registered workers not active")]
    return table_workbook(_("Not reached"), headers,
                          [[r.code, r.kecamatan, r.name, r.not_enrolled] for r in rows],
                          widths=[16, 26, 30, 16], number=[3])
