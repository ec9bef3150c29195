"""Reads for coverage: indicators with their provenance, targets, and region scope.

Coverage of a region in a month = active participants (BPJS aggregate counts, all
categories) / a denominator (regions.Denominator). Every figure carries both parts and
where each comes from: published figures disagree, and a rate without its provenance
cannot be checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Sum
from django.http import Http404

from ucj.accounts.models import User
from ucj.accounts.selectors import get_region_for_user, province_regency_codes, region_scope
from ucj.coverage import projections
from ucj.coverage.models import ParticipantCount, Target
from ucj.regions.models import Denominator, DenominatorKind, Region

# Which denominator a rate is divided by, first choice first: BPJS's own "potensi
# tenaga kerja" is what national coverage figures use; BPS counts come next.
DENOMINATOR_PREFERENCE = (DenominatorKind.BPJS_POTENTIAL, DenominatorKind.BPS_EMPLOYED,
                          DenominatorKind.BPS_LABOUR_FORCE, DenominatorKind.OTHER)


@dataclass(frozen=True)
class Indicator:
    region_code: str
    region_name: str
    month: date
    numerator: int
    numerator_source: str
    denominator: Denominator | None
    regencies_reporting: int = 1

    @property
    def rate(self) -> float | None:
        if self.denominator is None or not self.denominator.value:
            return None
        return self.numerator / self.denominator.value


def denominator_for(region_code: str, year: int) -> Denominator | None:
    """The preferred denominator of the latest year up to `year` (or, when there is none
    yet, the earliest one after it)."""
    found = list(Denominator.objects.filter(region_id=region_code))
    if not found:
        return None
    rank = {kind: i for i, kind in enumerate(DENOMINATOR_PREFERENCE)}

    def key(d: Denominator):
        return (d.year > year, abs(year - d.year), rank.get(d.kind, 99), -d.reference_date.toordinal())

    return min(found, key=key)


def _monthly(codes: list[str]) -> dict[tuple[str, date], tuple[int, str]]:
    rows = (ParticipantCount.objects.filter(regency_id__in=codes)
            .values("regency_id", "month").annotate(active=Sum("active")))
    sources = {}
    for regency, month, source in ParticipantCount.objects.filter(
            regency_id__in=codes).values_list("regency_id", "month", "source"):
        sources.setdefault((regency, month), set()).add(source)
    return {(r["regency_id"], r["month"]): (r["active"], "; ".join(sorted(
        sources[(r["regency_id"], r["month"])]))) for r in rows}


def series(user: User, code: str) -> list[Indicator]:
    """Monthly coverage of a regency, or of the province (its regencies summed)."""
    region = get_region_for_user(user, code)
    province = region.code == settings.UCJ_PROVINCE_CODE
    # The province figure is an aggregate of every regency, whoever looks at it.
    codes = sorted(province_regency_codes()) if province else [region.code]
    monthly = _monthly(codes)
    months = sorted({month for _, month in monthly})
    result = []
    for month in months:
        parts = [monthly[(c, month)] for c in codes if (c, month) in monthly]
        numerator = sum(active for active, _ in parts)
        sources = "; ".join(sorted({s for _, source in parts for s in source.split("; ")}))
        result.append(Indicator(region_code=region.code, region_name=region.name, month=month,
                                numerator=numerator, numerator_source=sources,
                                denominator=denominator_for(region.code, month.year),
                                regencies_reporting=len(parts)))
    return result


def latest_by_regency(user: User) -> list[Indicator]:
    """Each regency in scope at its latest reported month."""
    codes = sorted(region_scope(user).regency_codes)
    monthly = _monthly(codes)
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    result = []
    for code in codes:
        months = sorted(month for c, month in monthly if c == code)
        if not months:
            continue
        active, source = monthly[(code, months[-1])]
        result.append(Indicator(region_code=code, region_name=names.get(code, code),
                                month=months[-1], numerator=active, numerator_source=source,
                                denominator=denominator_for(code, months[-1].year)))
    return result


def target_for(region_code: str, year: int | None = None) -> Target | None:
    """The region's own target (the given year, or its last); else the province's."""
    for code in (region_code, settings.UCJ_PROVINCE_CODE):
        targets = Target.objects.filter(region_id=code)
        if year is not None:
            targets = targets.filter(year=year)
        found = targets.order_by("-year").first()
        if found:
            return found
    return None


def get_region(user: User, code: str) -> Region:
    region = get_region_for_user(user, code)
    if region.level not in ("provinsi", "kabupaten_kota"):
        raise Http404
    return region


@dataclass(frozen=True)
class Outlook:
    """Where a region stands against its target and where its trend leads."""

    latest: Indicator | None
    target: Target | None
    path: list[projections.PathPoint]
    trend: projections.Trend | None
    year_reaching: int | None
    gap: int | None
    series: list[Indicator]


def outlook(user: User, code: str) -> Outlook:
    found = series(user, code)
    usable = [i for i in found if i.denominator is not None and i.denominator.value]
    latest = usable[-1] if usable else (found[-1] if found else None)
    target = target_for(code)
    if not usable or target is None:
        return Outlook(latest=latest, target=target, path=[], trend=None, year_reaching=None,
                       gap=None, series=found)
    observations = [projections.Observation(month=i.month, numerator=i.numerator,
                                            denominator=i.denominator.value) for i in usable]
    start = observations[-1]
    fitted = projections.trend(observations)
    return Outlook(
        latest=latest, target=target, series=found,
        path=projections.target_path(start=start, target_rate=target.rate,
                                     target_year=target.year),
        trend=fitted,
        year_reaching=projections.year_reaching(fitted, target_rate=target.rate, start=start,
                                                horizon_year=target.year),
        gap=projections.gap_persons(start=start, target_rate=target.rate),
    )
