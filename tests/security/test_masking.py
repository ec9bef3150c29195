"""Issue 14, item 4: a role that sees masked NIKs (pimpinan) cannot unmask them.

For every kind of answer (page, JSON, XLSX, CSV, PDF) a leader gets no full NIK and no
full birth date (NIK digits 7-12 are the birth date: a date shown next to a masked NIK
gives half of the mask back), only the birth year; the roles that work with people keep
both. A leader's NIK search takes the 6-digit region prefix at most, on the page and in
the API, so a whole NIK cannot be found one digit at a time. Real data (the access
world), real files read back (XLSX with polars, PDF with pypdf)."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import polars as pl
import pytest
from django.test import Client

from ucj.registry import services as registry_services

from .samples import _decree, _mapping
from .test_access import answer_text, birth_date_pattern
from .world import KUBU_RAYA, SAMBAS

FULL_ROLES = ["provinsi", "kabupaten_sambas", "bpjs"]


def client(world, role: str) -> Client:
    signed_in = Client()
    signed_in.force_login(world.users[role])
    return signed_in


def masked(nik: str) -> str:
    return nik[:4] + "*" * 8 + nik[-4:]


def assert_nothing_unmasked(world, text: str, *, where: str) -> None:
    """No full NIK and no full birth date of anyone in the world appears in `text`."""
    for regency in (SAMBAS, KUBU_RAYA):
        for person in world.personal(regency):
            assert person.nik not in text, f"{where}: full NIK of {person.name}"
            found = birth_date_pattern(person.born).search(text)
            assert found is None, f"{where}: birth date of {person.name} ({found and found[0]})"


def xlsx_frame(content: bytes) -> pl.DataFrame:
    return pl.read_excel(io.BytesIO(content), sheet_id=1)


# --- pages --------------------------------------------------------------------------------


def test_a_leader_sees_masked_niks_and_birth_years_on_the_worker_pages(world):
    siti = world.people[SAMBAS][0]
    worker = world.objects[SAMBAS]["worker"]
    leader = client(world, "pimpinan")
    for url in ["/registri/?name=Siti+Sambasuji", f"/registri/pekerja/{worker.pk}/"]:
        response = leader.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert_nothing_unmasked(world, text, where=url)
        assert masked(siti.nik) in text and "Siti Sambasuji" in text
        assert ">1990<" in text and "Tahun lahir" in text
    for role in FULL_ROLES:
        text = client(world, role).get(f"/registri/pekerja/{worker.pk}/").content.decode()
        assert siti.nik in text and "01-07-1990" in text and "Tanggal lahir" in text, role


def test_a_leader_sees_the_first_rows_of_an_upload_masked(world):
    """The column-mapping page shows the raw first rows of the file (NIK, name, birth date
    twice, as typed): masked for a leader, whole for the regency's operator."""
    submission = _mapping(world, SAMBAS)
    url = f"/registri/kiriman/{submission.pk}/kolom/"
    text = client(world, "pimpinan").get(url).content.decode()
    assert_nothing_unmasked(world, text, where=url)
    for person in world.people[SAMBAS]:
        assert masked(person.nik) in text and person.name in text
    assert text.count(">1990<") >= 2  # Siti's date in both date columns, as the year
    operator = client(world, "kabupaten_sambas").get(url).content.decode()
    siti = world.people[SAMBAS][0]
    assert siti.nik in operator and "01-07-1990" in operator and "1990-07-01" in operator


def test_a_leader_reads_row_messages_with_dates_cut_to_the_year(world):
    """A rejected row's message quotes what was typed (here a birth date that differs
    from the NIK's): the leader reads the years only."""
    siti = world.people[SAMBAS][0]
    other_nik = siti.nik[:-4] + "0999"
    data = (f"NIK,NAMA,TANGGAL LAHIR\n{other_nik},,02-07-1990\n"
            f"{siti.nik},{siti.name},1990-07-01\n").encode()
    submission = registry_services.import_file(
        data=data, file_name="pesan.csv", regency_code=SAMBAS, ecosystem_code="rentan",
        user=world.users["kabupaten_sambas"]).submission
    row = submission.row_results.get(verdict="rejected")
    assert "02-07-1990" in row.message and "01-07-1990" in row.message  # what is stored
    for url in [f"/registri/kiriman/{submission.pk}/",
                f"/api/registry/submissions/{submission.pk}/rows?verdict=rejected"]:
        text = client(world, "pimpinan").get(url).content.decode()
        assert "02-07-1990" not in text and "01-07-1990" not in text, url
        assert "(1990)" in text, url
        assert other_nik not in text, url
        whole = client(world, "kabupaten_sambas").get(url).content.decode()
        assert "02-07-1990" in whole and "01-07-1990" in whole, url


# --- JSON ---------------------------------------------------------------------------------


def test_a_leader_gets_masked_niks_and_birth_years_from_the_api(world):
    siti = world.people[SAMBAS][0]
    response = client(world, "pimpinan").get("/api/registry/workers?name=Siti+Sambasuji")
    assert response.status_code == 200
    assert_nothing_unmasked(world, response.content.decode(), where="API workers")
    [found] = response.json()
    assert found["nik"] == masked(siti.nik)
    assert found["birth_date"] is None and found["birth_year"] == 1990
    for role in FULL_ROLES:
        [whole] = client(world, role).get("/api/registry/workers?name=Siti+Sambasuji").json()
        assert whole["nik"] == siti.nik and whole["birth_date"] == "1990-07-01", role
        assert whole["birth_year"] == 1990


