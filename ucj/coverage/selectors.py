"""Reads for coverage: indicators with their provenance, targets, and region scope.

Coverage of a region in a month = active participants (BPJS aggregate counts, all
categories) / a denominator (regions.Denominator). Every figure carries both parts and
where each comes from: published figures disagree, and a rate without its provenance
cannot be checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.http import Http404

from ucj.accounts.models import User
from ucj.accounts.selectors import get_region_for_user, province_regency_codes, region_scope
from ucj.coverage import projections
from ucj.coverage.models import AreaSummary, EcosystemSummary, ParticipantCount, Target
from ucj.regions.models import Denominator, DenominatorKind, Level, Region
from ucj.regions.selectors import ancestors as region_ancestors

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
    return _pick(list(Denominator.objects.filter(region_id=region_code)), year)


def _pick(found: list[Denominator], year: int) -> Denominator | None:
    if not found:
        return None
    rank = {kind: i for i, kind in enumerate(DENOMINATOR_PREFERENCE)}

    def key(d: Denominator):
        return (d.year > year, abs(year - d.year), rank.get(d.kind, 99),
                -d.reference_date.toordinal())

    return min(found, key=key)


def _denominators(codes: list[str]) -> dict[str, list[Denominator]]:
    found: dict[str, list[Denominator]] = {code: [] for code in codes}
    for denominator in Denominator.objects.filter(region_id__in=codes):
        found[denominator.region_id].append(denominator)
    return found


def _monthly(codes: list[str], until: date | None = None) -> dict[tuple[str, date], tuple[int, str]]:
    """(regency, month) -> (active participants of all categories, their sources), for
    the months up to `until` (all when None)."""
    totals: dict[tuple[str, date], int] = {}
    sources: dict[tuple[str, date], set[str]] = {}
    counts = ParticipantCount.objects.filter(regency_id__in=codes)
    if until is not None:
        counts = counts.filter(month__lte=until)
    for regency, month, active, source in counts.values_list("regency_id", "month", "active",
                                                             "source"):
        totals[(regency, month)] = totals.get((regency, month), 0) + active
        sources.setdefault((regency, month), set()).add(source)
    return {key: (total, "; ".join(sorted(sources[key]))) for key, total in totals.items()}


def series(user: User, code: str, *, until: date | None = None, monthly: dict | None = None,
           preloaded: Preloaded | None = None) -> list[Indicator]:
    """Monthly coverage of a regency, or of the province (its regencies summed), up to
    the month `until` (all when None). `monthly` (from _monthly) and `preloaded` may be
    passed in when several series are drawn at once (the ranking: a few queries in all,
    not a few per regency)."""
    if not region_scope(user).allows(code):
        raise Http404
    region = (preloaded.regions.get(code) if preloaded
              else Region.objects.only("code", "name").filter(code=code).first())
    if region is None:
        raise Http404
    province = region.code == settings.UCJ_PROVINCE_CODE
    # The province figure is an aggregate of every regency, whoever looks at it.
    codes = sorted(province_regency_codes()) if province else [region.code]
    monthly = _monthly(codes, until) if monthly is None else monthly
    denominators = (preloaded.denominators.get(region.code, []) if preloaded
                    else _denominators([region.code])[region.code])
    months = sorted({month for c, month in monthly if c in codes})
    result = []
    for month in months:
        parts = [monthly[(c, month)] for c in codes if (c, month) in monthly]
        numerator = sum(active for active, _ in parts)
        sources = "; ".join(sorted({s for _, source in parts for s in source.split("; ")}))
        result.append(Indicator(region_code=region.code, region_name=region.name, month=month,
                                numerator=numerator, numerator_source=sources,
                                denominator=_pick(denominators, month.year),
                                regencies_reporting=len(parts)))
    return result


def latest_by_regency(user: User, *, until: date | None = None,
                      monthly: dict | None = None) -> list[Indicator]:
    """Each regency in scope at its latest reported month (up to `until`)."""
    codes = sorted(region_scope(user).regency_codes)
    monthly = _monthly(codes, until) if monthly is None else monthly
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    denominators = _denominators(codes)
    result = []
    for code in codes:
        months = sorted(month for c, month in monthly if c == code)
        if not months:
            continue
        active, source = monthly[(code, months[-1])]
        result.append(Indicator(region_code=code, region_name=names.get(code, code),
                                month=months[-1], numerator=active, numerator_source=source,
                                denominator=_pick(denominators[code], months[-1].year)))
    return result


@dataclass(frozen=True)
class Preloaded:
    """What the ranking needs of every regency, read in one query each."""

    regions: dict[str, Region]
    denominators: dict[str, list[Denominator]]
    targets: dict[str, Target | None]

    @classmethod
    def load(cls, codes: list[str]) -> Preloaded:
        province = settings.UCJ_PROVINCE_CODE
        by_region: dict[str, list[Target]] = {}
        for target in Target.objects.filter(region_id__in=[*codes, province]).order_by("-year"):
            by_region.setdefault(target.region_id, []).append(target)
        fallback = (by_region.get(province) or [None])[0]
        return cls(
            regions={r.code: r for r in Region.objects.only("code", "name").filter(
                code__in=codes)},
            denominators=_denominators(codes),
            targets={code: (by_region.get(code) or [fallback])[0] for code in codes})


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
    if region.level not in (Level.PROVINSI, Level.KABUPATEN_KOTA):
        raise Http404
    return region


def get_area(user: User, code: str) -> Region:
    """A kecamatan the user may see (its regency in scope)."""
    region = get_region_for_user(user, code)
    if region.level != Level.KECAMATAN:
        raise Http404
    return region


def ancestors(region: Region) -> list[Region]:
    return region_ancestors(region)


def scope_codes(user: User) -> frozenset[str]:
    return region_scope(user).regency_codes


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


def outlook(user: User, code: str, *, until: date | None = None, monthly: dict | None = None,
            preloaded: Preloaded | None = None) -> Outlook:
    """Where the region stands, from the figures up to the month `until` (all when None)."""
    found = series(user, code, until=until, monthly=monthly, preloaded=preloaded)
    usable = [i for i in found if i.denominator is not None and i.denominator.value]
    latest = usable[-1] if usable else (found[-1] if found else None)
    target = preloaded.targets.get(code) if preloaded else target_for(code)
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


@dataclass(frozen=True)
class RankingRow:
    indicator: Indicator
    outlook: Outlook

    @property
    def rate(self) -> float | None:
        return self.indicator.rate


def ranking(user: User, *, until: date | None = None) -> list[RankingRow]:
    """Regencies in scope, highest coverage first; those without a rate last."""
    codes = sorted(region_scope(user).regency_codes)
    monthly = _monthly(codes, until)
    latest = latest_by_regency(user, monthly=monthly)
    preloaded = Preloaded.load(codes)
    rows = [RankingRow(indicator=i, outlook=outlook(user, i.region_code, monthly=monthly,
                                                    preloaded=preloaded))
            for i in latest]
    return sorted(rows, key=lambda r: (r.rate is None, -(r.rate or 0), r.indicator.region_code))


def ecosystem_coverage(user: User, regency: str):
    """Registered workers of the regency by ecosystem and BPJS status in the current
    reconciliation (membership.selectors.SummaryRow), or [] before the first one: read
    from the summary the writes keep (coverage.summaries), never counted here."""
    from ucj.membership.selectors import SummaryRow
    from ucj.registry.models import Ecosystem

    if regency not in region_scope(user).regency_codes:
        return []
    names = dict(Ecosystem.objects.values_list("code", "name"))
    regency_name = Region.objects.filter(code=regency).values_list("name", flat=True).first()
    rows = EcosystemSummary.objects.filter(regency=regency)
    return sorted([SummaryRow(regency=regency, regency_name=regency_name or regency,
                              ecosystem=r.ecosystem,
                              ecosystem_name=names.get(r.ecosystem, r.ecosystem),
                              active=r.active, lapsed=r.lapsed, not_enrolled=r.not_enrolled,
                              review=r.review) for r in rows],
                  key=lambda row: row.ecosystem_name)


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    workers: int
    active: int

    @property
    def active_share(self) -> float:
        return self.active / self.workers if self.workers else 0.0


def registry_areas(user: User, code: str) -> list[AreaRow]:
    """The kecamatan of a regency (or desa of a kecamatan) with the registered workers
    living there and how many of them are active participants (current reconciliation).
    Below regency level there are no BPJS counts: the registry is the only source, read
    from the summary the writes keep (coverage.summaries)."""
    if ".".join(code.split(".")[:2]) not in region_scope(user).regency_codes:
        return []
    children = Region.objects.filter(parent_id=code, is_current=True).order_by("code")
    counted = {a.area: (a.workers, a.active) for a in AreaSummary.objects.filter(
        area__in=[child.code for child in children])}
    return [AreaRow(code=child.code, name=child.name,
                    workers=counted.get(child.code, (0, 0))[0],
                    active=counted.get(child.code, (0, 0))[1]) for child in children]
