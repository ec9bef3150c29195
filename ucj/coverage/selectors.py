"""Reads for coverage: indicators with their provenance, targets, and region scope.

Coverage of a region in a month = active participants (BPJS aggregate counts of the
resident categories PU, BPU and JAKON, as Kemnaker's national total counts them) / a
denominator (regions.Denominator). Migrant workers abroad (PMI) live outside every
resident denominator, so they are kept out of the rate and shown apart
(`Indicator.migrants`). The BPU indicator (SDG 8.8.1.a style) divides active BPU
participants by the BPU universe, a denominator of its own kind (residents working
informally, `DenominatorKind.BPS_INFORMAL`). Every figure carries both parts and where
each comes from: published figures disagree, and a rate without its provenance cannot
be checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from ucj.accounts.models import User
from ucj.accounts.selectors import get_region_for_user, province_regency_codes, region_scope
from ucj.coverage import projections
from ucj.coverage.models import AreaSummary, EcosystemSummary, ParticipantCount, Target
from ucj.regions.models import OVERALL_KINDS, Denominator, DenominatorKind, Level, Region
from ucj.regions.selectors import ancestors as region_ancestors

# Which denominator a rate is divided by, first choice first: BPJS's own "potensi
# tenaga kerja" is what national coverage figures use; BPS counts come next.
DENOMINATOR_PREFERENCE = OVERALL_KINDS

#: Categories whose active participants live in the region (the overall numerator).
RESIDENT_CATEGORIES = ("PU", "BPU", "JAKON")
#: Migrant workers abroad: counted apart, in no resident rate.
MIGRANT_CATEGORY = "PMI"


@dataclass(frozen=True)
class Measure:
    """What an indicator counts (BPJS categories) and divides by (denominator kinds,
    first choice first)."""

    key: str
    categories: tuple[str, ...]
    kinds: tuple[str, ...]


OVERALL = Measure("overall", RESIDENT_CATEGORIES, tuple(DENOMINATOR_PREFERENCE))
BPU = Measure("bpu", ("BPU",), (DenominatorKind.BPS_INFORMAL,))


@dataclass(frozen=True)
class Indicator:
    region_code: str
    region_name: str
    month: date
    numerator: int
    numerator_source: str
    denominator: Denominator | None
    regencies_reporting: int = 1
    migrants: int = 0  # active PMI participants that month: shown apart, not in the rate

    @property
    def rate(self) -> float | None:
        if self.denominator is None or not self.denominator.value:
            return None
        return self.numerator / self.denominator.value


def denominator_for(region_code: str, year: int, measure: Measure = OVERALL
                    ) -> Denominator | None:
    """The preferred denominator of the measure's kinds of the latest year up to `year`
    (or, when there is none yet, the earliest one after it)."""
    return _pick(list(Denominator.objects.filter(region_id=region_code)), year, measure)


def _pick(found: list[Denominator], year: int, measure: Measure = OVERALL
          ) -> Denominator | None:
    rank = {kind: i for i, kind in enumerate(measure.kinds)}
    found = [d for d in found if d.kind in rank]
    if not found:
        return None

    def key(d: Denominator):
        return (d.year > year, abs(year - d.year), rank[d.kind],
                -d.reference_date.toordinal())

    return min(found, key=key)


def _denominators(codes: list[str]) -> dict[str, list[Denominator]]:
    found: dict[str, list[Denominator]] = {code: [] for code in codes}
    for denominator in Denominator.objects.filter(region_id__in=codes):
        found[denominator.region_id].append(denominator)
    return found


type Monthly = dict[tuple[str, date], dict[str, tuple[int, str]]]


def _monthly(codes: list[str], until: date | None = None) -> Monthly:
    """(regency, month) -> {category: (active participants, source)}, for the months up
    to `until` (all when None)."""
    found: Monthly = {}
    counts = ParticipantCount.objects.filter(regency_id__in=codes)
    if until is not None:
        counts = counts.filter(month__lte=until)
    for regency, month, category, active, source in counts.values_list(
            "regency_id", "month", "category", "active", "source"):
        found.setdefault((regency, month), {})[category] = (active, source)
    return found


def _part(entry: dict[str, tuple[int, str]], measure: Measure) -> tuple[int, set[str], int]:
    """The measure's numerator in one regency-month, its sources, and the PMI apart."""
    numerator = sum(entry[c][0] for c in measure.categories if c in entry)
    sources = {entry[c][1] for c in measure.categories if c in entry}
    return numerator, sources, entry.get(MIGRANT_CATEGORY, (0, ""))[0]


