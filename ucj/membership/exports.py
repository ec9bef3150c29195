"""Excel lists of workers by coverage status, for regencies to act on: who still has to
be enrolled, whose membership lapsed. NIK and birth date as the user may see them
(ucj/accounts/personal_data.py): masked NIK and birth year for leaders."""

from __future__ import annotations

import io
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ucj.accounts.models import User
from ucj.accounts.personal_data import birth_cell, birth_heading, shown_nik
from ucj.accounts.selectors import region_scope
from ucj.core.spreadsheets import new_workbook
from ucj.membership.models import CoverageStatus, MatchMethod, Reconciliation, WorkerMembership
from ucj.membership.selectors import memberships_for
from ucj.registry.models import WorkerListing
from ucj.registry.selectors import ecosystem_labels

SHEET_LIMIT = 1_048_575  # Excel's rows, less the header


def status_workbook(user: User, run: Reconciliation, *, status: str, regency: str = "",
                    ecosystem: str = "") -> bytes:
    found: QuerySet[WorkerMembership] = memberships_for(user, run, status=status,
                                                        regency=regency, ecosystem=ecosystem)
    scope = region_scope(user).regency_codes
    regencies = scope & {regency} if regency else scope
    buffer = io.BytesIO()
    book = new_workbook(buffer, {"constant_memory": True})
    sheet = book.add_worksheet(_(CoverageStatus(status).label)[:31])
    bold = book.add_format({"bold": True, "bg_color": "#e8eef5", "border": 1})
    date_format = book.add_format({"num_format": "dd-mm-yyyy"})
    month_format = book.add_format({"num_format": "yyyy-mm"})
    headers = [_("NIK"), _("Name"), birth_heading(user), _("Listed by (regency, ecosystem)"),
               _("Membership status"), _("Match"), _("KPJ"), _("Category"), _("Last month paid"),
               _("Match probability")]
    widths = [20, 32, 12, 44, 14, 22, 14, 9, 12, 10]
    for column, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write(0, column, header, bold)
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    methods = {m.value: str(m.label) for m in MatchMethod}
    statuses = {s.value: str(s.label) for s in CoverageStatus}
    ecosystems = ecosystem_labels()
    row_number = 0
    for batch in _batches(found, 5000):
        listings = (WorkerListing.objects
                    .filter(worker_id__in=[m.worker_id for m in batch], regency_id__in=regencies)
                    .values_list("worker_id", "regency__name", "ecosystem_id"))
        listed: dict[int, list[str]] = {}
        for worker_id, regency_name, ecosystem in listings:
            listed.setdefault(worker_id, []).append(f"{regency_name} ({ecosystems[ecosystem]})")
        for membership in batch:
            row_number += 1
            if row_number > SHEET_LIMIT:
                break
            worker = membership.worker
            sheet.write_string(row_number, 0, shown_nik(user, worker.nik))
            sheet.write_string(row_number, 1, worker.name)
            born = birth_cell(user, worker.birth_date)  # the date, or the year only
            if isinstance(born, date):
                sheet.write_datetime(row_number, 2, born, date_format)
            elif born is not None:
                sheet.write_number(row_number, 2, born)
            sheet.write_string(row_number, 3, "; ".join(listed.get(worker.pk, [])))
            sheet.write_string(row_number, 4, statuses[membership.status])
            sheet.write_string(row_number, 5, methods[membership.method])
            sheet.write_string(row_number, 6, membership.kpj)
            sheet.write_string(row_number, 7, membership.category)
            if membership.last_paid:
                sheet.write_datetime(row_number, 8, membership.last_paid, month_format)
            if membership.match_probability is not None:
                sheet.write_number(row_number, 9, round(membership.match_probability, 4))
    sheet.autofilter(0, 0, max(row_number, 1), len(headers) - 1)
    book.close()
    return buffer.getvalue()


def _batches(queryset: QuerySet[WorkerMembership], size: int):
    batch = []
    for item in queryset.iterator(chunk_size=size):
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
