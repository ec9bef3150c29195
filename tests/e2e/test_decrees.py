"""Decrees in a real browser: a regency operator proposes three workers and submits; a
second province officer accepts them; the head of section drafts the decree, issues it
and downloads the PDF and the BPJS registration file."""

import pytest
from playwright.sync_api import expect

from tests.budget.conftest import budget, province  # noqa: F401 (fixtures)
from tests.conftest import TEST_PASSWORD
from tests.decrees.conftest import adopted, checker, worker_ids  # noqa: F401 (fixtures)
from tests.e2e.conftest import log_in
from ucj.decrees.models import Decree, Proposal

pytestmark = pytest.mark.e2e


def _page(browser, server, user):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    log_in(page, server.url, user.username, TEST_PASSWORD)
    return page


def test_submit_verify_issue_download(browser, server, adopted, sambas_user,  # noqa: F811
                                      checker, provinsi_user):  # noqa: F811
    regency = _page(browser, server, sambas_user)
    regency.get_by_test_id("nav-decrees").click()
    regency.get_by_test_id(f"new-proposal-{adopted.pk}").click()
    form = regency.get_by_test_id("proposal-form")
    form.locator("select[name=regency]").select_option("61.01")
    form.locator("select[name=ecosystem]").select_option("rentan")
    regency.get_by_test_id("create-proposal").click()
    proposal = Proposal.objects.get()
    expect(regency).to_have_url(f"{server.url}/sk/usulan/{proposal.pk}/")
    for worker in worker_ids("D", "E", "F"):
        regency.locator(f"tr[data-worker='{worker}'] input[type=checkbox]").check()
    regency.get_by_test_id("add-selected").click()
    expect(regency.get_by_test_id("rows").locator("tr[data-status=pending]")).to_have_count(3)
    regency.get_by_test_id("submit-proposal").click()
    # The review states what will happen; the step needs the box ticked.
    expect(regency.get_by_test_id("review-workers")).to_have_text("3")
    regency.get_by_test_id("review-confirm").check()
    regency.get_by_test_id("review-submit").click()
    expect(regency.get_by_test_id("proposal-status")).to_have_attribute("data-status",
                                                                         "submitted")
    expect(regency.get_by_test_id("verify-panel")).to_have_count(0)

    verifier = _page(browser, server, checker)
    verifier.goto(f"{server.url}/sk/usulan/{proposal.pk}/")
    verifier.get_by_test_id("scope-all").check()
    verifier.get_by_test_id("accept").click()
    expect(verifier.get_by_test_id("rows").locator("tr[data-status=accepted]")).to_have_count(3)
    expect(verifier.get_by_test_id("proposal-status")).to_have_attribute("data-status",
                                                                         "verified")

    lead = _page(browser, server, provinsi_user)
    lead.get_by_test_id("nav-decrees").click()
    lead.get_by_test_id(f"new-decree-{adopted.pk}").click()
    form = lead.get_by_test_id("decree-form")
    form.locator("input[name=number]").fill("188.44/15/2025")
    form.locator("input[name=signed_on]").fill("2025-01-02")
    form.locator("input[name=signatory_name]").fill("Gubernur Contoh")
    lead.get_by_test_id("save-decree").click()
    expect(lead.get_by_test_id("planned-count")).to_contain_text("3")
    lead.get_by_test_id("issue-decree").click()
    expect(lead.get_by_test_id("review-workers")).to_have_text("3")
    lead.get_by_test_id("review-confirm").check()
    lead.get_by_test_id("review-submit").click()
    expect(lead.get_by_test_id("decree-status")).to_have_attribute("data-status", "issued")
    decree = Decree.objects.get()
    expect(lead.get_by_test_id("annex-sha256")).to_have_text(decree.annex_sha256)
    expect(lead.get_by_test_id("beneficiaries").locator("tbody tr")).to_have_count(3)
    with lead.expect_download() as pdf:
        lead.get_by_test_id("download-pdf").click()
    assert pdf.value.suggested_filename == "sk-188-44-15-2025.pdf"
    with open(pdf.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    with lead.expect_download() as csv:
        lead.get_by_test_id("download-csv").click()
    with open(csv.value.path(), "rb") as file:
        assert file.readline().startswith(b"NO,NIK,NAMA")

    # Record as sent: the date field holds an ISO date the browser accepts; the review
    # asks for the confirmation and the decree page says what was recorded.
    lead.get_by_test_id("sent-form").locator("input[name=sent_on]").fill("2026-12-03")
    lead.get_by_test_id("mark-sent").click()
    expect(lead.get_by_test_id("review-form").locator("input[name=sent_on]")).to_have_value(
        "2026-12-03")
    lead.get_by_test_id("review-confirm").check()
    lead.get_by_test_id("review-submit").click()
    expect(lead.get_by_test_id("decree-status")).to_have_attribute("data-status", "sent")
    expect(lead.locator(".message").first).to_contain_text("3 Desember 2026")
