"""Planning in a real browser: two scenarios for one budget, made and compared."""


import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.budget.conftest import budget, province  # noqa: F401 - fixtures
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def make_scenario(page, url: str, name: str, policy: str, minimums: dict[str, int]) -> None:
    page.goto(url)
    form = page.get_by_test_id("scenario-form")
    form.locator("input[name=name]").fill(name)
    form.locator(f"input[name=policy][value={policy}]").check()
    if minimums:
        form.locator("details").first.locator("summary").click()
        for code, count in minimums.items():
            form.locator(f"input[name='min-{code}']").fill(str(count))
    page.get_by_test_id("make-scenario").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_test_id("scenario-chart")).to_have_attribute("data-ready", "true")


def test_make_and_compare_two_scenarios(page, server, provinsi_user, budget):  # noqa: F811
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)
    url = f"{server.url}/anggaran/{budget.pk}/"
    page.goto(url)
    expect(page.get_by_test_id("affordable")).to_have_text("5")

    make_scenario(page, url, "Terendah dulu", "lowest_first", {})
    expect(page.get_by_test_id("funded-61.01")).to_have_text("4")
    expect(page.get_by_test_id("funded-61.72")).to_have_text("1")
    make_scenario(page, url, "Minimum kota", "fairest", {"61.72": 3})
    expect(page.get_by_test_id("funded-61.72")).to_have_text("3")

    page.goto(url)
    page.get_by_test_id("compare-Terendah dulu").check()
    page.get_by_test_id("compare-Minimum kota").check()
    page.get_by_test_id("compare-button").click()
    expect(page.get_by_test_id("scenario-column")).to_have_count(2)
    chart = page.get_by_test_id("compare-chart")
    expect(chart).to_have_attribute("data-ready", "true")
    # Dots dodged within each regency's row (before and two scenarios: three places a
    # regency), each scenario labelled with its difference in points.
    places = chart.locator("svg path[aria-roledescription='point']").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('transform'))")
    assert len(places) == 6 and len(set(places)) == 6
    differences = [t for t in chart.locator("svg text").all_text_contents()
                   if t.startswith("+")]
    assert len(differences) == 4 and all("," in t for t in differences)
    expect(page.get_by_test_id("compare-mean")).to_contain_text("Rata-rata cakupan")
    expect(page.get_by_test_id("compare-lowest")).to_contain_text("Kabupaten Sambas")
    sambas = page.get_by_test_id("comparison").locator("tr[data-region='61.01'] td")
    expect(sambas.nth(2)).to_have_text("4")
    expect(sambas.nth(4)).to_have_text("2")
    with page.expect_download() as download:
        page.get_by_test_id("compare-xlsx").click()
    # The download's temporary file has no .xlsx suffix, which openpyxl insists on.
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert "Terendah dulu" in header[3] and "Minimum kota" in header[6]


def test_an_infeasible_scenario_is_explained_in_the_browser(page, server, provinsi_user,
                                                            budget):  # noqa: F811
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)
    url = f"{server.url}/anggaran/{budget.pk}/"
    page.goto(url)
    form = page.get_by_test_id("scenario-form")
    form.locator("input[name=name]").fill("Terlalu banyak")
    form.locator("details").first.locator("summary").click()
    form.locator("input[name='min-61.01']").fill("9")
    page.get_by_test_id("make-scenario").click()
    expect(page.get_by_test_id("scenario-error")).to_contain_text("4")
    expect(page).to_have_url(url)
