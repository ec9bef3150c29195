"""Reads for BPJS membership, and where region scope is applied to them.

A worker belongs to the regencies that listed it (WorkerListing); a kabupaten user sees
the coverage of its own regency's workers, a BPJS officer that of its branch."""

from __future__ import annotations

import io
from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from ucj.accounts import rights
from ucj.accounts.models import User
from ucj.accounts.selectors import can_manage_membership, region_scope
from ucj.membership.models import (
    CandidateState,
    Extract,
    ExtractRow,
    JobStatus,
    LinkCandidate,
    LinkDecision,
    MembershipSettings,
    Reconciliation,
    WorkerMembership,
)
from ucj.regions.models import Region
from ucj.registry.models import Worker, WorkerListing
from ucj.registry.selectors import ecosystem_labels

WORKER_SCHEMA = {"worker_id": pl.Int64, "nik": pl.String, "name": pl.String,
                 "birth_date": pl.Date}


def registry_workers() -> pl.DataFrame:
    """Every registered worker's identity, as a frame for matching (COPY on PostgreSQL:
    a million rows in about a second)."""
    table = connection.ops.quote_name(Worker._meta.db_table)
    sql = f"SELECT id, nik, name, birth_date FROM {table}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                for block in copy:
                    buffer.write(block)
            if buffer.tell() == 0:
                return pl.DataFrame(schema=WORKER_SCHEMA)
            buffer.seek(0)
            return pl.read_csv(buffer, has_header=False, new_columns=list(WORKER_SCHEMA),
                               schema=WORKER_SCHEMA)
        cursor.execute(sql)
        return pl.DataFrame(cursor.fetchall(), schema=WORKER_SCHEMA, orient="row")


def decisions_frame() -> pl.DataFrame:
    rows = LinkDecision.objects.values_list("worker_id", "kpj", "decision")
    return pl.DataFrame(list(rows), schema={"worker_id": pl.Int64, "kpj": pl.String,
                                            "decision": pl.String}, orient="row")


def membership_settings() -> MembershipSettings:
    """The province's settings (the row, or its defaults when it was never saved)."""
    return MembershipSettings.objects.filter(pk=1).first() or MembershipSettings(pk=1)


def can_edit_settings(user: User) -> bool:
    return rights.may(user, rights.Action.MANAGE_MASTER_DATA)


def can_confirm_reconciliation(user: User) -> bool:
    """Province staff only: a BPJS officer who ran a reconciliation may not wave it
    through himself."""
    return rights.may(user, rights.Action.CONFIRM_RECONCILIATION)


def extracts() -> QuerySet[Extract]:
    """Extract versions (not personal data: who uploaded, counts)."""
    return Extract.objects.select_related("uploaded_by").prefetch_related("reconciliations")


def latest_extract() -> Extract | None:
    """The newest extract that passed its check: a failed one (unreadable, or too few
    rows accepted) is never a basis for anything."""
    return Extract.objects.filter(status=JobStatus.DONE).order_by("-as_of", "-id").first()


def get_extract(user: User, extract_id: int) -> Extract:
    """Extract pages show rejected rows with NIKs: BPJS and province staff only."""
    if not can_manage_membership(user):
        raise Http404
    try:
        return extracts().get(pk=extract_id)
    except Extract.DoesNotExist as missing:
        raise Http404 from missing


def rejected_rows(extract: Extract) -> QuerySet[ExtractRow]:
    return extract.rejected_rows.order_by("row_number")


def reconciliations() -> QuerySet[Reconciliation]:
    return Reconciliation.objects.select_related("extract").order_by("-extract__as_of", "-id")


def latest_reconciliation() -> Reconciliation | None:
    """The current reconciliation: the finished one of the newest extract. One waiting
    for confirmation, or discarded, is not."""
    return reconciliations().filter(status=JobStatus.DONE).first()


def becomes_current(run: Reconciliation, current: Reconciliation | None) -> bool:
    """Whether `run`, once done, is the current reconciliation instead of `current`."""
    return current is None or (run.extract.as_of, run.extract_id) >= (
        current.extract.as_of, current.extract_id)


