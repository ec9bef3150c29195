"""The BPJS registration file people open: XLSX with NIKs as text, the ecosystem in
words, and the optional columns (place of birth, mother's maiden name, phone, job type)
carried from a regency's uploaded workbook (DOMAIN.md, "BPJS collective registration")."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ucj.accounts.models import AuditEvent
from ucj.decrees import annex, registration
from ucj.registry import services as registry
from ucj.registry.models import Ecosystem, Worker

pytestmark = pytest.mark.django_db


def _upload_optional_columns() -> tuple[Worker, Worker]:
    """Sambas sends D and E again, as another system exports them: with the optional
    columns under their Indonesian titles."""
    d, e = Worker.objects.filter(name__in=["Warga Sambas D", "Warga Sambas E"]).order_by("name")
    book = Workbook()
    sheet = book.active
    sheet.append(["DAFTAR PEKERJA RENTAN KABUPATEN SAMBAS"])
    sheet.append([])
    sheet.append(["No", "NIK", "Nama", "Tanggal Lahir", "Tempat Lahir", "Nama Ibu Kandung",
                  "No HP", "Jenis Pekerjaan"])
    sheet.append([1, d.nik, d.name, d.birth_date.strftime("%d-%m-%Y"), "Sambas",
                  "Siti  Aminah", "0812 3456 7890", "Petani"])
    sheet.append([2, e.nik, e.name, e.birth_date.strftime("%d-%m-%Y"), "Pemangkat",
                  "Rahmah", "+6281398765432", "Nelayan"])
    for row in (4, 5):
        sheet.cell(row, 2).number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    summary = registry.import_file(data=buffer.getvalue(), file_name="sambas-lengkap.xlsx",
                                   regency_code="61.01", ecosystem_code="rentan")
    assert (summary.submission.rows, summary.submission.rejected) == (2, 0)
    d.refresh_from_db()
    e.refresh_from_db()
    return d, e


def test_optional_columns_are_read_at_intake(issued):
    d, e = _upload_optional_columns()
    assert (d.birth_place, d.mother_name, d.phone, d.position) == (
        "Sambas", "Siti Aminah", "081234567890", "Petani")
    assert (e.birth_place, e.mother_name, e.phone, e.position) == (
        "Pemangkat", "Rahmah", "081398765432", "Nelayan")


def test_registration_xlsx_has_text_niks_words_and_the_optional_columns(issued, provinsi_user):
    d, e = _upload_optional_columns()
    document = registration.registration_xlsx(provinsi_user, issued)
    assert document.file_name.endswith(".xlsx") and document.rows == 4
    sheet = load_workbook(io.BytesIO(document.content))["Pendaftaran"]
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == annex.CSV_COLUMNS
    column = {name: index for index, name in enumerate(annex.CSV_COLUMNS)}
    by_nik = {}
    for row in rows[1:]:
        nik_cell = row[column["NIK"]]
        # A string of 16 digits in a text cell: Excel shows it whole, never 6.1E+15.
        assert isinstance(nik_cell.value, str) and len(nik_cell.value) == 16
        assert nik_cell.value.isdigit() and nik_cell.number_format == "@"
        assert row[column["NO_HP"]].number_format == "@"
        assert isinstance(row[column["IURAN"]].value, int)
        by_nik[nik_cell.value] = {name: row[i].value for name, i in column.items()}
    assert set(by_nik) == set(issued.annex.values_list("nik", flat=True))
    rentan = Ecosystem.objects.get(code="rentan").name
    first = by_nik[d.nik]
    assert (first["TEMPAT_LAHIR"], first["NAMA_IBU_KANDUNG"], first["NO_HP"],
            first["JENIS_PEKERJAAN"]) == ("Sambas", "Siti Aminah", "081234567890", "Petani")
    assert (first["KODE_EKOSISTEM"], first["EKOSISTEM"]) == ("rentan", rentan)
    assert rentan != "rentan"  # words, not the code
    assert by_nik[e.nik]["NAMA_IBU_KANDUNG"] == "Rahmah"
    # A worker whose list had no optional columns gets empty cells.
    other = next(v for k, v in by_nik.items() if k not in (d.nik, e.nik))
    assert other["NAMA_IBU_KANDUNG"] in ("", None) and other["TEMPAT_LAHIR"] in ("", None)
    info = dict(load_workbook(io.BytesIO(document.content))["Keterangan"].iter_rows(
        values_only=True))
    assert info["SHA-256 lampiran"] == issued.annex_sha256


def test_the_csv_carries_the_same_columns_and_its_hash_still_holds(issued, provinsi_user):
    d, _e = _upload_optional_columns()
    document = registration.registration_csv(provinsi_user, issued)
    frame = pl.read_csv(io.BytesIO(document.content), infer_schema=False)
    assert frame.columns == annex.CSV_COLUMNS
    row = frame.filter(pl.col("NIK") == d.nik).row(0, named=True)
    assert (row["NAMA_IBU_KANDUNG"], row["NO_HP"], row["EKOSISTEM"]) == (
        "Siti Aminah", "081234567890", Ecosystem.objects.get(code="rentan").name)
    # The optional columns are not hashed: the annex hash is recomputed from the CSV.
    assert annex.hash_of_bpjs_csv(document.content) == (issued.annex_sha256, 4)
    # A CSV made before the ecosystem was written in words (code in EKOSISTEM).
    old = frame.drop("EKOSISTEM").rename({"KODE_EKOSISTEM": "EKOSISTEM"})
    buffer = io.BytesIO()
    old.write_csv(buffer)
    assert annex.hash_of_bpjs_csv(buffer.getvalue()) == (issued.annex_sha256, 4)


def test_download_page_and_who_may_have_the_file(issued, client_for, provinsi_user,
                                                 sambas_user, pimpinan_user):
    url = reverse("decrees:decree_registration_xlsx", args=[issued.pk])
    page = client_for(provinsi_user).get(reverse("decrees:decree", args=[issued.pk]))
    assert url in page.text
    response = client_for(provinsi_user).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert AuditEvent.objects.filter(actor=provinsi_user, detail__file="bpjs_xlsx",
                                     detail__rows=4).exists()
    for user in (sambas_user, pimpinan_user):
        assert client_for(user).get(url).status_code == 404


def test_mother_name_and_phone_are_masked_for_leaders_and_kept_out_of_lists(
        issued, client_for, provinsi_user, pimpinan_user):
    d, _e = _upload_optional_columns()
    page = reverse("registry:worker", args=[d.pk])
    full = client_for(provinsi_user).get(page).text
    assert "Siti Aminah" in full and "081234567890" in full and "Sambas" in full
    masked = client_for(pimpinan_user).get(page).text
    assert "Siti Aminah" not in masked and "S*** A*****" in masked
    assert "081234567890" not in masked and "0812******90" in masked
    listing = client_for(provinsi_user).get(reverse("registry:workers")).text
    assert "Warga Sambas D" in listing
    assert "Siti Aminah" not in listing and "081234567890" not in listing
    api = client_for(provinsi_user).get("/api/registry/workers").json()
    assert api and not any("Siti Aminah" in str(w) or "081234567890" in str(w) for w in api)


def test_bpjs_xlsx_alone_from_an_annex_frame():
    frame = pl.DataFrame([{
        "number": 1, "worker_id": 1, "nik": "6101014107900001", "name": "SITI",
        "birth_date": date(1990, 7, 1), "sex": "P", "desa_code": "61.01.01.2001",
        "desa": "Sebubus", "kecamatan": "Paloh", "regency_code": "61.01",
        "regency": "Kabupaten Sambas", "ecosystem_code": "rentan",
        "ecosystem": "Pekerja rentan", "start_month": date(2025, 1, 1), "months": 12,
        "premium": 201_600, "change": ""}], schema=annex.ANNEX_SCHEMA)
    sheet = load_workbook(io.BytesIO(annex.bpjs_xlsx(
        frame, programme="BPU JKK+JKM", declared_income=1_000_000)))["Pendaftaran"]
    values = dict(zip(annex.CSV_COLUMNS, next(sheet.iter_rows(min_row=2, values_only=True)),
                      strict=True))
    assert values["NIK"] == "6101014107900001" and values["EKOSISTEM"] == "Pekerja rentan"
    assert values["IURAN"] == 201_600 and values["UPAH_DILAPORKAN"] == 1_000_000
    assert values["TEMPAT_LAHIR"] in ("", None)
