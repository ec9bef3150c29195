"""The province dashboard in a real browser: the map, a click on a regency (its targets,
BPU coverage and denominator changes), its kecamatan."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in
from ucj.coverage.demo import create_demo_counts

pytestmark = pytest.mark.e2e


def test_map_click_opens_the_regency_and_its_kecamatan(page, server, provinsi_user):
    create_demo_counts(last_month=date(2026, 6, 1))
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)
    page.get_by_role("link", name="Cakupan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kalimantan Barat")
    expect(page.get_by_test_id("ranking").locator("tbody tr")).to_have_count(14)
    expect(page.get_by_test_id("gap-sentence")).to_contain_text("2030")
    chart = page.get_by_test_id("coverage-map")
    expect(chart).to_have_attribute("data-ready", "true")
    chart.locator("path[aria-label*='Kabupaten Sambas']").first.click()

    expect(page).to_have_url(f"{server.url}/cakupan/wilayah/61.01/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cakupan: Kabupaten Sambas")
    expect(page.get_by_test_id("series-chart")).to_have_attribute("data-ready", "true")
    expect(page.get_by_test_id("provenance")).to_contain_text("bukan angka resmi")
    # The target of the demo's year (2026, unconfirmed) beside 2030, the BPU indicator with
    # its own denominator, PMI apart, and the demo's yearly denominators named at January.
    expect(page.get_by_test_id("year-target")).to_have_text("60,80\u00a0%")
    expect(page.get_by_test_id("headline")).to_contain_text("belum dikonfirmasi")
    expect(page.get_by_test_id("bpu-rate")).to_contain_text("%")
    expect(page.get_by_test_id("bpu-provenance")).to_contain_text("Pekerja informal BPS")
    expect(page.get_by_test_id("migrants")).to_contain_text("PMI")
    expect(page.get_by_test_id("denominator-changes")).to_contain_text(
        "Pembagi berubah pada Januari 2026")
    page.get_by_test_id("areas").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cakupan: ")
    expect(page.get_by_test_id("areas").locator("tbody tr").first).to_be_visible()
