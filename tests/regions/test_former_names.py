"""The names a code carried in earlier Kemendagri lists: loaded with the codes, shown on
the region page, and accepted at intake (DOMAIN.md, "Corrections and additions")."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook

from ucj.identity.nik import build_nik
from ucj.regions import selectors
from ucj.regions.models import Region, RegionName
from ucj.registry import services
from ucj.registry.models import Worker

pytestmark = pytest.mark.django_db


def test_siantan_is_in_the_history_of_61_02_08(kalbar):
    jongkat = Region.objects.get(code="61.02.08")
    assert jongkat.name == "Jongkat"
    assert list(jongkat.former_names.values_list("name", "first_listed", "last_listed")) == [
        ("Siantan", 2016, 2022)]
    history = [(s.name, s.first_listed, s.last_listed, s.current)
               for s in selectors.name_history(jongkat)]
    assert history == [("Siantan", 2016, 2022, False), ("Jongkat", 2023, 2025, True)]
    # A code whose name never changed has no history to show.
    assert selectors.name_history(Region.objects.get(code="61.01.01")) == []
    # Kalbar: 85 codes renamed since 2016 (88 earlier names), as in the vendored file.
    kalbar_names = RegionName.objects.filter(region__code__startswith="61.")
    assert kalbar_names.values("region").distinct().count() == 85
    assert kalbar_names.count() == 88


def test_the_region_page_names_siantan_2016_2022(client_for, provinsi_user):
    page = client_for(provinsi_user).get(reverse("regions:detail", args=["61.02.08"]))
    assert page.status_code == 200
    history = page.text[page.text.index('data-testid="name-history"'):]
    assert "Siantan" in history and "2016–2022" in history
    assert "Permendagri 56/2015" in history and "Kepmendagri 300.2.2-2138/2025" in history
    assert "Jongkat" in history
    # The desa list of a kecamatan names a desa's earlier spelling beside today's.
    jawai = client_for(provinsi_user).get(reverse("regions:detail", args=["61.01.02"]))
    assert "Teluk Kembang" in jawai.text and "Teluk Kumbang" in jawai.text


def _workbook(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["NIK", "NAMA", "DESA", "KECAMATAN"])
    for row in rows:
        sheet.append(row)
        sheet.cell(sheet.max_row, 1).number_format = "@"  # NIK as text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_regency_file_with_an_old_spelling_matches_the_new_desa(kalbar):
    nik_a = build_nik("61.01.02", date(1980, 5, 4), "L", 1)
    nik_b = build_nik("61.02.08", date(1991, 2, 3), "P", 2)
    sambas = services.import_file(
        data=_workbook([nik_a, "Ahmad Teluk", "Ds. Teluk Kumbang", "Jawai"]),
        file_name="sambas.xlsx", regency_code="61.01", ecosystem_code="perangkat_desa")
    assert (sambas.submission.rows, sambas.submission.warnings) == (1, {})
    assert Worker.objects.get(nik=nik_a).desa_id == "61.01.02.2026"  # Teluk Kembang today
    # The kecamatan under its 2016-2022 name: Jungkat of Siantan is Jungkat of Jongkat.
    mempawah = services.import_file(
        data=_workbook([nik_b, "Siti Jungkat", "Jungkat", "Kec. Siantan"]),
        file_name="mempawah.xlsx", regency_code="61.02", ecosystem_code="perangkat_desa")
    assert (mempawah.submission.rows, mempawah.submission.warnings) == (1, {})
    assert Worker.objects.get(nik=nik_b).desa_id == "61.02.08.2010"
