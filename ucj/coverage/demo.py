"""Invented BPJS counts and denominators for the demo (`ucj demo-setup`): 36 months for
every Kalbar regency, rising at different speeds. Never official figures: every row says
so in its source."""

from __future__ import annotations

import random
from datetime import date

from django.conf import settings

from ucj.coverage.models import ParticipantCount
from ucj.regions.models import Denominator, DenominatorKind, Level, Region

DEMO_SOURCE = "Contoh (demo), bukan angka resmi"
SHARES = {"PU": 0.6, "BPU": 0.35, "JAKON": 0.03, "PMI": 0.02}
EMPLOYED_SHARE = 0.47  # about BPS's employed / population for Kalbar
INFORMAL_SHARE = 0.56  # BPS Kalbar, Sakernas August 2024: 56 % of the employed are informal
YEARLY_GROWTH = 0.015  # the demo's workforce grows a little each year


def _months(last: date, count: int) -> list[date]:
    months = []
    year, month = last.year, last.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _years(last: date, count: int) -> list[int]:
    return sorted({month.year for month in _months(last, count)})


def _for_year(workforce: int, years_back: int) -> int:
    return round(workforce / (1 + YEARLY_GROWTH) ** years_back)


def create_demo_counts(*, last_month: date, months: int = 36, seed: int = 2026) -> int:
    """Denominators of every year the months cover (the regency's population x 0.47, a
    little smaller each year back, kind "other"; so the series' denominator changes each
    January), BPU universes (56 % of it, kind "bps_informal") and monthly counts; existing
    demo rows are replaced, real ones left alone."""
    rand = random.Random(seed)
    regencies = Region.objects.filter(parent_id=settings.UCJ_PROVINCE_CODE,
                                      level=Level.KABUPATEN_KOTA, is_current=True)
    rows = []
    for regency in regencies.order_by("code"):
        workforce = round((regency.population_total or 0) * EMPLOYED_SHARE)
        if not workforce:
            continue
        for year in _years(last_month, months):
            value = _for_year(workforce, last_month.year - year)
            for kind, amount in ((DenominatorKind.OTHER, value),
                                 (DenominatorKind.BPS_INFORMAL, round(value * INFORMAL_SHARE))):
                Denominator.objects.update_or_create(
                    region=regency, year=year, kind=kind, source=DEMO_SOURCE,
                    defaults={"value": amount, "reference_date": date(year - 1, 8, 31)})
        rate = rand.uniform(0.18, 0.42)
        yearly_gain = rand.uniform(0.005, 0.05)
        for month in _months(last_month, months):
            rate += yearly_gain / 12 + rand.uniform(-0.002, 0.002)
            for category, share in SHARES.items():
                rows.append(ParticipantCount(regency=regency, month=month, category=category,
                                             active=round(workforce * rate * share),
                                             source=DEMO_SOURCE))
    # The province's denominators are its regencies' together, of the same (demo) kinds.
    for year in _years(last_month, months):
        value = sum(_for_year(round((r.population_total or 0) * EMPLOYED_SHARE),
                              last_month.year - year) for r in regencies)
        for kind, amount in ((DenominatorKind.OTHER, value),
                             (DenominatorKind.BPS_INFORMAL, round(value * INFORMAL_SHARE))):
            Denominator.objects.update_or_create(
                region_id=settings.UCJ_PROVINCE_CODE, year=year, kind=kind, source=DEMO_SOURCE,
                defaults={"value": amount, "reference_date": date(year - 1, 8, 31)})
    ParticipantCount.objects.filter(source=DEMO_SOURCE).delete()
    ParticipantCount.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
