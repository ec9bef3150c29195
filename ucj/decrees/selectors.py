"""Reads for proposals and decrees, always through the user's region scope: who may do
what, proposals and their rows, the allocation and how much of it is used, candidates
for a proposal, decrees, their annex (frozen or, for a draft, as it would be issued) and
the registration status of each beneficiary."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from ucj.accounts import rights
from ucj.accounts.models import Role, User
from ucj.accounts.selectors import region_scope
from ucj.budget.models import Budget, ScenarioRegency
from ucj.budget.selectors import budget_regencies, budgets_for, plan
from ucj.core.confirm import Review
from ucj.core.messages import reason_label, reason_sentence
from ucj.decrees import annex, legal_form
from ucj.decrees.models import (
    AnnexRow,
    ClausePart,
    Decree,
    DecreeClause,
    DecreeStatus,
    DocumentImage,
    ImageKind,
    Issuer,
    Proposal,
    ProposalRow,
    ProposalStatus,
    RowStatus,
)
from ucj.membership.models import CoverageStatus, JobStatus, WorkerMembership
from ucj.membership.selectors import latest_reconciliation
from ucj.premiums.pricing import PricingError, add_months
from ucj.regions.models import Level
from ucj.registry.models import Worker, WorkerListing

#: Months after sending to BPJS within which a beneficiary should show as registered.
REGISTRATION_GRACE_MONTHS = 2


def today() -> date:
    return timezone.localdate()


# --- permissions ---------------------------------------------------------------------------


def can_propose(user: User, regency_code: str | None = None) -> bool:
    """Regency operators for their own regency; province staff for any (on a regency's
    behalf)."""
    return rights.may(user, rights.Action.PROPOSE, regency_code)


def can_verify(user: User) -> bool:
    """Province staff verify; maker-checker is applied per proposal (services)."""
    return rights.may(user, rights.Action.VERIFY_AND_DECREE)


def can_manage_decrees(user: User) -> bool:
    return rights.may(user, rights.Action.VERIFY_AND_DECREE)


def can_download_registration(user: User) -> bool:
    """The BPJS collective-registration CSV (full NIKs): province staff and BPJS."""
    return rights.may(user, rights.Action.EXPORT_REGISTRATION)


def sees_whole_province(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser
                                      or user.role in (Role.PROVINSI, Role.PIMPINAN))


def scope_codes(user: User) -> frozenset[str]:
    return region_scope(user).regency_codes


# --- budgets and allocation ----------------------------------------------------------------


def open_budgets(user: User) -> QuerySet[Budget]:
    """Budgets a proposal can be made for: with an adopted scenario."""
    return budgets_for(user).filter(adopted_scenario__isnull=False)


@dataclass(frozen=True)
class AllocationRow:
    regency: str
    name: str
    funded: int  # the regency's allocation in the adopted scenario
    accepted: int  # rows accepted (decreed or not)
    pending: int  # rows proposed, waiting for verification

    @property
    def remaining(self) -> int:
        return max(self.funded - self.accepted, 0)

    @property
    def share_used(self) -> float | None:
        return self.accepted / self.funded if self.funded else None


def allocation(budget: Budget, regency: str) -> int:
    """Workers `regency` may have accepted for `budget` (0 without an adopted scenario)."""
    if budget.adopted_scenario_id is None:
        return 0
    found = ScenarioRegency.objects.filter(scenario_id=budget.adopted_scenario_id,
                                           regency_id=regency).values_list("funded", flat=True)
    return next(iter(found), 0)


def accepted_count(budget: Budget, regency: str) -> int:
    return ProposalRow.objects.filter(proposal__budget=budget, proposal__regency_id=regency,
                                      status=RowStatus.ACCEPTED).count()


def allocation_use(user: User, budget: Budget) -> list[AllocationRow]:
    """Per regency in scope: the allocation and how much of it is accepted or pending."""
    codes = [c for c in budget_regencies(budget) if c in scope_codes(user)]
    funded: dict[str, tuple[str, int]] = {}
    if budget.adopted_scenario_id:
        funded = {r.regency_id: (r.regency.name, r.funded) for r in ScenarioRegency.objects
                  .filter(scenario_id=budget.adopted_scenario_id, regency_id__in=codes)
                  .select_related("regency")}
    counts = (ProposalRow.objects.filter(proposal__budget=budget,
                                         proposal__regency_id__in=codes)
              .values("proposal__regency_id")
              .annotate(accepted=Count("pk", filter=Q(status=RowStatus.ACCEPTED)),
                        pending=Count("pk", filter=Q(status=RowStatus.PENDING,
                                                     proposal__status=ProposalStatus.SUBMITTED))))
    by_regency = {c["proposal__regency_id"]: c for c in counts}
    from ucj.regions.models import Region

    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [AllocationRow(regency=code, name=funded.get(code, (names.get(code, code), 0))[0],
                          funded=funded.get(code, ("", 0))[1],
                          accepted=by_regency.get(code, {}).get("accepted", 0),
                          pending=by_regency.get(code, {}).get("pending", 0))
            for code in codes]


# --- proposals -----------------------------------------------------------------------------


def proposals_for(user: User, *, budget: int | None = None, status: str = "",
                  regency: str = "") -> QuerySet[Proposal]:
    found = Proposal.objects.filter(regency_id__in=scope_codes(user))
    if budget:
        found = found.filter(budget_id=budget)
    if status:
        found = found.filter(status=status)
    if regency:
        found = found.filter(regency_id=regency)
    return (found.select_related("budget", "regency", "ecosystem", "submitted_by", "created_by")
            .annotate(row_count=Count("rows"),
                      pending_count=Count("rows", filter=Q(rows__status=RowStatus.PENDING)),
                      accepted_count=Count("rows", filter=Q(rows__status=RowStatus.ACCEPTED)),
                      returned_count=Count("rows", filter=Q(rows__status=RowStatus.RETURNED))))


def get_proposal(user: User, proposal_id: int) -> Proposal:
    try:
        return proposals_for(user).get(pk=proposal_id)
    except Proposal.DoesNotExist as missing:
        raise Http404 from missing


def proposal_rows(proposal: Proposal, *, status: str = "") -> QuerySet[ProposalRow]:
    rows = proposal.rows.select_related("worker", "worker__desa", "worker__desa__parent",
                                        "decided_by", "decree")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("worker__name", "worker_id")


#: The BPJS status of a registered worker the latest usable reconciliation does not know
#: (registered after it, or before any reconciliation): not known to be active, so a
#: candidate by default.
NOT_RECONCILED = "unreconciled"


def _listed(proposal: Proposal) -> QuerySet[Worker]:
    listed = WorkerListing.objects.filter(worker=OuterRef("pk"), regency_id=proposal.regency_id,
                                          ecosystem_id=proposal.ecosystem_id)
    return Worker.objects.filter(Exists(listed))


def _filtered(proposal: Proposal, workers: QuerySet[Worker], *, nik: str = "", name: str = "",
              desa: str = "", submission: int | None = None) -> QuerySet[Worker]:
    from ucj.registry.models import SubmissionRow, Verdict
    from ucj.registry.selectors import nik_prefix

    if nik:
        workers = workers.filter(nik_prefix(nik.strip()))
    if name:
        workers = workers.filter(name__icontains=name.strip())
    if desa:
        workers = workers.filter(desa__name__icontains=desa.strip())
    if submission:
        # Every accepted row of the submission: rows with warnings have a result row
        # naming their worker; clean rows only a listing the submission made or renewed
        # (first or last submission; see the docs for a list sent between two others).
        warned = SubmissionRow.objects.filter(
            worker=OuterRef("pk"), submission_id=submission,
            submission__regency_id=proposal.regency_id).exclude(verdict=Verdict.REJECTED)
        listed = WorkerListing.objects.filter(
            Q(first_submission_id=submission) | Q(last_submission_id=submission),
            worker=OuterRef("pk"), regency_id=proposal.regency_id,
            ecosystem_id=proposal.ecosystem_id)
        workers = workers.filter(Exists(warned) | Exists(listed))
    return workers


def _with_bpjs_status(workers: QuerySet[Worker]) -> QuerySet[Worker]:
    run = latest_reconciliation()
    if run is None:
        return workers.annotate(bpjs_status=Value(NOT_RECONCILED, output_field=CharField()))
    status = Subquery(WorkerMembership.objects.filter(
        reconciliation_id=run.pk, worker=OuterRef("pk")).values("status")[:1])
    return workers.annotate(bpjs_status=Coalesce(status, Value(NOT_RECONCILED),
                                                 output_field=CharField()))


def _taken(proposal: Proposal) -> Exists:
    return Exists(ProposalRow.objects.filter(
        worker=OuterRef("pk"), proposal__budget_id=proposal.budget_id,
        status__in=[RowStatus.PENDING, RowStatus.ACCEPTED]))


def candidates(proposal: Proposal, *, nik: str = "", name: str = "", desa: str = "",
               submission: int | None = None, only_not_active: bool = True
               ) -> QuerySet[Worker]:
    """Workers the regency lists in the proposal's ecosystem, not yet proposed for this
    budget (in any proposal, unless returned or removed), filtered; each annotated with
    `bpjs_status` from the latest reconciliation: active, lapsed, not_enrolled, or
    NOT_RECONCILED for a worker it does not know (registered since, or no
    reconciliation yet). `only_not_active` leaves out the active ones only."""
    workers = _filtered(proposal, _listed(proposal), nik=nik, name=name, desa=desa,
                        submission=submission).exclude(_taken(proposal))
    workers = _with_bpjs_status(workers)
    if only_not_active:
        workers = workers.exclude(bpjs_status=CoverageStatus.ACTIVE)
    return workers.select_related("desa", "desa__parent").order_by("name", "id")


@dataclass(frozen=True)
class CandidateCounts:
    """Why a candidate list is what it is: the registered workers matching the filters,
    those already proposed for the budget, and those (not proposed) active at BPJS."""

    listed: int
    proposed: int
    active: int
    filtered: bool


def candidate_counts(proposal: Proposal, *, nik: str = "", name: str = "", desa: str = "",
                     submission: int | None = None, only_not_active: bool = True
                     ) -> CandidateCounts:
    workers = _filtered(proposal, _listed(proposal), nik=nik, name=name, desa=desa,
                        submission=submission)
    free = _with_bpjs_status(workers.exclude(_taken(proposal)))
    return CandidateCounts(listed=workers.count(), proposed=workers.filter(_taken(proposal)).count(),
                           active=free.filter(bpjs_status=CoverageStatus.ACTIVE).count(),
                           filtered=bool(nik or name or desa or submission))


def submissions_for_proposal(proposal: Proposal):
    from ucj.registry.models import Submission, SubmissionStatus

    return Submission.objects.filter(regency_id=proposal.regency_id,
                                     ecosystem_id=proposal.ecosystem_id,
                                     status=SubmissionStatus.DONE).order_by("-uploaded_at")[:50]


# --- decrees -------------------------------------------------------------------------------


def decrees_for(user: User, *, budget: int | None = None) -> QuerySet[Decree]:
    """Province-wide roles see every decree; regency operators and BPJS officers the
    issued decrees that name workers of their regencies."""
    found = Decree.objects.select_related("budget__holder", "amends", "issued_by")
    if budget:
        found = found.filter(budget_id=budget)
    if sees_whole_province(user):
        return found
    names = AnnexRow.objects.filter(decree=OuterRef("pk"), regency_code__in=scope_codes(user))
    return found.exclude(status=DecreeStatus.DRAFT).filter(Exists(names))


def get_decree(user: User, decree_id: int) -> Decree:
    try:
        return decrees_for(user).get(pk=decree_id)
    except Decree.DoesNotExist as missing:
        raise Http404 from missing


def excerpt_codes(user: User, decree: Decree) -> frozenset[str] | None:
    """None when the user may see the whole annex; else the regencies of the excerpt
    (petikan) the user gets."""
    return None if sees_whole_province(user) else scope_codes(user)


_ROW_FIELDS = ["id", "worker_id", "worker__nik", "worker__name", "worker__birth_date",
               "worker__sex", "worker__desa_id", "worker__desa__name",
               "worker__desa__parent__name", "proposal__regency_id", "proposal__regency__name",
               "proposal__ecosystem_id", "proposal__ecosystem__name"]
_ROW_SCHEMA = {"proposal_row": pl.Int64, "worker_id": pl.Int64, "nik": pl.String,
               "name": pl.String, "birth_date": pl.Date, "sex": pl.String,
               "desa_code": pl.String, "desa": pl.String, "kecamatan": pl.String,
               "regency_code": pl.String, "regency": pl.String, "ecosystem_code": pl.String,
               "ecosystem": pl.String}


def _rows_frame(rows: QuerySet[ProposalRow]) -> pl.DataFrame:
    return pl.DataFrame(list(rows.values_list(*_ROW_FIELDS)), schema=_ROW_SCHEMA, orient="row")


@dataclass(frozen=True)
class Removed:
    worker_id: int
    proposal_row: int | None
    nik: str
    name: str
    reason: str


@dataclass(frozen=True)
class AnnexPlan:
    """What the annex of a decree is (issued) or would be (draft), with its proposal
    rows, and who an amendment removes."""

    frame: pl.DataFrame  # annex.ANNEX_SCHEMA + proposal_row
    removed: list[Removed]


def planned_annex(decree: Decree) -> AnnexPlan:
    """For a draft: the accepted rows of the budget not yet in a decree (and, for an
    amendment, the amended decree's beneficiaries less those removed), numbered by
    regency, kecamatan, desa and name. The registry's current fields are used."""
    budget_rows = ProposalRow.objects.filter(proposal__budget_id=decree.budget_id,
                                             status=RowStatus.ACCEPTED, decree__isnull=True)
    added = _rows_frame(budget_rows).with_columns(
        start_month=pl.lit(decree.start_month), months=pl.lit(decree.months, pl.Int64),
        premium=pl.lit(decree.premium_per_worker, pl.Int64),
        change=pl.lit("added" if decree.amends_id else ""))
    removed: list[Removed] = []
    if decree.amends_id:
        removals = {int(k): v for k, v in (decree.removals or {}).items()}
        kept_rows = ProposalRow.objects.filter(decree_id=decree.amends_id,
                                               status=RowStatus.ACCEPTED)
        kept = _rows_frame(kept_rows)
        terms = pl.DataFrame(list(AnnexRow.objects.filter(decree_id=decree.amends_id)
                                  .values_list("worker_id", "start_month", "months", "premium")),
                             schema={"worker_id": pl.Int64, "start_month": pl.Date,
                                     "months": pl.Int64, "premium": pl.Int64}, orient="row")
        kept = kept.join(terms, on="worker_id", how="inner").with_columns(change=pl.lit("kept"))
        gone = kept.filter(pl.col("worker_id").is_in(list(removals)))
        removed = [Removed(worker_id=r["worker_id"], proposal_row=r["proposal_row"],
                           nik=r["nik"], name=r["name"], reason=removals[r["worker_id"]])
                   for r in gone.iter_rows(named=True)]
        kept = kept.filter(~pl.col("worker_id").is_in(list(removals)))
        added = pl.concat([kept, added.select(kept.columns)])
    frame = (added.sort(["regency_code", "kecamatan", "desa", "name", "nik"], nulls_last=True)
             .with_row_index("number", offset=1).with_columns(pl.col("number").cast(pl.Int64)))
    return AnnexPlan(frame=frame, removed=removed)


_ANNEX_FIELDS = [name for name in annex.ANNEX_SCHEMA]


def annex_frame(decree: Decree, regencies: frozenset[str] | None = None) -> pl.DataFrame:
    """The frozen annex of an issued decree (only `regencies`, when given)."""
    rows = AnnexRow.objects.filter(decree=decree)
    if regencies is not None:
        rows = rows.filter(regency_code__in=regencies)
    return pl.DataFrame(list(rows.order_by("number").values_list(*_ANNEX_FIELDS)),
                        schema=annex.ANNEX_SCHEMA, orient="row")


def document_frame(decree: Decree, regencies: frozenset[str] | None = None) -> pl.DataFrame:
    """The annex a document shows: frozen when issued, planned for a draft."""
    if decree.is_draft:
        frame = planned_annex(decree).frame.select(list(annex.ANNEX_SCHEMA))
        if regencies is not None:
            frame = frame.filter(pl.col("regency_code").is_in(list(regencies)))
        return frame
    return annex_frame(decree, regencies)


def removed_by(decree: Decree) -> list[Removed]:
    """Who an amending decree took out of the annex it replaces."""
    if not decree.amends_id:
        return []
    if decree.is_draft:
        return planned_annex(decree).removed
    rows = (ProposalRow.objects.filter(status=RowStatus.REMOVED, decree=decree)
            .select_related("worker"))
    return [Removed(worker_id=r.worker_id, proposal_row=r.pk, nik=r.worker.nik,
                    name=r.worker.name, reason=r.reason) for r in rows]


# --- beneficiary status --------------------------------------------------------------------


class Stage:
    """The stages a beneficiary passes through (for filters and badges)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    VERIFIED = "verified"
    DECREED = "decreed"
    SENT = "sent"
    REGISTERED = "registered"
    REMOVED = "removed"
    OVERDUE = "overdue"  # sent, not registered REGISTRATION_GRACE_MONTHS later


def registered_filter(sent_on: date) -> Exists:
    """A finished reconciliation of an extract dated on or after the sending shows
    the worker active."""
    return Exists(WorkerMembership.objects.filter(
        worker=OuterRef("worker_id"), status=CoverageStatus.ACTIVE,
        reconciliation__status=JobStatus.DONE, reconciliation__extract__as_of__gte=sent_on))


def registration_due(decree: Decree) -> date | None:
    """The day from which a beneficiary still not registered is listed: two months
    after the decree was sent to BPJS."""
    if decree.sent_on is None:
        return None
    month = add_months(decree.sent_on.replace(day=1), REGISTRATION_GRACE_MONTHS)
    return month.replace(day=min(decree.sent_on.day, monthrange(month.year, month.month)[1]))


def overdue_applies(decree: Decree, on: date) -> bool:
    due = registration_due(decree)
    return due is not None and on >= due and decree.status == DecreeStatus.SENT


def beneficiaries(user: User, decree: Decree, *, stage: str = "",
                  on: date | None = None) -> QuerySet[AnnexRow]:
    """The decree's annex rows in the user's regencies, each annotated `registered`
    (always False before the decree is sent); `stage` registered, sent (not yet
    registered) or overdue (not registered two months after sending, on `on`)."""
    on = on or today()
    rows = AnnexRow.objects.filter(decree=decree)
    if not sees_whole_province(user):
        rows = rows.filter(regency_code__in=scope_codes(user))
    if decree.sent_on is not None:
        rows = rows.annotate(registered=registered_filter(decree.sent_on))
    else:
        rows = rows.annotate(registered=Value(False, output_field=BooleanField()))
    if stage == Stage.REGISTERED:
        rows = rows.filter(registered=True)
    elif stage in (Stage.SENT, Stage.OVERDUE):
        rows = rows.filter(registered=False)
        if decree.sent_on is None or (stage == Stage.OVERDUE
                                      and not overdue_applies(decree, on)):
            rows = rows.none()
    return rows.order_by("number")


@dataclass(frozen=True)
class DecreeProgress:
    total: int
    registered: int
    overdue: int
    due: date | None

    @property
    def not_registered(self) -> int:
        return self.total - self.registered


def progress(user: User, decree: Decree, *, on: date | None = None) -> DecreeProgress:
    on = on or today()
    rows = beneficiaries(user, decree, on=on)
    total = rows.count()
    registered = rows.filter(registered=True).count() if decree.sent_on else 0
    overdue = (total - registered) if overdue_applies(decree, on) else 0
    return DecreeProgress(total=total, registered=registered, overdue=overdue,
                          due=registration_due(decree))


@dataclass(frozen=True)
class Unregistered:
    decree: Decree
    row: AnnexRow
    due: date


def unregistered(user: User, *, on: date | None = None, regency: str = "") -> list[Unregistered]:
    """Beneficiaries of decrees in force sent to BPJS at least two months before `on`
    whom no reconciliation since shows active."""
    on = on or today()
    found: list[Unregistered] = []
    for decree in decrees_for(user).filter(status=DecreeStatus.SENT).order_by("sent_on", "pk"):
        due = registration_due(decree)
        if due is None or on < due:
            continue
        rows = beneficiaries(user, decree, stage=Stage.OVERDUE, on=on)
        if regency:
            rows = rows.filter(regency_code=regency)
        found += [Unregistered(decree=decree, row=row, due=due) for row in rows[:5000]]
    return found


def row_stage(row: ProposalRow) -> str:
    """Where a proposed worker stands."""
    if row.status == RowStatus.RETURNED:
        return Stage.RETURNED
    if row.status == RowStatus.REMOVED:
        return Stage.REMOVED
    if row.status == RowStatus.PENDING:
        return (Stage.DRAFT if row.proposal.status == ProposalStatus.DRAFT
                else Stage.SUBMITTED)
    decree = row.decree
    if decree is None:
        return Stage.VERIFIED
    if decree.status == DecreeStatus.SENT:
        return Stage.SENT
    return Stage.DECREED


def latest_bpjs_status():
    """The latest reconciliation (for labels on pages)."""
    return latest_reconciliation()


# --- intake warnings on proposal rows ------------------------------------------------------

#: Which field of the worker an intake warning is about (a later correction of that
#: field marks the warning as dealt with).
WARNING_FIELDS = {"sex_mismatch": ("sex",), "sex_unreadable": ("sex",),
                  "birth_date_mismatch": ("birth_date",),
                  "birth_date_unreadable": ("birth_date",), "desa_unknown": ("desa",),
                  "desa_ambiguous": ("desa",), "identity_conflict": ("name", "birth_date")}


@dataclass(frozen=True)
class RowWarning:
    code: str
    label: str  # the short label (ucj.core.reasons)
    message: str  # the general explanation, in the reader's language
    detail: str  # what this worker's record says, when the code allows it
    submission: int
    row_number: int
    corrected: bool  # the field was corrected after the submission


def _nik_sex(nik: str) -> str:
    day = nik[6:8]
    return ("P" if int(day) > 40 else "L") if day.isdigit() else ""


def _nik_birth_date(nik: str) -> str:
    digits = nik[6:12]
    if not digits.isdigit():
        return ""
    day = int(digits[:2]) % 40
    return f"{day:02d}-{digits[2:4]}-..{digits[4:6]}"


def _warning_detail(code: str, worker: Worker) -> str:
    from django.utils.translation import gettext as _

    if code == "sex_mismatch":
        return _("NIK says %(nik)s, the record says %(record)s") % {
            "nik": _nik_sex(worker.nik) or "?", "record": worker.sex or "?"}
    if code == "birth_date_mismatch":
        return _("NIK says %(nik)s, the record says %(record)s") % {
            "nik": _nik_birth_date(worker.nik) or "?",
            "record": worker.birth_date.strftime("%d-%m-%Y") if worker.birth_date else "?"}
    return ""


def intake_warnings(regency: str, workers: list[Worker]) -> dict[int, list[RowWarning]]:
    """The intake warnings of `workers` in the lists `regency` sent (SubmissionRow
    codes), newest submission first, each explained, with what the worker's record says
    now and whether the field was corrected since."""
    from ucj.registry.models import (
        Submission,
        SubmissionRow,
        SubmissionStatus,
        Verdict,
        WorkerChange,
    )

    by_id = {w.pk: w for w in workers}
    if not by_id:
        return {}
    sent = dict(Submission.objects.filter(regency_id=regency, status=SubmissionStatus.DONE)
                .values_list("pk", "uploaded_at"))
    if not sent:
        return {}
    # By submission first: the result rows are indexed by (submission, row), not worker.
    rows = (SubmissionRow.objects.filter(submission_id__in=list(sent), worker_id__in=list(by_id),
                                         verdict=Verdict.WARNING)
            .exclude(warnings="").order_by("-submission_id", "row_number")
            .values_list("worker_id", "submission_id", "row_number", "warnings"))
    changed: dict[tuple[int, str], list] = {}
    for worker_id, field, when in WorkerChange.objects.filter(
            worker_id__in=list(by_id), submission__isnull=True).values_list(
            "worker_id", "field", "changed_at"):
        changed.setdefault((worker_id, field), []).append(when)
    found: dict[int, list[RowWarning]] = {}
    for worker_id, submission, row_number, codes in rows:
        seen = {w.code for w in found.get(worker_id, [])}
        for code in codes.split(","):
            if not code or code in seen:
                continue
            corrected = any(when > sent[submission]
                            for field in WARNING_FIELDS.get(code, ())
                            for when in changed.get((worker_id, field), []))
            found.setdefault(worker_id, []).append(RowWarning(
                code=code, label=reason_label(code), message=reason_sentence(code),
                detail=_warning_detail(code, by_id[worker_id]), submission=submission,
                row_number=row_number, corrected=corrected))
            seen.add(code)
    return found


def regency_desas(regency: str) -> list[tuple[str, str]]:
    """(code, name) of the regency's current villages, for the verifier's corrections."""
    from ucj.regions.models import Level, Region

    return list(Region.objects.filter(level=Level.DESA_KELURAHAN, is_current=True,
                                      code__startswith=f"{regency}.")
                .order_by("name", "code").values_list("code", "name"))

# --- reviews before the irreversible steps (read-only) -------------------------------------


def _per_worker(budget: Budget) -> int:
    """The premium of one worker for the budget's months, priced by today's rules (the
    adopted scenario's price when the rules cannot price them)."""
    try:
        return plan(budget).per_worker
    except PricingError:
        return budget.adopted_scenario.per_worker if budget.adopted_scenario_id else 0


def submit_review(proposal: Proposal) -> Review:
    """Submitting: the workers waiting in the draft, the budget's months and premiums."""
    budget = proposal.budget
    workers = proposal.rows.filter(status=RowStatus.PENDING).count()
    per_worker = _per_worker(budget)
    return Review(workers=workers, start=budget.start_month, end=budget.end_month,
                  months=budget.months, per_worker=per_worker, total=workers * per_worker)


def _decree_review(decree: Decree, workers: int, total: int) -> Review:
    return Review(workers=workers, start=decree.start_month, end=decree.end_month,
                  months=decree.months, per_worker=decree.premium_per_worker, total=total)


def issue_review(decree: Decree) -> Review:
    """Issuing a draft: its annex as it would be issued now, priced by the decree."""
    frame = planned_annex(decree).frame
    return _decree_review(decree, frame.height, int(frame["premium"].sum() or 0))


def issued_review(decree: Decree) -> Review:
    """Amending or recording as sent: the decree's frozen annex."""
    total = AnnexRow.objects.filter(decree=decree).aggregate(total=Sum("premium"))["total"]
    return _decree_review(decree, decree.annex_count, int(total or 0))


# --- the decree's legal form ---------------------------------------------------------------


@dataclass(frozen=True)
class DecreeText:
    """What a decree prints before its articles: the heading by issuer and, as issued (or,
    for a draft, as the templates read today), the letterhead, Menimbang and Mengingat.
    `pending` are the template entries a draft uses that staff have not confirmed."""

    office: str
    emblem: bool
    letterhead: list[str]
    considerations: list[str]
    basis: list[str]
    pending: list[legal_form.Entry]
    regency: str  # a regent's or mayor's decree: the budget's regency code


def _entries(issuer: str, part: str) -> list[legal_form.Entry]:
    return [legal_form.Entry(text=c.text, rank=c.rank, year=c.year, position=c.position,
                             first_year=c.first_year, last_year=c.last_year,
                             regency=c.regency_code, confirmed=c.confirmed, source=c.source)
            for c in DecreeClause.objects.filter(issuer=issuer, part=part)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def decree_office(decree: Decree) -> tuple[str, str]:
    """(office, regency code) of the decree's issuer; the regency only for a regent's or
    mayor's decree, whose budget a regency holds."""
    holder = decree.budget.holder
    if decree.issuer == Issuer.REGENT_MAYOR:
        if holder.level != Level.KABUPATEN_KOTA:
            raise legal_form.FormError(holder.name)
        return legal_form.office(decree.issuer, holder.name), holder.code
    return legal_form.office(decree.issuer), ""


def decree_text(decree: Decree) -> DecreeText:
    office, regency = decree_office(decree)
    emblem = legal_form.uses_emblem(decree.issuer)
    if not decree.is_draft:
        letterhead = _lines(decree.letterhead)
        if not emblem and not letterhead:  # issued before letterheads were kept
            letterhead = list(legal_form.DEFAULT_LETTERHEAD)
        return DecreeText(office=office, emblem=emblem, letterhead=letterhead,
                          considerations=_lines(decree.considerations),
                          basis=_lines(decree.legal_basis), pending=[], regency=regency)
    year = decree.budget.fiscal_year
    chosen = {part: legal_form.chosen(_entries(decree.issuer, part), fiscal_year=year,
                                      regency=regency, hierarchy=part == ClausePart.BASIS)
              for part in ClausePart.values}
    own_considerations = _lines(decree.considerations)  # an amendment's own
    considerations = own_considerations or [e.text for e in chosen[ClausePart.CONSIDERING]]
    basis = [e.text for e in chosen[ClausePart.BASIS]] + _lines(decree.legal_basis)
    letterhead = [] if emblem else [e.text for e in chosen[ClausePart.LETTERHEAD]]
    used = (chosen[ClausePart.BASIS]
            + ([] if own_considerations else chosen[ClausePart.CONSIDERING])
            + ([] if emblem else chosen[ClausePart.LETTERHEAD]))
    return DecreeText(office=office, emblem=emblem, letterhead=letterhead,
                      considerations=considerations, basis=basis,
                      pending=[e for e in used if not e.confirmed], regency=regency)


def decree_clauses(issuer: str = "") -> QuerySet[DecreeClause]:
    """The templates, for the page that edits them (province staff only: the views ask)."""
    found = DecreeClause.objects.all()
    return found.filter(issuer=issuer) if issuer else found


# --- pictures of the decree's heading ------------------------------------------------------


def current_image(kind: str) -> DocumentImage | None:
    """The latest upload of `kind` (earlier ones stay for the decrees issued with them)."""
    return DocumentImage.objects.filter(kind=kind).order_by("-id").first()


def heading_kind(decree: Decree) -> str:
    """A regional head's decree prints the national emblem; a head of office's decree
    the office logo in its letterhead."""
    return ImageKind.EMBLEM if legal_form.uses_emblem(decree.issuer) else ImageKind.OFFICE_LOGO


def heading_image(decree: Decree) -> DocumentImage | None:
    """The picture the decree's heading prints: as issued (none when none was installed
    then), or for a draft the current one."""
    if not decree.is_draft:
        return decree.heading_image
    return current_image(heading_kind(decree))


def emblem_missing(decree: Decree) -> bool:
    """A governor's or regent's decree that would print the emblem's placeholder box."""
    return legal_form.uses_emblem(decree.issuer) and heading_image(decree) is None


def document_images() -> list[tuple[str, str, list[DocumentImage]]]:
    """Each kind with its uploads, the current one first."""
    found = list(DocumentImage.objects.select_related("uploaded_by").order_by("kind", "-id"))
    return [(kind, label, [i for i in found if i.kind == kind])
            for kind, label in ImageKind.choices]
