"""Writes for monitoring: visits and their minutes, action items with their status history
and evidence, Inpres 2/2021 compliance, weights, socialisation events. Every write checks
the user's role and region scope and goes into the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from ucj.accounts.models import AuditAction, Role, User
from ucj.accounts.services import record_audit
from ucj.monitoring import compliance, rules, selectors
from ucj.monitoring.models import (
    ActionItem,
    ActionStatus,
    Attendee,
    ComplianceBudget,
    ComplianceRecord,
    ComplianceWeight,
    Evidence,
    Office,
    SocialisationEvent,
    StatusChange,
    Visit,
    VisitStatus,
    WeightKind,
)
from ucj.regions.models import Level, Region

# Evidence: documents, spreadsheets, photos and scans; the first bytes must match.
EVIDENCE_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}
EVIDENCE_MAX_MB = getattr(settings, "UCJ_EVIDENCE_MAX_MB", 10)
VISIT_FIELDS = ("date", "place", "status", "agenda", "minutes", "findings")
ITEM_FIELDS = ("title", "description", "owner_office", "owner_name", "due_date")
RECORD_FIELDS = ("regulation_type", "regulation_number", "regulation_date", "regulation_title",
                 "non_asn_total", "non_asn_enrolled", "bumd_total", "bumd_registered",
                 "ptsp_required", "ptsp_note", "village_total", "village_covered", "note")


class MonitoringError(ValueError):
    """Bad input, with a message for the person who gave it (what is wrong, how to fix)."""


def _system_reader() -> User:
    """Coverage figures are the province's; the snapshot is read as a province officer."""
    return User(username="ucj-system", role=Role.PROVINSI, is_active=True)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _transition_message(code: str) -> str:
    return {
        "unchanged": _("The action item already has this status."),
        "evidence_required": _("Add evidence (a file or a link) before marking the item done."),
        "reason_required": _("Say in the note why the item is dropped."),
        "unknown_status": _("Unknown status."),
    }[code]


# --- visits --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageSnapshot:
    rate: float | None
    month: date | None
    active: int | None
    denominator: int | None
    source: str


def coverage_at(regency_code: str, on: date) -> CoverageSnapshot:
    """The regency's latest coverage figure up to `on` (its month and provenance)."""
    from ucj.coverage import selectors as coverage

    found = coverage.series(_system_reader(), regency_code, until=on)
    with_rate = [i for i in found if i.rate is not None]
    latest = with_rate[-1] if with_rate else (found[-1] if found else None)
    if latest is None:
        return CoverageSnapshot(rate=None, month=None, active=None, denominator=None, source="")
    d = latest.denominator
    source = latest.numerator_source + (f" / {d.source} ({d.year})" if d else "")
    return CoverageSnapshot(rate=latest.rate, month=latest.month, active=latest.numerator,
                            denominator=d.value if d else None, source=source[:500])


def _take_snapshot(visit: Visit) -> None:
    snap = coverage_at(visit.regency_id, visit.date)
    visit.coverage_rate, visit.coverage_month = snap.rate, snap.month
    visit.coverage_active, visit.coverage_denominator = snap.active, snap.denominator
    visit.coverage_source = snap.source


@transaction.atomic
def schedule_visit(*, user: User | None, regency_code: str, date: date, place: str = "",
                   agenda: str = "", status: str = VisitStatus.PLANNED, minutes: str = "",
                   findings: str = "") -> Visit:
    """A visit to a regency, with the regency's coverage up to its date."""
    if user is not None:
        _require(selectors.can_manage_visits(user, regency_code))
    regency = Region.objects.filter(code=regency_code, level=Level.KABUPATEN_KOTA).first()
    if regency is None:
        raise MonitoringError(_("Unknown regency/city: %(code)s.") % {"code": regency_code})
    visit = Visit(regency=regency, date=date, place=place, agenda=agenda, status=status,
                  minutes=minutes, findings=findings, created_by=user)
    _take_snapshot(visit)
    visit.save()
    record_audit(actor=user, action=AuditAction.CREATE, obj=visit,
                 region_code=regency_code, detail={"date": date.isoformat()})
    return visit


