"""The decree's legal form (Permendagri 80/2015 as amended by Permendagri 120/2018,
DOMAIN.md "Corrections and additions"): the heading by issuer, Mengingat in the order of
the hierarchy of legislation with gazette numbers, the budget guideline of 2022 only in
2022, and an issued decree keeping the text it was issued with. The PDFs are real typst
output read back with pypdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from tests.decrees.conftest import accepted, draft_decree, worker_ids
from ucj.budget import services as budgets
from ucj.decrees import documents, legal_form, selectors, services
from ucj.decrees.models import ClausePart, DecreeClause, Issuer

# The laws the programme's Mengingat must cite, in the order a decree of 2025 lists them.
ORDER_2025 = [
    "Undang-Undang Nomor 9 Tahun 2022 tentang Provinsi Kalimantan Barat",
    "Undang-Undang Nomor 40 Tahun 2004 tentang Sistem Jaminan Sosial Nasional",
    "Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial",
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "Peraturan Pemerintah Nomor 44 Tahun 2015",
    "Instruksi Presiden Nomor 2 Tahun 2021",
    "Peraturan Daerah Provinsi Kalimantan Barat Nomor 5 Tahun 2019",
    "Anggaran Pendapatan dan Belanja Daerah Tahun Anggaran 2025",
]
PERMENDAGRI_27 = "Peraturan Menteri Dalam Negeri Nomor 27 Tahun 2021"


def pdf_text(content: bytes) -> str:
    """The PDF's text on one line (typst breaks lines anywhere a word ends)."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def first_page(content: bytes) -> str:
    return " ".join((PdfReader(io.BytesIO(content)).pages[0].extract_text() or "").split())


def basis(text: str) -> str:
    """The Mengingat part of a decree's text."""
    return text[text.index("Mengingat"):text.index("MEMUTUSKAN")]


def in_order(text: str, parts: list[str]) -> list[int]:
    found = [text.find(part) for part in parts]
    assert -1 not in found, [p for p, i in zip(parts, found, strict=True) if i == -1]
    return found


# --- pure rules ----------------------------------------------------------------------------


def test_office_by_issuer():
    assert legal_form.office("governor") == "GUBERNUR KALIMANTAN BARAT"
    assert legal_form.office("regent_mayor", "Kabupaten Sambas") == "BUPATI SAMBAS"
    assert legal_form.office("regent_mayor", "Kota Pontianak") == "WALI KOTA PONTIANAK"
    assert legal_form.office("regent_mayor", "Kabupaten Kapuas Hulu") == "BUPATI KAPUAS HULU"
    assert legal_form.office("head_of_office") == (
        "KEPALA DINAS TENAGA KERJA DAN TRANSMIGRASI PROVINSI KALIMANTAN BARAT")
    with pytest.raises(legal_form.FormError):
        legal_form.office("regent_mayor", "Kalimantan Barat")
    assert legal_form.uses_emblem("governor") and legal_form.uses_emblem("regent_mayor")
    assert not legal_form.uses_emblem("head_of_office")


def test_basis_is_ordered_by_level_then_position_then_year_and_filtered_by_year():
    entries = [
        legal_form.Entry("Perda APBD {tahun}", rank=60, position=20),
        legal_form.Entry("PP 44/2015", rank=30, year=2015, position=10),
        legal_form.Entry("UU 40/2004", rank=20, year=2004, position=10),
        legal_form.Entry("UU 9/2022", rank=20, year=2022, position=1, first_year=2022),
        legal_form.Entry("UU 25/1956", rank=20, year=1956, position=1, last_year=2021),
        legal_form.Entry("Permendagri 27/2021", rank=50, year=2021, position=10,
                         first_year=2022, last_year=2022),
        legal_form.Entry("Inpres 2/2021", rank=45, year=2021, position=10),
        legal_form.Entry("UU 27/1959", rank=20, year=1959, position=1, regency="61.01"),
    ]
    texts = lambda year, regency="": [  # noqa: E731
        e.text for e in legal_form.chosen(entries, fiscal_year=year, regency=regency,
                                          hierarchy=True)]
    assert texts(2021) == ["UU 25/1956", "UU 40/2004", "PP 44/2015", "Inpres 2/2021",
                           "Perda APBD 2021"]
    assert texts(2022) == ["UU 9/2022", "UU 40/2004", "PP 44/2015", "Inpres 2/2021",
                           "Permendagri 27/2021", "Perda APBD 2022"]
    # Same level and position: the older law first.
    assert texts(2025, "61.01") == ["UU 27/1959", "UU 9/2022", "UU 40/2004", "PP 44/2015",
                                    "Inpres 2/2021", "Perda APBD 2025"]
    assert texts(2025, "61.72")[0] == "UU 9/2022"


