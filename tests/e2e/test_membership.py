"""A BPJS officer imports an extract in the browser, reconciles, and reviews links."""

import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in
from tests.membership.conftest import extract_csv, register
from tests.membership.test_services import JOKO, PEOPLE, RINA, june_rows

pytestmark = pytest.mark.e2e


def test_import_reconcile_and_review_side_by_side(page, server, task_worker, bpjs_user,
                                                  tmp_path):
    register(PEOPLE)
    path = tmp_path / "ekstrak-juni.csv"
    path.write_bytes(extract_csv(june_rows()))

    log_in(page, server.url, bpjs_user.username, TEST_PASSWORD)
    page.get_by_role("link", name="Kepesertaan BPJS").click()
    expect(page.get_by_test_id("no-reconciliation")).to_be_visible()
    page.get_by_test_id("upload-extract").click()
    page.get_by_label("Tanggal ekstrak").fill("2026-06-30")
    page.get_by_label("Ekstrak peserta (XLSX atau CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("progress")).to_have_attribute("data-status", "done",
                                                             timeout=60_000)
    expect(page.get_by_test_id("rejected")).to_have_text("0")

    # Strict thresholds: the two NIK typos wait for a reviewer instead of being linked.
    page.get_by_text("Ambang pencocokan probabilistik").click()
    page.get_by_label("Tautkan otomatis mulai peluang").fill("0.999999999")
    page.get_by_label("Kirim ke tinjauan mulai peluang").fill("0.05")
    page.get_by_role("button", name="Rekonsiliasi", exact=True).click()
    expect(page.get_by_test_id("progress")).to_have_attribute("data-status", "done",
                                                             timeout=120_000)
    expect(page.get_by_test_id("total-workers")).to_have_text("8")
    expect(page.get_by_test_id("coverage-chart").locator("svg.marks")).to_be_visible()
    active_before = int(page.get_by_test_id("total-active").inner_text())

    page.get_by_test_id("total-review").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tautan untuk ditinjau")
    rina = page.get_by_test_id("candidate").filter(has_text=RINA.name)
    joko = page.get_by_test_id("candidate").filter(has_text=JOKO.name)
    # The evidence side by side: the registry's NIK and the extract's NIK differ.
    expect(rina).to_contain_text(RINA.nik)
    rina.get_by_test_id("confirm").click()
    expect(rina).to_have_attribute("data-state", "confirmed")
    joko.get_by_test_id("reject").click()
    expect(joko).to_have_attribute("data-state", "rejected")

    page.get_by_role("link", name="Kembali ke rekonsiliasi").click()
    expect(page.get_by_test_id("total-active")).to_have_text(str(active_before + 1))