@transaction.atomic
def update_visit(*, user: User, visit: Visit, **fields: Any) -> Visit:
    """Change a visit. The coverage snapshot is taken again when the date changes or the
    visit is recorded as held; after that it stays as it was at the visit."""
    _require(selectors.can_manage_visits(user, visit.regency_id))
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise MonitoringError(f"unknown fields: {sorted(unknown)}")
    changed = {k: v for k, v in fields.items() if getattr(visit, k) != v}
    held_now = changed.get("status") == VisitStatus.DONE
    for key, value in changed.items():
        setattr(visit, key, value)
    if "date" in changed or held_now:
        _take_snapshot(visit)
    visit.save()
    if changed:
        record_audit(actor=user, action=AuditAction.UPDATE, obj=visit,
                     region_code=visit.regency_id, detail={"fields": sorted(changed)})
    return visit


@transaction.atomic
def set_attendees(*, user: User, visit: Visit, attendees: list[dict]) -> list[Attendee]:
    """Replace the visit's attendance list: [{office, office_name, name, position}]."""
    _require(selectors.can_manage_visits(user, visit.regency_id))
    rows = []
    for entry in attendees:
        office = entry.get("office") or ""
        if office not in Office.values:
            raise MonitoringError(_("Unknown office: %(office)s.") % {"office": office})
        if office == Office.OTHER and not entry.get("office_name"):
            raise MonitoringError(_("Name the office when choosing 'Other'."))
        rows.append(Attendee(visit=visit, office=office,
                             office_name=(entry.get("office_name") or "")[:200],
                             name=(entry.get("name") or "")[:200],
                             position=(entry.get("position") or "")[:200]))
    visit.attendees.all().delete()
    Attendee.objects.bulk_create(rows)
    record_audit(actor=user, action=AuditAction.UPDATE, obj=visit, region_code=visit.regency_id,
                 detail={"attendees": len(rows)})
    return rows


# --- action items --------------------------------------------------------------------------


def _check_office(office: str, owner_name: str) -> None:
    if office not in Office.values:
        raise MonitoringError(_("Unknown office: %(office)s.") % {"office": office})
    if office == Office.OTHER and not owner_name.strip():
        raise MonitoringError(_("Name the office when choosing 'Other'."))


@transaction.atomic
def add_action_item(*, user: User | None, visit: Visit, title: str, owner_office: str,
                    due_date: date, owner_name: str = "", description: str = "") -> ActionItem:
    """An action item agreed at a visit; its history starts with "open"."""
    if user is not None:
        _require(selectors.can_manage_visits(user, visit.regency_id))
    if not title.strip():
        raise MonitoringError(_("Say what is to be done."))
    _check_office(owner_office, owner_name)
    item = ActionItem.objects.create(visit=visit, title=title.strip(), owner_office=owner_office,
                                     owner_name=owner_name, due_date=due_date,
                                     description=description, created_by=user)
    StatusChange.objects.create(item=item, by=user, by_username=user.username if user else "",
                                from_status="", to_status=ActionStatus.OPEN)
    record_audit(actor=user, action=AuditAction.CREATE, obj=item, region_code=visit.regency_id,
                 detail={"visit": visit.pk, "due_date": due_date.isoformat()})
    return item


@transaction.atomic
def update_action_item(*, user: User, item: ActionItem, **fields: Any) -> ActionItem:
    """Change what, who or by when (the status changes through change_status)."""
    _require(selectors.can_write(user, item.visit.regency_id))
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise MonitoringError(f"unknown fields: {sorted(unknown)}")
    if "title" in fields and not str(fields["title"]).strip():
        raise MonitoringError(_("Say what is to be done."))
    _check_office(fields.get("owner_office", item.owner_office),
                  fields.get("owner_name", item.owner_name))
    before = {k: getattr(item, k) for k in fields}
    changed = {k: v for k, v in fields.items() if before[k] != v}
    for key, value in changed.items():
        setattr(item, key, value)
    item.save()
    if changed:
        detail: dict[str, Any] = {"fields": sorted(changed)}
        if "due_date" in changed:
            detail["due_date"] = [before["due_date"].isoformat(), item.due_date.isoformat()]
        record_audit(actor=user, action=AuditAction.UPDATE, obj=item,
                     region_code=item.visit.regency_id, detail=detail)
    return item


