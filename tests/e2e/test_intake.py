import io

import openpyxl
import polars as pl
import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import log_in
from ucj.core.demo import generate_people, write_people

pytestmark = pytest.mark.e2e


def test_upload_confirm_wait_and_download_the_error_workbook(page, server, task_worker,
                                                             sambas_user, tmp_path):
    people = generate_people(seed=3, persons=12, regency="61.01")
    damaged = people.with_columns(
        nik=pl.when(pl.int_range(pl.len()) == 2).then(pl.lit("6.10101E+15"))
        .otherwise(pl.col("nik")))
    workbook = tmp_path / "daftar-perangkat-desa.xlsx"
    write_people(damaged, workbook)

    log_in(page, server.url, sambas_user.username, TEST_PASSWORD)
    page.get_by_role("link", name="Kiriman").first.click()
    page.get_by_role("link", name="Unggah daftar pekerja").click()
    page.get_by_label("Ekosistem").select_option("perangkat_desa")
    page.get_by_label("Daftar pekerja (XLSX atau CSV)").set_input_files(str(workbook))
    page.get_by_role("button", name="Unggah dan periksa kolom").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa kolom")
    expect(page.get_by_test_id("preview")).to_contain_text(people["nama"][0])
    page.get_by_role("button", name="Konfirmasi dan proses").click()

    expect(page.get_by_test_id("progress")).to_have_attribute("data-status", "done",
                                                             timeout=60_000)
    expect(page.get_by_test_id("rows")).to_have_text("12")
    expect(page.get_by_test_id("rejected")).to_have_text("1")
    expect(page.get_by_test_id("reasons")).to_contain_text("NIK rusak oleh spreadsheet")

    with page.expect_download() as download_info:
        page.get_by_test_id("download-problems").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    rows = list(book["Hasil pemeriksaan"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][-3] == "DITOLAK" and "nik_scientific" in rows[0][-2]
