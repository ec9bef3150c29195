"""Registry endpoints: upload a worker list, confirm its columns, poll, read results."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from ucj.accounts.models import AuditAction
from ucj.accounts.personal_data import NikSearchRefused, PersonOut, person_fields, shown_text
from ucj.accounts.services import record_audit
from ucj.api.schema import Id, Limit, Offset, TextIn
from ucj.core.jobs import recover_abandoned_jobs
from ucj.core.uploads import size_refusal
from ucj.registry import selectors, services
from ucj.registry.models import (
    ConflictDecision,
    ConflictStatus,
    NikConflict,
    Submission,
    SubmissionStatus,
)
from ucj.registry.stage import CODES as STAGE_CODES
from ucj.registry.stages import label as stage_label
from ucj.registry.stages import stages_for
from ucj.registry.views import error_workbook_response

router = Router()


class SubmissionOut(Schema):
    id: int
    regency: str
    ecosystem: str
    file_name: str
    status: str
    progress_step: str
    progress_percent: int
    header_row: int | None
    sheet_name: str
    columns: dict[str, str]
    mapping: dict[str, str]
    rows: int
    accepted: int
    warned: int
    rejected: int
    new_workers: int
    linked_workers: int
    reasons: dict[str, int]
    warnings: dict[str, int]
    duplicate_of: int | None
    error: str
    uploaded_by: str | None  # the uploader's full name (else username); null: command line
    uploaded_at: datetime
    finished_at: datetime | None


class MappingIn(TextIn):
    mapping: dict[str, str]


class SubmissionRowOut(Schema):
    row_number: int
    verdict: str
    reasons: list[str]
    warnings: list[str]
    message: str
    worker_id: int | None


class StageOut(Schema):
    """Where the worker stands in the monthly loop (ucj/registry/stage.py)."""

    code: str
    label: str
    decree: int | None
    decree_number: str
    start_month: date | None
    months: int | None
    sent_on: date | None
    proposal: int | None


class WorkerOut(PersonOut):
    id: int
    name: str
    sex: str
    desa: str | None
    position: str
    employer: str
    stage: StageOut


def _stage_out(stage) -> StageOut:
    facts = stage.facts
    decreed = facts.decree_id is not None and stage.code in ("decreed", "sent", "registered")
    return StageOut(code=stage.code, label=stage_label(stage),
                    decree=facts.decree_id if decreed else None,
                    decree_number=facts.decree_number if decreed else "",
                    start_month=facts.start_month if decreed else None,
                    months=facts.months if decreed else None,
                    sent_on=facts.sent_on if decreed else None, proposal=facts.proposal_id)


def _out(submission: Submission) -> SubmissionOut:
    return SubmissionOut(
        id=submission.pk, regency=submission.regency_id, ecosystem=submission.ecosystem_id,
        file_name=submission.file_name, status=submission.status,
        progress_step=submission.progress_step, progress_percent=submission.progress_percent,
        header_row=submission.header_row, sheet_name=submission.sheet_name,
        columns=submission.columns, mapping=submission.mapping,
        rows=submission.rows, accepted=submission.accepted, warned=submission.warned,
        rejected=submission.rejected, new_workers=submission.new_workers,
        linked_workers=submission.linked_workers, reasons=submission.reasons,
        warnings=submission.warnings, duplicate_of=submission.duplicate_of_id,
        error=submission.error, uploaded_at=submission.uploaded_at,
        uploaded_by=(submission.uploaded_by.get_full_name() or submission.uploaded_by.username)
        if submission.uploaded_by else None,
        finished_at=submission.finished_at,
    )


@router.post("/submissions", response={201: SubmissionOut}, summary="Upload a worker list")
def upload(request, file: File[UploadedFile],
           regency: str = Form(..., min_length=1, max_length=13),
           ecosystem: str = Form(..., min_length=1, max_length=40),
           confirm: Form[bool] = True):
    """Keeps the file and detects its header row and columns. With `confirm` (default)
    and both NIK and name columns found, the intake starts at once; otherwise the
    submission waits in status `mapping` for POST .../confirm."""
    if refusal := size_refusal(file):
        raise HttpError(413, refusal)
    try:
        submission = services.create_submission(
            user=request.user, regency_code=regency, ecosystem_code=ecosystem,
            file_name=file.name, data=file.read())
        if confirm and submission.status == SubmissionStatus.MAPPING and not (
                {"nik", "nama"} - set(submission.mapping)):
            submission = services.confirm_mapping(submission=submission, user=request.user,
                                                  mapping=submission.mapping)
    except services.IntakeError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied:
        raise HttpError(404, "Kabupaten/kota tidak ditemukan.") from None
    return Status(201, _out(submission))


@router.post("/submissions/{submission_id}/confirm", response=SubmissionOut,
             summary="Confirm the column mapping and start the intake")
def confirm(request, submission_id: Id, payload: MappingIn):
    submission = selectors.get_submission_for_user(request.user, submission_id)
    try:
        return _out(services.confirm_mapping(submission=submission, user=request.user,
                                             mapping=payload.mapping))
    except services.IntakeError as error:
        raise HttpError(422, str(error)) from None


@router.get("/submissions/{submission_id}", response=SubmissionOut, summary="Status and counts")
def submission(request, submission_id: Id):
    found = selectors.get_submission_for_user(request.user, submission_id)
    if not found.is_finished:  # a worker that died shows as a failure, not forever
        recover_abandoned_jobs(throttle=5)
        found.refresh_from_db()
    return _out(found)


@router.post("/submissions/{submission_id}/retry", response=SubmissionOut,
             summary="Run a failed intake again")
def retry(request, submission_id: Id):
    found = selectors.get_submission_for_user(request.user, submission_id)
    try:
        return _out(services.retry_submission(submission=found, user=request.user))
    except services.IntakeError as error:
        raise HttpError(409, str(error)) from None
    except PermissionDenied:
        raise HttpError(404, "Kiriman tidak ditemukan.") from None


@router.get("/submissions/{submission_id}/rows", response=list[SubmissionRowOut],
            summary="The rows with something to say: rejected, or accepted with warnings")
def rows(request, submission_id: Id, verdict: str = "", offset: Offset = 0,
         limit: Limit(5000) = 500):
    found = selectors.get_submission_for_user(request.user, submission_id)
    return [
        SubmissionRowOut(row_number=row.row_number, verdict=row.verdict,
               reasons=[c for c in row.reasons.split(",") if c],
               warnings=[c for c in row.warnings.split(",") if c],
               message=shown_text(request.user, selectors.explain_row(
                   row.verdict, row.warnings, row.message, row.reasons)),
               worker_id=row.worker_id)
        for row in selectors.submission_rows(found, verdict=verdict)[offset:offset + limit]
    ]


@router.get("/submissions/{submission_id}/workbook", summary="The checked file as XLSX",
            response={200: None})
def workbook(request, submission_id: Id, only_problems: bool = False):
    found = selectors.get_submission_for_user(request.user, submission_id)
    if found.status != SubmissionStatus.DONE:
        raise HttpError(409, "Kiriman belum selesai diproses.")
    return error_workbook_response(request, found, only_problems=only_problems, via="api")


@router.get("/workers", response=list[WorkerOut], summary="Search the registry")
def workers(request, nik: str = "", name: str = "", desa: str = "", ecosystem: str = "",
            stage: str = "", offset: Offset = 0, limit: Limit(500) = 50):
    """A role that sees masked NIKs gets them masked, the birth year without the date,
    and may search by the first 6 digits of a NIK only (422 otherwise). `stage` filters by
    stage code (not_reconciled, active, lapsed, not_enrolled, proposed, returned,
    accepted, decreed, sent, registered); each worker comes with its stage."""
    if stage and stage not in STAGE_CODES:
        raise HttpError(422, "stage: " + ", ".join(STAGE_CODES))
    try:
        # Like the list page: a long result is read in name order through the search
        # index rather than sorted whole (selectors.search_list).
        found, _count = selectors.search_list(request.user, nik=nik, name=name, desa=desa,
                                              ecosystem=ecosystem, stage=stage)
    except NikSearchRefused as refused:
        raise HttpError(422, str(refused)) from None
    user = request.user
    page = selectors.rows_of(found, offset, offset + limit)
    stages = stages_for(w.pk for w in page)
    result = [WorkerOut(id=w.pk, **person_fields(user, nik=w.nik, birth_date=w.birth_date),
                        name=w.name, sex=w.sex, desa=w.desa.name if w.desa else None,
                        position=w.position, employer=w.employer,
                        stage=_stage_out(stages[w.pk]))
              for w in page]
    if result:  # names, and NIKs for roles that see them: personal data
        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL,
                     object_type="registry.worker", object_repr="API worker search",
                     detail={"shown": len(result), "via": "api"}, request=request)
    return result


# NIK conflicts between regencies (province staff) -------------------------------------


class ConflictSentOut(Schema):
    """The row's values as the uploading regency sent them."""

    name: str
    birth_date: date | None
    sex: str
    desa: str | None
    phone: str
    position: str
    employer: str


