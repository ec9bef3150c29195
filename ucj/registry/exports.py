"""The registry's worker list, as filtered on the page, as an Excel workbook with each
worker's stage. NIK and birth date as the user may see them (personal_data): masked NIK
and birth year for leaders. Read in batches: a list of 100,000 workers takes a few
queries per batch, never one per row."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ucj.accounts.models import User
from ucj.accounts.personal_data import birth_cell, birth_heading, shown_nik
from ucj.accounts.selectors import region_scope
from ucj.core.workbooks import table_workbook
from ucj.registry.models import Worker, WorkerListing
from ucj.registry.selectors import ecosystem_labels
from ucj.registry.stages import BATCH, label, stages_for

SHEET_LIMIT = 1_048_575  # Excel's rows, less the header
_FIELDS = ("pk", "nik", "name", "sex", "birth_date", "desa__name", "desa__parent__name",
           "position", "employer")


def workers_workbook(user: User, workers: QuerySet[Worker]) -> tuple[bytes, int]:
    """The workbook and its number of rows."""
    headers = [_("NIK"), _("Name"), _("Sex"), birth_heading(user), _("Village"),
               _("District"), _("Position"), _("Employer or agency"),
               _("Listed by (regency, ecosystem)"), _("Stage"), _("Decree"),
               _("Months covered"), _("Sent to BPJS on")]
    counted = [0]
    content = table_workbook(_("Workers"), headers, _rows(user, workers, counted),
                             widths=[20, 32, 6, 12, 22, 22, 22, 26, 40, 30, 22, 18, 12],
                             dates=[12])
    return content, counted[0]


def _rows(user: User, workers: QuerySet[Worker], counted: list[int]) -> Iterator[list]:
    regencies = region_scope(user).regency_codes
    batch: list[tuple] = []
    for row in workers.values_list(*_FIELDS).iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            yield from _batch(user, batch, regencies, counted)
            batch = []
    if batch:
        yield from _batch(user, batch, regencies, counted)


def _batch(user: User, batch: list[tuple], regencies, counted: list[int]) -> Iterator[list]:
    ids = [row[0] for row in batch]
    stages = stages_for(ids)
    ecosystems = ecosystem_labels()
    listed: dict[int, list[str]] = {}
    for worker_id, regency_name, ecosystem in (
            WorkerListing.objects.filter(worker_id__in=ids, regency_id__in=regencies)
            .order_by("regency_id", "ecosystem_id")
            .values_list("worker_id", "regency__name", "ecosystem_id")):
        listed.setdefault(worker_id, []).append(f"{regency_name} ({ecosystems[ecosystem]})")
    for pk, nik, name, sex, born, desa, kecamatan, position, employer in batch:
        if counted[0] >= SHEET_LIMIT:
            return
        counted[0] += 1
        stage = stages[pk]
        facts = stage.facts
        months = ""
        if facts.start_month and stage.end_month and facts.decree_id:
            months = f"{facts.start_month:%m-%Y} – {stage.end_month:%m-%Y}"
        yield [shown_nik(user, nik), name, sex, birth_cell(user, born), desa or "",
               kecamatan or "", position, employer, "; ".join(listed.get(pk, [])),
               label(stage), facts.decree_number if facts.decree_id else "", months,
               facts.sent_on]