def test_the_api_describes_birth_date_and_year(world):
    schema = client(world, "pimpinan").get("/api/openapi.json").json()
    worker = schema["components"]["schemas"]["WorkerOut"]["properties"]
    assert {"nik", "birth_date", "birth_year"} <= set(worker)
    assert "null for roles" in worker["birth_date"]["description"]


# --- XLSX ---------------------------------------------------------------------------------


def test_a_leader_downloads_membership_lists_with_masked_niks_and_birth_years(world):
    """Rina and Joko are not in the BPJS extract: the not-enrolled list names them."""
    run = world.shared["reconciliation"]
    rina = world.people[SAMBAS][2]
    urls = [f"/kepesertaan/rekonsiliasi/{run.pk}/unduh/not_enrolled.xlsx?wilayah=61.01",
            f"/api/membership/reconciliations/{run.pk}/workbook?regency=61.01"]
    for url in urls:
        response = client(world, "pimpinan").get(url)
        assert response.status_code == 200, url
        assert_nothing_unmasked(world, answer_text(response), where=url)
        frame = xlsx_frame(response.content)
        assert "Tahun lahir" in frame.columns, frame.columns
        row = frame.filter(pl.col("Nama") == rina.name).row(0, named=True)
        assert row["NIK"] == masked(rina.nik) and row["Tahun lahir"] == 1992
        whole = xlsx_frame(client(world, "provinsi").get(url).content)
        row = whole.filter(pl.col("Nama") == rina.name).row(0, named=True)
        assert row["NIK"] == rina.nik and row["Tanggal lahir"] == date(1992, 5, 17)


def test_a_leader_gets_no_checked_file_and_a_masked_annex_workbook(world):
    submission = world.objects[SAMBAS]["submission"]
    leader = client(world, "pimpinan")
    assert leader.get(f"/registri/kiriman/{submission.pk}/hasil.xlsx").status_code == 404
    decree = _decree(world, SAMBAS)
    response = leader.get(f"/sk/keputusan/{decree.pk}/lampiran.xlsx")
    assert response.status_code == 200
    assert_nothing_unmasked(world, answer_text(response), where="annex workbook")
    joko = world.people[SAMBAS][3]  # not yet active, so a beneficiary (Siti is active)
    assert masked(joko.nik) in answer_text(response) and joko.name in answer_text(response)


# --- CSV and PDF --------------------------------------------------------------------------


def test_the_registration_csv_with_full_data_is_refused_to_a_leader(world):
    decree = _decree(world, SAMBAS)
    joko = world.people[SAMBAS][3]
    for url in [f"/sk/keputusan/{decree.pk}/pendaftaran-bpjs.csv",
                f"/api/decrees/decrees/{decree.pk}/csv",
                f"/sk/keputusan/{decree.pk}/pendaftaran-bpjs.xlsx",
                f"/api/decrees/decrees/{decree.pk}/registration.xlsx"]:
        refused = client(world, "pimpinan").get(url)
        assert refused.status_code in (403, 404), url
        assert_nothing_unmasked(world, answer_text(refused), where=url)
        whole = client(world, "provinsi").get(url)
        assert whole.status_code == 200, url
        assert joko.nik in answer_text(whole)
        if url.endswith(".xlsx"):  # the birth date is a real date cell there
            cells = {cell for row in openpyxl.load_workbook(io.BytesIO(whole.content))
                     ["Pendaftaran"].iter_rows(values_only=True) for cell in row}
            assert datetime(1970, 8, 9) in cells
        else:
            assert "1970-08-09" in answer_text(whole)


def test_a_leader_reads_the_decree_pdf_with_masked_niks(world):
    decree = _decree(world, SAMBAS)
    for url in [f"/sk/keputusan/{decree.pk}/sk.pdf", f"/api/decrees/decrees/{decree.pk}/pdf"]:
        response = client(world, "pimpinan").get(url)
        assert response.status_code == 200, url
        text = answer_text(response)
        assert "Joko Sambasuji" in text, url  # the beneficiaries are in it
        assert_nothing_unmasked(world, text, where=url)


# --- NIK search ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["6101011", "61010107", "6101-0101-0790", "whole NIK"])
def test_a_leader_searching_by_more_than_the_region_prefix_is_refused(world, typed):
    siti = world.people[SAMBAS][0]
    typed = siti.nik if typed == "whole NIK" else typed
    leader = client(world, "pimpinan")
    page = leader.get("/registri/", {"nik": typed})
    assert page.status_code == 200
    text = page.content.decode()
    assert "hanya boleh mencari NIK dengan 6 digit pertamanya" in text
    assert "Sambasuji" not in text and "Kuburayuji" not in text
    api = leader.get("/api/registry/workers", {"nik": typed})
    assert api.status_code == 422
    assert "6 digit" in api.json()["detail"]


def test_a_leader_may_search_by_the_region_prefix_and_the_others_by_any_prefix(world):
    siti = world.people[SAMBAS][0]
    prefix = siti.nik[:6]
    leader = client(world, "pimpinan")
    text = leader.get("/registri/", {"nik": prefix}).content.decode()
    assert "Siti Sambasuji" in text and "Kuburayuji" not in text
    assert "6 digit pertamanya" not in text
    found = leader.get("/api/registry/workers", {"nik": prefix}).json()
    assert {w["name"] for w in found} >= {p.name for p in world.people[SAMBAS]}
    for role in FULL_ROLES:
        [whole] = client(world, role).get("/api/registry/workers", {"nik": siti.nik}).json()
        assert whole["nik"] == siti.nik, role
        assert "Siti Sambasuji" in client(world, role).get(
            "/registri/", {"nik": siti.nik}).content.decode(), role

