"""Workers' stages, read set-based: the facts of many workers in a few queries per batch
of ids, each turned into a Stage by the pure `ucj.registry.stage.stage_of`; and the same
rule as a database filter for lists (`filter_stage`), which tests hold equal to it.

Callers pass ids they already scoped (selectors.workers_for): nothing here applies
region scope."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext

from ucj.decrees.models import AnnexRow, ProposalRow, RowStatus
from ucj.membership.models import CoverageStatus, JobStatus, Reconciliation, WorkerMembership
from ucj.membership.selectors import latest_reconciliation
from ucj.registry import stage as pure
from ucj.registry.models import Worker
from ucj.registry.stage import Facts, Stage, stage_of

BATCH = 2000  # ids per query (SQLite's variable limit; PostgreSQL's plans)


def label(stage: Stage | str) -> str:
    """The stage's label in the user's language."""
    code = stage.code if isinstance(stage, Stage) else stage
    return gettext(pure.LABELS[code])


def choices() -> list[tuple[str, str]]:
    return [(code, gettext(text)) for code, text in pure.LABELS.items()]


def stages_for(worker_ids: Iterable[int]) -> dict[int, Stage]:
    """Each worker's stage, by id: two queries for the reconciliations, then at most four
    per BATCH ids (current BPJS status, latest proposal rows with their decree, the
    decree's months for the worker, registration after sending)."""
    ids = list(dict.fromkeys(worker_ids))
    if not ids:
        return {}
    run = latest_reconciliation()
    done = list(Reconciliation.objects.filter(status=JobStatus.DONE)
                .values_list("pk", "extract__as_of"))
    stages: dict[int, Stage] = {}
    for start in range(0, len(ids), BATCH):
        stages |= _batch(ids[start:start + BATCH], run, done)
    return stages


def _batch(ids: list[int], run: Reconciliation | None,
           done: list[tuple[int, date]]) -> dict[int, Stage]:
    bpjs: dict[int, str] = {}
    if run is not None:
        bpjs = dict(WorkerMembership.objects.filter(reconciliation_id=run.pk, worker_id__in=ids)
                    .values_list("worker_id", "status"))
    latest: dict[int, tuple] = {}
    rows = (ProposalRow.objects.filter(worker_id__in=ids).exclude(status=RowStatus.REMOVED)
            .order_by("worker_id", "-id")
            .values_list("worker_id", "status", "proposal_id", "proposal__status", "decree_id",
                         "decree__number", "decree__status", "decree__sent_on"))
    for row in rows:
        latest.setdefault(row[0], row)
    decreed = {w: row[4] for w, row in latest.items()
               if row[1] == pure.ROW_ACCEPTED and row[4] is not None}
    months: dict[int, tuple[date, int]] = {}
    if decreed:
        for worker_id, decree_id, start, count in (
                AnnexRow.objects.filter(worker_id__in=list(decreed),
                                        decree_id__in=set(decreed.values()))
                .values_list("worker_id", "decree_id", "start_month", "months")):
            if decreed[worker_id] == decree_id:
                months[worker_id] = (start, count)
    sent = {w: row[7] for w, row in latest.items()
            if w in decreed and row[6] == pure.DECREE_SENT and row[7] is not None}
    registered: set[int] = set()
    if sent:
        runs = {pk: as_of for pk, as_of in done if as_of >= min(sent.values())}
        if runs:
            for worker_id, run_id in (WorkerMembership.objects.filter(
                    reconciliation_id__in=list(runs), worker_id__in=list(sent),
                    status=CoverageStatus.ACTIVE).values_list("worker_id", "reconciliation_id")):
                if runs[run_id] >= sent[worker_id]:
                    registered.add(worker_id)
    stages = {}
    for worker_id in ids:
        row = latest.get(worker_id)
        start, count = months.get(worker_id, (None, None))
        facts = Facts(bpjs_status=bpjs.get(worker_id), registered=worker_id in registered,
                      start_month=start, months=count)
        if row is not None:
            facts = Facts(bpjs_status=facts.bpjs_status, row_status=row[1], proposal_id=row[2],
                          proposal_status=row[3], decree_id=row[4], decree_number=row[5] or "",
                          decree_status=row[6], start_month=start, months=count,
                          sent_on=row[7], registered=facts.registered)
        stages[worker_id] = stage_of(facts)
    return stages


def stage_of_worker(worker: Worker) -> Stage:
    return stages_for([worker.pk])[worker.pk]


# --- the same rule as a filter -------------------------------------------------------------


def filter_stage(workers: QuerySet[Worker], code: str) -> QuerySet[Worker]:
    """The workers of `workers` in stage `code` (stage.stage_code, in SQL: correlated
    subqueries on the proposal-row index (worker, status) and the membership index
    (reconciliation, worker)). An unknown code filters nothing out."""
    if code not in pure.LABELS:
        return workers
    latest = (ProposalRow.objects.filter(worker=OuterRef("pk"))
              .exclude(status=RowStatus.REMOVED).order_by("-id"))
    workers = workers.annotate(stage_row=Subquery(latest.values("status")[:1]))
    if code in pure.BPJS_STATUSES.values() or code == pure.NOT_RECONCILED:
        workers = workers.filter(stage_row__isnull=True)
        run = latest_reconciliation()
        current = (WorkerMembership.objects.filter(reconciliation_id=run.pk, worker=OuterRef("pk"))
                   if run is not None else WorkerMembership.objects.none())
        if code == pure.NOT_RECONCILED:
            return workers.exclude(Exists(current))
        status = next(s for s, c in pure.BPJS_STATUSES.items() if c == code)
        return workers.filter(Exists(current.filter(status=status)))
    if code == pure.PROPOSED:
        return workers.filter(stage_row=pure.ROW_PENDING)
    if code == pure.RETURNED:
        return workers.filter(stage_row=pure.ROW_RETURNED)
    workers = workers.filter(stage_row=pure.ROW_ACCEPTED).annotate(
        stage_decree=Subquery(latest.values("decree__status")[:1]))
    in_force = Q(stage_decree__in=pure.DECREE_IN_FORCE)
    if code == pure.ACCEPTED:  # no decree yet (NULL), or one no longer in force
        return workers.filter(Q(stage_decree__isnull=True) | ~in_force)
    if code == pure.DECREED:
        return workers.filter(in_force).exclude(stage_decree=pure.DECREE_SENT)
    workers = workers.filter(stage_decree=pure.DECREE_SENT).annotate(
        stage_sent=Subquery(latest.values("decree__sent_on")[:1]))
    registered = Exists(WorkerMembership.objects.filter(
        worker=OuterRef("pk"), status=CoverageStatus.ACTIVE,
        reconciliation__status=JobStatus.DONE,
        reconciliation__extract__as_of__gte=OuterRef("stage_sent")))
    return workers.filter(registered) if code == pure.REGISTERED else workers.exclude(registered)
