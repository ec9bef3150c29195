"""The monthly report PDF: it opens and carries the figures, with their sources."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from tests.membership.conftest import extract_csv, participant, register
from tests.membership.test_services import PEOPLE, SITI, TONO
from ucj.accounts.models import Role, User
from ucj.coverage import report
from ucj.membership import services as membership

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())  # lines joined, spacing normalised


def reader() -> User:
    return User(username="uji-laporan", role=Role.PROVINSI, is_active=True)


def test_regency_report_carries_the_headline_figures(sambas_counts):
    built = report.build(reader(), "61.01", date(2026, 6, 1))
    assert built.pdf.startswith(b"%PDF") and built.file_name == "laporan-cakupan-61.01-2026-06.pdf"
    pages, text = pdf_text(built.pdf)
    assert pages >= 1
    assert "Laporan Bulanan Cakupan Jaminan Sosial Ketenagakerjaan" in text
    assert "Kabupaten Sambas" in text and "Juni 2026" in text
    assert "23,02 %" in text  # 67,000 / 291,000
    assert "67.000" in text and "291.000" in text
    assert "BPS Sambas (uji)" in text and "31 Agustus 2025" in text  # denominator provenance
    assert "Peserta aktif (pembilang): BPJS Ketenagakerjaan" in text  # numerator source
    assert "65,77 %" in text and "124.391 orang" in text  # target and gap
    assert "tidak sebelum 2030" in text  # 1,000 a month is too slow
    assert "Kecamatan" in text and "Sajad" in text  # Sambas's kecamatan from the registry


def test_regency_report_has_the_ecosystem_table_of_the_latest_reconciliation(sambas_counts):
    register(PEOPLE)
    membership.import_extract(data=extract_csv([participant(SITI, "10000000001"),
                                                participant(TONO, "10000000008")]),
                              file_name="juni.csv", as_of=date(2026, 6, 30))
    membership.reconcile()
    _, text = pdf_text(report.build(reader(), "61.01", date(2026, 6, 1)).pdf)
    assert "ekstrak peserta BPJS per 30 Juni 2026" in text
    # Sambas: 7 registered vulnerable workers, SITI active, 6 never enrolled.
    assert "Pekerja rentan 7 1 0 6 14,3 %" in text


def test_report_uses_only_figures_up_to_its_month(sambas_counts):
    _, text = pdf_text(report.build(reader(), "61.01", date(2026, 3, 1)).pdf)
    assert "Maret 2026" in text and "64.000" in text  # 40,000 + 3,000 + 20,000 + 1,000
    assert "67.000" not in text


def test_province_report_ranks_the_regencies(sambas_counts):
    pages, text = pdf_text(report.build(reader(), "61").pdf)  # the latest month by default
    assert pages >= 1 and "Kalimantan Barat" in text and "Juni 2026" in text
    assert "102.000" in text  # Sambas 67,000 + Singkawang 35,000
    assert "Peringkat kabupaten/kota" in text
    assert "Kabupaten Sambas" in text and "Kota Singkawang" in text
    assert "23,02 %" in text and "124.391" in text and "BPS Sambas (uji)" in text
    assert "65,77 %" in text


def test_command_writes_the_pdf(sambas_counts, tmp_path):
    out = tmp_path / "sambas.pdf"
    call_command("report", "coverage", "--region", "61.01", "--month", "2026-06",
                 "--out", str(out), stdout=io.StringIO())
    _, text = pdf_text(out.read_bytes())
    assert "23,02 %" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--region", "61.01", "--month", "2025-01"], "tidak ada angka"),
    (["--region", "61.99", "--month", "2026-06"], "wilayah tidak dikenal"),
    (["--region", "61.01", "--month", "juni"], "TTTT-BB"),
])
def test_command_refuses_in_one_line(sambas_counts, tmp_path, args, message):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("report", "coverage", *args, "--out", str(out))
    assert not out.exists()


def test_command_refuses_an_unwritable_path(sambas_counts, tmp_path):
    with pytest.raises(CommandError, match="tidak dapat menulis"):
        call_command("report", "coverage", "--region", "61.01", "--month", "2026-06",
                     "--out", str(tmp_path / "no-such-dir" / "x.pdf"))


def test_view_serves_the_pdf_within_scope(client_for, sambas_user, sambas_counts):
    client = client_for(sambas_user)
    response = client.get(reverse("coverage:report", args=["61.01"]), {"bulan": "2026-06"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "laporan-cakupan-61.01-2026-06.pdf" in response["Content-Disposition"]
    assert "124.391" in pdf_text(response.content)[1]
    assert client.get(reverse("coverage:report", args=["61.72"])).status_code == 404
    assert client.get(reverse("coverage:report", args=["61.01"]),
                      {"bulan": "2025-01"}).status_code == 404
    dashboard = client.get(reverse("coverage:region", args=["61.01"])).content.decode()
    assert reverse("coverage:report", args=["61.01"]) in dashboard
