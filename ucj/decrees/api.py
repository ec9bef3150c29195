"""Proposal and decree endpoints: the whole workflow, from a regency's proposal to the
decree's documents and the registration status of its beneficiaries."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from ucj.accounts.personal_data import shown_nik
from ucj.api.schema import PDF, XLSX, Day, Id, TextIn
from ucj.budget.selectors import get_budget_for_user
from ucj.decrees import documents, legal_form, registration, selectors, services
from ucj.decrees.models import Decree, Issuer, Proposal, ProposalStatus, RowStatus

router = Router()


class AllocationOut(Schema):
    regency: str
    name: str
    funded: int
    accepted: int
    pending: int
    remaining: int


class ProposalOut(Schema):
    id: int
    budget: int
    regency: str
    ecosystem: str
    status: str
    rows: int
    pending: int
    accepted: int
    returned: int
    submitted_at: datetime | None


class ProposalIn(TextIn):
    budget: Id
    regency: str = Field(max_length=13)
    ecosystem: str = Field(max_length=40)
    note: str = Field("", max_length=2000)


class ProposalRowOut(Schema):
    id: int
    worker: int
    nik: str
    name: str
    status: str
    stage: str
    reason: str
    bpjs_status: str
    decree: int | None


class AddIn(TextIn):
    workers: list[Id] | None = Field(None, max_length=10_000)
    nik: str = Field("", max_length=16)
    name: str = Field("", max_length=100)
    desa: str = Field("", max_length=100)
    submission: Id | None = None
    only_not_active: bool = True


class RowsIn(TextIn):
    rows: list[Id] = Field(max_length=10_000)


class RowDecisionIn(TextIn):
    accept: bool
    rows: list[Id] | None = Field(None, max_length=10_000,
                                   description="the rows to decide; all waiting rows when absent")
    reason: str = Field("", max_length=500)


class CountOut(Schema):
    count: int


class DecreeOut(Schema):
    id: int
    budget: int
    amends: int | None
    status: str
    issuer: str
    number: str
    signed_on: date | None
    title: str
    signatory_name: str
    signatory_title: str
    start_month: date
    months: int
    premium_per_worker: int
    monthly_premium: list[int]
    annex_count: int
    annex_sha256: str
    sent_on: date | None
    heading: str = Field(description="e.g. KEPUTUSAN GUBERNUR KALIMANTAN BARAT")
    considerations: list[str] = Field(description="Menimbang: as issued, or for a draft as "
                                      "its issuer's templates read now")
    legal_basis: list[str] = Field(description="Mengingat, in the order the decree prints it")


class DecreeIn(TextIn):
    budget: Id
    title: str = Field("", max_length=400)
    issuer: Issuer = Issuer.GOVERNOR
    number: str = Field("", max_length=100)
    signed_on: Day | None = None
    place: str = Field("Pontianak", max_length=100)
    signatory_name: str = Field("", max_length=200)
    signatory_title: str = Field("", max_length=200)
    signatory_id: str = Field("", max_length=30)
    start_month: Day | None = None
    months: int | None = Field(None, ge=1, le=24)


class DecreePatch(TextIn):
    title: str | None = Field(None, min_length=1, max_length=400)
    issuer: Issuer | None = None
    number: str | None = Field(None, max_length=100)
    signed_on: Day | None = None
    place: str | None = Field(None, max_length=100)
    signatory_name: str | None = Field(None, max_length=200)
    signatory_title: str | None = Field(None, max_length=200)
    signatory_id: str | None = Field(None, max_length=30)
    start_month: Day | None = None
    months: int | None = Field(None, ge=1, le=24)


class SentIn(TextIn):
    sent_on: Day


class RemovalIn(TextIn):
    workers: list[Id] = Field(max_length=10_000)
    reason: str = Field("", max_length=500)
    restore: bool = False


class BeneficiaryOut(Schema):
    number: int
    worker: int
    nik: str
    name: str
    desa: str
    kecamatan: str
    regency: str
    ecosystem: str
    start_month: date
    months: int
    premium: int
    registered: bool
    overdue: bool


class UnregisteredOut(Schema):
    decree: int
    decree_number: str
    sent_on: date
    due: date
    number: int
    nik: str
    name: str
    regency: str


def _fail(error: Exception):
    if isinstance(error, PermissionDenied):
        return HttpError(403, "Peran Anda tidak boleh melakukan ini.")
    return HttpError(422, str(error))


def _proposal(p: Proposal) -> ProposalOut:
    return ProposalOut(id=p.pk, budget=p.budget_id, regency=p.regency_id,
                       ecosystem=p.ecosystem_id, status=p.status, rows=p.row_count,
                       pending=p.pending_count, accepted=p.accepted_count,
                       returned=p.returned_count, submitted_at=p.submitted_at)


def _decree(d: Decree) -> DecreeOut:
    try:
        text = selectors.decree_text(d)
    except legal_form.FormError:
        text = None
    return DecreeOut(heading=f"KEPUTUSAN {text.office}" if text else "",
                     considerations=text.considerations if text else [],
                     legal_basis=text.basis if text else [],id=d.pk, budget=d.budget_id, amends=d.amends_id, status=d.status,
                     issuer=d.issuer, number=d.number, signed_on=d.signed_on, title=d.title,
                     signatory_name=d.signatory_name, signatory_title=d.signatory_title,
                     start_month=d.start_month, months=d.months,
                     premium_per_worker=d.premium_per_worker,
                     monthly_premium=list(d.monthly_premium or []), annex_count=d.annex_count,
                     annex_sha256=d.annex_sha256, sent_on=d.sent_on)


def _nik(request, nik: str) -> str:
    return shown_nik(request.user, nik)


def _audit_view(request, obj_type: str, shown: int, **detail) -> None:
    if shown:
        from ucj.accounts.models import AuditAction
        from ucj.accounts.services import record_audit

        record_audit(actor=request.user, action=AuditAction.VIEW_PERSONAL, object_type=obj_type,
                     object_repr="api", detail={"shown": shown, **detail}, request=request)


# --- allocation and proposals --------------------------------------------------------------


@router.get("/budgets/{budget_id}/allocation", response=list[AllocationOut],
            summary="Each regency's allocation in the budget's adopted scenario, and how much "
                    "of it is accepted or waiting")
def allocation(request, budget_id: Id):
    budget = get_budget_for_user(request.user, budget_id)
    return [AllocationOut(regency=a.regency, name=a.name, funded=a.funded, accepted=a.accepted,
                          pending=a.pending, remaining=a.remaining)
            for a in selectors.allocation_use(request.user, budget)]


@router.get("/proposals", response=list[ProposalOut], summary="Proposals in your regions")
def proposals(request, budget: Id | None = None, status: ProposalStatus | None = None,
              regency: str = ""):
    return [_proposal(p) for p in selectors.proposals_for(
        request.user, budget=budget, status=status or "", regency=regency)[:1000]]


@router.post("/proposals", response={201: ProposalOut},
             summary="Start a proposal for a budget, a regency and an ecosystem")
def create_proposal(request, payload: ProposalIn):
    budget = get_budget_for_user(request.user, payload.budget)
    if payload.regency not in selectors.scope_codes(request.user):
        raise HttpError(404, "Kabupaten/kota tidak ditemukan.")
    try:
        proposal = services.create_proposal(user=request.user, budget=budget,
                                            regency=payload.regency,
                                            ecosystem=payload.ecosystem, note=payload.note,
                                            request=request)
    except (services.DecreeError, PermissionDenied) as error:
        raise _fail(error) from None
    return Status(201, _proposal(selectors.get_proposal(request.user, proposal.pk)))


@router.get("/proposals/{proposal_id}", response=ProposalOut, summary="A proposal")
def proposal(request, proposal_id: Id):
    return _proposal(selectors.get_proposal(request.user, proposal_id))


@router.get("/proposals/{proposal_id}/rows", response=list[ProposalRowOut],
            summary="The proposed workers, with their status and stage")
def rows(request, proposal_id: Id, status: RowStatus | None = None):
    found = selectors.get_proposal(request.user, proposal_id)
    result = []
    for row in selectors.proposal_rows(found, status=status or "")[:10_000]:
        row.proposal = found
        result.append(ProposalRowOut(id=row.pk, worker=row.worker_id, nik=_nik(request, row.worker.nik),
                             name=row.worker.name, status=row.status,
                             stage=selectors.row_stage(row), reason=row.reason,
                             bpjs_status=row.bpjs_status, decree=row.decree_id))
    _audit_view(request, "decrees.proposal", len(result), proposal=found.pk)
    return result


@router.post("/proposals/{proposal_id}/rows", response=CountOut,
             summary="Add workers to a draft proposal: by id, or every candidate matching "
                     "the filters")
def add_rows(request, proposal_id: Id, payload: AddIn):
    found = selectors.get_proposal(request.user, proposal_id)
    try:
        count = services.add_workers(
            user=request.user, proposal=found, worker_ids=payload.workers, nik=payload.nik,
            name=payload.name, desa=payload.desa, submission=payload.submission,
            only_not_active=payload.only_not_active, request=request)
    except (services.DecreeError, PermissionDenied) as error:
        raise _fail(error) from None
    return CountOut(count=count)


@router.post("/proposals/{proposal_id}/rows/remove", response=CountOut,
             summary="Take workers out (draft) or returned workers out (submitted)")
def remove_rows(request, proposal_id: Id, payload: RowsIn):
    found = selectors.get_proposal(request.user, proposal_id)
    try:
        count = services.remove_rows(user=request.user, proposal=found, row_ids=payload.rows,
                                     request=request)
    except (services.DecreeError, PermissionDenied) as error:
        raise _fail(error) from None
    return CountOut(count=count)


@router.post("/proposals/{proposal_id}/submit", response=ProposalOut,
             summary="Submit a draft proposal for verification")
def submit(request, proposal_id: Id):
    found = selectors.get_proposal(request.user, proposal_id)
    try:
        services.submit_proposal(user=request.user, proposal=found, request=request)
    except (services.DecreeError, PermissionDenied) as error:
        raise _fail(error) from None
    return _proposal(selectors.get_proposal(request.user, proposal_id))


@router.post("/proposals/{proposal_id}/resubmit", response=CountOut,
             summary="Send returned workers back for verification")
def resubmit(request, proposal_id: Id):
    found = selectors.get_proposal(request.user, proposal_id)
    try:
        count = services.resubmit_returned(user=request.user, proposal=found, request=request)
    except (services.DecreeError, PermissionDenied) as error:
        raise _fail(error) from None
    return CountOut(count=count)


@router.post("/proposals/{proposal_id}/decisions", response=CountOut,
             summary="Accept or return (with a reason) waiting rows: province staff other "
                     "than the proposal's maker")
def decide(request, proposal_id: Id, payload: RowDecisionIn):
    found = selectors.get_proposal(request.user, proposal_id)
    try:
        count = services.decide(user=request.user, proposal=found, accept=payload.accept,
                                row_ids=payload.rows, reason=payload.reason, request=request)
    except (services.DecreeError, PermissionDenied) as error:
        raise _fail(error) from None
    return CountOut(count=count)


# --- decrees -------------------------------------------------------------------------------


@router.get("/decrees", response=list[DecreeOut], summary="Decrees you may see")
def decrees(request, budget: Id | None = None):
    return [_decree(d) for d in selectors.decrees_for(request.user, budget=budget)[:1000]]


@router.post("/decrees", response={201: DecreeOut}, summary="Draft a decree for a budget")
def create_decree(request, payload: DecreeIn):
    budget = get_budget_for_user(request.user, payload.budget)
    fields = payload.dict(exclude={"budget", "title"}, exclude_none=True, exclude_unset=True)
    try:
        decree = services.create_decree(user=request.user, budget=budget, title=payload.title,
                                        request=request, **fields)
    except (services.DecreeError, PermissionDenied) as error:
        raise _fail(error) from None
    except Exception as error:  # model validation (e.g. a field too long for the database)
        from django.core.exceptions import ValidationError

        if isinstance(error, ValidationError):
            raise HttpError(422, "; ".join(error.messages)) from None
        raise
    return Status(201, _decree(decree))


@router.get("/decrees/{decree_id}", response=DecreeOut, summary="A decree")
def decree(request, decree_id: Id):
    return _decree(selectors.get_decree(request.user, decree_id))


@router.patch("/decrees/{decree_id}", response=DecreeOut,
              summary="Change a draft decree (an issued one is frozen)")
def update_decree(request, decree_id: Id, payload: DecreePatch):
    found = selectors.get_decree(request.user, decree_id)
    from django.core.exceptions import ValidationError

    try:
        found = services.update_decree(user=request.user, decree=found, request=request,
                                       **payload.dict(exclude_none=True))
    except (services.DecreeError, PermissionDenied) as error:
        raise _fail(error) from None
    except ValidationError as error:
        raise HttpError(422, "; ".join(error.messages)) from None
    return _decree(found)


def _act(request, decree_id: int, action) -> DecreeOut:
    found = selectors.get_decree(request.user, decree_id)
    try:
        result = action(found)
    except (services.DecreeError, PermissionDenied) as error:
        raise _fail(error) from None
    return _decree(result if isinstance(result, Decree) else
                   selectors.get_decree(request.user, decree_id))


@router.post("/decrees/{decree_id}/issue", response=DecreeOut,
             summary="Issue: freeze the annex and record its SHA-256")
def issue(request, decree_id: Id):
    return _act(request, decree_id, lambda d: services.issue_decree(
        user=request.user, decree=d, request=request))


@router.post("/decrees/{decree_id}/sent", response=DecreeOut,
             summary="Record that the decree was sent to BPJS")
def sent(request, decree_id: Id, payload: SentIn):
    return _act(request, decree_id, lambda d: services.mark_sent(
        user=request.user, decree=d, sent_on=payload.sent_on, request=request))


@router.post("/decrees/{decree_id}/amendments", response={201: DecreeOut},
             summary="Draft an amending decree (SK perubahan) of an issued decree")
def amend(request, decree_id: Id):
    return Status(201, _act(request, decree_id, lambda d: services.create_amendment(
        user=request.user, decree=d, request=request)))


@router.post("/decrees/{decree_id}/removals", response=DecreeOut,
             summary="Take beneficiaries out of an amending decree's draft (or put them back)")
def removals(request, decree_id: Id, payload: RemovalIn):
    return _act(request, decree_id, lambda d: services.set_removals(
        user=request.user, decree=d, worker_ids=payload.workers, reason=payload.reason,
        restore=payload.restore, request=request))


@router.get("/decrees/{decree_id}/beneficiaries", response=list[BeneficiaryOut],
            summary="The annex in your regions with each beneficiary's registration status; "
                    "stage=registered|sent|overdue")
def beneficiaries(request, decree_id: Id, stage: str = "", on: Day | None = None):
    found = selectors.get_decree(request.user, decree_id)
    on = on or selectors.today()
    overdue = selectors.overdue_applies(found, on)
    result = [BeneficiaryOut(
        number=r.number, worker=r.worker_id, nik=_nik(request, r.nik), name=r.name, desa=r.desa,
        kecamatan=r.kecamatan, regency=r.regency, ecosystem=r.ecosystem_code,
        start_month=r.start_month, months=r.months, premium=r.premium,
        registered=bool(r.registered), overdue=overdue and not r.registered)
        for r in selectors.beneficiaries(request.user, found, stage=stage, on=on)[:20_000]]
    _audit_view(request, "decrees.decree", len(result), decree=found.pk)
    return result


@router.get("/unregistered", response=list[UnregisteredOut],
            summary="Beneficiaries not registered two months after their decree was sent")
def unregistered(request, on: Day | None = None, regency: str = ""):
    found = selectors.unregistered(request.user, on=on, regency=regency)
    _audit_view(request, "decrees.annexrow", len(found))
    return [UnregisteredOut(decree=u.decree.pk, decree_number=u.decree.number,
                            sent_on=u.decree.sent_on, due=u.due, number=u.row.number,
                            nik=_nik(request, u.row.nik), name=u.row.name,
                            regency=u.row.regency_code) for u in found]


def _file(request, decree_id: int, build, kind: str) -> HttpResponse:
    found = selectors.get_decree(request.user, decree_id)
    try:
        document = build(request.user, found)
    except documents.NotIssued:
        raise HttpError(409, "Berkas pendaftaran BPJS hanya ada untuk keputusan yang sudah "
                             "diterbitkan.") from None
    services.record_download(user=request.user, decree=found, kind=kind, rows=document.rows,
                             excerpt=document.excerpt, request=request)
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    return response


@router.get("/decrees/{decree_id}/pdf", summary="The decree as PDF (an excerpt for one "
                                                 "regency's users)",
            openapi_extra={"responses": {"200": {"description": "PDF", "content": {
                PDF: {"schema": {"type": "string", "format": "binary"}}}}}})
def decree_pdf(request, decree_id: Id):
    return _file(request, decree_id, documents.pdf, "pdf")


@router.get("/decrees/{decree_id}/xlsx", summary="The annex as an Excel workbook",
            openapi_extra={"responses": {"200": {"description": "XLSX", "content": {
                XLSX: {"schema": {"type": "string", "format": "binary"}}}}}})
def decree_xlsx(request, decree_id: Id):
    return _file(request, decree_id, documents.workbook, "xlsx")


@router.get("/decrees/{decree_id}/csv", summary="The BPJS collective-registration CSV "
                                                 "(full NIKs; province staff and BPJS)",
            openapi_extra={"responses": {"200": {"description": "CSV", "content": {
                "text/csv": {"schema": {"type": "string", "format": "binary"}}}}}})
def decree_csv(request, decree_id: Id):
    if not selectors.can_download_registration(request.user):
        raise Http404
    return _file(request, decree_id, documents.registration_csv, "bpjs_csv")


@router.get("/decrees/{decree_id}/registration.xlsx",
            summary="The BPJS collective-registration file as an Excel workbook (NIKs as "
                    "text; province staff and BPJS)",
            openapi_extra={"responses": {"200": {"description": "XLSX", "content": {
                XLSX: {"schema": {"type": "string", "format": "binary"}}}}}})
def decree_registration_xlsx(request, decree_id: Id):
    if not selectors.can_download_registration(request.user):
        raise Http404
    return _file(request, decree_id, registration.registration_xlsx, "bpjs_xlsx")
