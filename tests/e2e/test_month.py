"""A whole month of UCJ in a real browser, every role in its own browser window.

The Sambas operator uploads a messy workbook (a NIK Excel turned into 6.1E+15, a sex
column that contradicts the NIK, a village nobody knows) and proposes the new workers the
same day; a province verifier sees the intake warnings, corrects the sex, returns the
worker with the unknown village; the operator sends a corrected file and the worker back;
the verifier accepts; the head of section reviews and issues the decree, downloads the BPJS
file and records it as sent; BPJS imports its extract and reconciles; the worker page then
says "registered". Each role's home page is checked at every step, and the leader's summary
counts the decreed workers.

The screenshots go to $UCJ_SCREENSHOTS when set (`make screenshots` writes them to docs/img/ for
docs/panduan.md), otherwise to the test's temporary directory."""

from __future__ import annotations

import csv
import os
from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.conftest import TEST_PASSWORD
from tests.coverage.conftest import counts_csv
from tests.decrees.conftest import checker  # noqa: F401 (fixture)
from tests.e2e.conftest import log_in
from tests.membership.conftest import extract_csv
from ucj.accounts.models import Role
from ucj.budget import services as budget_services
from ucj.budget.models import Scenario, ScenarioRegency
from ucj.core.demo import generate_people, write_people
from ucj.coverage import services as coverage
from ucj.decrees.models import Decree, Proposal
from ucj.identity.nik import parse as parse_nik
from ucj.regions.models import Denominator, DenominatorKind
from ucj.registry.models import Worker

pytestmark = pytest.mark.e2e

