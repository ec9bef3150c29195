"""Registry endpoints: upload a worker list, confirm its columns, poll, read results."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from ucj.accounts.models import AuditAction
from ucj.accounts.selectors import can_see_full_nik
from ucj.accounts.services import record_audit
from ucj.api.schema import Id, Limit, Offset, TextIn
from ucj.core.jobs import recover_abandoned_jobs
from ucj.core.uploads import size_refusal
from ucj.identity.masking import mask_nik
from ucj.registry import selectors, services
from ucj.registry.models import Submission, SubmissionStatus
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


class WorkerOut(Schema):
    id: int
    nik: str
    name: str
    sex: str
    birth_date: date | None
    desa: str | None
    position: str
    employer: str


def _out(submission: Submission) -> SubmissionOut:
    return SubmissionOut(
        id=submission.pk, regency=submission.regency_id, ecosystem=submission.ecosystem_id,
        file_name=submission.file_name, status=submission.status,
        progress_step=submission.progress_step, progress_percent=submission.progress_percent,
        header_row=submission.header_row, columns=submission.columns, mapping=submission.mapping,
        rows=submission.rows, accepted=submission.accepted, warned=submission.warned,
        rejected=submission.rejected, new_workers=submission.new_workers,
        linked_workers=submission.linked_workers, reasons=submission.reasons,
        warnings=submission.warnings, duplicate_of=submission.duplicate_of_id,
        error=submission.error, uploaded_at=submission.uploaded_at,
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
               message=selectors.explain_row(row.verdict, row.warnings, row.message),
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
            offset: Offset = 0, limit: Limit(500) = 50):
    found = selectors.search_workers(request.user, nik=nik, name=name, desa=desa,
                                     ecosystem=ecosystem)[offset:offset + limit]
    full = can_see_full_nik(request.user)
    result = [WorkerOut(id=w.pk, nik=w.nik if full else mask_nik(w.nik), name=w.name, sex=w.sex,
                        birth_date=w.birth_date, desa=w.desa.name if w.desa else None,
                        position=w.position, employer=w.employer) for w in found]
    if result:  # names, and NIKs for roles that see them: personal data
        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL,
                     object_type="registry.worker", object_repr="API worker search",
                     detail={"shown": len(result), "via": "api"}, request=request)
    return result
