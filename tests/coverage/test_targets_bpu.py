"""Targets of every year, the BPU indicator with its own denominator, migrant workers
(PMI) apart, and denominator changes named at their month (issue 16, items 5-7). Every
expected value is computed by hand in the comments, on the real database.

The fixture (conftest.sambas_counts): Sambas January-June 2026, PU 41,000..46,000, BPU
20,000, JAKON 1,000, PMI 700 a month, divided by 291,000 (BPS employed, 2026);
Singkawang June 2026 PU 30,000, BPU 5,000, no denominator."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.coverage.test_report import pdf_text
from ucj.core import queues
from ucj.coverage import charts, report, selectors, services
from ucj.coverage.models import Target
from ucj.regions.models import Denominator, DenominatorKind

from .conftest import TODAY, counts_csv

pytestmark = pytest.mark.django_db


def denominator(code: str, year: int, kind: str, value: int, source: str) -> Denominator:
    return Denominator.objects.create(region_id=code, year=year, kind=kind, value=value,
                                      source=source, reference_date=date(year - 1, 8, 31))


@pytest.fixture
def december_2025(sambas_counts):
    """December 2025 for Sambas: PU 38,000 + BPU 20,000 + JAKON 1,000 = 59,000 (PMI 700
    apart), divided by a 2025 denominator of 280,000; from January 2026 the 2026 one
    (291,000) applies: the denominator changes in January 2026."""
    denominator("61.01", 2025, DenominatorKind.BPS_EMPLOYED, 280_000, "BPS Sambas 2025 (uji)")
    services.import_counts(data=counts_csv([("61.01", "2025-12", 38_000, 20_000, 1_000, 700)]),
                           file_name="des.csv", today=TODAY)


@pytest.fixture
def bpu_universe(sambas_counts):
    """BPU universes (informal workers): Sambas 160,000; the province 1,000,000."""
    denominator("61.01", 2026, DenominatorKind.BPS_INFORMAL, 160_000, "Sakernas informal (uji)")
    denominator("61", 2026, DenominatorKind.BPS_INFORMAL, 1_000_000, "Sakernas informal Kalbar")


# --- 5. targets of every year -----------------------------------------------------------


def test_interim_targets_are_seeded_unconfirmed_with_their_source(kalbar):
    found = {t.year: t for t in Target.objects.filter(region_id="61")}
    assert {year: t.rate for year, t in found.items()} == {
        2025: Decimal("0.5956"), 2026: Decimal("0.6080"), 2030: Decimal("0.6577")}
    assert (found[2025].confirmed, found[2026].confirmed, found[2030].confirmed) == (
        False, False, True)
    for year in (2025, 2026):
        assert "Sekda Kalbar" in found[year].source and "suaraborneo.id" in found[year].source
    assert "61 %" in found[2026].note  # the governor's "61 % next year" kept beside it


def test_the_target_of_the_year_is_picked_per_year(december_2025, provinsi_user):
    # As of December 2025: 59.56 % of 280,000 = 166,768 exactly; 166,768 - 59,000 = 107,768.
    # The final target: 65.77 % of 280,000 = 184,156 exactly; minus 59,000 = 125,156.
    dec = selectors.outlook(provinsi_user, "61.01", until=date(2025, 12, 1))
    assert (dec.year, dec.year_target.year, dec.year_target.rate) == (2025, 2025,
                                                                     Decimal("0.5956"))
    assert (dec.year_gap, dec.target.year, dec.gap) == (107_768, 2030, 125_156)
    # As of June 2026: 60.80 % of 291,000 = 176,928 exactly; 176,928 - 67,000 = 109,928.
    june = selectors.outlook(provinsi_user, "61.01")
    assert (june.year, june.year_target.rate, june.year_gap) == (2026, Decimal("0.6080"),
                                                                109_928)
    assert june.gap == 124_391 and not june.year_target_is_final
    assert [t.year for t in june.unconfirmed_targets] == [2026]
    # No target is set for 2027; 2030 is the final target itself.
    later = selectors.outlook(provinsi_user, "61.01", year=2027)
    assert (later.year_target, later.year_gap) == (None, None)
    assert selectors.outlook(provinsi_user, "61.01", year=2030).year_target_is_final


def test_a_regency_target_of_a_year_overrides_the_province_one(sambas_counts, provinsi_user):
    services.set_target(user=provinsi_user, region_code="61.01", year=2030,
                        rate=Decimal("0.70"), source="Perbup Sambas (uji)")
    found = selectors.outlook(provinsi_user, "61.01")
    # Its own 2030 target is final; 2026 has none of its own: the province's 60.80 %.
    assert (found.target.source, found.year_target.region_id) == ("Perbup Sambas (uji)", "61")
    services.set_target(user=provinsi_user, region_code="61.01", year=2026,
                        rate=Decimal("0.30"), source="Perbup Sambas 2026 (uji)",
                        confirmed=False)
    found = selectors.outlook(provinsi_user, "61.01")
    # 30 % of 291,000 = 87,300; 87,300 - 67,000 = 20,300.
    assert (found.year_target.source, found.year_gap) == ("Perbup Sambas 2026 (uji)", 20_300)
    assert not found.year_target.confirmed
    [row] = [r for r in selectors.ranking(provinsi_user) if r.indicator.region_code == "61.01"]
    assert row.outlook.year_target.rate == Decimal("0.30")


def test_pages_pdf_api_and_command_show_both_targets(client_for, provinsi_user, sambas_counts):
    client = client_for(provinsi_user)
    html = client.get(reverse("coverage:region", args=["61.01"])).content.decode()
    assert 'data-testid="year-target">60,80\u00a0%' in html
    assert 'data-testid="year-gap">109.928<' in html
    assert 'data-testid="target">65,77\u00a0%' in html
    assert "belum dikonfirmasi" in html and "Sekda Kalbar" in html
    ranking = client.get(reverse("coverage:dashboard")).content.decode()
    assert re.search(r'data-col="year-target">60,80\xa0% \(2026\)\*<', ranking)
    outlook = client.get("/api/coverage/regions/61.01/outlook").json()
    assert (outlook["year"], outlook["year_target"], outlook["year_gap"]) == (2026, 0.608,
                                                                             109_928)
    assert outlook["year_target_confirmed"] is False and outlook["target_confirmed"] is True
    out = io.StringIO()
    call_command("coverage", "--region", "61.01", "--json", stdout=out)
    [row] = json.loads(out.getvalue())
    assert (row["year_target"], row["year_target_year"], row["year_gap"]) == (0.608, 2026,
                                                                             109_928)
    sheet = openpyxl.load_workbook(io.BytesIO(
        client.get(reverse("coverage:ranking_xlsx")).content)).active
    first = next(sheet.iter_rows(min_row=2, values_only=True))
    assert first[16:20] == (0.608, 2026, "tidak (belum dikonfirmasi)", 109_928)
    _, text = pdf_text(report.build(provinsi_user, "61.01").pdf)
    assert "Target cakupan 2026 adalah 60,80 %" in text and "belum dikonfirmasi" in text
    assert "109.928 orang" in text and "124.391 orang" in text


def test_the_leader_summary_compares_with_the_target_of_its_year(
        client_for, pimpinan_user, sambas_counts, monkeypatch):
    denominator("61", 2026, DenominatorKind.BPS_EMPLOYED, 500_000, "BPS Kalbar (uji)")
    # June 2026: Sambas 67,000 + Singkawang 35,000 = 102,000 (no PMI in either sum).
    # 2026: 60.80 % of 500,000 = 304,000; 304,000 - 102,000 = 202,000.
    summary = queues.leader_summary(pimpinan_user, on=date(2026, 12, 1))
    assert summary.outlook.latest.numerator == 102_000
    assert (summary.outlook.year_target.year, summary.outlook.year_gap) == (2026, 202_000)
    # 2025: 59.56 % of 500,000 = 297,800; 297,800 - 102,000 = 195,800.
    earlier = queues.leader_summary(pimpinan_user, on=date(2025, 6, 1))
    assert (earlier.outlook.year_target.year, earlier.outlook.year_gap) == (2025, 195_800)
    # Sambas is behind: 23.02 % against 60.80 % this year, 109,928 missing to it.
    [sambas] = summary.behind
    assert (sambas.year_target.rate, sambas.year_gap) == (Decimal("0.6080"), 109_928)
    monkeypatch.setattr(queues, "today", lambda: date(2026, 12, 1))
    html = client_for(pimpinan_user).get(reverse("home")).content.decode()
    assert 'data-testid="summary-year-target-set">60,80\u00a0%' in html
    assert 'data-testid="summary-year-gap">202.000<' in html
    assert 'data-testid="summary-target">65,77\u00a0%' in html
    assert "belum dikonfirmasi" in html
    monkeypatch.setattr(queues, "today", lambda: date(2027, 3, 1))
    html = client_for(pimpinan_user).get(reverse("home")).content.decode()
    assert 'data-testid="summary-no-year-target"' in html  # none set for 2027


# --- 6. BPU coverage and migrant workers --------------------------------------------------


def test_bpu_coverage_has_its_own_denominator(bpu_universe, provinsi_user):
    # Sambas June: 20,000 active BPU / 160,000 informal workers = 12.5 %.
    [bpu] = [i for i in selectors.latest_by_regency(provinsi_user, measure=selectors.BPU)
             if i.region_code == "61.01"]
    assert (bpu.numerator, bpu.denominator.value, bpu.rate) == (20_000, 160_000, 0.125)
    assert bpu.denominator.source == "Sakernas informal (uji)"
    # The overall rate never divides by the BPU universe, however recent.
    assert selectors.outlook(provinsi_user, "61.01").latest.denominator.value == 291_000
    # The province: (20,000 + 5,000) / 1,000,000 = 2.5 %, with 2 regencies reporting.
    province = selectors.outlook(provinsi_user, "61").bpu
    assert (province.numerator, province.rate, province.regencies_reporting) == (
        25_000, 0.025, 2)
    # Singkawang has BPU counts but no universe: no BPU rate.
    [kota] = [r for r in selectors.ranking(provinsi_user) if r.indicator.region_code == "61.72"]
    assert (kota.bpu.numerator, kota.bpu.rate) == (5_000, None)


def test_a_bpu_universe_alone_gives_no_overall_rate(kalbar, provinsi_user):
    denominator("61.03", 2026, DenominatorKind.BPS_INFORMAL, 100_000, "Sakernas informal (uji)")
    services.import_counts(data=counts_csv([("61.03", "2026-06", 10_000, 4_000, 0, 250)]),
                           file_name="sanggau.csv", today=TODAY)
    found = selectors.outlook(provinsi_user, "61.03")
    assert found.latest.denominator is None and found.latest.rate is None
    # 4,000 / 100,000 = 4 %; the 250 PMI are in neither indicator.
    assert found.bpu.rate == 0.04 and found.latest.numerator == 14_000
    assert found.latest.migrants == 250 and found.bpu.migrants == 250


def test_pages_and_pdf_show_bpu_coverage_and_pmi_apart(client_for, provinsi_user,
                                                        bpu_universe):
    client = client_for(provinsi_user)
    html = client.get(reverse("coverage:region", args=["61.01"])).content.decode()
    assert 'data-testid="bpu-rate">12,50\u00a0%' in html
    assert 'data-testid="bpu-denominator">160.000<' in html
    migrants = re.search(r'data-testid="migrants">(.*?)</p>', html, re.S).group(1)
    assert "700" in migrants and "PMI" in migrants
    ranking = client.get(reverse("coverage:dashboard")).content.decode()
    assert re.search(r'data-col="bpu" title="20\.000 / 160\.000">12,50\xa0%<', ranking)
    outlook = client.get("/api/coverage/regions/61.01/outlook").json()
    assert (outlook["bpu"]["active"], outlook["bpu"]["denominator"]) == (20_000, 160_000)
    assert outlook["bpu"]["denominator_kind"] == "bps_informal"
    assert outlook["latest"]["migrants_abroad"] == 700
    _, text = pdf_text(report.build(provinsi_user, "61.01").pdf)
    assert "Cakupan BPU Kabupaten Sambas pada Juni 2026 adalah 12,50 %" in text
    assert "20.000 peserta BPU aktif" in text and "160.000" in text
    assert "700 peserta aktif" in text  # PMI, shown apart


def test_a_bpu_universe_can_be_imported_by_its_kind(kalbar, provinsi_user):
    from ucj.regions.services import import_denominators

    data = (b"kode,tahun,jenis,nilai,sumber,tanggal_referensi\n"
            b"61.01,2026,bps_informal,160000,Sakernas (uji),2025-08-31\n")
    import_denominators(data=data, user=provinsi_user)
    assert Denominator.objects.get(region_id="61.01").kind == DenominatorKind.BPS_INFORMAL


# --- 7. denominator changes --------------------------------------------------------------


def test_a_denominator_change_is_named_at_its_month(december_2025, provinsi_user, client_for):
    found = selectors.outlook(provinsi_user, "61.01")
    [change] = found.changes
    assert (change.month, change.old.value, change.new.value) == (date(2026, 1, 1), 280_000,
                                                                   291_000)
    spec = charts.outlook_chart(found)
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert [row["bulan"] for row in rules[0]["data"]["values"]] == ["2026-01-01"]
    page = client_for(provinsi_user).get(reverse("coverage:region", args=["61.01"]))
    notes = re.search(r'data-testid="denominator-changes">(.*?)</ul>',
                      page.content.decode(), re.S).group(1)
    assert "Pembagi berubah pada Januari 2026: 280.000 → 291.000" in notes
    _, text = pdf_text(report.build(provinsi_user, "61.01").pdf)
    assert "Pembagi berubah pada Januari 2026: 280.000 → 291.000" in text
    # A report as of December 2025 knows no change yet.
    _, text = pdf_text(report.build(provinsi_user, "61.01", date(2025, 12, 1)).pdf)
    assert "Pembagi berubah" not in text


def test_no_change_no_note_and_a_change_across_a_missing_month(sambas_counts, provinsi_user):
    assert selectors.outlook(provinsi_user, "61.01").changes == []
    # Singkawang, May and June 2026 without any denominator: nothing changes.
    services.import_counts(data=counts_csv([("61.72", "2026-05", 29_000, 5_000, 0, 0)]),
                           file_name="mei.csv", today=TODAY)
    found = selectors.series(provinsi_user, "61.72")
    assert selectors.denominator_changes(found) == []
    denominator("61.72", 2026, DenominatorKind.BPS_EMPLOYED, 120_000, "BPS Singkawang (uji)")
    denominator("61.72", 2025, DenominatorKind.BPS_EMPLOYED, 119_000, "BPS Singkawang (uji)")
    services.import_counts(data=counts_csv([("61.72", "2025-11", 28_000, 5_000, 0, 0)]),
                           file_name="nov.csv", today=TODAY)
    [change] = selectors.denominator_changes(selectors.series(provinsi_user, "61.72"))
    # November 2025 -> May 2026 (the next month with counts): 119,000 -> 120,000.
    assert (change.month, change.old.value, change.new.value) == (date(2026, 5, 1), 119_000,
                                                                   120_000)
