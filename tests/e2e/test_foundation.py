import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_log_in_switch_language_and_see_the_province_map(page, server, provinsi_user):
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")

    page.get_by_role("link", name="Wilayah").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kalimantan Barat")
    region_map = page.get_by_test_id("region-map")
    expect(region_map).to_have_attribute("data-ready", "true", timeout=15_000)
    # One SVG path per regency, labelled from the tooltip fields.
    expect(region_map.locator("path[aria-label*='61.']")).to_have_count(14)
    expect(page.get_by_test_id("children").locator("tbody tr")).to_have_count(14)

    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", name="Map")).to_be_visible()
    expect(page.get_by_role("link", name="Regions")).to_be_visible()
    page.get_by_test_id("lang-id").click()
    expect(page.get_by_role("heading", name="Peta")).to_be_visible()


def test_click_on_the_map_opens_the_regency_and_its_kecamatan(page, server, sambas_user):
    log_in(page, server.url, sambas_user.username, TEST_PASSWORD)
    page.goto(f"{server.url}/wilayah/61/")
    region_map = page.get_by_test_id("region-map")
    expect(region_map).to_have_attribute("data-ready", "true", timeout=15_000)
    # The operator of Sambas sees only Sambas on the map.
    expect(region_map.locator("path[aria-label*='61.']")).to_have_count(1)
    region_map.locator("path[aria-label*='Kabupaten Sambas']").click()
    expect(page).to_have_url(f"{server.url}/wilayah/61.01/", timeout=10_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kabupaten Sambas")
    expect(page.get_by_test_id("children").locator("tbody tr")).to_have_count(19)
    page.get_by_role("link", name="Sambas", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sambas")
    expect(page.get_by_test_id("children")).to_contain_text("61.01.01.")


def test_the_kecamatan_page_names_its_former_name(page, server, provinsi_user):
    # DOMAIN.md, "Corrections and additions": 61.02.08 was Siantan in the 2016-2022 lists.
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)
    page.goto(f"{server.url}/wilayah/61.02/")
    page.get_by_role("link", name="Jongkat", exact=True).click()
    expect(page).to_have_url(f"{server.url}/wilayah/61.02.08/", timeout=10_000)
    history = page.get_by_test_id("name-history")
    expect(history.get_by_role("heading")).to_have_text("Nama kode ini")
    expect(history.locator("tbody tr").first).to_contain_text("Siantan")
    expect(history.locator("tbody tr").first).to_contain_text("2016–2022")
    expect(history.locator("tbody tr").last).to_contain_text("Jongkat (kini)")