class ConflictWorkerOut(Schema):
    """The registered worker, and the regencies that list them now."""

    id: int
    nik: str
    name: str
    birth_date: date | None
    sex: str
    desa: str | None
    phone: str
    position: str
    employer: str
    regencies: list[str]


class ConflictOut(Schema):
    id: int
    submission: int
    row_number: int
    regency: str
    ecosystem: str
    status: str
    decision: str
    note: str
    decided_by: str | None
    decided_at: datetime | None
    created_at: datetime
    uploaded: ConflictSentOut
    worker: ConflictWorkerOut


class ConflictDecisionIn(TextIn):
    decision: str
    note: str = ""


def _conflict_out(conflict: NikConflict) -> ConflictOut:
    worker = conflict.worker
    return ConflictOut(
        id=conflict.pk, submission=conflict.submission_id, row_number=conflict.row_number,
        regency=conflict.regency_id, ecosystem=conflict.submission.ecosystem_id,
        status=conflict.status, decision=conflict.decision, note=conflict.note,
        decided_by=conflict.decided_by.get_username() if conflict.decided_by else None,
        decided_at=conflict.decided_at, created_at=conflict.created_at,
        uploaded=ConflictSentOut(
            name=conflict.name, birth_date=conflict.birth_date, sex=conflict.sex,
            desa=conflict.desa_id, phone=conflict.phone, position=conflict.position,
            employer=conflict.employer),
        worker=ConflictWorkerOut(
            id=worker.pk, nik=worker.nik, name=worker.name, birth_date=worker.birth_date,
            sex=worker.sex, desa=worker.desa_id, phone=worker.phone, position=worker.position,
            employer=worker.employer, regencies=selectors.holding_regencies(conflict)),
    )


