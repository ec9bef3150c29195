"""Membership endpoints: import an extract, reconcile, read the result, review links."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from ucj.accounts.models import AuditAction
from ucj.accounts.personal_data import shown_birth_date, shown_nik
from ucj.accounts.selectors import can_manage_membership
from ucj.accounts.services import record_audit
from ucj.api.schema import Day, DecimalIn, Id, Limit, Offset, TextIn
from ucj.core.uploads import size_refusal
from ucj.membership import review, selectors, services
from ucj.membership.models import (
    CandidateState,
    CoverageStatus,
    Decision,
    Extract,
    JobStatus,
    Reconciliation,
)
from ucj.membership.views import workbook_response

router = Router()


class ExtractOut(Schema):
    id: int
    as_of: date
    file_name: str
    status: str
    progress_step: str
    progress_percent: int
    rows: int
    accepted: int
    rejected: int
    reasons: dict[str, int]
    by_category: dict[str, int]
    error: str
    uploaded_at: datetime
    finished_at: datetime | None


class ReconciliationIn(TextIn):
    extract: Id | None = None
    upper: float | None = Field(None, ge=0.01, le=1)
    lower: float | None = Field(None, ge=0.01, le=1)


class ReconciliationOut(Schema):
    id: int
    extract: int
    status: str
    progress_step: str
    progress_percent: int
    upper_threshold: float
    lower_threshold: float
    workers: int
    active: int
    lapsed: int
    not_enrolled: int
    linked_exact: int
    linked_probabilistic: int
    linked_reviewed: int
    review: int
    error: str
    finished_at: datetime | None
    compared_with: int | None
    active_before: int
    lost: int
    loss_limit: float | None


class SettingsIn(TextIn):
    min_accepted_percent: DecimalIn("0", "100")
    max_loss_percent: DecimalIn("0", "100")


class SettingsOut(Schema):
    min_accepted_percent: float
    max_loss_percent: float


class SummaryOut(Schema):
    regency: str
    ecosystem: str
    workers: int
    active: int
    lapsed: int
    not_enrolled: int
    review: int


class DiffOut(Schema):
    regency: str
    ecosystem: str
    newly_covered: int
    newly_lapsed: int
    still_not_enrolled: int


class MembershipOut(Schema):
    worker_id: int
    nik: str
    name: str
    status: str
    method: str
    kpj: str
    category: str
    last_paid: date | None
    match_probability: float | None


class CandidateOut(Schema):
    id: int
    worker_id: int
    worker_nik: str
    worker_name: str
    worker_birth_date: date | None
    kpj: str
    participant_nik: str
    participant_name: str
    participant_birth_date: date | None
    category: str
    participant_status: str
    match_probability: float
    evidence: dict[str, str]
    state: str
    nik_differs_at: list[int]  # 0-based positions where the two NIKs differ
    # Why it waits for review: below_upper, name_not_equal, nik_far (empty once decided)
    wait_reasons: list[str]


class LinkDecisionIn(TextIn):
    decision: Decision


def _extract_out(extract: Extract) -> ExtractOut:
    return ExtractOut(
        id=extract.pk, as_of=extract.as_of, file_name=extract.file_name, status=extract.status,
        progress_step=extract.progress_step, progress_percent=extract.progress_percent,
        rows=extract.rows, accepted=extract.accepted, rejected=extract.rejected,
        reasons=extract.reasons, by_category=extract.by_category, error=extract.error,
        uploaded_at=extract.uploaded_at, finished_at=extract.finished_at)


def _run_out(run: Reconciliation) -> ReconciliationOut:
    return ReconciliationOut(
        id=run.pk, extract=run.extract_id, status=run.status, progress_step=run.progress_step,
        progress_percent=run.progress_percent, upper_threshold=run.upper_threshold,
        lower_threshold=run.lower_threshold, workers=run.workers, active=run.active,
        lapsed=run.lapsed, not_enrolled=run.not_enrolled, linked_exact=run.linked_exact,
        linked_probabilistic=run.linked_probabilistic, linked_reviewed=run.linked_reviewed,
        review=run.review, error=run.error, finished_at=run.finished_at,
        compared_with=run.compared_with_id, active_before=run.active_before, lost=run.lost,
        loss_limit=float(run.loss_limit) if run.loss_limit is not None else None)


def _finished(run_id: int) -> Reconciliation:
    run = selectors.get_reconciliation(run_id)
    if run.status == JobStatus.AWAITING:
        raise HttpError(409, f"Rekonsiliasi #{run.pk} menunggu konfirmasi staf provinsi.")
    if run.status == JobStatus.DISCARDED:
        raise HttpError(409, f"Rekonsiliasi #{run.pk} dibatalkan oleh staf provinsi.")
    if run.status != JobStatus.DONE:
        raise HttpError(409, "Rekonsiliasi belum selesai.")
    return run


@router.post("/extracts", response={201: ExtractOut}, summary="Import a BPJS extract")
def upload_extract(request, as_of: Form[Day], file: File[UploadedFile]):
    """Keeps the file as a new extract version and queues the check of its rows; poll
    GET /extracts/{id} for the counts."""
    if refusal := size_refusal(file):
        raise HttpError(413, refusal)
    try:
        extract = services.create_extract(user=request.user, file_name=file.name,
                                          data=file.read(), as_of=as_of)
    except services.MembershipError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied:
        raise HttpError(403, "Hanya petugas BPJS dan provinsi yang dapat mengimpor ekstrak.") \
            from None
    services.queue_extract_check(extract)
    return Status(201, _extract_out(extract))


@router.get("/extracts", response=list[ExtractOut], summary="Extract versions")
def extracts(request):
    if not can_manage_membership(request.user):
        raise HttpError(403, "Hanya petugas BPJS dan provinsi.")
    return [_extract_out(e) for e in selectors.extracts()[:200]]


@router.get("/extracts/{extract_id}", response=ExtractOut, summary="An extract's status")
def extract(request, extract_id: Id):
    return _extract_out(selectors.get_extract(request.user, extract_id))


@router.post("/reconciliations", response={201: ReconciliationOut},
             summary="Reconcile the registry with an extract")
def start(request, payload: ReconciliationIn):
    """Queues the reconciliation against `extract` (default: the newest checked one);
    poll GET /reconciliations/{id}."""
    found = None
    if payload.extract is not None:
        try:
            found = selectors.get_extract(request.user, payload.extract)
        except Http404:
            raise HttpError(404, f"Ekstrak #{payload.extract} tidak ada.") from None
    try:
        run = services.start_reconciliation(user=request.user, extract=found,
                                            upper=payload.upper, lower=payload.lower)
    except services.MembershipError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied:
        raise HttpError(403, "Hanya petugas BPJS dan provinsi yang dapat merekonsiliasi.") \
            from None
    services.queue_reconciliation(run)
    return Status(201, _run_out(run))


@router.get("/reconciliations/{run_id}", response=ReconciliationOut,
            summary="A reconciliation's status and counts (whole registry)")
def reconciliation(request, run_id: Id):
    return _run_out(selectors.get_reconciliation(run_id))


def _decide(request, run_id: int, confirm: bool) -> ReconciliationOut:
    run = selectors.get_reconciliation(run_id)
    change = services.confirm_reconciliation if confirm else services.discard_reconciliation
    try:
        return _run_out(change(user=request.user, run=run))
    except PermissionDenied:
        raise HttpError(403, "Hanya staf provinsi yang dapat mengonfirmasi atau membatalkan "
                             "rekonsiliasi.") from None
    except services.MembershipError as error:
        raise HttpError(409, str(error)) from None


@router.post("/reconciliations/{run_id}/confirm", response=ReconciliationOut,
             summary="Confirm a reconciliation waiting for confirmation (province staff)")
def confirm(request, run_id: Id):
    """A reconciliation that would turn more active workers into "not enrolled" than the
    province allows waits (status "awaiting"); confirming makes it current."""
    return _decide(request, run_id, confirm=True)


@router.post("/reconciliations/{run_id}/discard", response=ReconciliationOut,
             summary="Discard a reconciliation waiting for confirmation (province staff)")
def discard(request, run_id: Id):
    """The previous reconciliation stays current."""
    return _decide(request, run_id, confirm=False)


@router.get("/settings", response=SettingsOut, summary="Guards on extracts and reconciliations")
def get_settings(request):
    found = selectors.membership_settings()
    return SettingsOut(min_accepted_percent=found.min_accepted_percent,
                      max_loss_percent=found.max_loss_percent)


@router.put("/settings", response=SettingsOut,
            summary="Change the guards on extracts and reconciliations (province staff)")
def put_settings(request, payload: SettingsIn):
    try:
        saved = services.set_membership_settings(
            user=request.user, min_accepted_percent=payload.min_accepted_percent,
            max_loss_percent=payload.max_loss_percent)
    except PermissionDenied:
        raise HttpError(403, "Hanya staf provinsi yang dapat mengubah pengaturan.") from None
    except services.MembershipError as error:
        raise HttpError(422, str(error)) from None
    return SettingsOut(min_accepted_percent=saved.min_accepted_percent,
                      max_loss_percent=saved.max_loss_percent)


@router.get("/reconciliations/{run_id}/summary", response=list[SummaryOut],
            summary="Coverage by regency and ecosystem (your regencies)")
def summary(request, run_id: Id):
    return [SummaryOut(regency=r.regency, ecosystem=r.ecosystem, workers=r.workers,
                       active=r.active, lapsed=r.lapsed, not_enrolled=r.not_enrolled,
                       review=r.review)
            for r in selectors.summary(request.user, _finished(run_id))]


@router.get("/reconciliations/{run_id}/diff", response=list[DiffOut],
            summary="Changes since the previous extract, by regency and ecosystem")
def diff(request, run_id: Id, against: Id | None = None):
    run = _finished(run_id)
    older = _finished(against) if against else selectors.previous_reconciliation(run)
    if older is None:
        raise HttpError(404, "Tidak ada ekstrak sebelumnya untuk dibandingkan.")
    return [DiffOut(regency=r.regency, ecosystem=r.ecosystem, newly_covered=r.newly_covered,
                    newly_lapsed=r.newly_lapsed, still_not_enrolled=r.still_not_enrolled)
            for r in selectors.diff(request.user, run, older)]


@router.get("/reconciliations/{run_id}/workers", response=list[MembershipOut],
            summary="Workers of your regencies and their coverage")
def workers(request, run_id: Id, status: CoverageStatus | None = None, regency: str = "",
            ecosystem: str = "", offset: Offset = 0, limit: Limit(5000) = 500):
    found = selectors.memberships_for(request.user, _finished(run_id), status=status or "",
                                      regency=regency, ecosystem=ecosystem)
    page = found[offset:offset + limit]
    result = [MembershipOut(worker_id=m.worker_id, nik=shown_nik(request.user, m.worker.nik),
                            name=m.worker.name, status=m.status, method=m.method, kpj=m.kpj,
                            category=m.category, last_paid=m.last_paid,
                            match_probability=m.match_probability) for m in page]
    if result:  # names, and NIKs for roles that see them: personal data
        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL,
                     object_type="membership.workermembership", object_repr="API workers",
                     detail={"shown": len(result), "via": "api"}, request=request)
    return result


@router.get("/reconciliations/{run_id}/workbook", response={200: None},
            summary="Workers of one status as XLSX")
def workbook(request, run_id: Id, status: CoverageStatus = CoverageStatus.NOT_ENROLLED,
             regency: str = "", ecosystem: str = ""):
    return workbook_response(request, _finished(run_id), status=status, regency=regency,
                             ecosystem=ecosystem, via="api")


def _candidate_out(user, c) -> CandidateOut:
    """Only BPJS and province staff review links, and they see whole NIKs and dates; the
    fields still go through the personal-data helpers, like every other answer."""
    return CandidateOut(
        id=c.pk, worker_id=c.worker_id, worker_nik=shown_nik(user, c.worker.nik),
        worker_name=c.worker.name, worker_birth_date=shown_birth_date(user, c.worker.birth_date),
        kpj=c.kpj, participant_nik=shown_nik(user, c.participant_nik),
        participant_name=c.participant_name,
        participant_birth_date=shown_birth_date(user, c.participant_birth_date),
        category=c.category, participant_status=c.participant_status,
        match_probability=c.match_probability, evidence=c.evidence, state=c.state,
        nik_differs_at=review.nik_differences(c.worker.nik, c.participant_nik),
        wait_reasons=review.review_reasons(
            probability=c.match_probability, upper=c.reconciliation.upper_threshold,
            evidence=c.evidence) if c.state == CandidateState.REVIEW else [])


@router.get("/reconciliations/{run_id}/candidates", response=list[CandidateOut],
            summary="Links waiting for review (BPJS and province staff)")
def candidates(request, run_id: Id, offset: Offset = 0, limit: Limit(1000) = 100):
    if not can_manage_membership(request.user):
        raise HttpError(403, "Hanya petugas BPJS dan provinsi.")
    found = selectors.candidates_for_review(request.user, _finished(run_id))
    result = [_candidate_out(request.user, c) for c in found[offset:offset + limit]]
    if result:
        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL,
                     object_type="membership.linkcandidate", object_repr="API review",
                     detail={"shown": len(result), "via": "api"}, request=request)
    return result


@router.post("/candidates/{candidate_id}/decision", response=CandidateOut,
             summary="Confirm or reject a link")
def decision(request, candidate_id: Id, payload: LinkDecisionIn):
    found = selectors.get_candidate(request.user, candidate_id)
    return _candidate_out(request.user, services.decide(user=request.user, candidate=found,
                                          decision=payload.decision))


@router.post("/candidates/{candidate_id}/undo", response=CandidateOut,
             summary="Undo a decision on a link: it waits for review again")
def undo(request, candidate_id: Id):
    """Removes the decision (later reconciliations no longer apply it); 409 when the
    link was not decided."""
    found = selectors.get_candidate(request.user, candidate_id)
    try:
        services.undo_decision(user=request.user, candidate=found)
    except services.MembershipError as refused:
        raise HttpError(409, str(refused)) from None
    except PermissionDenied:
        raise HttpError(404, "Tautan tidak ditemukan.") from None
    return _candidate_out(request.user, selectors.get_candidate(request.user, candidate_id))
