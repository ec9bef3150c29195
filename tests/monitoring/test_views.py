"""The monitoring pages (Django test client): scope, forms, downloads, the minutes PDF."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ucj.monitoring import selectors, services
from ucj.monitoring.models import ActionItem, ActionStatus, Visit

pytestmark = pytest.mark.django_db


def test_provinsi_records_a_visit_with_attendees_and_an_item(client_for, provinsi_user):
    client = client_for(provinsi_user)
    page = client.post(reverse("monitoring:visit_create"), {
        "regency": "61.01", "date": "2025-08-27", "status": "done", "place": "Aula",
        "agenda": "Paparan", "minutes": "", "findings": "Belum ada Perda\nData belum lengkap"})
    visit = Visit.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse("monitoring:visit",
                                                                   args=[visit.pk])
    form = {"regency": "61.01", "date": "2025-08-27", "status": "done", "place": "Aula",
            "agenda": "Paparan", "minutes": "Disepakati tindak lanjut.", "findings": "Belum ada Perda",
            "hadir-TOTAL_FORMS": "2", "hadir-INITIAL_FORMS": "0",
            "hadir-0-office": "pupr", "hadir-0-name": "Budi", "hadir-0-position": "Sekretaris",
            "hadir-1-office": "other", "hadir-1-office_name": ""}
    page = client.post(reverse("monitoring:visit_edit", args=[visit.pk]), form)
    assert page.status_code == 200  # "Other" needs the office's name
    form["hadir-1-office_name"] = "Bappeda Litbang"
    page = client.post(reverse("monitoring:visit_edit", args=[visit.pk]), form)
    assert page.status_code == 302
    assert [a.office_label for a in visit.attendees.all()][1] == "Bappeda Litbang"
    page = client.post(reverse("monitoring:item_create", args=[visit.pk]), {
        "title": "Rancangan Perda", "owner_office": "hukum", "due_date": "2025-12-31"})
    assert page.status_code == 302
    page = client.get(reverse("monitoring:visit", args=[visit.pk]))
    html = page.content.decode()
    assert 'data-overdue="true"' in html and "Bappeda Litbang" in html
    assert page.context["visit"].finding_list == ["Belum ada Perda"]
    pdf = client.get(reverse("monitoring:minutes_pdf", args=[visit.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "notulen-61.01-2025-08-27.pdf" in pdf["Content-Disposition"]


def test_pages_render_for_every_role(client, provinsi_user, sambas_user, bpjs_user,
                                     pimpinan_user, sambas_item):
    names = ["overview", "visits", "calendar", "items", "compliance", "socialisation"]
    for user in (provinsi_user, sambas_user, bpjs_user, pimpinan_user):
        client.force_login(user)
        for name in names:
            assert client.get(reverse(f"monitoring:{name}")).status_code == 200, (user, name)
        assert client.get(reverse("monitoring:visit", args=[sambas_item.visit_id])
                          ).status_code == 200
        assert client.get(reverse("monitoring:compliance_regency", args=["61.01"])
                          ).status_code == 200
        assert client.get(reverse("monitoring:socialisation_regency", args=["61.01"])
                          ).status_code == 200
    client.force_login(pimpinan_user)  # leaders read, never write
    assert client.get(reverse("monitoring:visit_create")).status_code == 404
    assert client.get(reverse("monitoring:weights")).status_code == 404
    page = client.post(reverse("monitoring:item", args=[sambas_item.pk]),
                       {"action": "status", "status-status": "in_progress"})
    assert page.status_code == 404
    assert client.get(reverse("monitoring:calendar") + "?bulan=2026-13").status_code == 200


def test_kabupaten_user_edits_only_its_own_action_items(client_for, sambas_user, sambas_item,
                                                         singkawang_item, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(sambas_user)
    page = client.post(reverse("monitoring:item", args=[sambas_item.pk]),
                       {"action": "status", "status-status": "in_progress",
                        "status-note": "Sedang disusun"})
    assert page.status_code == 302
    sambas_item.refresh_from_db()
    assert sambas_item.status == ActionStatus.IN_PROGRESS
    page = client.post(reverse("monitoring:item", args=[sambas_item.pk]), {
        "action": "evidence", "bukti-url": "",
        "bukti-file": SimpleUploadedFile("draf.pdf", b"%PDF-1.4 draf")}, follow=True)
    assert sambas_item.evidence.count() == 1
    evidence = sambas_item.evidence.get()
    assert client.get(reverse("monitoring:evidence", args=[evidence.pk])).status_code == 200
    # Another regency's item: not found, for reading and writing alike.
    other = reverse("monitoring:item", args=[singkawang_item.pk])
    assert client.get(other).status_code == 404
    assert client.post(other, {"action": "status", "status-status": "done"}).status_code == 404
    singkawang_item.refresh_from_db()
    assert singkawang_item.status == ActionStatus.OPEN
    assert client.get(reverse("monitoring:visit", args=[singkawang_item.visit_id])
                      ).status_code == 404
    # Regency operators do not schedule visits or add items to them.
    assert client.get(reverse("monitoring:visit_create")).status_code == 404
    assert client.post(reverse("monitoring:item_create", args=[sambas_item.visit_id]), {
        "title": "x", "owner_office": "pmd", "due_date": "2026-08-01"}).status_code == 404
    assert ActionItem.objects.count() == 2
    # Its overview lists its own overdue item only.
    page = client.get(reverse("monitoring:overview") + "?tanggal=2026-07-11")
    assert [i.pk for i in page.context["overdue"]] == [sambas_item.pk]


def test_overdue_on_a_date_and_the_download(client_for, provinsi_user, sambas_item,
                                            singkawang_item):
    client = client_for(provinsi_user)
    page = client.get(reverse("monitoring:items") + "?terlambat=1&tanggal=2026-07-05")
    assert [i.pk for i in page.context["items"]] == [singkawang_item.pk]
    page = client.get(reverse("monitoring:items") + "?tanggal=2026-07-11&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(page.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[6]) for r in rows] == [("Data honorer", 11), ("Rancangan Perda", 1)]
    assert sheet["A2"].fill.fgColor.rgb.endswith("FDE2E1")  # overdue rows are shaded


def test_compliance_pages_and_weights(client_for, provinsi_user, sambas_user):
    client = client_for(sambas_user)
    page = client.post(reverse("monitoring:compliance_regency", args=["61.01"]), {
        "regulation_type": "perda", "regulation_number": "Perda No. 1 Tahun 2026",
        "ptsp_required": "true", "non_asn_total": "10", "non_asn_enrolled": "5"})
    assert page.status_code == 302
    page = client.get(reverse("monitoring:compliance_regency", args=["61.01"]) + "?tahun=2026")
    gaps = [part.gap for _, _, part in page.context["gaps"]]
    assert gaps == ["budget_unknown", "bumd_unknown", "village_unknown", "non_asn_incomplete"]
    assert page.context["row"].score.total == pytest.approx(30 + 7.5 + 10)
    assert client.post(reverse("monitoring:compliance_regency", args=["61.72"]),
                       {"regulation_type": ""}).status_code == 404
    assert client.get(reverse("monitoring:weights")).status_code == 404
    client = client_for(provinsi_user)
    values = {"regulation": "50", "budget": "25", "non_asn": "15", "bumd": "10",
              "village": "10", "ptsp": "0", "perda": "1", "perkada": "0.5", "other": "0.2"}
    assert client.post(reverse("monitoring:weights"), values).status_code == 302
    page = client.get(reverse("monitoring:compliance") + "?tahun=2026")
    assert page.context["rows"][0].regency.code == "61.01"
    assert page.context["rows"][0].score.total == pytest.approx(100 * (50 + 7.5) / 110)
    xlsx = client.get(reverse("monitoring:compliance") + "?tahun=2026&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["C2"].value == "Kabupaten Sambas" and sheet.max_row == 15
    # The others entered nothing: "Belum diisi", no rank, not a 0 score.
    assert sheet["A3"].value is None and sheet["D3"].value == "Belum diisi"
    html = page.content.decode()
    assert html.count('data-has-data="0"') == 13 and html.count("Belum diisi") == 13


def test_socialisation_pages_and_map(client_for, sambas_user):
    client = client_for(sambas_user)
    url = reverse("monitoring:socialisation_regency", args=["61.01"])
    page = client.get(url)
    desa = page.context["unreached"][0].code
    before = page.context["unreached_count"]
    page = client.post(url, {"desa": desa, "date": "2026-06-01", "audience": "Perangkat desa",
                             "participants": "30", "place": "Balai desa"})
    assert page.status_code == 302
    page = client.get(url)
    assert page.context["unreached_count"] == before - 1
    assert page.context["map_spec"]["mark"]["type"] == "geoshape"
    features = client.get(reverse("monitoring:socialisation_map", args=["61.01"])).json()
    reached = {f["properties"]["kode"]: f["properties"]["desa_tercapai"]
               for f in features["features"]}
    assert reached[desa[:8]] == 1 and sum(reached.values()) == 1
    xlsx = client.get(url + "?format=xlsx")
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.max_row == before
    assert client.get(reverse("monitoring:socialisation_regency", args=["61.72"])
                      ).status_code == 404
    assert client.get(reverse("monitoring:socialisation_map", args=["61.72"])
                      ).status_code == 404


def test_overview_highlights_overdue_for_province(client_for, provinsi_user, sambas_item):
    services.update_action_item(user=provinsi_user, item=sambas_item,
                                due_date=selectors.today() - timedelta(days=1))
    page = client_for(provinsi_user).get(reverse("monitoring:overview"))
    assert [i.pk for i in page.context["overdue"]] == [sambas_item.pk]
    row = {r.regency.code: r for r in page.context["schedule"]}["61.01"]
    assert (row.open_items, row.overdue_items) == (1, 1)
    assert 'data-testid="overdue-badge"' in page.content.decode()
    assert date.today() > sambas_item.due_date


def test_overdue_actions_are_listed_on_the_home_page_of_whoever_owns_them(
        client_for, provinsi_user, sambas_user, sambas_item, singkawang_item):
    # Singkawang's item was due 30 June 2026 (overdue for years by now); Sambas's too.
    province = client_for(provinsi_user).get("/")
    assert {i.pk for i in province.context["overdue"]} == {sambas_item.pk, singkawang_item.pk}
    assert b'data-testid="overdue"' in province.content
    sambas = client_for(sambas_user).get("/")
    assert [i.pk for i in sambas.context["overdue"]] == [sambas_item.pk]
    assert sambas.context["overdue_count"] == 1