SAMBAS = "61.01"
FUNDED = 10  # workers the adopted allocation gives Sambas


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("UCJ_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    def shoot(page: Page, name: str) -> None:
        page.screenshot(path=folder / f"bulan-{name}.png", full_page=True)
    return shoot


@pytest.fixture
def planned_year(kalbar, provinsi_user):
    """The province's coverage figures and a budget for the rest of this year whose
    allocation the province adopted (planning is tested in tests/e2e/test_budget.py)."""
    today = timezone.localdate()
    Denominator.objects.create(region_id=SAMBAS, year=today.year,
                               kind=DenominatorKind.BPS_EMPLOYED, value=291_000,
                               source="BPS (uji)", reference_date=today.replace(month=1, day=1))
    last_month = today.replace(day=1) - timedelta(days=1)  # the latest month BPJS reports
    coverage.import_counts(data=counts_csv([(SAMBAS, last_month.strftime("%Y-%m"),
                                             47_000, 20_000, 0, 0)]),
                           file_name="rekap.csv", today=today)
    budget = budget_services.create_budget(
        user=provinsi_user, name="Iuran pekerja rentan", fiscal_year=today.year,
        programme="rentan", funding_source="apbd_provinsi", holder="61",
        amount=FUNDED * 201_600, start_month=today.replace(day=1), months=13 - today.month,
        ecosystems=["rentan"])  # the rest of the year, from this month
    scenario = Scenario.objects.create(
        budget=budget, name="Usulan", policy="lowest_first", per_worker=201_600,
        affordable=FUNDED, funded=FUNDED, cost=FUNDED * 201_600)
    ScenarioRegency.objects.create(scenario=scenario, regency_id=SAMBAS, participants=0,
                                   eligible=FUNDED, funded=FUNDED, cost=FUNDED * 201_600)
    budget.adopted_scenario = scenario
    budget.save(update_fields=["adopted_scenario"])
    return budget


def _window(browser, server, user) -> Page:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    log_in(page, server.url, user.username, TEST_PASSWORD)
    return page


def _home(page: Page, server, waiting: dict[str, int]) -> None:
    """The home page lists exactly the work `waiting` (kind -> count)."""
    page.goto(f"{server.url}/")
    queue = page.get_by_test_id("queue")
    if not waiting:
        expect(queue.get_by_test_id("queue-empty")).to_be_visible()
        return
    expect(queue.locator("li[data-queue]")).to_have_count(len(waiting))
    for key, count in waiting.items():
        expect(queue.locator(f"li[data-queue={key}] .badge")).to_have_text(str(count))
    expect(page.get_by_test_id("badge-home")).to_have_text(str(sum(waiting.values())))


def _messy_workbook(path: Path) -> pl.DataFrame:
    """Seven Sambas workers as a regency types them: row 1's NIK became 6.10101E+15 in
    Excel, row 2's sex column contradicts the NIK, row 3's village is unknown."""
    people = generate_people(seed=27, persons=7, regency=SAMBAS)
    nik_sex = [parse_nik(nik).sex for nik in people["nik"]]
    row = pl.int_range(pl.len())
    messy = people.with_columns(
        nik=pl.when(row == 0).then(pl.lit("6.10101E+15")).otherwise(pl.col("nik")),
        jenis_kelamin=pl.when(row == 1)
        .then(pl.lit("P" if nik_sex[1] == "L" else "L")).otherwise(pl.col("jenis_kelamin")),
        desa_nama=pl.when(row == 2).then(pl.lit("Sungai Entah Berantah"))
        .otherwise(pl.col("desa_nama")),
        nama=pl.when(row == 3).then(pl.col("nama").str.to_lowercase() + "  ")
        .otherwise(pl.col("nama")),
    )
    write_people(messy, path)
    return people


def _upload(page: Page, server, path: Path) -> None:
    page.goto(f"{server.url}/")
    page.get_by_role("link", name="Kiriman").first.click()
    page.get_by_role("link", name="Unggah daftar pekerja").click()
    page.get_by_label("Ekosistem").select_option("rentan")
    page.get_by_label("Daftar pekerja (XLSX atau CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa kolom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa kolom")
    page.get_by_role("button", name="Konfirmasi dan proses").click()
    expect(page.get_by_test_id("progress")).to_have_attribute("data-status", "done",
                                                             timeout=60_000)


def test_a_month_of_work_for_every_role(browser, server, task_worker, planned_year,
                                        sambas_user, checker, provinsi_user,  # noqa: F811
                                        bpjs_user, pimpinan_user, tmp_path, shots):
    today = timezone.localdate()
    people = _messy_workbook(tmp_path / "daftar-pekerja-rentan-sambas.xlsx")
    mismatched_nik, unknown_desa_nik = people["nik"][1], people["nik"][2]
    assert checker.role == Role.PROVINSI

    regency = _window(browser, server, sambas_user)
    verifier = _window(browser, server, checker)
    lead = _window(browser, server, provinsi_user)
    bpjs = _window(browser, server, bpjs_user)
    leader = _window(browser, server, pimpinan_user)
    for page in (regency, verifier, lead, bpjs):
        _home(page, server, {})

    # 1. The regency uploads its messy workbook: one row refused, two with warnings.
    _upload(regency, server, tmp_path / "daftar-pekerja-rentan-sambas.xlsx")
    expect(regency.get_by_test_id("rows")).to_have_text("7")
    expect(regency.get_by_test_id("rejected")).to_have_text("1")
    expect(regency.get_by_test_id("reasons")).to_contain_text("NIK rusak oleh spreadsheet")
    shots(regency, "01-kiriman")

    # ... and proposes the six new workers the same day: not yet reconciled with BPJS,
    # they are candidates by default.
    regency.get_by_test_id("nav-decrees").click()
    regency.get_by_test_id(f"new-proposal-{planned_year.pk}").click()
    form = regency.get_by_test_id("proposal-form")
    form.locator("select[name=regency]").select_option(SAMBAS)
    form.locator("select[name=ecosystem]").select_option("rentan")
    regency.get_by_test_id("create-proposal").click()
    expect(regency.get_by_test_id("candidates").locator("tbody tr")).to_have_count(6)
    _home(regency, server, {"draft_proposals": 1})
    proposal = Proposal.objects.get()
    regency.goto(f"{server.url}/sk/usulan/{proposal.pk}/")
    regency.get_by_test_id("add-all").click()
    rows = regency.get_by_test_id("rows")
    expect(rows.locator("tr[data-status=pending]")).to_have_count(6)
    expect(rows.locator("tr[data-warnings*=sex_mismatch]")).to_have_count(1)
    expect(rows.locator("tr[data-warnings*=desa_unknown]")).to_have_count(1)
    shots(regency, "02-usulan")
    regency.get_by_test_id("submit-proposal").click()
    expect(regency.get_by_test_id("review-workers")).to_have_text("6")
    shots(regency, "03-tinjau-kirim")
    regency.get_by_test_id("review-confirm").check()
    regency.get_by_test_id("review-submit").click()
    expect(regency.get_by_test_id("proposal-status")).to_have_attribute("data-status",
                                                                         "submitted")
    _home(regency, server, {})
    _home(lead, server, {"to_verify": 1})

    # 2. The province verifier sees the warnings, corrects the sex the NIK states,
    # returns the worker whose village is unknown and accepts the other five.
    _home(verifier, server, {"to_verify": 1})
    shots(verifier, "04-beranda-verifikator")
    verifier.locator("li[data-queue=to_verify] a").click()
    expect(verifier).to_have_url(f"{server.url}/sk/usulan/{proposal.pk}/")
    mismatched = Worker.objects.get(nik=mismatched_nik)
    row = verifier.get_by_test_id("rows").locator("tr[data-warnings*=sex_mismatch]")
    expect(row.get_by_test_id("row-warnings")).to_contain_text("Jenis kelamin berbeda dengan NIK")
    row.locator("summary").click()
    right_sex = parse_nik(mismatched_nik).sex
    row.locator("select[name=sex]").select_option(right_sex)
    row.locator("input[name=reason]").fill("Jenis kelamin menurut NIK")
    shots(verifier, "05-koreksi")
    row.get_by_test_id("save-correction").click()
    mismatched.refresh_from_db()
    expect(verifier.locator(".message").first).to_be_visible()
    assert mismatched.sex == right_sex

    unknown = verifier.get_by_test_id("rows").locator("tr[data-warnings*=desa_unknown]")
    unknown.locator("input[type=checkbox]").check()
    verifier.get_by_test_id("return-reason").fill(
        "Desa tidak dikenal: kirim ulang baris ini dengan nama desa yang benar")
    verifier.get_by_test_id("return").click()
    rows = verifier.get_by_test_id("rows")
    expect(rows.locator("tr[data-status=returned]")).to_have_count(1)
    verifier.get_by_test_id("scope-all").check()
    verifier.get_by_test_id("accept").click()
    expect(rows.locator("tr[data-status=accepted]")).to_have_count(5)
    _home(verifier, server, {})

    # 3. The regency finds the returned worker on its home page, sends a corrected
    # file for him and sends him back.
    _home(regency, server, {"returned_rows": 1})
    shots(regency, "06-beranda-dikembalikan")
    corrected = people.filter(pl.col("nik") == unknown_desa_nik)
    write_people(corrected, tmp_path / "perbaikan.csv")
    _upload(regency, server, tmp_path / "perbaikan.csv")
    expect(regency.get_by_test_id("rejected")).to_have_text("0")
    assert Worker.objects.get(nik=unknown_desa_nik).desa_id == corrected["desa_kode"][0]
    _home(regency, server, {"returned_rows": 1})
    regency.locator("li[data-queue=returned_rows] a").click()
    regency.get_by_test_id("resubmit").click()
    expect(regency.get_by_test_id("proposal-status")).to_have_attribute("data-status",
                                                                         "submitted")
    _home(regency, server, {})

    _home(verifier, server, {"to_verify": 1})
    verifier.locator("li[data-queue=to_verify] a").click()
    verifier.get_by_test_id("scope-all").check()
    verifier.get_by_test_id("accept").click()
    expect(verifier.get_by_test_id("rows").locator("tr[data-status=accepted]")).to_have_count(6)
    expect(verifier.get_by_test_id("proposal-status")).to_have_attribute("data-status",
                                                                         "verified")

    # 4. The head of section drafts the decree, reviews what it commits and issues it.
    lead.get_by_test_id("nav-decrees").click()
    lead.get_by_test_id(f"new-decree-{planned_year.pk}").click()
    form = lead.get_by_test_id("decree-form")
    form.locator("input[name=number]").fill(f"188.44/77/{today.year}")
    form.locator("input[name=signed_on]").fill(today.isoformat())
    form.locator("input[name=signatory_name]").fill("Gubernur Contoh")
    lead.get_by_test_id("save-decree").click()
    expect(lead.get_by_test_id("planned-count")).to_contain_text("6")
    _home(lead, server, {"decrees_to_issue": 1})
    lead.locator("li[data-queue=decrees_to_issue] a").click()
    lead.get_by_test_id("issue-decree").click()
    expect(lead.get_by_test_id("review-workers")).to_have_text("6")
    shots(lead, "07-tinjau-sk")
    lead.get_by_test_id("review-confirm").check()
    lead.get_by_test_id("review-submit").click()
    expect(lead.get_by_test_id("decree-status")).to_have_attribute("data-status", "issued")
    decree = Decree.objects.get()
    _home(lead, server, {"decrees_to_send": 1})
    lead.locator("li[data-queue=decrees_to_send] a").click()
    with lead.expect_download() as download:
        lead.get_by_test_id("download-csv").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        sent = {line["NIK"]: line for line in csv.DictReader(file)}
    assert len(sent) == 6 and unknown_desa_nik in sent
    assert sent[mismatched_nik]["JENIS_KELAMIN"] == right_sex  # the corrected sex travels
    lead.get_by_test_id("sent-form").locator("input[name=sent_on]").fill(
        today.isoformat())
    lead.get_by_test_id("mark-sent").click()
    lead.get_by_test_id("review-confirm").check()
    lead.get_by_test_id("review-submit").click()
    expect(lead.get_by_test_id("decree-status")).to_have_attribute("data-status", "sent")
    shots(lead, "08-sk-dikirim")
    _home(lead, server, {})

    # The leader's summary counts the decreed workers of the year.
    leader.goto(f"{server.url}/")
    expect(leader.get_by_test_id("summary-decreed")).to_have_text("6")
    expect(leader.get_by_test_id("summary-spent")).to_have_text(
        f"Rp{6 * decree.premium_per_worker:,}".replace(",", "."))
    shots(leader, "09-ringkasan-pimpinan")

    # 5. BPJS sees the six workers waiting, imports its extract and reconciles.
    _home(bpjs, server, {"awaiting_registration": 6})
    shots(bpjs, "10-beranda-bpjs")
    extract = tmp_path / "ekstrak-bpjs.csv"
    extract.write_bytes(extract_csv([
        (nik, f"2600000{i}", name.strip(), born.strftime("%d-%m-%Y"), "BPU", "AKTIF",
         f"{today.year}-{today.month:02d}", SAMBAS)
        for i, (nik, name, born) in enumerate(people.select("nik", "nama", "tanggal_lahir")
                                              .slice(1).iter_rows())]))
    bpjs.get_by_role("link", name="Kepesertaan BPJS").click()
    bpjs.get_by_test_id("upload-extract").click()
    bpjs.get_by_label("Tanggal ekstrak").fill(today.isoformat())
    bpjs.get_by_label("Ekstrak peserta (XLSX atau CSV)").set_input_files(str(extract))
    bpjs.get_by_role("button", name="Unggah dan periksa").click()
    expect(bpjs.get_by_test_id("progress")).to_have_attribute("data-status", "done",
                                                             timeout=60_000)
    expect(bpjs.get_by_test_id("rejected")).to_have_text("0")
    bpjs.get_by_role("button", name="Rekonsiliasi", exact=True).click()
    expect(bpjs.get_by_test_id("progress")).to_have_attribute("data-status", "done",
                                                             timeout=120_000)
    expect(bpjs.get_by_test_id("total-active")).to_have_text("6")
    _home(bpjs, server, {})

    # 6. The worker page says "registered", for the regency as for the province.
    worker = Worker.objects.get(nik=unknown_desa_nik)
    for page in (regency, verifier):
        page.goto(f"{server.url}/registri/pekerja/{worker.pk}/")
        expect(page.get_by_test_id("stage")).to_have_attribute("data-stage", "registered")
    expect(regency.get_by_test_id("stage")).to_contain_text(decree.number)
    shots(regency, "11-pekerja-terdaftar")
    _home(regency, server, {})
    _home(verifier, server, {})

