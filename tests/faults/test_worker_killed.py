"""kill -9 of the background worker in the middle of an import (issue 9.6): nothing of
the file is stored, the job shows as failed with the reason, and running it again
succeeds."""

from __future__ import annotations

import os
import signal
import sqlite3
import time

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.faults.conftest import database_url, start_worker, stop, wait_for, worker_list_csv
from ucj.core.jobs import REASON, recover_abandoned_jobs
from ucj.core.models import WorkerProcess
from ucj.registry import services
from ucj.registry.models import Submission, SubmissionRow, SubmissionStatus, Worker, WorkerListing

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
ROWS = 80_000


def test_worker_killed_mid_import_leaves_nothing_and_the_job_can_run_again(kalbar, sambas_user,
                                                                           settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    url = database_url(connection.settings_dict, connection.vendor)
    data = worker_list_csv(ROWS)
    submission = services.create_submission(user=sambas_user, regency_code="61.01",
                                            ecosystem_code="rentan", file_name="besar.csv",
                                            data=data)
    # The worker process reads the file from its own MEDIA_ROOT (var/media): give it the file.
    env_media = settings.BASE_DIR / "var" / "media"
    target = env_media / submission.file.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    try:
        services.confirm_mapping(submission=submission, user=sambas_user,
                                 mapping=submission.mapping)
        worker = start_worker(url)
        try:
            wait_for(lambda: Submission.objects.filter(pk=submission.pk,
                                                       progress_step="storing").exists(),
                     what="the intake to start storing")
            time.sleep(0.15)  # inside the write transaction
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        finally:
            stop(worker)
        assert worker.returncode == -signal.SIGKILL

        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.RUNNING  # what a dead worker leaves
        assert Worker.objects.count() == 0
        assert SubmissionRow.objects.filter(submission=submission).count() == 0
        assert WorkerListing.objects.count() == 0
        if connection.vendor == "sqlite":
            check = sqlite3.connect(connection.settings_dict["NAME"])
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            check.close()
        assert WorkerProcess.objects.filter(pid=worker.pid).exists()

        assert recover_abandoned_jobs() == [submission.task_id]
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.FAILED
        assert submission.error == REASON
        assert DBTaskResult.objects.get(id=submission.task_id).status == "FAILED"

        services.retry_submission(submission=submission, user=sambas_user)
        worker = start_worker(url)
        try:
            wait_for(lambda: Submission.objects.filter(
                pk=submission.pk, status__in=["done", "failed"]).exists(), timeout=90,
                every=0.2, what="the second run")
        finally:
            stop(worker)
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.DONE, submission.error
        assert submission.rows == ROWS and submission.new_workers == ROWS
        assert Worker.objects.count() == ROWS
    finally:
        target.unlink(missing_ok=True)


def test_a_live_worker_is_not_taken_for_dead(kalbar):
    """Recovery must not fail the job of a worker that is still at work."""
    from django.utils import timezone

    WorkerProcess.objects.create(worker_id="alive", hostname=__import__("socket").gethostname(),
                                 pid=os.getpid(), last_seen=timezone.now())
    result = DBTaskResult.objects.create(
        task_path="ucj.registry.tasks.run_submission", args_kwargs={"args": [1], "kwargs": {}},
        status="RUNNING", worker_ids=["alive"], started_at=timezone.now(),
        queue_name="default", backend_name="default", priority=0, run_after=timezone.now(),
        enqueued_at=timezone.now())
    assert recover_abandoned_jobs() == []
    result.refresh_from_db()
    assert result.status == "RUNNING"
