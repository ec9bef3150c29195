"""Monitoring endpoints: visits, action items (status, evidence, overdue), Inpres 2/2021
compliance scores and weights, socialisation events and the desa not reached yet."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from ucj.api.schema import Day, DecimalIn, Id, Limit, TextIn, Year
from ucj.monitoring import selectors, services
from ucj.monitoring.models import ActionItem, ActionStatus, Office, Visit, VisitStatus

router = Router()


class AttendeeOut(Schema):
    office: str
    office_name: str
    name: str
    position: str


class VisitOut(Schema):
    id: int
    regency: str
    regency_name: str
    date: date
    place: str
    status: str
    coverage_rate: float | None
    coverage_month: date | None
    coverage_active: int | None
    coverage_denominator: int | None
    coverage_source: str


class StatusChangeOut(Schema):
    at: datetime
    by: str
    from_status: str
    to_status: str
    note: str


class EvidenceOut(Schema):
    id: int
    file_name: str
    url: str
    note: str
    added_at: datetime


class ActionItemOut(Schema):
    id: int
    visit: int
    regency: str
    title: str
    description: str
    owner_office: str
    owner_name: str
    due_date: date
    status: str
    overdue: bool
    days_overdue: int


class ActionItemDetailOut(ActionItemOut):
    history: list[StatusChangeOut]
    evidence: list[EvidenceOut]


class VisitDetailOut(VisitOut):
    agenda: str
    minutes: str
    findings: list[str]
    attendees: list[AttendeeOut]
    action_items: list[ActionItemOut]


class VisitIn(TextIn):
    regency: str = Field(max_length=13)
    date: Day
    place: str = Field("", max_length=200)
    status: VisitStatus = VisitStatus.PLANNED
    agenda: str = ""
    minutes: str = ""
    findings: str = ""


class ActionItemIn(TextIn):
    title: str = Field(min_length=1, max_length=300)
    owner_office: Office
    owner_name: str = Field("", max_length=200)
    due_date: Day
    description: str = ""


class ActionItemPatch(TextIn):
    title: str | None = Field(None, min_length=1, max_length=300)
    owner_office: Office | None = None
    owner_name: str | None = Field(None, max_length=200)
    due_date: Day | None = None
    description: str | None = None


class StatusIn(TextIn):
    status: ActionStatus
    note: str = ""


class PartOut(Schema):
    criterion: str
    fulfilment: float
    weight: float
    points: float
    max_points: float
    gap: str


class ComplianceOut(Schema):
    rank: int | None  # null: nothing entered yet (has_data false)
    regency: str
    name: str
    year: int
    score: float | None  # null: nothing entered yet, which is not a score of 0
    has_data: bool  # a compliance record or a budget for the year exists
    budget: int | None
    regulation_type: str
    regulation_number: str
    parts: list[PartOut]
    missing: list[str]


class WeightsOut(Schema):
    criteria: dict[str, float]
    regulation_credits: dict[str, float]


class WeightsIn(TextIn):
    criteria: dict[str, DecimalIn("0", "1000")] = {}
    regulation_credits: dict[str, DecimalIn("0", "1")] = {}


class EventIn(TextIn):
    desa: str = Field(max_length=13)
    date: Day
    audience: str = Field(min_length=1, max_length=300)
    participants: int = Field(ge=0, le=1_000_000)
    place: str = Field("", max_length=200)
    material: str = ""
    visit: Id | None = None


class EventOut(Schema):
    id: int
    regency: str
    desa: str
    desa_name: str
    date: date
    place: str
    audience: str
    participants: int
    material: str
    visit: int | None


class UnreachedOut(Schema):
    code: str
    name: str
    kecamatan: str
    not_enrolled: int


def _visit(v: Visit) -> VisitOut:
    return VisitOut(id=v.pk, regency=v.regency_id, regency_name=v.regency.name, date=v.date,
                    place=v.place, status=v.status, coverage_rate=v.coverage_rate,
                    coverage_month=v.coverage_month, coverage_active=v.coverage_active,
                    coverage_denominator=v.coverage_denominator,
                    coverage_source=v.coverage_source)


def _item(i: ActionItem, on: date) -> dict:
    return dict(id=i.pk, visit=i.visit_id, regency=i.visit.regency_id, title=i.title,
                description=i.description, owner_office=i.owner_office,
                owner_name=i.owner_name, due_date=i.due_date, status=i.status,
                overdue=i.is_overdue(on), days_overdue=i.days_overdue(on))


def _item_detail(i: ActionItem, on: date) -> ActionItemDetailOut:
    return ActionItemDetailOut(
        **_item(i, on),
        history=[StatusChangeOut(at=h.at, by=h.by_username, from_status=h.from_status,
                                 to_status=h.to_status, note=h.note) for h in i.history.all()],
        evidence=[EvidenceOut(id=e.pk, file_name=e.file_name, url=e.url, note=e.note,
                              added_at=e.added_at) for e in i.evidence.all()])


def _denied():
    return HttpError(403, "Peran Anda tidak boleh mengubah data pemantauan ini.")


# --- visits --------------------------------------------------------------------------------


@router.get("/visits", response=list[VisitOut], summary="Visits in your regions")
def visits(request, regency: str = "", status: str = "", year: Year | None = None):
    return [_visit(v) for v in selectors.visits_for(request.user, regency=regency,
                                                    status=status, year=year)]


@router.post("/visits", response={201: VisitOut}, summary="Schedule or record a visit")
def create_visit(request, payload: VisitIn):
    if payload.regency not in selectors.scope_codes(request.user):
        raise HttpError(404, "Kabupaten/kota tidak ditemukan.")
    try:
        visit = services.schedule_visit(user=request.user, regency_code=payload.regency,
                                        date=payload.date, place=payload.place,
                                        status=payload.status, agenda=payload.agenda,
                                        minutes=payload.minutes, findings=payload.findings)
    except services.MonitoringError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied:
        raise _denied() from None
    return Status(201, _visit(visit))


@router.get("/visits/{visit_id}", response=VisitDetailOut,
            summary="A visit with its attendees, minutes, findings and action items")
def visit(request, visit_id: Id):
    v = selectors.get_visit(request.user, visit_id)
    on = selectors.today()
    return VisitDetailOut(
        **_visit(v).dict(), agenda=v.agenda, minutes=v.minutes, findings=v.finding_list,
        attendees=[AttendeeOut(office=a.office, office_name=a.office_name, name=a.name,
                               position=a.position) for a in v.attendees.all()],
        action_items=[ActionItemOut(**_item(i, on)) for i in v.action_items.all()])


@router.post("/visits/{visit_id}/action-items", response={201: ActionItemOut},
             summary="Add an action item agreed at the visit")
def create_item(request, visit_id: Id, payload: ActionItemIn):
    v = selectors.get_visit(request.user, visit_id)
    try:
        item = services.add_action_item(user=request.user, visit=v, title=payload.title,
                                        owner_office=payload.owner_office,
                                        owner_name=payload.owner_name,
                                        due_date=payload.due_date,
                                        description=payload.description)
    except services.MonitoringError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied:
        raise _denied() from None
    return Status(201, ActionItemOut(**_item(item, selectors.today())))


# --- action items --------------------------------------------------------------------------


@router.get("/action-items", response=list[ActionItemOut],
            summary="Action items in your regions; overdue=true for those past due "
                    "(on a date: `on`, default today)")
def action_items(request, regency: str = "", status: str = "", overdue: bool = False,
                 on: Day | None = None):
    on = on or selectors.today()
    found = selectors.action_items_for(request.user, regency=regency, status=status,
                                       overdue=overdue, on=on)
    return [ActionItemOut(**_item(i, on)) for i in found[:5000]]


@router.get("/action-items/{item_id}", response=ActionItemDetailOut,
            summary="An action item with its status history and evidence")
def action_item(request, item_id: Id):
    return _item_detail(selectors.get_action_item(request.user, item_id), selectors.today())


@router.patch("/action-items/{item_id}", response=ActionItemOut,
              summary="Change what, who or the due date of an action item")
def update_item(request, item_id: Id, payload: ActionItemPatch):
    item = selectors.get_action_item(request.user, item_id)
    fields = {k: v for k, v in payload.dict().items() if v is not None}
    try:
        item = services.update_action_item(user=request.user, item=item, **fields)
    except services.MonitoringError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied:
        raise _denied() from None
    return ActionItemOut(**_item(item, selectors.today()))


@router.post("/action-items/{item_id}/status", response=ActionItemDetailOut,
             summary="Move an action item to another status (done needs evidence, "
                     "dropped a note)")
def change_status(request, item_id: Id, payload: StatusIn):
    item = selectors.get_action_item(request.user, item_id)
    try:
        services.change_status(user=request.user, item=item, status=payload.status,
                               note=payload.note)
    except services.MonitoringError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied:
        raise _denied() from None
    return _item_detail(selectors.get_action_item(request.user, item_id), selectors.today())


@router.post("/action-items/{item_id}/evidence", response={201: EvidenceOut},
             summary="Add evidence: a file (PDF, JPG, PNG, DOC(X), XLS(X), PPTX; at most "
                     "10 MB; its first bytes must match its type) or a link")
def add_evidence(request, item_id: Id, url: str = Form("", max_length=500),
                 note: str = Form("", max_length=300), file: File[UploadedFile] = None):
    """A multipart/form-data body: `file`, or `url` (http:// or https://), or both, and
    an optional `note`. (`File[UploadedFile] | None` would turn `file` into a query
    parameter and the body into a urlencoded form, where no file can travel.)"""
    item = selectors.get_action_item(request.user, item_id)
    try:
        evidence = services.add_evidence(user=request.user, item=item, file=file, url=url,
                                         note=note)
    except services.MonitoringError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied:
        raise _denied() from None
    return Status(201, EvidenceOut(id=evidence.pk, file_name=evidence.file_name,
                                   url=evidence.url, note=evidence.note,
                                   added_at=evidence.added_at))


# --- compliance ----------------------------------------------------------------------------


def _compliance(row: selectors.ComplianceRow, year: int) -> ComplianceOut:
    record = row.record
    return ComplianceOut(
        rank=(row.rank or None) if row.has_data else None, regency=row.regency.code,
        name=row.regency.name, year=year,
        score=round(row.score.total, 3) if row.has_data else None, has_data=row.has_data,
        budget=row.budget,
        regulation_type=record.regulation_type if record else "",
        regulation_number=record.regulation_number if record else "",
        parts=[PartOut(criterion=p.criterion, fulfilment=p.fulfilment, weight=p.weight,
                       points=round(p.points, 3), max_points=round(p.max_points, 3), gap=p.gap)
               for p in row.score.parts],
        missing=[p.gap for p in row.score.gaps])


def _check_year(year: int | None) -> int:
    return year or selectors.today().year


@router.get("/compliance", response=list[ComplianceOut],
            summary="Inpres 2/2021 compliance score of each regency, highest first")
def compliance_table(request, year: Year | None = None):
    year = _check_year(year)
    return [_compliance(row, year) for row in selectors.compliance_table(request.user,
                                                                         year=year)]


@router.get("/compliance/{code}", response=ComplianceOut,
            summary="A regency's compliance score and what it still lacks")
def compliance_regency(request, code: str, year: Year | None = None):
    year = _check_year(year)
    return _compliance(selectors.compliance_for(request.user, code, year=year), year)


@router.get("/compliance-weights", response=WeightsOut, summary="Compliance weights")
def get_weights(request):
    criteria, credits = selectors.weights()
    return WeightsOut(criteria=criteria, regulation_credits=credits)


@router.put("/compliance-weights", response=WeightsOut,
            summary="Change compliance weights (province staff)")
def put_weights(request, payload: WeightsIn):
    values = {**payload.criteria, **payload.regulation_credits}
    try:
        services.set_weights(user=request.user, values=values)
    except services.MonitoringError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied:
        raise _denied() from None
    criteria, credits = selectors.weights()
    return WeightsOut(criteria=criteria, regulation_credits=credits)


# --- socialisation -------------------------------------------------------------------------


@router.get("/socialisation/events", response=list[EventOut],
            summary="Socialisation events in your regions")
def events(request, regency: str = ""):
    return [EventOut(id=e.pk, regency=e.regency_id, desa=e.desa_id, desa_name=e.desa.name,
                     date=e.date, place=e.place, audience=e.audience,
                     participants=e.participants, material=e.material, visit=e.visit_id)
            for e in selectors.events_for(request.user, regency=regency)[:5000]]


@router.post("/socialisation/events", response={201: EventOut},
             summary="Record a socialisation event in a desa")
def create_event(request, payload: EventIn):
    regency = ".".join(payload.desa.split(".")[:2])
    if regency not in selectors.scope_codes(request.user):
        raise HttpError(404, "Desa tidak ditemukan.")
    visit = selectors.get_visit(request.user, payload.visit) if payload.visit else None
    try:
        e = services.record_socialisation(
            user=request.user, desa_code=payload.desa, date=payload.date,
            audience=payload.audience, participants=payload.participants, place=payload.place,
            material=payload.material, visit=visit)
    except services.MonitoringError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied:
        raise _denied() from None
    return Status(201, EventOut(id=e.pk, regency=e.regency_id, desa=e.desa_id,
                                desa_name=e.desa.name, date=e.date, place=e.place,
                                audience=e.audience, participants=e.participants,
                                material=e.material, visit=e.visit_id))


@router.get("/socialisation/{code}/unreached", response=list[UnreachedOut],
            summary="Desa of a regency no socialisation reached, most not-active "
                    "registered workers first")
def unreached(request, code: str, limit: Limit(10_000) = 100):
    return [UnreachedOut(code=d.code, name=d.name, kecamatan=d.kecamatan,
                         not_enrolled=d.not_enrolled)
            for d in selectors.unreached_desa(request.user, code, limit=limit)]
