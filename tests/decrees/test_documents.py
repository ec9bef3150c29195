"""The decree's documents: the PDF (row count, page numbers, signature block, excerpt),
the annex workbook, the BPJS CSV (format, full NIKs, hash recomputable from it)."""

from __future__ import annotations

import io
import re

import polars as pl
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ucj.decrees import annex, documents, selectors
from ucj.registry.models import Worker

pytestmark = pytest.mark.django_db
MASKED = re.compile(r"\b\d{4}\*{8}\d{4}\b")


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)


def test_pdf_has_every_beneficiary_page_numbers_and_a_signature_block(issued, provinsi_user):
    document = documents.pdf(provinsi_user, issued)
    text, pages = pdf_text(document.content)
    assert document.rows == 4
    assert len(MASKED.findall(text)) == 4
    assert "Warga Sambas D" in text and "Warga Kota" in text
    assert f"Halaman 1 dari {pages}" in text.replace("\n", " ")
    assert "Ditetapkan di Pontianak" in text and "Drs. H. Contoh" in text
    assert issued.annex_sha256 in text.replace("\n", "")
    assert "188.44/1/2025" in text
    assert not any(w.nik in text for w in Worker.objects.all())  # only masked NIKs


def test_regency_operator_gets_an_excerpt_of_its_own_beneficiaries(issued, sambas_user):
    document = documents.pdf(sambas_user, issued)
    text, _pages = pdf_text(document.content)
    assert document.rows == 3 and document.file_name.startswith("petikan-")
    assert len(MASKED.findall(text)) == 3
    assert "PETIKAN" in text and "Warga Kota" not in text


def test_bpjs_csv_has_full_niks_and_recomputes_the_hash(issued, provinsi_user):
    document = documents.registration_csv(provinsi_user, issued)
    frame = pl.read_csv(io.BytesIO(document.content), infer_schema=False)
    assert frame.columns == annex.CSV_COLUMNS
    assert frame.height == 4
    niks = set(Worker.objects.filter(name__in=frame["NAMA"].to_list())
               .values_list("nik", flat=True))
    assert set(frame["NIK"].to_list()) == niks
    row = frame.row(0, named=True)
    assert row["PROGRAM"] == "BPU JKK+JKM"
    assert row["UPAH_DILAPORKAN"] == "1000000"
    assert row["BULAN_MULAI"] == "2025-01" and row["JUMLAH_BULAN"] == "12"
    assert row["ALAMAT"].endswith("Kalimantan Barat") and row["TANGGAL_LAHIR"][:4] == "1980"
    assert annex.hash_of_bpjs_csv(document.content) == (issued.annex_sha256, 4)


def test_workbook_masks_niks_and_states_the_hash(issued, provinsi_user):
    document = documents.workbook(provinsi_user, issued)
    book = load_workbook(io.BytesIO(document.content))
    rows = list(book["Lampiran"].iter_rows(values_only=True))
    assert rows[0][0] == "No" and len(rows) == 1 + 4 + 1
    assert all(MASKED.fullmatch(r[1]) for r in rows[1:5])
    about = dict(book["Keterangan"].iter_rows(values_only=True))
    assert about["SHA-256 lampiran"] == issued.annex_sha256


def test_draft_pdf_is_marked_and_shows_the_planned_annex(adopted, sambas_user, checker,
                                                         provinsi_user):
    from tests.decrees.conftest import accepted, draft_decree, worker_ids

    accepted(sambas_user, checker, adopted, worker_ids=worker_ids("D", "E"))
    decree = draft_decree(provinsi_user, adopted)
    text, _pages = pdf_text(documents.pdf(provinsi_user, decree).content)
    assert "KONSEP" in text and "(konsep" in text
    assert len(MASKED.findall(text)) == 2
    assert selectors.document_frame(decree).height == 2
    assert not decree.annex.exists()  # nothing is frozen before issue
