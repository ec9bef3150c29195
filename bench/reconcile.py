"""Reconciliation benchmark (issue 4): the registry against a BPJS extract.

    .venv/bin/python bench/reconcile.py                         # 1M workers x 10M participants
    .venv/bin/python bench/reconcile.py --workers 100000 --participants 1000000   # smoke
    .venv/bin/python bench/reconcile.py --only sqlite --json

What is measured: `ucj.membership.services.reconcile`, the whole reconciliation as a
BPJS officer starts it: reading the registry out of the database, the exact NIK join and
record linkage (DuckDB and splink, ucj.membership.reconcile) and storing one status per
worker and every candidate link, in one transaction. The extract is already imported
(its accepted rows are the Parquet file the import keeps); the registry is loaded
before the timer starts. Each database kind runs in a fresh subprocess on a fresh,
migrated database, so the peak resident memory (VmHWM) is that run's own.

Data: `ucj.membership.synthetic.generate` (seeded): 60 % of the workers are in the
extract, 1 % of those under a NIK with one wrong digit or two swapped digits ("typo"),
2 % of the workers are decoys (someone else, born the same day, with a similar name or
the same common name, is in the extract), some participants hold two KPJ. The
registry's people are in Kalbar; the other participants are national, spread over all
kecamatan of Indonesia by regency population. The truth is
known, so links are scored: precision and recall on the typo'd NIKs, and the number of
decoys linked automatically (target: none).

The comparison: the same exact NIK join done with pandas (read the Parquet extract,
`merge` with the registry frame), the tool an analyst would otherwise use, against
UCJ's exact step (DuckDB reading the same Parquet file and joining).

Files are cached in bench/out/data/; results go to stdout and bench/out/reconcile-results.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
DATA_DIR = OUT_DIR / "data"
AS_OF = date(2026, 6, 30)
# v2: national extract (participants who are not registry workers spread over all of
# Indonesia by regency population), NIKs generated with numpy.
DATA_VERSION = 2
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "ucj_bench_reconcile"
PG_BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
TARGETS = {"seconds": 60.0, "peak_mb": 4096.0, "precision": 0.995, "recall": 0.95,
           "decoys_auto_linked": 0}


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def data_files(workers: int, participants: int, seed: int) -> dict[str, Path]:
    """The synthetic registry, extract and truth as Parquet files (made once)."""
    # Bump DATA_VERSION when ucj.membership.synthetic changes what it generates.
    stem = f"reconcile-v{DATA_VERSION}-{workers}-{participants}-{seed}"
    files = {kind: DATA_DIR / f"{stem}-{kind}.parquet"
             for kind in ("workers", "participants", "truth")}
    if all(path.exists() for path in files.values()):
        return files
    import polars as pl

    from ucj.membership.synthetic import generate

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _log(f"generating {workers:,} workers and {participants:,} participants ...")
    started = time.perf_counter()
    made = generate(workers, participants, seed=seed, as_of=AS_OF)
    made.workers.write_parquet(files["workers"])
    # As the extract import keeps it: with the normalised name for matching.
    from ucj.membership.names import normalised_name
    from ucj.membership.reconcile import NAME_KEY

    key = normalised_name(pl.col("name"))
    made.participants.with_columns(pl.when(key != "").then(key).alias(NAME_KEY)).write_parquet(
        files["participants"])
    made.truth.write_parquet(files["truth"])
    _log(f"  generated in {time.perf_counter() - started:.0f} s, peak {_peak_mb():.0f} MiB "
         f"(load {os.getloadavg()[0]:.1f})")
    return files


# One measurement (its own subprocess) -------------------------------------------------


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_one(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ucj.settings"
    import django

    django.setup()
    import polars as pl
    from django.core.files import File
    from django.core.management import call_command
    from django.db import transaction

    from ucj.core.bulk import insert_frame
    from ucj.membership import services
    from ucj.membership.models import Extract, JobStatus, LinkCandidate, WorkerMembership
    from ucj.registry.models import Worker

    call_command("migrate", verbosity=0)
    workers = pl.read_parquet(args.workers)
    with transaction.atomic():
        insert_frame(Worker._meta.db_table, workers.select(
            pl.col("worker_id").alias("id"), "nik", pl.col("name").str.slice(0, 200),
            "birth_date", pl.lit("").alias("sex"), pl.lit("").alias("phone"),
            pl.lit("").alias("position"), pl.lit("").alias("employer")))
    extract = Extract(as_of=AS_OF, file_name="bench.parquet", file_sha256="bench",
                      status=JobStatus.DONE)
    with open(args.participants, "rb") as handle:
        extract.participants.save("bench.parquet", File(handle), save=False)
    extract.save()
    del workers
    gc.collect()
    baseline = _peak_mb()

    started = time.perf_counter()
    run = services.reconcile(extract_id=extract.pk)
    seconds = time.perf_counter() - started
    peak = _peak_mb()

    truth = pl.read_parquet(args.truth).rename({"kpj": "truth_kpj"})
    statuses = pl.DataFrame(
        list(WorkerMembership.objects.filter(reconciliation=run)
             .values_list("worker_id", "method", "kpj")),
        schema={"worker_id": pl.Int64, "method": pl.String, "kpj": pl.String}, orient="row")
    review = pl.DataFrame(
        list(LinkCandidate.objects.filter(reconciliation=run, state="review")
             .values_list("worker_id", "kpj")),
        schema={"worker_id": pl.Int64, "review_kpj": pl.String}, orient="row")
    scored = truth.join(statuses, on="worker_id", how="left").join(review, on="worker_id",
                                                                    how="left")
    typo = scored.filter(pl.col("kind") == "typo")
    linked = scored.filter(pl.col("method") == "probabilistic")
    correct = linked.filter(pl.col("kpj") == pl.col("truth_kpj"))
    result = {
        "seconds": round(seconds, 2),
        "peak_mb": round(peak, 0),
        "baseline_mb": round(baseline, 0),
        "timings": run.timings,
        "counts": {"active": run.active, "lapsed": run.lapsed,
                   "not_enrolled": run.not_enrolled, "linked_exact": run.linked_exact,
                   "linked_probabilistic": run.linked_probabilistic, "review": run.review},
        "typo_workers": typo.height,
        "precision": round(correct.height / linked.height, 5) if linked.height else None,
        "recall": round(typo.filter(pl.col("method") == "probabilistic")
                        .filter(pl.col("kpj") == pl.col("truth_kpj")).height / typo.height, 5)
        if typo.height else None,
        "typo_in_review": typo.filter(pl.col("review_kpj") == pl.col("truth_kpj")).height,
        "decoys": scored.filter(pl.col("kind") == "decoy").height,
        "decoys_auto_linked": scored.filter((pl.col("kind") == "decoy")
                                            & (pl.col("method") == "probabilistic")).height,
        "decoys_in_review": scored.filter((pl.col("kind") == "decoy")
                                          & pl.col("review_kpj").is_not_null()).height,
    }
    Path(args.result).write_text(json.dumps(result))


def pandas_exact_join(files: dict[str, Path]) -> dict:
    """The exact join an analyst would write: pandas reads both and merges on NIK."""
    import pandas as pd

    gc.collect()
    started = time.perf_counter()
    workers = pd.read_parquet(files["workers"], columns=["worker_id", "nik"])
    participants = pd.read_parquet(files["participants"])
    joined = workers.merge(participants, on="nik", how="inner")
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "rows": len(joined)}


# Orchestration ---------------------------------------------------------------------------


def _postgres(action: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")


def measure(db: str, files: dict[str, Path]) -> dict:
    run_dir = Path(tempfile.mkdtemp(prefix=f"reconcile-{db}-", dir=OUT_DIR))
    url = PG_BENCH_URL if db == "postgres" else f"sqlite:///{run_dir / 'bench.sqlite3'}"
    if db == "postgres":
        _postgres("create")
    env = {**os.environ, "UCJ_DATABASE_URL": url, "UCJ_VAR_DIR": str(run_dir / "var"),
           "UCJ_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "ucj.settings",
           "UCJ_SECRET_KEY": secrets.token_urlsafe(50)}
    result_file = run_dir / "result.json"
    _log(f"reconciling on {db} ...")
    load_before = os.getloadavg()[0]
    try:
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "_run-one",
                        "--workers", str(files["workers"]),
                        "--participants", str(files["participants"]),
                        "--truth", str(files["truth"]), "--result", str(result_file)],
                       env=env, check=True, cwd=ROOT, stdout=sys.stderr)
        result = json.loads(result_file.read_text())
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
        if db == "postgres":
            _postgres("drop")
    result.update(db=db, load_before=round(load_before, 2),
                  load_after=round(os.getloadavg()[0], 2))
    _log(f"  {result['seconds']:.1f} s, peak {result['peak_mb']:.0f} MiB")
    return result


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(results: list[dict], pandas: dict, args) -> str:
    lines = [f"Reconciliation: {args.workers:,} workers x {args.participants:,} participants "
             f"({platform.machine()}, {os.cpu_count()} cores)", ""]
    header = (f"{'db':<9}{'seconds':>9}{'peak MiB':>10}{'precision':>11}{'recall':>8}"
              f"{'decoys auto':>13}{'review':>8}  exact step")
    lines.append(header)
    for r in results:
        lines.append(f"{r['db']:<9}{r['seconds']:>9.1f}{r['peak_mb']:>10.0f}"
                     f"{(r['precision'] or 0):>11.4f}{(r['recall'] or 0):>8.4f}"
                     f"{r['decoys_auto_linked']:>13}{r['counts']['review']:>8}"
                     f"  {r['timings'].get('exact', 0):.2f} s")
    lines.append("")
    full_size = args.workers >= 1_000_000 and args.participants >= 10_000_000
    for r in results:
        exact = r["timings"].get("exact") or 0
        ratio = pandas["seconds"] / exact if exact else 0
        lines.append(
            f"{r['db']}: time {_verdict(r['seconds'] <= TARGETS['seconds'])} (<= 60 s), "
            f"memory {_verdict(r['peak_mb'] <= TARGETS['peak_mb'])} (<= 4 GB), "
            f"precision {_verdict((r['precision'] or 0) >= TARGETS['precision'])}, "
            f"recall {_verdict((r['recall'] or 0) >= TARGETS['recall'])}, "
            f"decoys {_verdict(r['decoys_auto_linked'] == 0)}; "
            f"exact join: pandas merge {pandas['seconds']:.1f} s vs DuckDB {exact:.2f} s "
            f"= {ratio:.1f}x" + ("" if full_size else "  (not the issue's size)"))
    for r in results:
        steps = ", ".join(f"{k} {v:.1f}" for k, v in r["timings"].items())
        lines.append(f"{r['db']} steps (s): {steps}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_run-one":
        parser = argparse.ArgumentParser()
        for name in ("--workers", "--participants", "--truth", "--result"):
            parser.add_argument(name, required=True)
        run_one(parser.parse_args(argv[1:]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--participants", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    files = data_files(args.workers, args.participants, args.seed)
    _log("pandas exact join ...")
    pandas = pandas_exact_join(files)
    results = [measure(db, files) for db in ("sqlite", "postgres")
               if args.only in (None, db)]
    report = {"at": datetime.now(UTC).isoformat(timespec="seconds"),
              "workers": args.workers, "participants": args.participants, "seed": args.seed,
              "pandas_exact_join": pandas, "results": results, "targets": TARGETS}
    (OUT_DIR / "reconcile-results.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2) if args.json else table(results, pandas, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
