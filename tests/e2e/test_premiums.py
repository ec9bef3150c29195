"""The premium calculator in a real browser: a PU month without a JP wage cap is refused
naming the month, the next priced with the 2026 cap; sectors are a choice."""

import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_the_calculator_names_the_month_without_a_cap(page, server, provinsi_user, kalbar):
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)
    page.goto(f"{server.url}/iuran/")
    form = page.get_by_test_id("quote-form")
    form.locator("select[name=program]").select_option("pu")
    form.locator("input[name=income]").fill("15000000")
    form.locator("input[name=workers]").fill("1")
    form.locator("input[name=start]").fill("2022-03")
    form.locator("input[name=months]").fill("1")
    form.locator("select[name=risk_class]").select_option("1")
    form.locator("input[name=include_unconfirmed]").check()
    expect(form.locator("select[name=sector] option")).to_have_count(2)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("quote-error")).to_contain_text(
        "Tidak ada aturan batas upah JP untuk Maret 2022")

    form = page.get_by_test_id("quote-form")
    form.locator("input[name=start]").fill("2026-03")
    form.locator("button[type=submit]").click()
    # 36,000 JKK + 45,000 JKM + 555,000 + 300,000 JHT + 332,589 JP (3 % of Rp11,086,300).
    expect(page.get_by_test_id("total")).to_have_text("Rp1.268.589")
    expect(page.get_by_test_id("unconfirmed-used").first).to_be_visible()
