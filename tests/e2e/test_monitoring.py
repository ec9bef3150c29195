"""Monitoring in a real browser: record a visit with an action item due tomorrow, see it
not yet overdue, then overdue on the day after its due date, and overdue today once its
due date is moved to yesterday."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in
from ucj.monitoring.models import ActionItem, Visit

pytestmark = pytest.mark.e2e


def test_visit_with_an_action_item_that_turns_overdue(page, server, provinsi_user):
    today = timezone.localdate()
    log_in(page, server.url, provinsi_user.username, TEST_PASSWORD)
    page.get_by_test_id("nav-monitoring").click()
    expect(page.get_by_test_id("no-overdue")).to_be_visible()
    page.get_by_test_id("new-visit").first.click()

    form = page.get_by_test_id("visit-form")
    form.locator("select[name=regency]").select_option("61.01")
    form.locator("input[name=date]").fill(today.isoformat())
    form.locator("select[name=status]").select_option("done")
    form.locator("input[name=place]").fill("Aula Kantor Bupati Sambas")
    form.locator("textarea[name=minutes]").fill("Perangkat daerah sepakat menyusun Perda.")
    form.locator("textarea[name=findings]").fill("Belum ada Perda\nData honorer belum lengkap")
    page.get_by_test_id("save-visit").click()
    visit = Visit.objects.get()
    expect(page).to_have_url(f"{server.url}/pemantauan/kunjungan/{visit.pk}/")
    expect(page.get_by_test_id("findings").locator("li")).to_have_count(2)

    items = page.get_by_test_id("item-form")
    items.locator("input[name=title]").fill("Menyusun rancangan Perda")
    items.locator("select[name=owner_office]").select_option("hukum")
    items.locator("input[name=due_date]").fill((today + timedelta(days=1)).isoformat())
    page.get_by_test_id("add-item").click()
    item = ActionItem.objects.get()
    row = page.locator(f"#item-{item.pk}")
    expect(row).to_have_attribute("data-overdue", "false")
    expect(row.get_by_test_id("overdue-badge")).to_have_count(0)

    # The day after its due date it is overdue (the overview's "overdue on" date).
    page.get_by_test_id("nav-monitoring").click()
    expect(page.get_by_test_id("no-overdue")).to_be_visible()
    page.locator("input[name=tanggal]").fill((today + timedelta(days=2)).isoformat())
    page.locator("input[name=tanggal]").press("Enter")
    expect(page.get_by_test_id("overdue-items").locator(f"#item-{item.pk}")
           ).to_have_attribute("data-overdue", "true")

    # The agreed date was in fact yesterday: moved, the item is overdue today.
    page.goto(f"{server.url}/pemantauan/tindak-lanjut/{item.pk}/")
    expect(page.get_by_test_id("item")).to_have_attribute("data-overdue", "false")
    page.get_by_test_id("edit-item-form").locator("input[name=ubah-due_date]").fill(
        (today - timedelta(days=1)).isoformat())
    page.get_by_test_id("save-item").click()
    expect(page.get_by_test_id("item")).to_have_attribute("data-overdue", "true")
    expect(page.get_by_test_id("overdue-badge")).to_be_visible()
    page.get_by_test_id("nav-monitoring").click()
    overdue_row = page.get_by_test_id("overdue-items").locator(f"#item-{item.pk}")
    expect(overdue_row).to_have_class("overdue")
    expect(page.get_by_test_id("schedule").locator("tr[data-region='61.01']")
           ).to_have_class("overdue")
