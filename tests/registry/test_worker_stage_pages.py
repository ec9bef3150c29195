"""The stage on the worker page (with its history), in the registry list and its API
(column and filter), in the XLSX export of the filtered list; and province staff's
corrections of a worker, audited, refused to every other role."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from tests.budget.conftest import budget, province  # noqa: F401 (fixtures)
from tests.decrees.conftest import adopted, checker, issued, kota_user, worker_ids  # noqa: F401
from tests.registry.test_stages import month_loop
from ucj.accounts.models import AuditAction, AuditEvent
from ucj.registry.models import Worker, WorkerChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def august(issued, provinsi_user, sambas_user, checker):  # noqa: F811
    month_loop(issued, provinsi_user, sambas_user, checker)
    return issued


def sheet_rows(content: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_stage_in_the_list_page_api_and_export(august, client_for, provinsi_user, sambas_user,
                                               pimpinan_user, make_user):
    client = client_for(provinsi_user)
    page = client.get("/registri/", {"stage": "sent"})
    assert page.status_code == 200
    names = [w.name for w in page.context["page"].object_list]
    assert names == ["Warga Kota C", "Warga Sambas D", "Warga Sambas F"]
    assert 'data-stage="sent"' in page.content.decode()
    assert august.number in page.content.decode()
    everyone = client.get("/registri/").context["page"].object_list
    assert {w.name: w.stage.code for w in everyone}["Warga Sambas E"] == "registered"

    # The API: the same filter, each worker with its stage; a regency sees its own only.
    found = client.get("/api/registry/workers", {"stage": "registered"}).json()
    assert [(w["name"], w["stage"]["code"], w["stage"]["decree_number"], w["stage"]["months"],
             w["stage"]["sent_on"]) for w in found] == [
        ("Warga Sambas E", "registered", august.number, 12, "2026-07-01")]
    assert client.get("/api/registry/workers", {"stage": "nope"}).status_code == 422
    kota = make_user("op_kota2", "kabupaten", regency="61.72")
    sent = client_for(kota).get("/api/registry/workers", {"stage": "sent"}).json()
    assert [w["name"] for w in sent] == ["Warga Kota C"]
    returned = client_for(sambas_user).get("/api/registry/workers", {"stage": "returned"}).json()
    assert [(w["name"], w["stage"]["label"]) for w in returned] == [
        ("Warga Sambas G", "Dikembalikan ke kabupaten/kota")]

    # The export of the filtered list, audited as an export of personal data.
    response = client_for(provinsi_user).get("/registri/pekerja.xlsx", {"stage": "sent"})
    assert response.status_code == 200
    rows = sheet_rows(response.content)
    assert [r[1] for r in rows[1:]] == ["Warga Kota C", "Warga Sambas D", "Warga Sambas F"]
    d = Worker.objects.get(name="Warga Sambas D")
    assert rows[2][0] == d.nik and rows[2][3].date() == d.birth_date
    assert rows[2][9:12] == ["Dikirim ke BPJS", august.number, "01-2025 – 12-2025"]
    assert rows[2][12].date() == date(2026, 7, 1)
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT_PERSONAL,
                                      object_type="registry.worker").get()
    assert event.detail["rows"] == 3 and event.detail["filters"] == ["stage"]
    # A leader gets masked NIKs and birth years.
    rows = sheet_rows(client_for(pimpinan_user).get("/registri/pekerja.xlsx",
                                                    {"stage": "sent"}).content)
    assert rows[0][3] == "Tahun lahir"
    assert rows[2][0] != d.nik and rows[2][0].startswith(d.nik[:4]) and "*" in rows[2][0]
    assert rows[2][3] == d.birth_date.year


def test_worker_page_shows_the_stage_and_its_history(august, client_for, provinsi_user,
                                                     sambas_user, make_user):
    e = Worker.objects.get(name="Warga Sambas E")
    page = client_for(sambas_user).get(f"/registri/pekerja/{e.pk}/")
    text = page.content.decode()
    assert page.context["stage"].code == "registered"
    assert 'data-stage="registered"' in text and august.number in text
    history = page.context["history"]
    assert [(s.submission.file_name, s.row) for s in history.submissions] == [
        ("pekerja-61.01.csv", None)]
    # June: not enrolled; August: active (newest first).
    assert [m.status for m in history.memberships] == ["active", "not_enrolled"]
    assert [r.status for r in history.proposal_rows] == ["accepted"]
    assert [a.decree_id for a in history.annex_rows] == [august.pk]
    assert page.context["correction_form"] is None  # a regency does not correct
    g = Worker.objects.get(name="Warga Sambas G")
    g_page = client_for(provinsi_user).get(f"/registri/pekerja/{g.pk}/")
    assert g_page.context["stage"].code == "returned"
    assert "Desa tidak sesuai KTP" in g_page.content.decode()
    assert g_page.context["correction_form"] is not None
    # Another regency's operator does not see the worker at all.
    kubu = make_user("op_kubu", "kabupaten", regency="61.12")
    assert client_for(kubu).get(f"/registri/pekerja/{e.pk}/").status_code == 404


def test_province_staff_correct_a_worker_with_history_and_audit(province, client_for,  # noqa: F811
                                                                provinsi_user):
    worker = Worker.objects.get(name="Warga Sambas B")
    url = f"/registri/pekerja/{worker.pk}/koreksi/"
    client = client_for(provinsi_user)
    assert client.get(f"/registri/pekerja/{worker.pk}/").context["correction_form"] is not None
    body = {"name": "Warga  Sambas Benar", "birth_date": "05-01-1980", "sex": "P",
            "desa": "61.01.01.2001", "phone": "0812 3456", "position": "Kader",
            "employer": worker.employer, "reason": "Sesuai KTP"}
    response = client.post(url, body)
    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.name, worker.birth_date, worker.sex, worker.desa_id, worker.phone,
            worker.position) == ("Warga Sambas Benar", date(1980, 1, 5), "P", "61.01.01.2001",
                                 "0812 3456", "Kader")
    changes = {c.field: (c.old_value, c.new_value) for c in WorkerChange.objects.filter(
        worker=worker)}
    assert changes["name"] == ("Warga Sambas B", "Warga Sambas Benar")
    assert changes["birth_date"] == ("1980-01-02", "1980-01-05")
    assert changes["desa"] == ("", "61.01.01.2001")
    assert "employer" not in changes
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="registry.worker")
    assert event.actor == provinsi_user and event.detail["reason"] == "Sesuai KTP"
    assert event.detail["changes"]["sex"] == {"old": "L", "new": "P"}
    # The history on the page says it was a correction.
    assert "Warga Sambas Benar" in client.get(f"/registri/pekerja/{worker.pk}/").content.decode()
    # Without a reason, or with an unknown desa, nothing is saved and the page says why.
    for wrong, message in (({"reason": ""}, "reason"),
                           ({"desa": "61.01.99.9999", "name": "X"}, "61.01.99.9999")):
        response = client.post(url, {**body, **wrong})
        assert response.status_code == 422
        assert message in response.content.decode()
    worker.refresh_from_db()
    assert worker.name == "Warga Sambas Benar"
    assert WorkerChange.objects.filter(worker=worker).count() == len(changes)


def test_no_other_role_corrects_a_worker(province, client_for, sambas_user, bpjs_user,  # noqa: F811
                                         pimpinan_user):
    worker = Worker.objects.get(name="Warga Sambas B")
    before = (worker.name, worker.updated_at)
    for user in (sambas_user, bpjs_user, pimpinan_user):
        client = client_for(user)
        page = client.get(f"/registri/pekerja/{worker.pk}/")
        assert page.status_code in (200, 404)
        if page.status_code == 200:
            assert page.context["correction_form"] is None
        response = client.post(f"/registri/pekerja/{worker.pk}/koreksi/",
                               {"name": "Diubah", "reason": "uji"})
        assert response.status_code == 404, user.role
    worker.refresh_from_db()
    assert (worker.name, worker.updated_at) == before
    assert not WorkerChange.objects.filter(worker=worker).exists()
    from django.core.exceptions import PermissionDenied

    from ucj.registry import services
    with pytest.raises(PermissionDenied):
        services.correct_worker(user=sambas_user, worker=worker, values={"name": "X"},
                                reason="uji")


def test_worker_page_shows_the_rows_warnings_and_a_stage_before_reconciling(
        kalbar, client_for, sambas_user):
    from tests.membership.conftest import person, register
    from ucj.registry.intake.checks import MESSAGES

    # A NIK issued in Singkawang, listed by Sambas: accepted with a warning.
    stranger = replace(person(9, "Warga Pendatang", date(1990, 3, 4), regency="61.72"),
                       regency="61.01")
    worker = register([stranger])[stranger.nik]
    page = client_for(sambas_user).get(f"/registri/pekerja/{worker.pk}/")
    assert page.context["stage"].code == "not_reconciled"
    entry, = page.context["history"].submissions
    assert entry.row is not None and entry.row.verdict == "warning"
    assert "region_mismatch" in entry.row.warnings
    assert MESSAGES["region_mismatch"] in page.content.decode()
    assert "Terdaftar, belum direkonsiliasi dengan BPJS" in page.content.decode()


def test_a_correction_of_the_mother_s_maiden_name_keeps_it_out_of_the_audit_trail(
        province, provinsi_user):  # noqa: F811
    from ucj.registry import services

    worker = Worker.objects.get(name="Warga Sambas C")
    changed = services.correct_worker(
        user=provinsi_user, worker=worker, reason="Sesuai KK",
        values={"mother_name": "Nur Aini", "birth_place": "Sambas"})
    assert sorted(changed) == ["birth_place", "mother_name"]
    worker.refresh_from_db()
    assert (worker.mother_name, worker.birth_place) == ("Nur Aini", "Sambas")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="registry.worker")
    assert event.detail["changes"]["mother_name"] == {"changed": True}
    assert event.detail["changes"]["birth_place"] == {"old": "", "new": "Sambas"}
    assert "Nur Aini" not in str(event.detail)
    assert WorkerChange.objects.get(worker=worker, field="mother_name").new_value == "Nur Aini"