def _reported(entry: dict[str, tuple[int, str]], measure: Measure) -> bool:
    return any(c in entry for c in measure.categories)


def series(user: User, code: str, *, until: date | None = None, monthly: Monthly | None = None,
           preloaded: Preloaded | None = None, measure: Measure = OVERALL) -> list[Indicator]:
    """Monthly coverage of a regency, or of the province (its regencies summed), up to
    the month `until` (all when None): the overall rate, or another `measure` (BPU).
    `monthly` (from _monthly) and `preloaded` may be passed in when several series are
    drawn at once (the ranking: a few queries in all, not a few per regency)."""
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
    months = sorted({month for (c, month), entry in monthly.items()
                     if c in codes and _reported(entry, measure)})
    result = []
    for month in months:
        parts = [_part(monthly[(c, month)], measure) for c in codes
                 if (c, month) in monthly and _reported(monthly[(c, month)], measure)]
        result.append(Indicator(region_code=region.code, region_name=region.name, month=month,
                                numerator=sum(n for n, _, _ in parts),
                                numerator_source="; ".join(sorted(set().union(
                                    *(s for _, s, _ in parts)))),
                                denominator=_pick(denominators, month.year, measure),
                                regencies_reporting=len(parts),
                                migrants=sum(m for _, _, m in parts)))
    return result


def latest_by_regency(user: User, *, until: date | None = None, monthly: Monthly | None = None,
                      measure: Measure = OVERALL) -> list[Indicator]:
    """Each regency in scope at its latest reported month (up to `until`)."""
    codes = sorted(region_scope(user).regency_codes)
    monthly = _monthly(codes, until) if monthly is None else monthly
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    denominators = _denominators(codes)
    result = []
    for code in codes:
        months = sorted(month for (c, month), entry in monthly.items()
                        if c == code and _reported(entry, measure))
        if not months:
            continue
        active, sources, migrants = _part(monthly[(code, months[-1])], measure)
        result.append(Indicator(region_code=code, region_name=names.get(code, code),
                                month=months[-1], numerator=active,
                                numerator_source="; ".join(sorted(sources)),
                                denominator=_pick(denominators[code], months[-1].year, measure),
                                migrants=migrants))
    return result


@dataclass(frozen=True)
class DenominatorChange:
    """The denominator of a series changed at `month`: `old` up to the month before,
    `new` from this month (either may be None: no denominator)."""

    month: date
    old: Denominator | None
    new: Denominator | None


def denominator_changes(found: list[Indicator]) -> list[DenominatorChange]:
    """Where a series (months in order) divides by another denominator than the month
    before: another figure (value, year, kind or source), or one appearing or going."""
    def ident(d: Denominator | None):
        return None if d is None else (d.pk, d.value)

    return [DenominatorChange(month=after.month, old=before.denominator, new=after.denominator)
            for before, after in pairwise(found)
            if ident(before.denominator) != ident(after.denominator)]


@dataclass(frozen=True)
class Preloaded:
    """What the ranking needs of every regency, read in one query each."""

    regions: dict[str, Region]
    denominators: dict[str, list[Denominator]]
    targets: dict[str, Target | None]  # each region's final target (its last year)
    year_targets: dict[str, dict[int, Target]] = field(default_factory=dict)

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
            targets={code: (by_region.get(code) or [fallback])[0] for code in codes},
            year_targets={code: _by_year(by_region.get(code, []), by_region.get(province, []))
                          for code in codes})


def _by_year(own: list[Target], province: list[Target]) -> dict[int, Target]:
    """Year -> the target that applies: the region's own for that year, else the
    province's."""
    return {t.year: t for t in province} | {t.year: t for t in own}


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
    """Where a region stands against its targets and where its trend leads.

    `target` is the final target (the region's last year, else the province's: 2030);
    `year_target` the target of `year` (the latest figure's year unless asked for
    another), with `year_gap` the persons missing to it; None when no target is set
    for that year. `bpu` is the latest BPU indicator (its own denominator) and
    `changes` where the series' denominator changes."""

    latest: Indicator | None
    target: Target | None
    path: list[projections.PathPoint]
    trend: projections.Trend | None
    year_reaching: int | None
    gap: int | None
    series: list[Indicator]
    year: int | None = None
    year_target: Target | None = None
    year_gap: int | None = None
    bpu: Indicator | None = None
    changes: list[DenominatorChange] = field(default_factory=list)

    @property
    def year_target_is_final(self) -> bool:
        return (self.year_target is not None and self.target is not None
                and self.year_target.pk == self.target.pk)

    @property
    def unconfirmed_targets(self) -> list[Target]:
        return [t for t in dict.fromkeys(t for t in (self.year_target, self.target) if t)
                if not t.confirmed]


