"""A PostgreSQL restart in the middle of a job (issue 9.6). On a throwaway cluster
(initdb + pg_ctl in a temporary folder, its own port), never the suite's server: the
suite's test database is copied into it (pg_dump | pg_restore), the real worker imports
a list, the cluster is restarted while the intake writes. Afterwards no worker of the
file is stored, the job shows as failed with a reason, and running it again succeeds.
Runs on the PostgreSQL run of the suite, where the PostgreSQL binaries are."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.faults.conftest import ROOT, start_worker, stop, wait_for, worker_list_csv

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
ROWS = 40_000


def _bin(name: str) -> str | None:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cluster(tmp_path, kalbar):
    if connection.vendor != "postgresql":
        pytest.skip("runs on the PostgreSQL run of the suite")
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not (initdb and pg_ctl and shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    # Outside pytest's tmp_path, which the postgres user may not enter.
    folder = Path(tempfile.mkdtemp(prefix="ucj-pg-"))
    if as_postgres:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    subprocess.run([*as_postgres, initdb, "-D", str(data), "-A", "trust", "-U", "postgres",
                    "--no-sync"], check=True, capture_output=True)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    control = [*as_postgres, pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"),
               "-w"]
    subprocess.run([*control, "start"], check=True, capture_output=True)
    try:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "ucj"],
                       check=True, capture_output=True)
        config = connection.settings_dict
        dump = subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", "-h", config["HOST"] or "127.0.0.1", "-p",
             str(config["PORT"] or 5432), "-U", config["USER"], config["NAME"]],
            check=True, capture_output=True).stdout
        subprocess.run(["pg_restore", "--no-owner", "-h", "127.0.0.1", "-p", str(port), "-U",
                        "postgres", "-d", "ucj"], input=dump, check=True, capture_output=True)
        yield f"postgres://postgres@127.0.0.1:{port}/ucj", control
    finally:
        subprocess.run([*control, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def manage(url: str, var: Path, code: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT,
                          env={**os.environ, "UCJ_DATABASE_URL": url, "UCJ_VAR_DIR": str(var)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_postgres_restart_mid_import(cluster, tmp_path):
    import psycopg

    url, control = cluster
    var = tmp_path / "var"
    (tmp_path / "daftar.csv").write_bytes(worker_list_csv(ROWS))
    submission = manage(url, var, (
        "from ucj.registry import services;"
        f"s = services.create_submission(user=None, regency_code='61.01', ecosystem_code='rentan',"
        f" file_name='daftar.csv', data=open('{tmp_path / 'daftar.csv'}', 'rb').read());"
        "services.confirm_mapping(submission=s, user=None, mapping=s.mapping); print(s.pk)"))
    database = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/ucj"

    def query(sql: str):
        try:
            with psycopg.connect(database, connect_timeout=2) as db:
                return db.execute(sql).fetchone()
        except psycopg.OperationalError:
            return None

    worker = start_worker(url, UCJ_VAR_DIR=str(var))
    try:
        wait_for(lambda: query(f"SELECT 1 FROM registry_submission WHERE id = {submission} "
                               "AND progress_step = 'storing'"), what="the intake to store")
        time.sleep(0.1)
        subprocess.run([*control, "-m", "fast", "restart"], check=True, capture_output=True)
        state = wait_for(lambda: query(
            f"SELECT status, error FROM registry_submission WHERE id = {submission} "
            "AND status <> 'running'"), timeout=60, every=0.2, what="the job to be failed")
        assert state[0] == "failed" and state[1], state
        assert query("SELECT COUNT(*) FROM registry_worker") == (0,)
        assert query(f"SELECT COUNT(*) FROM registry_submissionrow WHERE submission_id = "
                     f"{submission}") == (0,)
        task = wait_for(lambda: query(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = "
            "'ucj.registry.tasks.run_submission' AND status <> 'RUNNING'"), what="the task")
        assert task == ("FAILED",)
        assert worker.poll() is None, "the worker must survive the restart"

        manage(url, var, ("from ucj.registry import services; from ucj.registry.models import "
                          f"Submission; services.retry_submission(submission=Submission.objects"
                          f".get(pk={submission}), user=None); print('ok')"))
        wait_for(lambda: query(f"SELECT 1 FROM registry_submission WHERE id = {submission} "
                               "AND status IN ('done', 'failed')"), timeout=90, every=0.2,
                 what="the second run")
        assert query(f"SELECT status FROM registry_submission WHERE id = {submission}") == ("done",)
        assert query("SELECT COUNT(*) FROM registry_worker") == (ROWS,)
    finally:
        stop(worker)
