"""The coverage dashboard, drill-down, what-if and downloads (Django test client)."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.membership.conftest import extract_csv, participant, register
from tests.membership.test_services import PEOPLE, SITI, TONO
from ucj.coverage.models import ParticipantCount
from ucj.identity.nik import build_nik
from ucj.membership import services as membership
from ucj.regions.models import Region
from ucj.registry.services import import_file

from .conftest import counts_csv

pytestmark = pytest.mark.django_db


def test_province_dashboard_ranks_regencies_with_provenance(client_for, provinsi_user,
                                                           sambas_counts):
    page = client_for(provinsi_user).get(reverse("coverage:dashboard"))
    assert page.status_code == 200
    ranking = page.context["ranking"]
    assert [row.indicator.region_code for row in ranking] == ["61.01", "61.72"]
    html = page.content.decode()
    assert "BPS Sambas (uji)" in html  # the denominator's source next to its value
    assert page.context["map_spec"]["mark"]["type"] == "geoshape"
    features = client_for(provinsi_user).get(reverse("coverage:map")).json()["features"]
    rates = {f["properties"]["kode"]: f["properties"]["cakupan"] for f in features}
    assert rates["61.01"] == pytest.approx(23.02, abs=0.01)  # 67,000 / 291,000
    assert rates["61.72"] is None and len(features) == 14


def test_regency_page_states_the_gap(client_for, sambas_user, sambas_counts):
    page = client_for(sambas_user).get(reverse("coverage:region", args=["61.01"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "124.391" in html  # 191,391 needed at 65.77 % minus 67,000 active
    assert "23,02\u00a0%" in html
    assert page.context["series_chart"]["layer"][0]["mark"]["type"] == "line"
    # Another regency is out of this user's scope.
    assert client_for(sambas_user).get(
        reverse("coverage:region", args=["61.72"])).status_code == 404


def test_ranking_download(client_for, provinsi_user, sambas_counts):
    response = client_for(provinsi_user).get(reverse("coverage:ranking_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:4] == ("61.01", "Kabupaten Sambas", datetime(2026, 6, 1), 67_000)
    assert sheet["C2"].number_format == "mm-yyyy"  # a real month, not text
    assert isinstance(rows[0][8], datetime)  # the denominator's reference date
    assert rows[0][7] == "BPS Sambas (uji)" and rows[0][13] == 124_391


def test_what_if_and_registry_drill_down(client_for, provinsi_user, sambas_counts):
    register(PEOPLE)
    membership.import_extract(data=extract_csv([participant(SITI, "10000000001"),
                                                participant(TONO, "10000000008")]),
                              file_name="juni.csv", as_of=date(2026, 6, 30))
    membership.reconcile()
    client = client_for(provinsi_user)
    # Sambas: 7 registered vulnerable workers, SITI active: 6 not covered.
    response = client.get(reverse("coverage:what_if", args=["61.01"]), {"ekosistem": "rentan"})
    what_if = response.context["what_if"]
    assert (what_if.added, what_if.numerator_after) == (6, 67_006)
    assert what_if.gap_after == 124_391 - 6
    chart = client.get(reverse("coverage:region", args=["61.01"])).context["ecosystem_chart"]
    bars = {(d["wilayah"], d["status"]): d["pekerja"] for d in chart["data"]["values"]}
    assert bars[("Pekerja rentan", "active")] == 1
    assert bars[("Pekerja rentan", "not_enrolled")] == 6
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("coverage:ecosystems_xlsx", args=["61.01"])).content)).active
    assert list(sheet.iter_rows(min_row=2, values_only=True))[0][:5] == (
        "Pekerja rentan", 7, 1, 0, 6)


def test_drill_down_below_regency_counts_registered_workers_by_residence(
        client_for, provinsi_user, kalbar):
    desa = Region.objects.filter(parent_id="61.01.01", is_current=True).order_by("code")[:2]
    lines = ["NIK,NAMA,TANGGAL LAHIR,KECAMATAN,DESA"]
    for serial, village in ((11, desa[0]), (12, desa[0]), (13, desa[1])):
        nik = build_nik("61.01.01", date(1980, 1, serial), "L", serial)
        lines.append(f"{nik},Warga {serial},{1980}-01-{serial:02d},{village.parent.name},"
                     f"{village.name}")
    import_file(data=("\n".join(lines) + "\n").encode(), file_name="desa.csv",
                regency_code="61.01", ecosystem_code="rt_rw")
    client = client_for(provinsi_user)
    page = client.get(reverse("coverage:region", args=["61.01"]))
    areas = {row.code: row.workers for row in page.context["areas"]}
    assert areas["61.01.01"] == 3 and sum(areas.values()) == 3
    page = client.get(reverse("coverage:area", args=["61.01.01"]))
    villages = {row.code: row.workers for row in page.context["areas"]}
    assert (villages[desa[0].code], villages[desa[1].code]) == (2, 1)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("coverage:areas_xlsx", args=["61.01.01"])).content)).active
    rows = {row[0]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (rows[desa[0].code], rows[desa[1].code]) == (2, 1)


def test_counts_import_page_lists_rejected_rows_and_stores_nothing(client_for, bpjs_user,
                                                                   sambas_user, kalbar):
    client = client_for(bpjs_user)
    bad = counts_csv([("61.01", "2026-06", 1, 1, 1, 1), ("61.01", "2026-05", "x", 1, 1, 1)])
    page = client.post(reverse("coverage:import_counts"), {
        "file": SimpleUploadedFile("rekap.csv", bad), "source": "BPJS Cabang Pontianak"})
    assert page.status_code == 200
    assert [row["row"] for row in page.context["rejected"]] == [4]
    assert not ParticipantCount.objects.exists()
    good = counts_csv([("61.01", "2026-06", 1, 1, 1, 1)])
    response = client.post(reverse("coverage:import_counts"), {
        "file": SimpleUploadedFile("rekap.csv", good), "source": "BPJS Cabang Pontianak"})
    assert response.status_code == 302
    assert set(ParticipantCount.objects.values_list("source", flat=True)) == {
        "BPJS Cabang Pontianak"}
    assert client_for(sambas_user).get(reverse("coverage:import_counts")).status_code == 404


def test_api_indicators_outlook_and_targets(client_for, provinsi_user, sambas_user,
                                            sambas_counts):
    client = client_for(sambas_user)
    [sambas] = client.get("/api/coverage/indicators").json()
    assert (sambas["region"], sambas["active"], sambas["denominator"]) == ("61.01", 67_000,
                                                                          291_000)
    assert sambas["denominator_source"] == "BPS Sambas (uji)"
    outlook = client.get("/api/coverage/regions/61.01/outlook").json()
    assert (outlook["gap"], outlook["target"], outlook["year_reaching"]) == (124_391, 0.6577,
                                                                             None)
    assert outlook["path"][-1]["persons"] == 191_391
    assert client.get("/api/coverage/regions/61.72/outlook").status_code == 404
    refused = client.put("/api/coverage/targets", {"region": "61.01", "year": 2030,
                                                   "rate": "0.5", "source": "x"},
                         content_type="application/json")
    assert refused.status_code == 403
    changed = client_for(provinsi_user).put(
        "/api/coverage/targets", {"region": "61.01", "year": 2030, "rate": "0.5",
                                  "source": "Perbup (uji)"}, content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert client.get("/api/coverage/regions/61.01/outlook").json()["gap"] == 145_500 - 67_000


def test_summaries_are_kept_by_the_writes(provinsi_user, kalbar):
    """An intake and a reconciliation leave the summaries as a full recount finds them,
    with no refresh in between; the pages read them."""
    from ucj.coverage import selectors, summaries

    desa = Region.objects.filter(parent_id="61.01.01", is_current=True).order_by("code")[:2]
    lines = ["NIK,NAMA,TANGGAL LAHIR,KECAMATAN,DESA"]
    people = []
    for serial, village in ((21, desa[0]), (22, desa[0]), (23, desa[1])):
        born = date(1981, 2, serial - 20)
        nik = build_nik("61.01.01", born, "L", serial)
        people.append((nik, born))
        lines.append(f"{nik},Warga {serial},{born.isoformat()},{village.parent.name},"
                     f"{village.name}")
    import_file(data=("\n".join(lines) + "\n").encode(), file_name="desa.csv",
                regency_code="61.01", ecosystem_code="rt_rw")
    assert summaries.drift() == []
    assert {(r.code, r.workers, r.active) for r in selectors.registry_areas(
        provinsi_user, "61.01.01") if r.workers} == {(desa[0].code, 2, 0), (desa[1].code, 1, 0)}
    assert selectors.ecosystem_coverage(provinsi_user, "61.01") == []  # no reconciliation yet

    extract = "NIK,KPJ,NAMA,TANGGAL LAHIR,KATEGORI,STATUS,BLTH,KODE WILAYAH\n" + "".join(
        f"{nik},1000000002{i},Warga,{born.isoformat()},BPU,AKTIF,2026-06,61.01\n"
        for i, (nik, born) in enumerate(people[:2]))
    membership.import_extract(data=extract.encode(), file_name="juni.csv",
                              as_of=date(2026, 6, 30))
    membership.reconcile()
    assert summaries.drift() == []
    assert {(r.code, r.workers, r.active) for r in selectors.registry_areas(
        provinsi_user, "61.01.01") if r.workers} == {(desa[0].code, 2, 2), (desa[1].code, 1, 0)}
    [row] = selectors.ecosystem_coverage(provinsi_user, "61.01")
    assert (row.ecosystem, row.active, row.lapsed, row.not_enrolled) == ("rt_rw", 2, 0, 1)


def test_chart_specs_are_valid_vega_lite():
    from ucj.coverage import charts

    charts.coverage_map(data_url="/x.json", value_title="%", name_title="n", validate=True)
    spec = charts.series_chart(actual=[{"bulan": "2026-06-01", "cakupan": 23.0}], path=[],
                               trend=[], labels={"actual": "a", "path": "p", "trend": "t"},
                               title="t", validate=True)
    assert spec["layer"][0]["mark"]["type"] == "line"
    spec = charts.series_chart(
        actual=[{"bulan": "2026-06-01", "cakupan": 23.0}], path=[], trend=[],
        labels={"actual": "a", "path": "p", "trend": "t"}, title="t", validate=True,
        targets=[{"bulan": "2026-12-01", "cakupan": 60.8, "teks": "Target 2026"}],
        changes=[{"bulan": "2026-01-01", "teks": "Pembagi: 280.000 → 291.000"}])
    assert [layer["mark"]["type"] for layer in spec["layer"]] == [
        "line", "point", "text", "rule", "text"]
