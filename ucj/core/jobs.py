"""Recovery of background jobs whose worker died (issue 9.6).

A job (an intake, an extract check, a reconciliation) writes its results in one
transaction, so a worker killed mid-job (kill -9, out of memory, a power cut) or a
database restarted mid-job leaves nothing half-written: the database rolls the
transaction back. What such a death does leave is the job shown as "running" forever,
in django-tasks-db's table and in the app's own row (Submission, Extract,
Reconciliation). This module finds those and marks them failed with a reason, so the
page says what happened and the job can be run again:

- every worker process records itself (`WorkerProcess`: host, pid, process start time)
  when it starts a job, and a thread refreshes `last_seen` every HEARTBEAT seconds;
- a running job is abandoned when its worker's process is gone (same host: the pid no
  longer runs, or runs another program), or when its worker has not been seen for
  STALE_AFTER seconds (another host);
- an app's job row still "running"/"queued" whose task the worker marked failed (it could
  not write the app's row, e.g. while the database was restarting) is marked failed too.

A job row names its current task (`task_id`, written with the task in one transaction by
`enqueue_job`), and only that task's failure can fail the row: a job run again (a retry)
has a new task, and its old failed task must not mark the new attempt failed.

`recover_abandoned_jobs()` runs when a worker starts a job and when a submission's
progress is polled (page or API).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT = 15  # seconds between a worker's signs of life
STALE_AFTER = 600  # a worker on another host not seen for this long is taken for dead
REASON = ("Pekerja latar belakang berhenti saat menjalankan pekerjaan ini (proses dimatikan "
          "atau server dimulai ulang). Tidak ada data yang disimpan setengah jalan; jalankan "
          "lagi.")

# The task behind each kind of job row: task path -> "app_label.Model" (first argument is
# the row's id). The rows share status/error/progress_step/finished_at.
JOB_MODELS = {
    "ucj.registry.tasks.run_submission": "registry.Submission",
    "ucj.membership.tasks.check_extract": "membership.Extract",
    "ucj.membership.tasks.reconcile": "membership.Reconciliation",
}
UNFINISHED = ("queued", "running")


def _hostname() -> str:
    return socket.gethostname()[:255]


def _process_started(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return ""


def _alive(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not started or not _process_started(pid) or _process_started(pid) == started


# Writes that must survive a database restart -------------------------------------------


def retrying[T](write: Callable[[], T], *, seconds: float = 30.0) -> T:
    """Run `write`, reconnecting and trying again while the database is unreachable
    (a restart takes a few seconds), for up to `seconds`. Used to record a job's
    failure after the database dropped the connection the job was using."""
    deadline = time.monotonic() + seconds
    pause = 0.2
    while True:
        try:
            return write()
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or time.monotonic() > deadline:
                raise
            connection.close()
            time.sleep(pause)
            pause = min(pause * 2, 2.0)


def mark_job_failed(model, pk: int, message: str) -> int:
    """Mark one job row failed with `message`, if it is not finished; survives a
    database restart (retrying)."""
    return retrying(lambda: model.objects.filter(pk=pk, status__in=UNFINISHED).update(
        status="failed", error=message, progress_step="failed", finished_at=timezone.now()))


def enqueue_job(task, job) -> str:
    """Queue `task` for the job row `job` (its first argument is the row's id) and record
    the task's id on the row, in one transaction, so no worker or recovery sees the task
    without the row naming it. Returns the task id."""
    with transaction.atomic():
        result = task.enqueue(job.pk)
        type(job).objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)
    return job.task_id


# The worker side ---------------------------------------------------------------------------

_heartbeat_started = threading.Event()


def note_worker(worker_id: str) -> None:
    """Record this process as `worker_id` (called as a job starts)."""
    from ucj.core.models import WorkerProcess

    pid = os.getpid()
    WorkerProcess.objects.update_or_create(worker_id=worker_id[:64], defaults={
        "hostname": _hostname(), "pid": pid, "process_started": _process_started(pid),
        "last_seen": timezone.now()})
    if not _heartbeat_started.is_set():
        _heartbeat_started.set()
        threading.Thread(target=_beat, args=(worker_id[:64],), daemon=True,
                         name="ucj-heartbeat").start()


def _beat(worker_id: str) -> None:
    from ucj.core.models import WorkerProcess

    while True:
        time.sleep(HEARTBEAT)
        try:
            close_old_connections()
            WorkerProcess.objects.filter(worker_id=worker_id).update(last_seen=timezone.now())
        except Exception:  # the database may be busy or restarting: try at the next beat
            logger.debug("heartbeat not recorded", exc_info=True)
        finally:
            connection.close()


def on_task_started(sender, task_result, **kwargs) -> None:
    """django.tasks' task_started, in the worker process: record the worker, then fail
    the jobs of workers that died before."""
    worker_ids = list(getattr(task_result, "worker_ids", None) or [])
    try:
        if worker_ids:
            note_worker(worker_ids[-1])
        recover_abandoned_jobs(except_task=str(task_result.id))
    except Exception:  # never stop a job from starting because of the bookkeeping
        logger.exception("job recovery failed")


# Finding and failing abandoned jobs ------------------------------------------------------

_last_sweep = 0.0


def recover_abandoned_jobs(*, except_task: str | None = None,
                           throttle: float = 0.0) -> list[str]:
    """Mark failed every job whose worker is gone; return their task ids. With
    `throttle`, do nothing if this process swept less than `throttle` seconds ago."""
    global _last_sweep
    if throttle and time.monotonic() - _last_sweep < throttle:
        return []
    _last_sweep = time.monotonic()
    from django_tasks_db.models import DBTaskResult

    from ucj.core.models import WorkerProcess

    now = timezone.now()
    here = _hostname()
    running = DBTaskResult.objects.filter(status="RUNNING")
    if except_task:
        running = running.exclude(id=except_task)
    running = list(running.only("id", "task_path", "args_kwargs", "worker_ids", "started_at"))
    workers = {w.worker_id: w for w in WorkerProcess.objects.filter(
        worker_id__in=[r.worker_ids[-1] for r in running if r.worker_ids])}
    abandoned = []
    for result in running:
        worker = workers.get(result.worker_ids[-1]) if result.worker_ids else None
        if worker is None:
            dead = (result.started_at or now) < now - timedelta(seconds=STALE_AFTER)
        elif worker.hostname == here:
            dead = not _alive(worker.pid, worker.process_started)
        else:
            dead = worker.last_seen < now - timedelta(seconds=STALE_AFTER)
        if dead:
            abandoned.append(result)
    for result in abandoned:
        updated = DBTaskResult.objects.filter(id=result.id, status="RUNNING").update(
            status="FAILED", finished_at=now,
            exception_class_path="ucj.core.jobs.WorkerStopped", traceback=REASON)
        if updated:
            logger.warning("job %s (%s) abandoned by its worker: marked failed", result.id,
                           result.task_path)
            _fail_job_row(result, REASON)
    # Job rows still unfinished whose task failed without updating them.
    failed = DBTaskResult.objects.filter(status="FAILED", task_path__in=list(JOB_MODELS),
                                         finished_at__gte=now - timedelta(days=2))
    for result in failed.only("id", "task_path", "args_kwargs", "traceback"):
        _fail_job_row(result, REASON if result.traceback == REASON else (
            "Pekerjaan gagal dan tidak selesai (basis data mungkin sempat tidak dapat "
            "dihubungi). Tidak ada data yang disimpan setengah jalan; jalankan lagi."))
    return [str(result.id) for result in abandoned]


def _fail_job_row(result, message: str) -> None:
    label = JOB_MODELS.get(result.task_path)
    args = (result.args_kwargs or {}).get("args") or []
    if not label or not args:
        return
    model = apps.get_model(label)
    # Only the row's current task: after a retry the row names the new one.
    model.objects.filter(pk=args[0], task_id=str(result.id), status__in=UNFINISHED).update(
        status="failed", error=message, progress_step="failed", finished_at=timezone.now())


class WorkerStopped(Exception):
    """Recorded as the exception of a task whose worker died."""