def active_lost(run: Reconciliation, current: Reconciliation) -> tuple[int, int]:
    """(workers active in `current`, those of them `run` finds not enrolled), in one
    query over the stored statuses (a worker no longer registered is not counted)."""
    table = connection.ops.quote_name(WorkerMembership._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT COUNT(*), SUM(CASE WHEN n.status = 'not_enrolled' THEN 1 ELSE 0 END)
            FROM {table} o
            LEFT JOIN {table} n ON n.reconciliation_id = %s AND n.worker_id = o.worker_id
            WHERE o.reconciliation_id = %s AND o.status = 'active'""", [run.pk, current.pk])
        active, lost = cursor.fetchone()
    return int(active or 0), int(lost or 0)


def get_reconciliation(reconciliation_id: int) -> Reconciliation:
    try:
        return reconciliations().get(pk=reconciliation_id)
    except Reconciliation.DoesNotExist as missing:
        raise Http404 from missing


def previous_reconciliation(run: Reconciliation) -> Reconciliation | None:
    """The finished reconciliation of the extract before this one's."""
    return (reconciliations().filter(status=JobStatus.DONE)
            .filter(Q(extract__as_of__lt=run.extract.as_of)
                    | Q(extract__as_of=run.extract.as_of, extract_id__lt=run.extract_id))
            .first())


def _listed_in_scope(user: User, *, regency: str = "", ecosystem: str = "") -> Q:
    regencies = region_scope(user).regency_codes
    if regency:
        regencies = regencies & {regency}
    listings = WorkerListing.objects.filter(worker=OuterRef("worker_id"),
                                            regency_id__in=regencies)
    if ecosystem:
        listings = listings.filter(ecosystem_id=ecosystem)
    return Q(Exists(listings))


def memberships_for(user: User, run: Reconciliation, *, status: str = "", regency: str = "",
                    ecosystem: str = "") -> QuerySet[WorkerMembership]:
    """Worker statuses of one reconciliation, limited to the user's regencies."""
    found = run.memberships.filter(_listed_in_scope(user, regency=regency, ecosystem=ecosystem))
    if status:
        found = found.filter(status=status)
    return found.select_related("worker").order_by("worker__name", "worker_id")


@dataclass(frozen=True)
class SummaryRow:
    regency: str
    regency_name: str
    ecosystem: str
    ecosystem_name: str
    active: int
    lapsed: int
    not_enrolled: int
    review: int

    @property
    def workers(self) -> int:
        return self.active + self.lapsed + self.not_enrolled

    @property
    def active_share(self) -> float:
        return self.active / self.workers if self.workers else 0.0


def summary(user: User, run: Reconciliation) -> list[SummaryRow]:
    """Workers by regency and ecosystem and their coverage status (a worker listed in
    two regencies counts in each). For the current reconciliation, the summary the
    writes keep (coverage.summaries); an earlier one is counted."""
    if run == latest_reconciliation():
        return _kept_summary(user)
    found = _grouped(user, """
        SUM(CASE WHEN m.status = 'active' THEN 1 ELSE 0 END),
        SUM(CASE WHEN m.status = 'lapsed' THEN 1 ELSE 0 END),
        SUM(CASE WHEN m.status = 'not_enrolled' THEN 1 ELSE 0 END),
        SUM(CASE WHEN m.method = 'review' THEN 1 ELSE 0 END)""", "", [run.pk])
    return [SummaryRow(regency=r, regency_name=rn, ecosystem=e, ecosystem_name=en,
                       active=a, lapsed=b, not_enrolled=c, review=d)
            for r, rn, e, en, a, b, c, d in found]


def _kept_summary(user: User) -> list[SummaryRow]:
    from ucj.coverage.models import EcosystemSummary

    rows = list(EcosystemSummary.objects.filter(regency__in=region_scope(user).regency_codes)
                .values_list("regency", "ecosystem", "active", "lapsed", "not_enrolled", "review"))
    regency_names = dict(Region.objects.filter(code__in={row[0] for row in rows})
                         .values_list("code", "name"))
    ecosystem_names = ecosystem_labels()
    found = [SummaryRow(regency=r, regency_name=regency_names.get(r, r), ecosystem=e,
                        ecosystem_name=ecosystem_names.get(e, e), active=a, lapsed=b,
                        not_enrolled=c, review=d)
             for r, e, a, b, c, d in rows if a or b or c or d]
    return sorted(found, key=lambda row: (row.regency, row.ecosystem_name))


def _grouped(user: User, sums: str, join: str, params: list) -> list[tuple]:
    """Rows (regency, its name, ecosystem, its name, *sums) over the memberships `m` of
    reconciliation params[-1] joined to their listings `l` in the user's regencies."""
    regencies = sorted(region_scope(user).regency_codes)
    if not regencies:
        return []
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(regencies))
    sql = f"""
        SELECT l.regency_id, l.ecosystem_id, {sums}
        FROM {quote(WorkerMembership._meta.db_table)} m
        JOIN {quote(WorkerListing._meta.db_table)} l ON l.worker_id = m.worker_id
        {join}
        WHERE m.reconciliation_id = %s AND l.regency_id IN ({placeholders})
        GROUP BY l.regency_id, l.ecosystem_id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *regencies])
        found = cursor.fetchall()
    regency_names = dict(Region.objects.filter(code__in={row[0] for row in found})
                         .values_list("code", "name"))
    ecosystem_names = ecosystem_labels()
    rows = [(r, regency_names.get(r, r), e, ecosystem_names.get(e, e),
             *(int(value or 0) for value in values)) for r, e, *values in found]
    return sorted(rows, key=lambda row: (row[0], row[3]))


@dataclass(frozen=True)
class DiffRow:
    regency: str
    regency_name: str
    ecosystem: str
    ecosystem_name: str
    newly_covered: int
    newly_lapsed: int
    still_not_enrolled: int


def diff(user: User, newer: Reconciliation, older: Reconciliation) -> list[DiffRow]:
    """What changed between two extracts, by regency and ecosystem: workers active now
    but not before (newly covered), active before and lapsed now (newly lapsed), and not
    enrolled in both. A worker the older run did not know counts as not enrolled then."""
    found = _grouped(user, """
        SUM(CASE WHEN m.status = 'active' AND COALESCE(o.status, 'not_enrolled') <> 'active'
            THEN 1 ELSE 0 END),
        SUM(CASE WHEN m.status = 'lapsed' AND o.status = 'active' THEN 1 ELSE 0 END),
        SUM(CASE WHEN m.status = 'not_enrolled'
                  AND COALESCE(o.status, 'not_enrolled') = 'not_enrolled' THEN 1 ELSE 0 END)""",
        f"LEFT JOIN {connection.ops.quote_name(WorkerMembership._meta.db_table)} o "
        "ON o.worker_id = m.worker_id AND o.reconciliation_id = %s", [older.pk, newer.pk])
    return [DiffRow(regency=r, regency_name=rn, ecosystem=e, ecosystem_name=en,
                    newly_covered=a, newly_lapsed=b, still_not_enrolled=c)
            for r, rn, e, en, a, b, c in found]


def candidates_for_review(user: User, run: Reconciliation) -> QuerySet[LinkCandidate]:
    """Links waiting for a reviewer, for workers of the user's regencies (BPJS and
    province staff only)."""
    if not can_manage_membership(user):
        return LinkCandidate.objects.none()
    return (run.candidates.filter(state=CandidateState.REVIEW)
            .filter(_listed_in_scope(user))
            .select_related("worker", "worker__desa", "reconciliation")
            .order_by("-match_probability", "id"))


def decided_candidates(user: User, run: Reconciliation) -> QuerySet[LinkCandidate]:
    """Links of this reconciliation a reviewer decided (same person or different
    people), for workers of the user's regencies: the ones a decision can be undone for."""
    if not can_manage_membership(user):
        return LinkCandidate.objects.none()
    return (run.candidates.filter(state__in=[CandidateState.CONFIRMED, CandidateState.REJECTED])
            .filter(_listed_in_scope(user))
            .select_related("worker", "worker__desa", "reconciliation")
            .order_by("-match_probability", "id"))


def get_candidate(user: User, candidate_id: int) -> LinkCandidate:
    if not can_manage_membership(user):
        raise Http404
    found = LinkCandidate.objects.filter(pk=candidate_id).filter(_listed_in_scope(user))
    try:
        return found.select_related("worker", "worker__desa", "reconciliation").get()
    except LinkCandidate.DoesNotExist as missing:
        raise Http404 from missing
