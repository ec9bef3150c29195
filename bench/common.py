"""What the database benchmarks share: a fresh database per run (a SQLite file in a temp
dir or a new PostgreSQL database), a child process that sets Django up against it, and a
registry of generated workers with a reconciliation, written with COPY as the intake does."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def postgres(action: str, name: str) -> None:
    """Create (fresh) or drop the benchmark's own PostgreSQL database."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {name}")


def run_in_fresh_database(script: Path, db: str, pg_name: str, args: Sequence[str]) -> dict:
    """Runs `script _run-one ARGS --result FILE` in a child process against a fresh
    database of kind `db` ("sqlite" or "postgres") and returns the JSON it wrote."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix=f"{script.stem}-{db}-", dir=OUT_DIR))
    url = (f"postgres://postgres@127.0.0.1:5432/{pg_name}" if db == "postgres"
           else f"sqlite:///{run_dir / 'bench.sqlite3'}")
    if db == "postgres":
        postgres("create", pg_name)
    env = {**os.environ, "UCJ_DATABASE_URL": url, "UCJ_VAR_DIR": str(run_dir / "var"),
           "UCJ_DEBUG": "0", "UCJ_SECRET_KEY": secrets.token_urlsafe(50),
           "UCJ_SSL_REDIRECT": "0"}  # production settings, served over plain HTTP locally
    result_file = run_dir / "result.json"
    try:
        subprocess.run([sys.executable, str(script), "_run-one", *args,
                        "--result", str(result_file)],
                       env=env, check=True, cwd=ROOT, stdout=sys.stderr)
        result = json.loads(result_file.read_text())
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
        if db == "postgres":
            postgres("drop", pg_name)
    result["db"] = db
    return result


def setup_django() -> None:
    """In the child: Django against the fresh database, migrated, Kalbar regions loaded."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ucj.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from ucj.regions.services import load_regions

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    load_regions(provinces={"61"})


def load_reconciled_registry(workers: int, seed: int, names=None) -> dict:
    """`workers` registered workers living uniformly over Kalbar's desa, each listed by
    its regency in one of the ecosystems; a reconciliation giving each a BPJS status
    (40 % active, 10 % lapsed, 50 % not enrolled); 36 months of BPJS counts for the 14
    regencies (`ucj.coverage.demo`). `names`: a polars Series of the workers' names
    (default: all "PEKERJA CONTOH")."""
    import numpy as np
    import polars as pl
    from django.db import transaction

    from ucj.core.bulk import insert_frame
    from ucj.coverage.demo import create_demo_counts
    from ucj.membership.models import Extract, JobStatus, Reconciliation, WorkerMembership
    from ucj.regions.models import Level, Region
    from ucj.registry.models import Ecosystem, Submission, Worker, WorkerListing

    rng = np.random.default_rng(seed)
    desa = np.array(list(Region.objects.filter(code__startswith="61.", level=Level.DESA_KELURAHAN,
                                               is_current=True).values_list("code", flat=True)))
    ecosystems = np.array(list(Ecosystem.objects.values_list("code", flat=True)))
    ids = np.arange(1, workers + 1)
    desa_of = desa[rng.integers(0, len(desa), workers)]
    frame = pl.DataFrame({"id": ids, "desa_id": desa_of}).with_columns(
        nik=pl.format("61{}", pl.col("id").cast(pl.String).str.zfill(14)),
        name=pl.lit("PEKERJA CONTOH") if names is None else names, birth_date=pl.lit(date(1985, 1, 1)),
        sex=pl.lit("L"), phone=pl.lit(""), position=pl.lit(""), employer=pl.lit(""),
        regency_id=pl.col("desa_id").str.slice(0, 5),
    )
    started = time.perf_counter()
    with transaction.atomic():
        insert_frame(Worker._meta.db_table, frame.drop("regency_id"))
        submission = Submission.objects.create(
            regency_id="61.01", ecosystem_id=str(ecosystems[0]), file_name="bench",
            file_sha256="bench", status="done")
        insert_frame(WorkerListing._meta.db_table, frame.select(
            pl.col("id").alias("worker_id"),
            pl.Series("ecosystem_id", ecosystems[rng.integers(0, len(ecosystems), workers)]),
            "regency_id", pl.lit(submission.pk).alias("first_submission_id"),
            pl.lit(submission.pk).alias("last_submission_id")))
        extract = Extract.objects.create(as_of=date(2026, 6, 30), file_name="bench",
                                         file_sha256="bench", status=JobStatus.DONE)
        run = Reconciliation.objects.create(extract=extract, status=JobStatus.DONE,
                                            upper_threshold=0.99, lower_threshold=0.5)
        status = rng.choice(np.array(["active", "lapsed", "not_enrolled"]), workers,
                            p=[0.4, 0.1, 0.5])
        insert_frame(WorkerMembership._meta.db_table, pl.DataFrame({
            "reconciliation_id": np.full(workers, run.pk), "worker_id": ids,
            "status": status}).with_columns(
            method=pl.when(pl.col("status") == "not_enrolled").then(pl.lit("none"))
            .otherwise(pl.lit("exact")),
            kpj=pl.lit(""), participant_nik=pl.lit(""), category=pl.lit(""),
            last_paid=pl.lit(None, pl.Date), match_probability=pl.lit(None, pl.Float64)))
        # The ids were written explicitly: move PostgreSQL's id counter past them, so that
        # a later intake in the same database does not collide with them.
        from django.core.management.color import no_style
        from django.db import connection

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Worker]):
                cursor.execute(sql)
    counts = create_demo_counts(last_month=date(2026, 6, 1), months=36)
    return {"load_seconds": round(time.perf_counter() - started, 1), "count_rows": counts}


def time_page(client, path: str, requests: int) -> list[float]:
    """Server times (ms) of `requests` GETs of `path` through Django's test client, after
    two warm-up requests."""
    for _ in range(2):
        assert client.get(path).status_code == 200, path
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]
