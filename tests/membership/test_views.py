"""Pages, downloads, the API and the command line of membership (Django test client)."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ucj.accounts.models import AuditAction, AuditEvent
from ucj.membership import services
from ucj.membership.models import CandidateState, Extract, JobStatus, LinkCandidate

from .conftest import extract_csv, participant, register
from .test_services import AS_OF, DEWI, JOKO, PEOPLE, RINA, SITI, TONO, import_june

pytestmark = pytest.mark.django_db


@pytest.fixture
def reconciled(kalbar):
    workers = register(PEOPLE)
    import_june()
    return workers, services.reconcile(upper=0.999999999, lower=0.05)


def test_upload_page_queues_the_check_and_shows_the_result(client_for, bpjs_user, kalbar):
    client = client_for(bpjs_user)
    data = extract_csv([participant(SITI, "10000000001"), participant(DEWI, "x")])
    response = client.post(reverse("membership:upload"), {
        "as_of": "2026-06-30", "file": _named(data, "juni.csv")})
    extract = Extract.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("membership:extract", args=[extract.pk])
    assert DBTaskResult.objects.get().args_kwargs["args"] == [extract.pk]
    services.run_extract_import(extract_id=extract.pk)
    page = client.get(response.url)
    assert page.status_code == 200
    assert page.context["extract"].rejected == 1
    assert "kpj_format" in page.content.decode()


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_future_dates_and_other_formats_are_refused(client_for, bpjs_user):
    client = client_for(bpjs_user)
    response = client.post(reverse("membership:upload"), {
        "as_of": "2099-01-01", "file": _named(b"x", "ekstrak.pdf")})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "as_of" in errors and "file" in errors
    assert not Extract.objects.exists()


def test_kabupaten_users_cannot_upload_or_review(client_for, sambas_user, reconciled):
    client = client_for(sambas_user)
    _, run = reconciled
    assert client.get(reverse("membership:upload")).status_code == 404
    assert client.get(reverse("membership:review", args=[run.pk])).status_code == 404
    candidate = LinkCandidate.objects.filter(reconciliation=run).first()
    assert client.post(reverse("membership:decide", args=[candidate.pk]),
                       {"decision": "confirmed"}).status_code == 404
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.REVIEW


def test_summary_page_is_limited_to_the_users_regency(client_for, sambas_user, reconciled):
    page = client_for(sambas_user).get(reverse("membership:overview"))
    assert page.status_code == 200
    assert {row.regency for row in page.context["rows"]} == {"61.01"}
    assert page.context["totals"]["workers"] == 7
    assert page.context["chart"]["mark"]["type"] == "bar"
    assert "Kota Singkawang" not in page.content.decode()


def test_status_download_masks_niks_for_leaders_and_is_audited(client_for, pimpinan_user,
                                                                reconciled):
    _, run = reconciled
    response = client_for(pimpinan_user).get(
        reverse("membership:download", args=[run.pk, "not_enrolled"]) + "?wilayah=61.01")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    niks = {row[0] for row in rows}
    assert DEWI.nik not in niks and DEWI.nik[:4] + "********" + DEWI.nik[-4:] in niks
    assert all("Sambas" in row[3] for row in rows)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT_PERSONAL,
                                     object_type="membership.reconciliation").count() == 1


def test_review_page_and_decision(client_for, provinsi_user, reconciled):
    workers, run = reconciled
    client = client_for(provinsi_user)
    page = client.get(reverse("membership:review", args=[run.pk]))
    assert page.status_code == 200
    waiting = {c.worker_id for c in page.context["candidates"]}
    assert workers[RINA.nik].pk in waiting
    candidate = LinkCandidate.objects.get(reconciliation=run, worker=workers[RINA.nik])
    response = client.post(reverse("membership:decide", args=[candidate.pk]),
                           {"decision": "confirmed"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-state="confirmed"' in response.content.decode()
    run.refresh_from_db()
    assert run.linked_reviewed == 1


def test_api_import_reconcile_and_read(client_for, bpjs_user, sambas_user, kalbar):
    workers = register(PEOPLE)
    client = client_for(bpjs_user)
    response = client.post("/api/membership/extracts", {
        "as_of": AS_OF.isoformat(),
        "file": _named(extract_csv([participant(SITI, "10000000001"),
                                    participant(TONO, "10000000008")]), "juni.csv")})
    assert response.status_code == 201, response.content
    extract_id = response.json()["id"]
    assert response.json()["status"] == JobStatus.QUEUED
    services.run_extract_import(extract_id=extract_id)
    assert client.get(f"/api/membership/extracts/{extract_id}").json()["accepted"] == 2

    started = client.post("/api/membership/reconciliations", {"extract": extract_id},
                          content_type="application/json")
    assert started.status_code == 201, started.content
    run_id = started.json()["id"]
    services.run_reconciliation(reconciliation_id=run_id)
    body = client.get(f"/api/membership/reconciliations/{run_id}").json()
    assert (body["active"], body["not_enrolled"], body["linked_exact"]) == (2, 6, 2)

    own = client_for(sambas_user).get(f"/api/membership/reconciliations/{run_id}/workers",
                                      {"status": "active"}).json()
    assert [w["nik"] for w in own] == [SITI.nik]
    summary = client_for(sambas_user).get(f"/api/membership/reconciliations/{run_id}/summary")
    assert [row["regency"] for row in summary.json()] == ["61.01"]
    refused = client_for(sambas_user).post("/api/membership/reconciliations", {},
                                           content_type="application/json")
    assert refused.status_code == 403
    assert workers[JOKO.nik]


def test_commands_print_the_contract(tmp_path, kalbar):
    register(PEOPLE)
    path = tmp_path / "juni.csv"
    path.write_bytes(extract_csv([participant(SITI, "10000000001"), participant(DEWI, "x")]))
    out = io.StringIO()
    call_command("import-membership", str(path), "--as-of", "2026-06-30", "--json", stdout=out)
    imported = json.loads(out.getvalue())
    assert imported == {"rows": 2, "accepted": 1, "rejected": 1,
                        "reasons": {"kpj_format": 1}, "extract": imported["extract"]}
    out = io.StringIO()
    call_command("reconcile", "--json", stdout=out)
    counts = json.loads(out.getvalue())
    assert {k: counts[k] for k in ("active", "lapsed", "not_enrolled", "linked_exact",
                                   "linked_probabilistic", "review")} == {
        "active": 1, "lapsed": 0, "not_enrolled": 7, "linked_exact": 1,
        "linked_probabilistic": 0, "review": 0}
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("import-membership", str(path), "--as-of", "30-06-2026")
    with pytest.raises(CommandError, match="sudah diimpor"):
        call_command("import-membership", str(path), "--as-of", "2026-06-30")


def test_review_marks_differing_digits_compares_sex_and_desa_and_says_why(
        client_for, provinsi_user, reconciled):
    workers, run = reconciled
    client = client_for(provinsi_user)
    page = client.get(reverse("membership:review", args=[run.pk]))
    html = page.content.decode()
    rina = next(c for c in page.context["candidates"] if c.worker_id == workers[RINA.nik].pk)
    # The typo is in digit 15: marked on both sides, the rest plain.
    nik = workers[RINA.nik].nik
    assert rina.worker_nik_parts == [(nik[:14], False), (nik[14], True), (nik[15], False)]
    assert f"{nik[:14]}<mark>{nik[14]}</mark>{nik[15]}" in html
    assert rina.participant_nik_parts[1] == (rina.participant_nik[14], True)
    # Sex: the registry's and the one the participant's NIK encodes; the extract has no desa.
    assert rina.worker_sex == rina.participant_sex == "Perempuan"
    assert not rina.sex_differs
    assert 'data-testid="participant-desa"' in html
    # It waits below the (test's) automatic threshold: the page says so.
    assert "di bawah ambang tautan otomatis (0.999999999)" in html
    assert "Orang yang sama" in html and "Orang berbeda" in html


def test_a_decision_can_be_undone_and_the_pair_waits_again(client_for, provinsi_user,
                                                           sambas_user, reconciled):
    from ucj.membership.models import LinkDecision, WorkerMembership

    workers, run = reconciled
    client = client_for(provinsi_user)
    candidate = LinkCandidate.objects.get(reconciliation=run, worker=workers[RINA.nik])
    review_before = run.review
    client.post(reverse("membership:decide", args=[candidate.pk]), {"decision": "confirmed"})
    assert LinkDecision.objects.filter(worker=workers[RINA.nik]).exists()
    page = client.get(reverse("membership:review", args=[run.pk])).content.decode()
    assert 'data-testid="decided-table"' in page and 'data-testid="undo"' in page
    # A regency operator may not undo it (nor see it).
    assert client_for(sambas_user).post(
        reverse("membership:undo", args=[candidate.pk])).status_code == 404
    assert LinkDecision.objects.filter(worker=workers[RINA.nik]).exists()

    client = client_for(provinsi_user)
    answer = client.post(reverse("membership:undo", args=[candidate.pk]), HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and 'data-state="review"' in answer.content.decode()
    candidate.refresh_from_db()
    run.refresh_from_db()
    assert candidate.state == CandidateState.REVIEW
    assert not LinkDecision.objects.filter(worker=workers[RINA.nik]).exists()
    membership = WorkerMembership.objects.get(reconciliation=run, worker=workers[RINA.nik])
    assert (membership.status, membership.method, membership.kpj) == ("not_enrolled", "review", "")
    assert run.linked_reviewed == 0 and run.review == review_before
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, actor=provinsi_user,
                                     detail__undone="confirmed").exists()
    # Nothing left to undo: refused with a message, nothing changes.
    page = client.post(reverse("membership:undo", args=[candidate.pk]), follow=True)
    assert "belum diputuskan" in page.content.decode()
    # The next reconciliation asks again rather than applying the undone decision.
    again = services.reconcile(upper=0.999999999, lower=0.05)
    assert LinkCandidate.objects.get(reconciliation=again, worker=workers[RINA.nik]).state == \
        CandidateState.REVIEW


def test_api_candidates_say_which_digits_differ_and_why_and_a_decision_can_be_undone(
        client_for, provinsi_user, reconciled):
    workers, run = reconciled
    client = client_for(provinsi_user)
    found = client.get(f"/api/membership/reconciliations/{run.pk}/candidates").json()
    rina = next(c for c in found if c["worker_id"] == workers[RINA.nik].pk)
    assert rina["nik_differs_at"] == [14] and rina["wait_reasons"] == ["below_upper"]
    decided = client.post(f"/api/membership/candidates/{rina['id']}/decision",
                          json.dumps({"decision": "rejected"}), content_type="application/json")
    assert decided.json()["state"] == "rejected" and decided.json()["wait_reasons"] == []
    undone = client.post(f"/api/membership/candidates/{rina['id']}/undo")
    assert undone.status_code == 200 and undone.json()["state"] == "review"
    assert undone.json()["wait_reasons"] == ["below_upper"]
    assert client.post(f"/api/membership/candidates/{rina['id']}/undo").status_code == 409
