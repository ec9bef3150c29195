"""BPJS counts for Sambas (six months, a known trend) and Singkawang (no denominator)."""

from __future__ import annotations

from datetime import date

import pytest

from ucj.coverage import services
from ucj.regions.models import Denominator, DenominatorKind

TODAY = date(2026, 7, 5)


def counts_csv(rows: list[tuple]) -> bytes:
    lines = ["REKAP PESERTA AKTIF", "KODE WILAYAH,BULAN,PU,BPU,JAKON,PMI"]
    lines += [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def sambas_counts(kalbar):
    Denominator.objects.create(region_id="61.01", year=2026, kind=DenominatorKind.BPS_EMPLOYED,
                               value=291_000, source="BPS Sambas (uji)",
                               reference_date=date(2025, 8, 31))
    # PU + BPU + JAKON in the rate; the 700 migrant workers abroad (PMI) apart.
    rows = [("61.01", f"2026-{m:02d}", 40_000 + 1_000 * m, 20_000, 1_000, 700)
            for m in range(1, 7)]
    rows.append(("61.72", "2026-06", 30_000, 5_000, 0, 0))
    return services.import_counts(data=counts_csv(rows), file_name="rekap.csv", today=TODAY)