@transaction.atomic
def change_status(*, user: User, item: ActionItem, status: str, note: str = "") -> StatusChange:
    """Move an item to another status (rules.check_transition), adding to its history."""
    _require(selectors.can_write(user, item.visit.regency_id))
    item = ActionItem.objects.select_for_update().select_related("visit").get(pk=item.pk)
    try:
        rules.check_transition(current=item.status, new=status,
                               has_evidence=item.evidence.exists(), note=note)
    except rules.TransitionError as error:
        raise MonitoringError(_transition_message(error.code)) from None
    change = StatusChange.objects.create(item=item, by=user, by_username=user.username,
                                         from_status=item.status, to_status=status, note=note)
    previous, item.status = item.status, status
    item.save(update_fields=["status", "updated_at"])
    record_audit(actor=user, action=AuditAction.UPDATE, obj=item,
                 region_code=item.visit.regency_id,
                 detail={"status": [previous, status]})
    return change


def check_evidence_file(upload: UploadedFile) -> None:
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in EVIDENCE_SIGNATURES:
        raise MonitoringError(
            _("Files of type %(suffix)s are not accepted as evidence. Use PDF, JPG, PNG, "
              "DOC(X), XLS(X) or PPTX.") % {"suffix": suffix or "(none)"})
    if upload.size > EVIDENCE_MAX_MB * 1024 * 1024:
        raise MonitoringError(_("The file is larger than %(limit)d MB; reduce or split it.")
                              % {"limit": EVIDENCE_MAX_MB})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in EVIDENCE_SIGNATURES[suffix]):
        raise MonitoringError(_("The file's content is not a %(suffix)s file. Save it again "
                                "in that format.") % {"suffix": suffix})


@transaction.atomic
def add_evidence(*, user: User, item: ActionItem, file: UploadedFile | None = None,
                 url: str = "", note: str = "") -> Evidence:
    """A file (size and type checked) or a link showing what was done."""
    _require(selectors.can_write(user, item.visit.regency_id))
    url = url.strip()
    if file is None and not url:
        raise MonitoringError(_("Attach a file or give a link."))
    if url and not url.lower().startswith(("http://", "https://")):
        raise MonitoringError(_("A link must start with http:// or https://."))
    evidence = Evidence(item=item, url=url[:500], note=note[:300], added_by=user)
    if file is not None:
        check_evidence_file(file)
        evidence.file_name = PurePath(file.name).name[:255]
        evidence.file.save(evidence.file_name, file, save=False)
    evidence.save()
    record_audit(actor=user, action=AuditAction.CREATE, obj=evidence,
                 region_code=item.visit.regency_id, detail={"item": item.pk})
    return evidence


# --- compliance ----------------------------------------------------------------------------


@transaction.atomic
def save_compliance(*, user: User | None, regency_code: str, document: UploadedFile | None = None,
                    **fields: Any) -> ComplianceRecord:
    """Create or update the regency's compliance record."""
    if user is not None:
        _require(selectors.can_write(user, regency_code))
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise MonitoringError(f"unknown fields: {sorted(unknown)}")
    if not Region.objects.filter(code=regency_code, level=Level.KABUPATEN_KOTA).exists():
        raise MonitoringError(_("Unknown regency/city: %(code)s.") % {"code": regency_code})
    record, created = ComplianceRecord.objects.get_or_create(regency_id=regency_code)
    for key, value in fields.items():
        setattr(record, key, value)
    for done, total, label in (("non_asn_enrolled", "non_asn_total", _("non-civil-servant staff")),
                               ("bumd_registered", "bumd_total", _("BUMD")),
                               ("village_covered", "village_total",
                                _("village officials and RT/RW"))):
        d, t = getattr(record, done), getattr(record, total)
        if d is not None and t is not None and d > t:
            raise MonitoringError(_("More %(what)s covered (%(done)d) than there are "
                                    "(%(total)d); check both numbers.")
                                  % {"what": label, "done": d, "total": t})
    if record.regulation_type and not record.regulation_number:
        raise MonitoringError(_("Give the regulation's number (e.g. Perda No. 5 Tahun 2024)."))
    if document is not None:
        suffix = PurePath(document.name).suffix.lower()
        if suffix != ".pdf":
            raise MonitoringError(_("The regulation document must be a PDF."))
        check_evidence_file(document)
        record.regulation_document.save(PurePath(document.name).name, document, save=False)
    record.updated_by = user
    record.save()
    record_audit(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                 obj=record, region_code=regency_code, detail={"fields": sorted(fields)})
    return record


