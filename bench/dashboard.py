"""Dashboard benchmark (issue 5): server time of the coverage pages with a big registry.

    .venv/bin/python bench/dashboard.py                   # 5M workers, SQLite and PostgreSQL
    .venv/bin/python bench/dashboard.py --workers 200000 --only sqlite   # smoke

Data (made in each fresh database before any timing): 5,000,000 registered workers living
in Kalbar's desa (drawn in proportion to nothing in particular: uniformly over desa),
each listed by its regency in one of the seven ecosystems; a reconciliation giving each a
BPJS status (40 % active, 10 % lapsed, 50 % not enrolled); 36 months of BPJS counts for the
14 regencies (`ucj.coverage.demo`). Rows are written with COPY/executemany, as the intake
does.

Measured, through Django's test client as a signed-in province officer (server time:
routing, queries, template; no network): the province dashboard (`/cakupan/`) and a
regency drill-down page (`/cakupan/wilayah/61.01/`), `--requests` times each after two
warm-up requests; median and p95. Twice: with the summaries counted ahead of time (what
the pages use once the background refresh has run) and counting live (what they do in
the seconds after a write; 3 requests, each takes seconds): the comparison shows what
the summaries buy. The time of
the refresh itself is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "ucj_bench_dashboard"
PG_BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
TARGET_P95_MS = 150.0


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _load(workers: int, seed: int) -> dict:
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
        name=pl.lit("PEKERJA CONTOH"), birth_date=pl.lit(date(1985, 1, 1)),
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
    counts = create_demo_counts(last_month=date(2026, 6, 1), months=36)
    return {"load_seconds": round(time.perf_counter() - started, 1), "count_rows": counts}


def _time_pages(client, paths: list[str], requests: int) -> dict:
    result = {}
    for path in paths:
        for _ in range(2):
            assert client.get(path).status_code == 200, path
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        samples.sort()
        result[path] = {"median_ms": round(statistics.median(samples), 1),
                        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1)}
    return result


def run_one(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ucj.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from ucj.accounts.models import Role, User
    from ucj.coverage import summaries
    from ucj.regions.services import load_regions

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    load_regions(provinces={"61"})
    loaded = _load(args.workers, args.seed)
    user = User.objects.create(username="bench", role=Role.PROVINSI)
    client = Client()
    client.force_login(user)
    paths = ["/cakupan/", "/cakupan/wilayah/61.01/"]
    started = time.perf_counter()
    summaries.refresh_summaries()
    refresh = time.perf_counter() - started
    fresh = _time_pages(client, paths, args.requests)
    summaries.mark_stale()
    live = _time_pages(client, paths, 3)  # seconds each with millions of workers
    Path(args.result).write_text(json.dumps({**loaded, "refresh_seconds": round(refresh, 2),
                                             "summaries": fresh, "live": live}))


def _postgres(action: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")


def measure(db: str, args: argparse.Namespace) -> dict:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix=f"dashboard-{db}-", dir=OUT_DIR))
    url = PG_BENCH_URL if db == "postgres" else f"sqlite:///{run_dir / 'bench.sqlite3'}"
    if db == "postgres":
        _postgres("create")
    env = {**os.environ, "UCJ_DATABASE_URL": url, "UCJ_VAR_DIR": str(run_dir / "var"),
           "UCJ_DEBUG": "0"}
    result_file = run_dir / "result.json"
    _log(f"{db}: loading {args.workers:,} workers and timing the pages ...")
    try:
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "_run-one",
                        "--workers", str(args.workers), "--seed", str(args.seed),
                        "--requests", str(args.requests), "--result", str(result_file)],
                       env=env, check=True, cwd=ROOT, stdout=sys.stderr)
        result = json.loads(result_file.read_text())
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
        if db == "postgres":
            _postgres("drop")
    result["db"] = db
    return result


def table(results: list[dict], args) -> str:
    lines = [f"Coverage pages, {args.workers:,} registered workers, 36 months of counts "
             f"({os.cpu_count()} cores); server time through Django's test client", "",
             f"{'db':<9}{'page':<26}{'summaries median/p95 ms':>26}{'live median/p95 ms':>22}"
             f"  verdict (p95 <= {TARGET_P95_MS:.0f} ms)"]
    for r in results:
        for path, fresh in r["summaries"].items():
            live = r["live"][path]
            verdict = "PASS" if fresh["p95_ms"] <= TARGET_P95_MS else "FAIL"
            lines.append(f"{r['db']:<9}{path:<26}"
                         f"{fresh['median_ms']:>14.1f} / {fresh['p95_ms']:<9.1f}"
                         f"{live['median_ms']:>11.1f} / {live['p95_ms']:<9.1f}  {verdict}")
        lines.append(f"{r['db']:<9}refresh of the summaries after a write: "
                     f"{r['refresh_seconds']:.1f} s (background job); load {r['load_seconds']} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_run-one":
        parser = argparse.ArgumentParser()
        parser.add_argument("--workers", type=int, required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--requests", type=int, required=True)
        parser.add_argument("--result", required=True)
        run_one(parser.parse_args(argv[1:]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=5_000_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = [measure(db, args) for db in ("sqlite", "postgres") if args.only in (None, db)]
    (OUT_DIR / "dashboard-results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2) if args.json else table(results, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
