"""Background jobs tell the truth after a retry (issue 14.6). A job run again shows
"queued", then "running", then its result, never its old failure: the old task, which
django-tasks-db keeps as FAILED, must not make the recovery of abandoned jobs
(ucj.core.jobs) fail the new attempt. A second retry while one is queued is refused and
queues nothing; a finished job carries no error text of an earlier attempt. Every kind
of job is checked: submissions (retry), extracts (uploaded again) and reconciliations
(started again). The workers are real: django-tasks-db's worker in this process, and
`manage.py db_worker` as a separate process."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from threading import Event

import pytest
from django.db import connection
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker
from django_tasks_db.models import DBTaskResult

from tests.faults.conftest import database_url, start_worker, stop, wait_for, worker_list_csv
from tests.membership.conftest import extract_csv, participant, person, register
from ucj.core import jobs
from ucj.core.jobs import mark_job_failed, recover_abandoned_jobs
from ucj.membership import services as membership
from ucj.membership.models import Extract, JobStatus, Reconciliation
from ucj.registry import services
from ucj.registry.models import Submission, SubmissionStatus

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
ROWS = 30_000
AS_OF = date(2026, 6, 30)


@pytest.fixture
def run_jobs(monkeypatch):
    """Run every queued job with django-tasks-db's worker, in this process, then return
    (no heartbeat thread: it would outlive the test)."""
    started = Event()
    started.set()
    monkeypatch.setattr(jobs, "_heartbeat_started", started)

    def run() -> None:
        TaskWorker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                   startup_delay=False, max_tasks=None, worker_id="uji-dalam-proses",
                   excluded_queue_names=[]).run()

    return run


def tasks_of(path: str):
    return DBTaskResult.objects.filter(task_path=path)


def test_a_retried_submission_shows_queued_then_running_never_its_old_failure(
        kalbar, sambas_user, client_for, settings, tmp_path, run_jobs):
    var = tmp_path / "var"
    settings.MEDIA_ROOT = var / "media"
    data = worker_list_csv(ROWS)
    submission = services.create_submission(user=sambas_user, regency_code="61.01",
                                            ecosystem_code="rentan", file_name="pekerja.csv",
                                            data=data)
    kept = Path(submission.file.path)
    kept.unlink()  # the first run cannot read the file: it fails for real
    services.confirm_mapping(submission=submission, user=sambas_user,
                             mapping=submission.mapping)
    run_jobs()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.FAILED and submission.error
    old_task = submission.task_id
    assert DBTaskResult.objects.get(id=old_task).status == "FAILED"

    kept.write_bytes(data)
    client = client_for(sambas_user)
    api = f"/api/registry/submissions/{submission.pk}"
    retried = client.post(f"{api}/retry")
    assert retried.status_code == 200, retried.content
    assert (retried.json()["status"], retried.json()["error"]) == ("queued", "")
    submission.refresh_from_db()
    assert submission.task_id != old_task

    # The old failed task does not fail the new attempt: not the recovery, not a poll.
    assert recover_abandoned_jobs() == []
    assert client.get(api).json()["status"] == "queued"
    progress = client.get(reverse("registry:progress", args=[submission.pk]))
    assert 'data-status="queued"' in progress.content.decode()
    submission.refresh_from_db()
    assert (submission.status, submission.error) == (SubmissionStatus.QUEUED, "")

    # A second retry, by the API or the page, is refused and queues nothing.
    again = client.post(f"{api}/retry")
    assert again.status_code == 409 and "antrean" in again.json()["detail"]
    page = client.post(reverse("registry:retry", args=[submission.pk]), follow=True)
    assert "sudah dalam antrean" in page.content.decode()
    assert tasks_of("ucj.registry.tasks.run_submission").count() == 2

    # The real worker process runs it (its own recovery sweep runs as the job starts):
    # the API says running while it runs, then done; never failed.
    worker = start_worker(database_url(connection.settings_dict, connection.vendor),
                          UCJ_VAR_DIR=str(var))
    seen: list[str] = []

    def finished() -> bool:
        status = client.get(api).json()["status"]
        if not seen or seen[-1] != status:
            seen.append(status)
        return status in ("done", "failed")

    try:
        wait_for(finished, timeout=180, every=0.05, what="the retried intake")
    finally:
        stop(worker)
    assert seen[-1] == "done" and "failed" not in seen and "running" in seen, seen
    submission.refresh_from_db()
    assert (submission.status, submission.error, submission.rows) == ("done", "", ROWS)
    assert client.get(api).json()["error"] == ""
    assert DBTaskResult.objects.get(id=submission.task_id).status == "SUCCESSFUL"
    assert tasks_of("ucj.registry.tasks.run_submission").count() == 2


def test_extracts_and_reconciliations_run_again_are_not_failed_by_their_old_tasks(
        kalbar, bpjs_user, settings, tmp_path, run_jobs):
    settings.MEDIA_ROOT = tmp_path / "media"
    siti, budi = person(1, "Siti Aminah", date(1990, 7, 1), sex="P"), \
        person(2, "Budi Santoso", date(1985, 3, 12))
    register([siti, budi])

    # An extract whose check failed, uploaded again corrected.
    bad = membership.create_extract(user=bpjs_user, file_name="ekstrak.csv", as_of=AS_OF,
                                    data=b"NIK,NAMA\n6101010101900001,Budi\n")
    membership.queue_extract_check(bad)
    run_jobs()
    bad.refresh_from_db()
    assert bad.status == JobStatus.FAILED and bad.task_id
    assert DBTaskResult.objects.get(id=bad.task_id).status == "FAILED"
    extract = membership.create_extract(
        user=bpjs_user, file_name="ekstrak.csv", as_of=AS_OF,
        data=extract_csv([participant(siti, "11111111111"), participant(budi, "22222222222")]))
    membership.queue_extract_check(extract)
    assert recover_abandoned_jobs() == []
    extract.refresh_from_db()
    assert extract.status == JobStatus.QUEUED and extract.task_id not in ("", bad.task_id)
    run_jobs()
    extract.refresh_from_db()
    assert (extract.status, extract.error, extract.accepted) == (JobStatus.DONE, "", 2)

    # A reconciliation that failed (its extract's Parquet file was missing), started again.
    parquet = Path(extract.participants.path)
    body = parquet.read_bytes()
    parquet.unlink()
    first = membership.start_reconciliation(user=bpjs_user, extract=extract)
    membership.queue_reconciliation(first)
    run_jobs()
    first.refresh_from_db()
    assert first.status == JobStatus.FAILED
    failed_task = first.task_id
    assert DBTaskResult.objects.get(id=failed_task).status == "FAILED"
    parquet.write_bytes(body)
    again = membership.start_reconciliation(user=bpjs_user, extract=extract)
    membership.queue_reconciliation(again)
    with pytest.raises(membership.MembershipError, match="sedang berjalan"):
        membership.start_reconciliation(user=bpjs_user, extract=extract)
    assert tasks_of("ucj.membership.tasks.reconcile").count() == 2
    assert recover_abandoned_jobs() == []
    again.refresh_from_db()
    assert again.status == JobStatus.QUEUED and again.task_id != failed_task
    run_jobs()
    again.refresh_from_db()
    assert (again.status, again.error, again.workers) == (JobStatus.DONE, "", 2)
    assert Reconciliation.objects.count() == 1 and Extract.objects.count() == 2


def test_a_job_run_again_after_a_failure_finishes_without_the_old_error(
        kalbar, sambas_user, bpjs_user, settings, tmp_path):
    """status done means error "", whatever an earlier attempt wrote."""
    settings.MEDIA_ROOT = tmp_path / "media"
    submission = services.create_submission(user=sambas_user, regency_code="61.01",
                                            ecosystem_code="rentan", file_name="pekerja.csv",
                                            data=worker_list_csv(20))
    services.confirm_mapping(submission=submission, user=sambas_user,
                             mapping=submission.mapping)
    mark_job_failed(Submission, submission.pk, "Percobaan sebelumnya gagal.")
    done = services.run_intake(submission_id=submission.pk)
    done.refresh_from_db()
    assert (done.status, done.error) == (SubmissionStatus.DONE, "")

    siti = person(1, "Siti Aminah", date(1990, 7, 1), sex="P")
    extract = membership.create_extract(user=bpjs_user, file_name="e.csv", as_of=AS_OF,
                                        data=extract_csv([participant(siti, "11111111111")]))
    mark_job_failed(Extract, extract.pk, "Percobaan sebelumnya gagal.")
    membership.run_extract_import(extract_id=extract.pk)
    extract.refresh_from_db()
    assert (extract.status, extract.error) == (JobStatus.DONE, "")
    run = membership.start_reconciliation(user=bpjs_user, extract=extract)
    mark_job_failed(Reconciliation, run.pk, "Percobaan sebelumnya gagal.")
    membership.run_reconciliation(reconciliation_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.error) == (JobStatus.DONE, "")