def test_each_entry_ends_with_a_semicolon():
    assert legal_form.clause("bahwa  perlu\n menetapkan.") == "bahwa perlu menetapkan;"
    assert legal_form.clause("Inpres 2/2021;") == "Inpres 2/2021;"


# --- the governor's decree -----------------------------------------------------------------


def test_issued_governor_decree_has_the_heading_and_mengingat_of_permendagri_80(
        issued, provinsi_user):
    content = documents.pdf(provinsi_user, issued).content
    page = first_page(content)
    text = pdf_text(content)
    # The heading, in the order Permendagri 80/2015 prescribes.
    in_order(page, ["LAMBANG NEGARA", "GUBERNUR KALIMANTAN BARAT",
                    "KEPUTUSAN GUBERNUR KALIMANTAN BARAT", "NOMOR 188.44/1/2025", "TENTANG",
                    "DENGAN RAHMAT TUHAN YANG MAHA ESA", "GUBERNUR KALIMANTAN BARAT,",
                    "Menimbang", "Mengingat"])
    assert page.startswith("LAMBANG NEGARA")  # the emblem's place comes first
    assert sorted(in_order(text, ["MEMUTUSKAN", "Menetapkan", "KESATU", "KEDUA", "KETIGA"])) \
        == in_order(text, ["MEMUTUSKAN", "Menetapkan", "KESATU", "KEDUA", "KETIGA"])
    assert "PEMERINTAH PROVINSI KALIMANTAN BARAT" not in page  # no letterhead
    # Mengingat: the province's law first, then in the hierarchy's order.
    positions = in_order(basis(text), ORDER_2025)
    assert positions == sorted(positions)
    # Gazette numbers found in public copies of the laws.
    for gazette in ("Tahun 2004 Nomor 150, Tambahan Lembaran Negara Republik Indonesia Nomor "
                    "4456", "Tahun 2011 Nomor 116, Tambahan Lembaran Negara Republik Indonesia "
                    "Nomor 5256", "Tahun 2014 Nomor 244, Tambahan Lembaran Negara Republik "
                    "Indonesia Nomor 5587"):
        assert f"Lembaran Negara Republik Indonesia {gazette}" in text
    assert "Peraturan Pemerintah Nomor 82 Tahun 2019" in text
    assert "Peraturan Pemerintah Nomor 49 Tahun 2023" in text
    assert "Undang-Undang Nomor 6 Tahun 2023" in text
    # The 2022 budget guideline and the law UU 9/2022 replaced are not cited in 2025.
    assert PERMENDAGRI_27 not in text
    assert "Undang-Undang Nomor 25 Tahun 1956" not in text
    # Issued: no draft marks.
    assert documents.UNCONFIRMED not in text


