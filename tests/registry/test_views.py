import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ucj.accounts.models import AuditEvent
from ucj.registry import services
from ucj.registry.models import Submission, SubmissionStatus, Worker

pytestmark = pytest.mark.django_db


def upload(client, path, regency="61.01", ecosystem="perangkat_desa"):
    with path.open("rb") as handle:
        return client.post(reverse("registry:upload"),
                           {"regency": regency, "ecosystem": ecosystem, "file": handle})


def test_upload_shows_detected_mapping_then_queues_the_job(client_for, sambas_user, people_file):
    client = client_for(sambas_user)
    response = upload(client, people_file())
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("registry:mapping", args=[submission.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert page.context["form"]["nik"].initial == submission.mapping["nik"]
    assert len(page.context["preview"]) == 8

    confirmed = client.post(response.url, {**submission.mapping})
    assert confirmed.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.QUEUED
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [submission.pk]
    assert Worker.objects.count() == 0  # nothing stored before the worker runs

    services.run_intake(submission_id=submission.pk)
    result = client.get(reverse("registry:submission", args=[submission.pk]))
    assert result.context["submission"].accepted == 30
    progress = client.get(reverse("registry:progress", args=[submission.pk]),
                          HTTP_HX_REQUEST="true")
    assert progress.headers["HX-Refresh"] == "true"


def test_mapping_errors_are_shown_and_nothing_queued(client_for, sambas_user, people_file):
    client = client_for(sambas_user)
    response = upload(client, people_file())
    submission = Submission.objects.get()
    mapping = {**submission.mapping, "nama": submission.mapping["nik"]}
    page = client.post(response.url, mapping)
    assert page.status_code == 200
    assert "dipilih untuk dua isian" in page.text
    assert not DBTaskResult.objects.exists()


def test_upload_refuses_other_file_types_with_advice(client_for, sambas_user, tmp_path):
    old = tmp_path / "daftar.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    page = upload(client_for(sambas_user), old)
    assert page.status_code == 200
    assert "Excel Workbook (.xlsx)" in page.text
    assert Submission.objects.count() == 0


def test_regency_operator_cannot_see_other_regencies_submissions(client_for, sambas_user,
                                                                 provinsi_user, people_file):
    path = people_file()
    other = services.import_file(data=path.read_bytes(), file_name=path.name,
                                 regency_code="61.02", ecosystem_code="guru").submission
    client = client_for(sambas_user)
    for name in ("registry:submission", "registry:mapping", "registry:progress",
                 "registry:error_workbook"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert client.get(reverse("registry:submissions")).context["page"].paginator.count == 0
    assert client.get(reverse("registry:workers")).context["page"].paginator.count == 0
    worker = Worker.objects.first()
    assert client.get(reverse("registry:worker", args=[worker.pk])).status_code == 404
    # Province staff see it.
    province = client_for(provinsi_user)
    assert province.get(reverse("registry:worker", args=[worker.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="view_personal", object_id=str(worker.pk)).exists()


def test_error_workbook_lists_every_row_with_verdict_and_reason(client_for, sambas_user, people,
                                                                people_file):
    import polars as pl

    broken = people.head(3).with_columns(nik=pl.Series(["6.10101E+15", people["nik"][1],
                                                        people["nik"][1]]))
    path = people_file(broken, "rusak.xlsx")
    submission = services.import_file(data=path.read_bytes(), file_name=path.name,
                                      regency_code="61.01", ecosystem_code="rentan",
                                      user=sambas_user).submission
    client = client_for(sambas_user)
    response = client.get(reverse("registry:error_workbook", args=[submission.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Hasil pemeriksaan"]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "BARIS" and header[-3:] == ["STATUS", "KODE ALASAN", "KETERANGAN"]
    assert "NIK" in header
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(body) == 3
    verdicts = {row[-2].split(", ")[0]: row[-3] for row in body}
    assert verdicts["nik_scientific"] == "DITOLAK"
    assert verdicts["duplicate_in_file"] == "DITOLAK"
    assert "baris 3" in body[2][-1]  # names the row that was kept
    nik_column = header.index("NIK")
    assert body[1][nik_column] == people["nik"][1]  # stays text, all 16 digits
    assert AuditEvent.objects.filter(action="export_personal").count() == 1
    summary = dict(book["Ringkasan"].iter_rows(min_row=1, max_col=2, values_only=True))
    uploaded = timezone.localtime(submission.uploaded_at)  # WIB, as the submission page says
    assert summary["Diunggah"].startswith(f"{uploaded.day} ")
    assert summary["Diunggah"].endswith(f"{uploaded:%H.%M} WIB")
    only = client.get(reverse("registry:error_workbook", args=[submission.pk]) + "?baris=bermasalah")
    rows = list(openpyxl.load_workbook(io.BytesIO(only.content))["Hasil pemeriksaan"]
                .iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2


def test_error_workbook_reads_in_english_for_an_english_reader(client_for, sambas_user, people,
                                                               people_file):
    import polars as pl
    from django.conf import settings

    broken = people.head(2).with_columns(nik=pl.Series(["6.10101E+15", people["nik"][1]]))
    path = people_file(broken, "rusak.xlsx")
    submission = services.import_file(data=path.read_bytes(), file_name=path.name,
                                      regency_code="61.01", ecosystem_code="rentan",
                                      user=sambas_user).submission
    client = client_for(sambas_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("registry:error_workbook", args=[submission.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Check results", "Summary", "How to use"]
    sheet = book["Check results"]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "ROW" and header[-3:] == ["STATUS", "REASON CODES", "EXPLANATION"]
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    rejected = next(row for row in body if row[-3] == "REJECTED")
    # Explained from its reason code in English, not the Indonesian text stored with it.
    assert rejected[-1].startswith("The spreadsheet stored the NIK as a number"), rejected
    summary = dict(book["Summary"].iter_rows(min_row=1, max_col=2, values_only=True))
    assert summary["Ecosystem"] == "Vulnerable workers" and summary["Rejected"] == 1
    guide = [row[0] for row in book["How to use"].iter_rows(values_only=True)]
    assert guide[0] == "How to use this file" and "REASON CODES" in guide[1]
    # The submission page explains its rejected rows the same way.
    page = client.get(reverse("registry:submission", args=[submission.pk])).content.decode()
    assert "The spreadsheet stored the NIK as a number" in page
    assert "NIK tersimpan sebagai angka" not in page


def test_import_workers_command_prints_json(kalbar, people_file):
    out = io.StringIO()
    call_command("import-workers", str(people_file()), "--regency", "61.01", "--segment",
                 "perangkat_desa", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["rows"] == 30 and printed["accepted"] == 30 and printed["rejected"] == 0
    assert printed["reasons"] == {} and set(printed) >= {"warnings", "submission"}
    assert Submission.objects.get().pk == printed["submission"]


def test_import_workers_command_refuses_bad_arguments(kalbar, people_file):
    with pytest.raises(CommandError, match="Ekosistem 'ikan' tidak dikenal"):
        call_command("import-workers", str(people_file()), "--regency", "61.01",
                     "--segment", "ikan")
    with pytest.raises(CommandError, match="berkas tidak ditemukan"):
        call_command("import-workers", "/tidak/ada.xlsx", "--regency", "61.01",
                     "--segment", "guru")


def test_a_failed_submission_can_be_run_again_from_its_page(client_for, sambas_user,
                                                            people_file, make_user):
    client = client_for(sambas_user)
    upload(client, people_file())
    submission = Submission.objects.get()
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.FAILED, error="Pekerja latar belakang berhenti.")
    page = client.get(reverse("registry:submission", args=[submission.pk]))
    assert b'data-testid="retry"' in page.content
    response = client.post(reverse("registry:retry", args=[submission.pk]))
    assert response.url == reverse("registry:submission", args=[submission.pk])
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.QUEUED and submission.error == ""
    assert DBTaskResult.objects.filter(args_kwargs__args=[submission.pk]).exists()
    # Only a failed one runs again; another regency does not even see it.
    client.post(reverse("registry:retry", args=[submission.pk]))
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.QUEUED
    other = make_user("op_kuburaya", "kabupaten", regency="61.12")
    assert client_for(other).post(
        reverse("registry:retry", args=[submission.pk])).status_code == 404


def test_submissions_list_who_uploaded_when_in_wib_and_resume_or_cancel(
        client_for, sambas_user, provinsi_user, pimpinan_user, people_file):
    from datetime import UTC, datetime

    sambas_user.first_name, sambas_user.last_name = "Siti", "Operator"
    sambas_user.save()
    path = people_file()
    client = client_for(sambas_user)
    upload(client, path)
    waiting = Submission.objects.get()
    # 07.05 UTC is 14.05 WIB.
    Submission.objects.filter(pk=waiting.pk).update(
        uploaded_at=datetime(2026, 12, 3, 7, 5, tzinfo=UTC))
    page = client.get(reverse("registry:submissions"))
    html = page.text
    assert "Siti Operator" in html and "3 Desember 2026 14.05 WIB" in html
    assert 'data-testid="resume"' in html and 'data-testid="cancel"' in html
    assert reverse("registry:mapping", args=[waiting.pk]) in html
    # A leader sees who and when, but may neither resume nor cancel.
    leader = client_for(pimpinan_user).get(reverse("registry:submissions")).text
    assert "Siti Operator" in leader and 'data-testid="cancel"' not in leader
    assert client_for(pimpinan_user).post(
        reverse("registry:cancel", args=[waiting.pk])).status_code in (403, 404)
    waiting.refresh_from_db()
    assert waiting.status == SubmissionStatus.MAPPING

    client = client_for(sambas_user)  # the same test client, signed in again
    upload(client, path)  # the same file while the first waits: a duplicate of it
    duplicate = Submission.objects.get(status=SubmissionStatus.DUPLICATE)
    answer = client.post(reverse("registry:cancel", args=[waiting.pk]))
    assert answer.status_code == 302 and answer.url == reverse("registry:submissions")
    waiting.refresh_from_db()
    assert waiting.status == SubmissionStatus.CANCELLED and waiting.finished_at
    assert AuditEvent.objects.filter(action="update", object_id=str(waiting.pk),
                                     actor=sambas_user).exists()
    listed = client.get(reverse("registry:submissions")).text
    assert 'data-testid="cancel"' not in listed and "Dibatalkan" in listed
    detail = client.get(reverse("registry:submission", args=[waiting.pk]))
    assert 'data-testid="cancelled"' in detail.text
    # The mapping page of a cancelled upload leads back to it; a second cancel is refused.
    assert client.get(reverse("registry:mapping", args=[waiting.pk])).status_code == 302
    client.post(reverse("registry:cancel", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == SubmissionStatus.CANCELLED
    # The duplicate's page no longer says to carry on with the cancelled one.
    page = client.get(reverse("registry:submission", args=[duplicate.pk])).text
    assert "yang kemudian dibatalkan" in page
    # The same file again is not a duplicate of the cancelled one.
    upload(client, path)
    again = Submission.objects.exclude(pk__in=[waiting.pk, duplicate.pk]).get()
    assert again.status == SubmissionStatus.MAPPING and again.duplicate_of_id is None


def test_cancel_refuses_a_processed_upload_and_another_regency(client_for, sambas_user,
                                                              make_user, people_file):
    path = people_file()
    done = services.import_file(data=path.read_bytes(), file_name=path.name,
                                regency_code="61.01", ecosystem_code="guru").submission
    with pytest.raises(services.IntakeError, match="menunggu konfirmasi kolom"):
        services.cancel_submission(submission=done, user=sambas_user)
    page = client_for(sambas_user).post(reverse("registry:cancel", args=[done.pk]), follow=True)
    assert "menunggu konfirmasi kolom" in page.text
    done.refresh_from_db()
    assert done.status == SubmissionStatus.DONE
    other = services.create_submission(user=None, regency_code="61.02", ecosystem_code="guru",
                                       file_name=path.name, data=path.read_bytes())
    assert client_for(sambas_user).post(
        reverse("registry:cancel", args=[other.pk])).status_code == 404
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.cancel_submission(submission=other, user=sambas_user)
    other.refresh_from_db()
    assert other.status == SubmissionStatus.MAPPING
