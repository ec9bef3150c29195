from django.db import models


class DatasetVersion(models.Model):
    """Which version (checksum) of a bundled data set was last loaded, so loaders can
    be run on every start and do nothing when nothing changed."""

    name = models.CharField(max_length=50, unique=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} {self.checksum[:12]}"


class WorkerProcess(models.Model):
    """A background worker process (`ucj db_worker`) that has run a job: where it runs
    and when it was last seen alive, so that a job left "running" by a worker that died
    (kill -9, power loss, out of memory) can be told from one still at work
    (ucj.core.jobs)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    # The process's start time (Linux /proc), so a recycled pid is not taken for it.
    process_started = models.CharField(max_length=32, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