def test_permendagri_27_2021_only_in_a_decree_of_2022(adopted, sambas_user, checker,
                                                        provinsi_user):
    accepted(sambas_user, checker, adopted, worker_ids=worker_ids("D"))
    decree = draft_decree(provinsi_user, adopted)
    assert PERMENDAGRI_27 not in pdf_text(documents.pdf(provinsi_user, decree).content)
    adopted.fiscal_year = 2022
    adopted.save(update_fields=["fiscal_year"])
    decree.refresh_from_db()
    text = pdf_text(documents.pdf(provinsi_user, decree).content)
    assert PERMENDAGRI_27 in text
    assert "Tahun Anggaran 2022" in text
    # A draft marks what staff have not confirmed yet (Permendagri 27/2021's Berita
    # Negara number was not found).
    start = text.index(PERMENDAGRI_27)
    assert text.index(documents.UNCONFIRMED, start) < text.index("Peraturan Daerah", start)
    adopted.fiscal_year = 2021
    adopted.save(update_fields=["fiscal_year"])
    decree.refresh_from_db()
    text = pdf_text(documents.pdf(provinsi_user, decree).content)
    assert PERMENDAGRI_27 not in text
    assert basis(text).index("Undang-Undang Nomor 25 Tahun 1956") < basis(text).index(
        "Undang-Undang Nomor 40 Tahun 2004")
    assert "Lembaran Negara Republik Indonesia Tahun 1956 Nomor 65, Tambahan Lembaran " \
           "Negara Republik Indonesia Nomor 1106" in text
    assert "Undang-Undang Nomor 9 Tahun 2022" not in text


# --- an issued decree keeps its text -------------------------------------------------------


def test_issued_decree_keeps_its_text_after_the_templates_change(issued, provinsi_user):
    before = pdf_text(documents.pdf(provinsi_user, issued).content)
    sjsn = DecreeClause.objects.get(issuer=Issuer.GOVERNOR, part=ClausePart.BASIS,
                                    text__contains="Nomor 40 Tahun 2004")
    services.save_clause(user=provinsi_user, clause=sjsn,
                         text=sjsn.text.replace("Sistem Jaminan Sosial Nasional",
                                                "SJSN DIUBAH STAF"))
    services.save_clause(user=provinsi_user, issuer=Issuer.GOVERNOR, part=ClausePart.BASIS,
                         rank=60, position=30, year=2026, confirmed=True, source="uji",
                         text="Peraturan Daerah Provinsi Kalimantan Barat Nomor 99 Tahun 2026 "
                              "tentang Uji")
    first = DecreeClause.objects.get(issuer=Issuer.GOVERNOR, part=ClausePart.CONSIDERING,
                                     position=1)
    services.delete_clause(user=provinsi_user, clause=first)

    issued.refresh_from_db()
    after = pdf_text(documents.pdf(provinsi_user, issued).content)
    assert after == before
    assert "SJSN DIUBAH STAF" not in after and "Nomor 99 Tahun 2026" not in after
    assert issued.legal_basis.splitlines()[1].startswith("Undang-Undang Nomor 40 Tahun 2004")

    # An amendment takes the templates as they read now, then the decree it amends.
    amendment = services.create_amendment(user=provinsi_user, decree=issued)
    text = pdf_text(documents.pdf(provinsi_user, amendment).content)
    assert "SJSN DIUBAH STAF" in text and "Nomor 99 Tahun 2026" in text
    assert text.index("Nomor 99 Tahun 2026") < text.index(
        "Keputusan Nomor 188.44/1/2025 tentang") < text.index("MEMUTUSKAN")
    assert "perlu diubah" in text  # the amendment's own considerations


# --- other issuers -------------------------------------------------------------------------


def test_head_of_office_decree_uses_the_letterhead(adopted, sambas_user, checker,
                                                   provinsi_user):
    accepted(sambas_user, checker, adopted, worker_ids=worker_ids("D"))
    decree = draft_decree(provinsi_user, adopted, issuer=Issuer.HEAD_OF_OFFICE)
    decree = services.issue_decree(user=provinsi_user, decree=decree)
    page = first_page(documents.pdf(provinsi_user, decree).content)
    in_order(page, ["PEMERINTAH PROVINSI KALIMANTAN BARAT", "DINAS TENAGA KERJA DAN "
                    "TRANSMIGRASI", "KEPUTUSAN KEPALA DINAS TENAGA KERJA DAN TRANSMIGRASI "
                    "PROVINSI KALIMANTAN BARAT", "DENGAN RAHMAT TUHAN YANG MAHA ESA",
                    "KEPALA DINAS TENAGA KERJA DAN TRANSMIGRASI PROVINSI KALIMANTAN BARAT,"])
    assert page.startswith("PEMERINTAH PROVINSI KALIMANTAN BARAT")
    assert "LAMBANG NEGARA" not in page
    assert decree.letterhead.splitlines()[:2] == ["PEMERINTAH PROVINSI KALIMANTAN BARAT",
                                                  "DINAS TENAGA KERJA DAN TRANSMIGRASI"]


