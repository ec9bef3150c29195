"""A small province to plan for: Sambas (23 % covered) and Singkawang (29 %), their BPJS
counts and denominators, registered workers, and a reconciliation that shows who among
them is already active."""

from __future__ import annotations

from datetime import date

import pytest

from tests.coverage.conftest import counts_csv
from tests.membership.conftest import extract_csv, participant, person, register
from ucj.budget import services
from ucj.coverage import services as coverage
from ucj.membership import services as membership
from ucj.regions.models import Denominator, DenominatorKind

JUNE = date(2026, 7, 5)


@pytest.fixture
def province(kalbar):
    for code, value in (("61.01", 291_000), ("61.72", 120_000)):
        Denominator.objects.create(region_id=code, year=2026, kind=DenominatorKind.BPS_EMPLOYED,
                                   value=value, source="BPS (uji)",
                                   reference_date=date(2025, 8, 31))
    coverage.import_counts(data=counts_csv([("61.01", "2026-06", 47_000, 20_000, 0, 0),
                                            ("61.72", "2026-06", 30_000, 5_000, 0, 0)]),
                           file_name="rekap.csv", today=JUNE)
    sambas = [person(i, f"Warga Sambas {chr(65 + i)}", date(1980, 1, i + 1))
              for i in range(1, 7)]
    kota = [person(i, f"Warga Kota {chr(65 + i)}", date(1985, 2, i + 1), regency="61.72")
            for i in range(1, 5)]
    register(sambas, ecosystem="rentan")
    register(kota[:2], ecosystem="rentan")
    register(kota[2:], ecosystem="rt_rw")
    active = [participant(sambas[0], "10000001"), participant(sambas[1], "10000002"),
              participant(kota[0], "10000003")]
    membership.import_extract(data=extract_csv(active), file_name="juni.csv", as_of=JUNE)
    membership.reconcile()
    return {"sambas": sambas, "kota": kota}


@pytest.fixture
def budget(province, provinsi_user):
    """Enough for exactly five workers for the twelve months of 2025."""
    return services.create_budget(
        user=provinsi_user, name="Iuran pekerja rentan", fiscal_year=2025, programme="rentan",
        funding_source="apbd_provinsi", holder="61", amount=5 * 201_600 + 1_000,
        start_month=date(2025, 1, 1), months=12, ecosystems=["rentan", "rt_rw"])