def outlook(user: User, code: str, *, until: date | None = None, monthly: Monthly | None = None,
            preloaded: Preloaded | None = None, year: int | None = None) -> Outlook:
    """Where the region stands, from the figures up to the month `until` (all when None);
    the target of `year` (default: the latest figure's year) beside the final one."""
    if not region_scope(user).allows(code):
        raise Http404
    # Both series (overall and BPU) read the same counts, regions and denominators.
    preloaded = preloaded or Preloaded.load([code])
    if monthly is None:
        monthly = _monthly(sorted(province_regency_codes())
                           if code == settings.UCJ_PROVINCE_CODE else [code], until)
    found = series(user, code, until=until, monthly=monthly, preloaded=preloaded)
    bpu_found = series(user, code, until=until, monthly=monthly, preloaded=preloaded,
                       measure=BPU)
    usable = [i for i in found if i.denominator is not None and i.denominator.value]
    latest = usable[-1] if usable else (found[-1] if found else None)
    bpu_usable = [i for i in bpu_found if i.rate is not None]
    bpu = bpu_usable[-1] if bpu_usable else (bpu_found[-1] if bpu_found else None)
    target = preloaded.targets.get(code)
    by_year = preloaded.year_targets.get(code, {})
    if year is None:
        year = latest.month.year if latest else (until or timezone.localdate()).year
    year_target = by_year.get(year)
    common = {"latest": latest, "target": target, "series": found, "year": year,
              "year_target": year_target, "bpu": bpu, "changes": denominator_changes(found)}
    if not usable or target is None:
        return Outlook(path=[], trend=None, year_reaching=None, gap=None,
                       year_gap=(projections.gap_persons(start=_observation(usable[-1]),
                                                         target_rate=year_target.rate)
                                 if usable and year_target else None), **common)
    start = _observation(usable[-1])
    observations = [_observation(i) for i in usable]
    fitted = projections.trend(observations)
    return Outlook(
        path=projections.target_path(start=start, target_rate=target.rate,
                                     target_year=target.year),
        trend=fitted,
        year_reaching=projections.year_reaching(fitted, target_rate=target.rate, start=start,
                                                horizon_year=target.year),
        gap=projections.gap_persons(start=start, target_rate=target.rate),
        year_gap=(projections.gap_persons(start=start, target_rate=year_target.rate)
                  if year_target else None),
        **common)


def _observation(i: Indicator) -> projections.Observation:
    return projections.Observation(month=i.month, numerator=i.numerator,
                                   denominator=i.denominator.value)


@dataclass(frozen=True)
class RankingRow:
    indicator: Indicator
    outlook: Outlook

    @property
    def rate(self) -> float | None:
        return self.indicator.rate

    @property
    def bpu(self) -> Indicator | None:
        return self.outlook.bpu


def ranking(user: User, *, until: date | None = None, year: int | None = None
            ) -> list[RankingRow]:
    """Regencies in scope, highest coverage first; those without a rate last. Each
    against the target of `year` (default: the year of its latest figure) and its
    final target."""
    codes = sorted(region_scope(user).regency_codes)
    monthly = _monthly(codes, until)
    latest = latest_by_regency(user, monthly=monthly)
    preloaded = Preloaded.load(codes)
    rows = [RankingRow(indicator=i, outlook=outlook(user, i.region_code, monthly=monthly,
                                                    preloaded=preloaded, year=year))
            for i in latest]
    return sorted(rows, key=lambda r: (r.rate is None, -(r.rate or 0), r.indicator.region_code))


def ecosystem_coverage(user: User, regency: str):
    """Registered workers of the regency by ecosystem and BPJS status in the current
    reconciliation (membership.selectors.SummaryRow), or [] before the first one: read
    from the summary the writes keep (coverage.summaries), never counted here."""
    from ucj.membership.selectors import SummaryRow
    from ucj.registry.selectors import ecosystem_labels

    if regency not in region_scope(user).regency_codes:
        return []
    names = ecosystem_labels()
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