@router.get("/conflicts", response=list[ConflictOut],
            summary="NIK conflicts between regencies (province staff)")
def conflicts(request, status: str = "open", regency: str = "", offset: Offset = 0,
              limit: Limit(500) = 100):
    """Rows whose NIK is registered for a worker that only other regencies list, with
    both sides. `status`: open (default), resolved or all."""
    if not selectors.can_resolve_nik_conflicts(request.user):
        raise HttpError(403, "Hanya staf provinsi yang menyelesaikan konflik NIK.")
    if status not in (*ConflictStatus.values, "all"):
        raise HttpError(422, "status: open, resolved atau all.")
    found = selectors.conflicts_for(request.user, status=status, regency=regency)
    result = [_conflict_out(c) for c in found[offset:offset + limit]]
    if result:  # names as sent and as registered: personal data
        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL,
                     object_type="registry.nikconflict", object_repr="API NIK conflicts",
                     detail={"shown": len(result), "via": "api"}, request=request)
    return result


@router.post("/conflicts/{conflict_id}/decision", response=ConflictOut,
             summary="Decide a NIK conflict: add_listing, move or reject (province staff)")
def conflict_decision(request, conflict_id: Id, payload: ConflictDecisionIn):
    """`add_listing`: the uploading regency lists the worker too; `move`: the worker's
    listings of other regencies become the uploading regency's; `reject`: nothing
    changes. `note` is required for move and reject. A decision is final (409)."""
    found = selectors.get_conflict_for_user(request.user, conflict_id)
    if payload.decision not in ConflictDecision.values:
        raise HttpError(422, "decision: add_listing, move atau reject.")
    try:
        services.decide_conflict(user=request.user, conflict=found, decision=payload.decision,
                                 note=payload.note)
    except services.ConflictAlreadyDecided as refused:
        raise HttpError(409, str(refused)) from None
    except services.ConflictDecisionError as refused:
        raise HttpError(422, str(refused)) from None
    except PermissionDenied:
        raise HttpError(404, "Konflik tidak ditemukan.") from None
    return _conflict_out(selectors.get_conflict_for_user(request.user, conflict_id))