@transaction.atomic
def set_budget(*, user: User | None, regency_code: str, year: int, amount: int,
               source: str = "") -> ComplianceBudget:
    """The premium budget the regency allocated for a year (replaces that year's)."""
    if user is not None:
        _require(selectors.can_write(user, regency_code))
    if not 2000 <= year <= 2100:
        raise MonitoringError(_("The year must be between 2000 and 2100."))
    if amount < 0:
        raise MonitoringError(_("The amount cannot be negative."))
    record, _created = ComplianceRecord.objects.get_or_create(regency_id=regency_code)
    budget, created = ComplianceBudget.objects.update_or_create(
        record=record, year=year, defaults={"amount": amount, "source": source})
    record_audit(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                 obj=budget, region_code=regency_code, detail={"year": year, "amount": amount})
    return budget


@transaction.atomic
def set_weights(*, user: User, values: dict[str, Any]) -> dict[str, Decimal]:
    """Change compliance weights and regulation credits (province staff). All or nothing."""
    _require(selectors.can_edit_weights(user))
    criteria, credits = selectors.weights()
    kinds = {**dict.fromkeys(compliance.CRITERIA, WeightKind.CRITERION),
             **dict.fromkeys(compliance.REGULATION_TYPES, WeightKind.CREDIT)}
    parsed: dict[str, Decimal] = {}
    for key, raw in values.items():
        if key not in kinds:
            raise MonitoringError(_("Unknown weight: %(key)s.") % {"key": key})
        try:
            parsed[key] = Decimal(str(raw).replace(",", "."))
        except InvalidOperation:
            parsed[key] = Decimal("NaN")
        if not parsed[key].is_finite() or not 0 <= parsed[key] <= 1000:
            raise MonitoringError(_("%(key)s: give a number from 0 to 1000, not %(value)s.")
                                  % {"key": key, "value": raw})
        (criteria if kinds[key] == WeightKind.CRITERION else credits)[key] = float(parsed[key])
    try:
        compliance.validate(criteria, credits)
    except ValueError:
        raise MonitoringError(_("Weights must be zero or more and not all zero; regulation "
                                "credits lie between 0 and 1.")) from None
    before = {w.key: str(w.value) for w in ComplianceWeight.objects.filter(key__in=parsed)}
    for key, value in parsed.items():
        ComplianceWeight.objects.update_or_create(
            key=key, defaults={"kind": kinds[key], "value": value, "updated_by": user})
    record_audit(actor=user, action=AuditAction.UPDATE, object_type="monitoring.complianceweight",
                 object_repr="compliance weights",
                 detail={"before": before, "after": {k: str(v) for k, v in parsed.items()}})
    return parsed


# --- socialisation -------------------------------------------------------------------------


@transaction.atomic
def record_socialisation(*, user: User | None, desa_code: str, date: date, audience: str,
                         participants: int, place: str = "", material: str = "",
                         visit: Visit | None = None) -> SocialisationEvent:
    desa = Region.objects.filter(code=desa_code, level=Level.DESA_KELURAHAN).first()
    if desa is None:
        raise MonitoringError(_("Unknown village (desa/kelurahan): %(code)s.")
                              % {"code": desa_code})
    regency_code = desa.regency_code
    if user is not None and not selectors.can_write(user, regency_code):
        raise Http404 if regency_code not in selectors.scope_codes(user) else PermissionDenied
    if participants < 0:
        raise MonitoringError(_("The number of participants cannot be negative."))
    if not audience.strip():
        raise MonitoringError(_("Say who the audience was."))
    if visit is not None and visit.regency_id != regency_code:
        raise MonitoringError(_("The visit was to another regency."))
    event = SocialisationEvent.objects.create(
        regency_id=regency_code, desa=desa, date=date, place=place, audience=audience.strip(),
        participants=participants, material=material, visit=visit, created_by=user)
    record_audit(actor=user, action=AuditAction.CREATE, obj=event, region_code=desa_code,
                 detail={"participants": participants})
    return event