def test_regent_decree_needs_a_regency_budget_and_cites_the_regency_law(
        adopted, sambas_user, checker, provinsi_user):
    held_by_province = r"Iuran pekerja rentan \(2025\).*Kalimantan Barat"
    with pytest.raises(services.DecreeError, match=held_by_province):
        draft_decree(provinsi_user, adopted, issuer=Issuer.REGENT_MAYOR)
    own = budgets.create_budget(
        user=provinsi_user, name="Iuran Sambas", fiscal_year=2025, programme="rentan",
        funding_source="apbd_kabupaten", holder="61.01", amount=2 * 201_600,
        start_month=date(2025, 1, 1), months=12, ecosystems=["rentan"])
    decree = draft_decree(provinsi_user, own, number="188.45/1/2025",
                          issuer=Issuer.REGENT_MAYOR)
    assert decree.signatory_title == "BUPATI SAMBAS"
    text = pdf_text(documents.pdf(provinsi_user, decree).content)
    in_order(text, ["BUPATI SAMBAS", "KEPUTUSAN BUPATI SAMBAS", "DENGAN RAHMAT TUHAN YANG MAHA "
                    "ESA", "BUPATI SAMBAS,", "Mengingat"])
    positions = in_order(basis(text), [
        "Undang-Undang Nomor 27 Tahun 1959", "Lembaran Negara Republik Indonesia Tahun 1959 "
        "Nomor 72, Tambahan Lembaran Negara Republik Indonesia Nomor 1820",
        "Undang-Undang Nomor 40 Tahun 2004", "Instruksi Presiden Nomor 2 Tahun 2021",
        "Peraturan Daerah Kabupaten/Kota"])
    assert positions == sorted(positions)
    assert "Kalimantan Barat Nomor 5 Tahun 2019" not in text  # the province's own Perda
    assert PERMENDAGRI_27 not in text
    pending = selectors.decree_text(decree).pending
    assert pending and all(not e.confirmed for e in pending)


# --- the templates page --------------------------------------------------------------------


def test_template_page_edits_an_entry_for_province_staff_only(client, provinsi_user,
                                                              sambas_user):
    from tests.conftest import TEST_PASSWORD

    client.login(username=sambas_user.username, password=TEST_PASSWORD)
    assert client.get("/sk/templat/").status_code == 404
    clause = DecreeClause.objects.filter(issuer=Issuer.GOVERNOR,
                                         part=ClausePart.BASIS).first()
    assert client.post(f"/sk/templat/{clause.pk}/ubah/", {"text": "x"}).status_code == 404
    client.login(username=provinsi_user.username, password=TEST_PASSWORD)
    page = client.get("/sk/templat/")
    assert page.status_code == 200
    assert "Nomor 40 Tahun 2004" in page.content.decode()
    assert 'data-testid="unconfirmed"' in page.content.decode()
    response = client.post(f"/sk/templat/{clause.pk}/ubah/", {
        "issuer": "governor", "part": "mengingat", "rank": "20", "year": "1956",
        "position": "1", "text": "Undang-Undang Nomor 25 Tahun 1956 (diperiksa)",
        "source": "Lembaran Negara asli", "confirmed": "on", "first_year": "",
        "last_year": "2021", "regency_code": ""})
    assert response.status_code == 302
    clause.refresh_from_db()
    assert clause.text == "Undang-Undang Nomor 25 Tahun 1956 (diperiksa)"
    assert clause.updated_by == provinsi_user
