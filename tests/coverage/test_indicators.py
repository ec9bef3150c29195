"""Counts import, indicators with provenance, targets and the `ucj coverage` command, on
the real database."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from ucj.coverage import selectors, services
from ucj.coverage.models import ParticipantCount, Target
from ucj.regions.models import Denominator, DenominatorKind

from .conftest import TODAY, counts_csv

pytestmark = pytest.mark.django_db


def test_a_file_with_one_bad_row_stores_nothing(kalbar):
    data = counts_csv([("61.01", "2026-06", 10, 10, 10, 10), ("61.01", "2026-05", 10, "x", 1, 1)])
    with pytest.raises(services.CoverageError, match="Jumlah tidak sah") as raised:
        services.import_counts(data=data, file_name="rekap.csv", today=TODAY)
    rejected = raised.value.checked.rows.filter(raised.value.checked.rows["verdict"] == "rejected")
    assert rejected["row"].to_list() == [4]
    assert not ParticipantCount.objects.exists()


def test_a_newer_file_corrects_the_same_month(sambas_counts):
    services.import_counts(data=counts_csv([("61.01", "2026-06", 1, 2, 3, 4)]),
                           file_name="koreksi.csv", today=TODAY)
    june = ParticipantCount.objects.filter(regency_id="61.01", month=date(2026, 6, 1))
    assert sorted(june.values_list("category", "active")) == [
        ("BPU", 2), ("JAKON", 3), ("PMI", 4), ("PU", 1)]
    assert ParticipantCount.objects.filter(regency_id="61.01").count() == 24


def test_indicator_carries_numerator_denominator_and_sources(sambas_counts, provinsi_user):
    [latest] = [i for i in selectors.latest_by_regency(provinsi_user) if i.region_code == "61.01"]
    # June: PU 46,000 + BPU 20,000 + JAKON 1,000 = 67,000 of 291,000; the 700 migrant
    # workers abroad (PMI) are kept apart, outside the resident rate.
    assert (latest.month, latest.numerator, latest.migrants) == (date(2026, 6, 1), 67_000, 700)
    assert latest.denominator.value == 291_000
    assert latest.denominator.source == "BPS Sambas (uji)"
    assert latest.numerator_source == "BPJS Ketenagakerjaan"
    assert latest.rate == pytest.approx(67_000 / 291_000)
    # Singkawang has counts but no denominator: no rate, never a made-up one.
    [singkawang] = [i for i in selectors.latest_by_regency(provinsi_user)
                    if i.region_code == "61.72"]
    assert singkawang.denominator is None and singkawang.rate is None


def test_preferred_denominator_kind_and_year(kalbar):
    for year, kind, value in ((2024, DenominatorKind.BPS_EMPLOYED, 1),
                              (2025, DenominatorKind.BPS_LABOUR_FORCE, 2),
                              (2025, DenominatorKind.BPS_EMPLOYED, 3),
                              (2027, DenominatorKind.BPJS_POTENTIAL, 4)):
        Denominator.objects.create(region_id="61.02", year=year, kind=kind, value=value,
                                   source="uji", reference_date=date(year, 8, 31))
    assert selectors.denominator_for("61.02", 2026).value == 3  # latest year, preferred kind
    assert selectors.denominator_for("61.02", 2027).value == 4
    assert selectors.denominator_for("61.02", 2023).value == 1  # none before: the nearest


def test_outlook_gap_and_path_against_the_province_target(sambas_counts, provinsi_user):
    assert Target.objects.get(region_id="61", year=2030).rate == Decimal("0.6577")
    found = selectors.outlook(provinsi_user, "61.01")
    # 65.77 % of 291,000 = 191,390.7 -> 191,391 persons; 191,391 - 67,000 = 124,391.
    assert found.gap == 124_391
    assert found.path[-1].year == 2030 and found.path[-1].rate == pytest.approx(0.6577)
    # +1,000 a month on 291,000 is 4.12 points a year: 2030 ends near 41 %, short of 65.77 %.
    assert found.trend.slope_per_year == pytest.approx(12_000 / 291_000)
    assert found.year_reaching is None


def test_a_regency_target_overrides_the_province_one(sambas_counts, provinsi_user):
    services.set_target(user=provinsi_user, region_code="61.01", year=2030,
                        rate=Decimal("0.30"), source="Perbup Sambas (uji)")
    found = selectors.outlook(provinsi_user, "61.01")
    assert found.target.source == "Perbup Sambas (uji)"
    # 30 % of 291,000 = 87,300. From 67,000 in June at +1,000 a month: December 2026
    # 73,000, December 2027 85,000, December 2028 97,000: reached in 2028.
    assert found.gap == 20_300
    assert found.year_reaching == 2028
    with pytest.raises(services.CoverageError, match=r"antara 0 dan 1 \(0,6577"):
        services.set_target(user=provinsi_user, region_code="61.01", year=2030,
                            rate=Decimal("65.77"), source="x")
    with translation.override("en"), pytest.raises(services.CoverageError,
                                                   match="source of a target is required"):
        services.set_target(user=provinsi_user, region_code="61.01", year=2030,
                            rate=Decimal("0.5"), source=" ")


def test_commands(sambas_counts, tmp_path):
    out = io.StringIO()
    call_command("coverage", "--region", "61", "--json", stdout=out)
    rows = {row["region"]: row for row in json.loads(out.getvalue())}
    assert rows["61.01"]["active"] == 67_000 and rows["61.01"]["gap"] == 124_391
    assert rows["61.01"]["denominator_source"] == "BPS Sambas (uji)"
    assert rows["61.72"]["coverage"] is None
    assert rows["61"]["target"] == 0.6577
    path = tmp_path / "rekap.csv"
    path.write_bytes(counts_csv([("61.03", "2026-06", 1, 1, 1, 1)]))
    out = io.StringIO()
    call_command("import-counts", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["months"] == ["2026-06"]
    path.write_bytes(counts_csv([("99.99", "2026-06", 1, 1, 1, 1)]))
    with pytest.raises(CommandError, match="Kode kabupaten/kota tidak dikenal"):
        call_command("import-counts", str(path))
