"""Coverage endpoints: indicators with provenance, targets and projections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from ucj.accounts.selectors import can_manage_master_data
from ucj.api.schema import DecimalIn, TextIn, Year
from ucj.core.uploads import size_refusal
from ucj.coverage import selectors, services
from ucj.coverage.models import Target

router = Router()


class IndicatorOut(Schema):
    region: str
    name: str
    month: date
    active: int
    active_source: str
    denominator: int | None
    denominator_kind: str | None
    denominator_source: str | None
    denominator_reference_date: date | None
    coverage: float | None
    migrants_abroad: int = Field(0, description="active PMI participants: not in the rate")


class PathPointOut(Schema):
    year: int
    rate: float
    persons: int


class DenominatorChangeOut(Schema):
    month: date
    old: int | None
    new: int | None
    old_source: str | None
    new_source: str | None


class OutlookOut(Schema):
    latest: IndicatorOut | None
    target: float | None
    target_year: int | None
    target_source: str | None
    target_confirmed: bool | None
    year: int | None = Field(description="the year whose target `year_target` is")
    year_target: float | None
    year_target_source: str | None
    year_target_confirmed: bool | None
    year_gap: int | None
    bpu: IndicatorOut | None = Field(description="active BPU participants / BPU universe")
    denominator_changes: list[DenominatorChangeOut]
    path: list[PathPointOut]
    trend_points_per_year: float | None
    year_reaching: int | None
    gap: int | None


class TargetIn(TextIn):
    region: str = Field(min_length=1, max_length=13)
    year: Year
    rate: DecimalIn("0.0001", "1") = Field(description="a fraction: 0.6577 is 65.77 %")
    source: str = Field(min_length=1, max_length=255)
    note: str = ""
    confirmed: bool = Field(True, description="false for a figure from a secondary source "
                            "that staff have not confirmed yet")


class TargetOut(Schema):
    region: str
    year: int
    rate: Decimal
    source: str
    note: str
    confirmed: bool


class CountsOut(Schema):
    id: int
    rows: int
    months: list[str]


def _indicator(i: selectors.Indicator) -> IndicatorOut:
    d = i.denominator
    return IndicatorOut(region=i.region_code, name=i.region_name, month=i.month,
                        active=i.numerator, active_source=i.numerator_source,
                        denominator=d.value if d else None, denominator_kind=d.kind if d else None,
                        denominator_source=d.source if d else None,
                        denominator_reference_date=d.reference_date if d else None,
                        coverage=i.rate, migrants_abroad=i.migrants)


def _target(t: Target) -> TargetOut:
    return TargetOut(region=t.region_id, year=t.year, rate=t.rate, source=t.source, note=t.note,
                     confirmed=t.confirmed)


@router.get("/indicators", response=list[IndicatorOut],
            summary="Latest coverage of each regency in your scope")
def indicators(request):
    return [_indicator(i) for i in selectors.latest_by_regency(request.user)]


@router.get("/regions/{code}/series", response=list[IndicatorOut],
            summary="Monthly coverage of a regency or the province")
def series(request, code: str):
    selectors.get_region(request.user, code)
    return [_indicator(i) for i in selectors.series(request.user, code)]


@router.get("/regions/{code}/outlook", response=OutlookOut,
            summary="Target, yearly path, trend, year the trend reaches it, gap in persons")
def outlook(request, code: str):
    selectors.get_region(request.user, code)
    found = selectors.outlook(request.user, code)
    t, y = found.target, found.year_target
    return OutlookOut(
        latest=_indicator(found.latest) if found.latest else None,
        target=float(t.rate) if t else None, target_year=t.year if t else None,
        target_source=t.source if t else None, target_confirmed=t.confirmed if t else None,
        year=found.year, year_target=float(y.rate) if y else None,
        year_target_source=y.source if y else None,
        year_target_confirmed=y.confirmed if y else None, year_gap=found.year_gap,
        bpu=_indicator(found.bpu) if found.bpu else None,
        denominator_changes=[DenominatorChangeOut(
            month=c.month, old=c.old.value if c.old else None,
            new=c.new.value if c.new else None, old_source=c.old.source if c.old else None,
            new_source=c.new.source if c.new else None) for c in found.changes],
        path=[PathPointOut(year=p.year, rate=p.rate, persons=p.persons) for p in found.path],
        trend_points_per_year=found.trend.slope_per_year if found.trend else None,
        year_reaching=found.year_reaching, gap=found.gap)


@router.get("/targets", response=list[TargetOut], summary="Coverage targets")
def targets(request):
    return [_target(t) for t in Target.objects.order_by("region_id", "year")]


@router.put("/targets", response=TargetOut, summary="Set a target (province staff)")
def set_target(request, payload: TargetIn):
    if not can_manage_master_data(request.user):
        raise HttpError(403, "Hanya staf provinsi yang dapat mengubah target.")
    selectors.get_region(request.user, payload.region)
    try:
        return _target(services.set_target(user=request.user, region_code=payload.region,
                                           year=payload.year, rate=payload.rate,
                                           source=payload.source, note=payload.note,
                                           confirmed=payload.confirmed))
    except services.CoverageError as error:
        raise HttpError(422, str(error)) from None


@router.post("/counts", response={201: CountsOut}, summary="Import BPJS aggregate counts")
def import_counts(request, file: File[UploadedFile],
                  source: str = Form(services.DEFAULT_SOURCE, min_length=1, max_length=255)):
    if refusal := size_refusal(file):
        raise HttpError(413, refusal)
    try:
        record = services.import_counts(data=file.read(), file_name=file.name,
                                        user=request.user, source=source)
    except services.CoverageError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied as denied:
        raise HttpError(403, str(denied) if denied.args else
                        "Hanya petugas BPJS dan provinsi.") from None
    months = sorted({c.month.isoformat()[:7] for c in record.counts.all()})
    return Status(201, CountsOut(id=record.pk, rows=record.rows, months=months))
