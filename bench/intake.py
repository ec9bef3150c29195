"""Intake benchmark (issue 3): end-to-end import of regency worker lists.

    .venv/bin/python bench/intake.py                      # full size, SQLite and PostgreSQL
    .venv/bin/python bench/intake.py --only sqlite --rows-csv 20000 --rows-xlsx 5000 \\
        --compare-rows 2000                               # smoke check, under a minute
    .venv/bin/python bench/intake.py --json               # machine-readable output

What is measured: `ucj.registry.services.import_file` (parse, header detection, row
checks, in-file dedup, lookup of registered NIKs, store of workers, row verdicts and
listings, the kept copy of the file), timed from reading the file's bytes off disk to
the return of import_file. Every measurement runs in a fresh subprocess against a fresh,
migrated database with the Kalbar regions already loaded (before the timer starts), so
the peak resident memory (VmHWM of /proc/self/status) is that run's own. "baseline" is
the peak before the import (Django, migrations, regions), "peak" the process peak
after it.

Data: `ucj.core.demo.generate_people(seed, persons=N, regency="61.01")`, i.e. N
invented workers all living in Kabupaten Sambas (the file is one regency's
submission, so desa names resolve against that regency; ~7 % of NIKs were issued
elsewhere and are accepted with region_mismatch, as in real lists). Into the main
files we inject 1 % damaged NIKs (a quarter each: a digit dropped, a letter O for a
0, day 00, Excel's scientific notation) and 0.5 % rows repeated from another row
(duplicate_in_file): about 1.5 % of rows are rejected. The comparison file (the same
rows for UCJ and django-import-export) is clean, since django-import-export has no
NIK checks and, in bulk mode, fails on a NIK repeated within a batch.

Files are cached in bench/out/data/ by seed, size and variant (XLSX writing is slow).
Results: a table on stdout (or JSON with --json) and bench/out/intake-results.json
(bench/out/intake-results-small.json for other sizes, so a smoke run keeps the figures).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
DATA_DIR = OUT_DIR / "data"
RESULTS_FILE = OUT_DIR / "intake-results.json"  # full-size runs
SMALL_RESULTS_FILE = OUT_DIR / "intake-results-small.json"  # other sizes, not to overwrite

REGENCY = "61.01"  # Kabupaten Sambas
ECOSYSTEM = "perangkat_desa"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "ucj_bench"
PG_BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"

BAD_NIK_SHARE = 0.01
DUPLICATE_SHARE = 0.005

# Targets of issue 3, for the sizes it names.
FULL_CSV_ROWS = 1_000_000
FULL_XLSX_ROWS = 200_000
FULL_COMPARE_ROWS = 100_000
CSV_SECONDS = {"sqlite": 15.0, "postgres": 10.0}
XLSX_SECONDS = 8.0
PEAK_MB = 2048.0  # MiB: "under 2 GB" read as 2 GiB (2.15e9 bytes)
MIN_RATIO = 20.0

# django-import-export configurations: the default a team starts with, bulk mode as its
# docs recommend for speed, and bulk mode that also skips the per-row lookup of an
# existing worker (only safe when every row is new: the fastest it can go).
DIE_MODES = {
    "die-default": {},
    "die-bulk": {"use_bulk": True, "skip_diff": True, "batch_size": 1000},
    "die-bulk-new": {"use_bulk": True, "skip_diff": True, "batch_size": 1000,
                     "force_init_instance": True},
}


# ---------------------------------------------------------------------------------
# Data


def _damage(nik: str, kind: int) -> str:
    if kind == 0:  # a digit lost when typing
        return nik[:-1]
    if kind == 1:  # letter O for the digit 0 (or for the 7th digit when there is no 0)
        i = nik.find("0", 6)
        i = 6 if i < 0 else i
        return nik[:i] + "O" + nik[i + 1:]
    if kind == 2:  # no such birth day
        return nik[:6] + "00" + nik[8:]
    return f"{int(nik[:6]) / 1e5:.5f}E+15"  # Excel shows a long number like this


def inject_errors(frame, seed: int):
    """Damage BAD_NIK_SHARE of the NIKs and overwrite DUPLICATE_SHARE of the rows with a
    copy of another row; deterministic for a seed and size."""
    import polars as pl

    n = frame.height
    rng = random.Random(seed * 1_000_003 + n)
    n_bad, n_dup = round(n * BAD_NIK_SHARE), round(n * DUPLICATE_SHARE)
    picks = rng.sample(range(n), n_bad + n_dup * 2)
    bad, dup_at, dup_from = picks[:n_bad], picks[n_bad:n_bad + n_dup], picks[n_bad + n_dup:]
    order = list(range(n))
    for at, source in zip(dup_at, dup_from, strict=True):
        order[at] = source
    niks = frame["nik"].to_list()
    for k, i in enumerate(bad):
        niks[i] = _damage(niks[i], k % 4)
    frame = frame.with_columns(nik=pl.Series(niks, dtype=pl.String))
    return frame[order]


def data_file(kind: str, rows: int, seed: int, *, clean: bool = False, log=print) -> Path:
    """The cached benchmark file, generated on first use."""
    variant = "clean" if clean else "mixed"
    path = DATA_DIR / f"workers-{REGENCY}-s{seed}-n{rows}-{variant}.{kind}"
    if path.exists():
        return path
    sys.path.insert(0, str(ROOT))
    from ucj.core.demo import generate_people, write_people

    started = time.perf_counter()
    log(f"generating {path.name} ...")
    frame = generate_people(seed=seed, persons=rows, regency=REGENCY)
    if not clean:
        frame = inject_errors(frame, seed)
    partial = path.with_suffix(f".partial.{kind}")
    write_people(frame, partial)
    partial.rename(path)
    log(f"generated {path.name} ({path.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - started:.1f} s")
    return path


# ---------------------------------------------------------------------------------
# One measurement (runs in its own subprocess)


def _peak_mb() -> float:
    """This process's peak resident memory in MiB. VmHWM, not ru_maxrss: Linux carries
    ru_maxrss over fork and exec, so a child would report the parent's peak (the data
    generator's, hundreds of MB) as its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _prepare_database() -> None:
    from django.core.management import call_command

    from ucj.regions.services import load_regions

    call_command("migrate", verbosity=0)
    load_regions(provinces={"61"})


def _run_ucj(path: Path) -> dict:
    import logging

    from ucj.registry.models import SubmissionRow, Worker, WorkerListing
    from ucj.registry.services import import_file

    laps: dict[str, float] = {}

    class KeepLaps(logging.Handler):  # where the seconds go (ucj.core.laps)
        def emit(self, record):
            laps.update(getattr(record, "laps", {}))

    logger = logging.getLogger("ucj.laps")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(KeepLaps())
    gc.collect()
    baseline = _peak_mb()
    started = time.perf_counter()
    data = path.read_bytes()
    summary = import_file(data=data, file_name=path.name, regency_code=REGENCY,
                          ecosystem_code=ECOSYSTEM)
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    submission = summary.submission
    return {
        "seconds": seconds, "baseline_mb": baseline, "peak_mb": peak,
        "laps": {stage: round(value, 3) for stage, value in laps.items()},
        "status": submission.status, "rows": submission.rows,
        "accepted": submission.accepted, "warned": submission.warned,
        "rejected": submission.rejected, "new_workers": submission.new_workers,
        "reasons": submission.reasons, "warnings": submission.warnings,
        "skipped": submission.skipped,
        "stored_workers": Worker.objects.count(),
        "stored_rows": SubmissionRow.objects.count(),
        "stored_listings": WorkerListing.objects.count(),
        # On a fresh database every accepted row is a new worker with one listing; a
        # verdict row is kept for every row, or for the rejected and warned ones only.
        "consistent": (submission.status == "done"
                       and Worker.objects.count() == submission.accepted
                       == submission.new_workers == WorkerListing.objects.count()
                       and SubmissionRow.objects.count() in (
                           submission.rows, submission.rejected + submission.warned)),
    }


def _worker_resource(mode: str):
    """A ModelResource for Worker as a Django team would write it for these files: the
    Indonesian headers mapped to fields, NIK as the natural key, the desa found by
    (kecamatan, desa) name in a dict built once (a ForeignKeyWidget cannot: desa names
    repeat across kecamatan, and it would query once per row)."""
    from import_export import fields, resources, widgets

    from ucj.regions.models import Level, Region
    from ucj.registry.models import Worker

    class DesaWidget(widgets.ForeignKeyWidget):
        def __init__(self):
            super().__init__(Region, field="code")
            self.by_name: dict[tuple[str, str], Region] | None = None

        def clean(self, value, row=None, **kwargs):
            if self.by_name is None:
                desas = Region.objects.filter(level=Level.DESA_KELURAHAN,
                                              code__startswith=f"{REGENCY}.")
                kecamatan = dict(Region.objects.filter(level=Level.KECAMATAN,
                                                       code__startswith=f"{REGENCY}.")
                                 .values_list("code", "name"))
                self.by_name = {(kecamatan.get(d.parent_id, "").upper(), d.name.upper()): d
                                for d in desas}
            if not value:
                return None
            return self.by_name.get(((row or {}).get("KECAMATAN", "").upper(), value.upper()))

    # Where the NIK was issued: a column in some versions of the model, else derived.
    stores_nik_region = any(f.name == "nik_region" for f in Worker._meta.concrete_fields)
    options = {"model": Worker, "import_id_fields": ("nik",),
               "fields": ("nik", "name", "sex", "birth_date", "desa", "phone", "position",
                          *(("nik_region",) if stores_nik_region else ())),
               **DIE_MODES[mode]}

    class WorkerResource(resources.ModelResource):
        nik = fields.Field(attribute="nik", column_name="NIK")
        name = fields.Field(attribute="name", column_name="NAMA LENGKAP")
        sex = fields.Field(attribute="sex", column_name="JENIS KELAMIN (L/P)")
        birth_date = fields.Field(attribute="birth_date", column_name="TANGGAL LAHIR",
                                  widget=widgets.DateWidget(format="%Y-%m-%d"))
        desa = fields.Field(attribute="desa", column_name="DESA/KELURAHAN", widget=DesaWidget())
        phone = fields.Field(attribute="phone", column_name="NO. HP")
        position = fields.Field(attribute="position", column_name="JABATAN")
        if stores_nik_region:
            nik_region = fields.Field(attribute="nik_region", column_name="nik_region")

        Meta = type("Meta", (), options)

        def before_import_row(self, row, **kwargs):
            if stores_nik_region:
                nik = row.get("NIK") or ""
                row["nik_region"] = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}" if len(nik) >= 6 else ""

    return WorkerResource()


def _run_die(path: Path, mode: str) -> dict:
    import tablib

    from ucj.registry.models import Worker

    resource_ = _worker_resource(mode)
    gc.collect()
    baseline = _peak_mb()
    started = time.perf_counter()
    dataset = tablib.Dataset().load(path.read_text(encoding="utf-8"), format="csv")
    result = resource_.import_data(dataset, dry_run=False, raise_errors=True)
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    totals = dict(result.totals)
    return {
        "seconds": seconds, "baseline_mb": baseline, "peak_mb": peak,
        "rows": len(dataset), "accepted": totals.get("new", 0) + totals.get("update", 0),
        "rejected": totals.get("error", 0) + totals.get("invalid", 0),
        "die_totals": totals, "stored_workers": Worker.objects.count(),
        "with_desa": Worker.objects.filter(desa__isnull=False).count(),
    }


def run_one(args: argparse.Namespace) -> None:
    """Child process: the environment (database URL, var dir) is set by the parent."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ucj.settings"
    import django

    django.setup()
    _prepare_database()
    path = Path(args.file)
    result = _run_ucj(path) if args.case == "ucj" else _run_die(path, args.case)
    Path(args.result).write_text(json.dumps(result, default=str))


# ---------------------------------------------------------------------------------
# Orchestration (parent process)


def _reset_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")


def _drop_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")


def measure(db: str, case: str, path: Path, *, work_dir: Path, log) -> dict:
    """Run one measurement in a fresh subprocess against a fresh database."""
    run_dir = Path(tempfile.mkdtemp(prefix=f"{db}-{case}-", dir=work_dir))
    if db == "postgres":
        _reset_postgres()
        url = PG_BENCH_URL
    else:
        url = f"sqlite:///{run_dir / 'bench.sqlite3'}"
    env = {**os.environ, "UCJ_DATABASE_URL": url, "UCJ_VAR_DIR": str(run_dir / "var"),
           "UCJ_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "ucj.settings",
           "UCJ_SECRET_KEY": secrets.token_urlsafe(50)}
    result_file = run_dir / "result.json"
    log(f"running {case} on {db}: {path.name} ...")
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    try:
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "_run-one", "--case", case,
                        "--file", str(path), "--result", str(result_file)],
                       env=env, check=True, cwd=ROOT, stdout=sys.stderr)  # stdout: the table
        result = json.loads(result_file.read_text())
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
        if db == "postgres":
            _drop_postgres()
    result.update(db=db, case=case, file=path.name, file_mb=round(path.stat().st_size / 1e6, 1),
                  wall_seconds=round(time.perf_counter() - started, 1),
                  # The 1-minute load before and after: other work on the 2 cores (a
                  # test run) slows a measurement down.
                  load_before=round(load_before, 2), load_after=round(os.getloadavg()[0], 2))
    log(f"  {result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB "
        f"(load {result['load_before']:.1f} -> {result['load_after']:.1f})")
    return result


def _best(results: list[dict]) -> dict:
    """Of repeated runs, the fastest (with every run's time kept)."""
    best = dict(min(results, key=lambda r: r["seconds"]))
    best["all_seconds"] = [round(r["seconds"], 3) for r in results]
    return best


def _target(result: dict, args: argparse.Namespace) -> tuple[str, str]:
    """(target text, PASS/FAIL or '-' when the size is not the issue's)."""
    kind = result["kind"]
    if kind == "compare":
        return "", ""
    seconds = XLSX_SECONDS if kind == "xlsx" else CSV_SECONDS[result["db"]]
    full = FULL_XLSX_ROWS if kind == "xlsx" else FULL_CSV_ROWS
    text = f"<= {seconds:.0f} s, < {PEAK_MB / 1024:.0f} GiB"
    if result["rows"] != full:
        return text + " (full size only)", "-"
    ok = result["seconds"] <= seconds and result["peak_mb"] < PEAK_MB
    return text, "PASS" if ok else "FAIL"


def code_fingerprint() -> str:
    """A short hash of the intake code measured, to tell which version figures belong to."""
    import hashlib

    digest = hashlib.sha256()
    # The model too: its indexes and constraints cost as much as the code writing rows.
    files = sorted([*(ROOT / "ucj" / "registry" / "intake").glob("*.py"),
                    ROOT / "ucj" / "registry" / "services.py", ROOT / "ucj" / "core" / "bulk.py",
                    ROOT / "ucj" / "registry" / "models.py"])
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def machine_info() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                           if line.startswith("model name"))
        meminfo = Path("/proc/meminfo").read_text().split()
        info["memory_gb"] = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2, 1)
    except (OSError, StopIteration, ValueError):
        pass
    import sqlite3
    from importlib.metadata import version

    info["sqlite"] = sqlite3.sqlite_version
    for package in ("django", "polars", "fastexcel", "psycopg", "django-import-export"):
        try:
            info[package] = version(package)
        except Exception:  # a missing package is just not reported
            info[package] = None
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL) as conn:
            info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    except Exception:  # no server: not reported
        info["postgresql"] = None
    return info


def _table(results: list[dict], ratios: list[dict]) -> str:
    head = ("db", "what", "rows", "seconds", "rows/s", "base MiB", "peak MiB", "rejected",
            "target", "result")
    lines = []
    for r in results:
        lines.append((r["db"], r["label"], f"{r['rows']:,}", f"{r['seconds']:.2f}",
                      f"{r['rows'] / r['seconds']:,.0f}", f"{r['baseline_mb']:.0f}",
                      f"{r['peak_mb']:.0f}", f"{r.get('rejected', 0):,}", r["target"],
                      r["verdict"]))
    widths = [max(len(str(x)) for x in column) for column in zip(head, *lines, strict=True)]
    out = ["  ".join(str(x).ljust(w) for x, w in zip(head, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True))
            for line in lines]
    odd = [r for r in results if r.get("consistent") is False]
    for r in odd:
        out.append(f"! {r['db']} {r['label']}: stored counts do not match the submission "
                   f"(status {r.get('status')}, accepted {r.get('accepted')}, workers "
                   f"{r.get('stored_workers')}, rows {r.get('stored_rows')}, listings "
                   f"{r.get('stored_listings')})")
    for r in results:
        if r.get("laps"):
            out.append("")
            out.append(f"Where the seconds go: {r['db']} {r['label']}, {r['rows']:,} rows "
                       f"({r['seconds']:.2f} s)")
            out += [f"  {stage:<42}{value:7.2f} s" for stage, value in r["laps"].items()]
    if ratios:
        out.append("")
        out.append("UCJ import_file vs django-import-export, same rows, same database kind:")
        for q in ratios:
            out.append(f"  {q['db']:<8} {q['die_case']:<13} {q['die_seconds']:8.2f} s / "
                       f"UCJ {q['ucj_seconds']:6.2f} s = {q['ratio']:6.1f}x  "
                       f"(target >= {MIN_RATIO:.0f}x at {FULL_COMPARE_ROWS:,} rows: {q['verdict']})")
    return "\n".join(out)


LABELS = {"ucj": "UCJ import_file", "die-default": "import-export default",
          "die-bulk": "import-export bulk", "die-bulk-new": "import-export bulk+new"}


def main_run(args: argparse.Namespace) -> int:
    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    dbs = ["sqlite", "postgres"]
    if args.skip_postgres:
        dbs.remove("postgres")
    if args.only:
        dbs = [db for db in dbs if db == args.only]
    die_cases = [c for c in args.die_modes.split(",") if c]
    unknown = set(die_cases) - set(DIE_MODES)
    if unknown:
        raise SystemExit(f"unknown --die-modes: {', '.join(sorted(unknown))}")

    plans: list[tuple[str, str, str, Path]] = []  # (kind, db, case, file)
    if args.rows_csv:
        csv_file = data_file("csv", args.rows_csv, args.seed, log=log)
        plans += [("csv", db, "ucj", csv_file) for db in dbs]
    if args.rows_xlsx:
        xlsx_file = data_file("xlsx", args.rows_xlsx, args.seed, log=log)
        plans += [("xlsx", db, "ucj", xlsx_file) for db in dbs]
    if args.compare_rows:
        compare_file = data_file("csv", args.compare_rows, args.seed + 1, clean=True, log=log)
        for db in dbs:
            plans += [("compare", db, case, compare_file) for case in ("ucj", *die_cases)]

    fingerprint = code_fingerprint()
    earlier = []
    if args.reuse_die and RESULTS_FILE.exists():
        earlier = [r for r in json.loads(RESULTS_FILE.read_text())["results"]
                   if r["case"] in DIE_MODES]
    work_dir = Path(tempfile.mkdtemp(prefix="ucj-bench-"))
    results = []
    try:
        for kind, db, case, path in plans:
            reused = next((r for r in earlier if (r["db"], r["case"], r["file"])
                           == (db, case, path.name)), None)
            if reused is not None:
                log(f"reusing {case} on {db} from {RESULTS_FILE.name}: {reused['seconds']:.2f} s")
                results.append({**reused, "reused": True})
                continue
            repeat = args.repeat if case == "ucj" else 1
            runs = [measure(db, case, path, work_dir=work_dir, log=log) for _ in range(repeat)]
            result = _best(runs)
            result["kind"] = kind
            result["label"] = f"{kind.upper()} {LABELS[case]}" if kind != "compare" else (
                f"compare: {LABELS[case]}")
            result["target"], result["verdict"] = _target(result, args)
            results.append(result)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)

    ratios = []
    for db in dbs:
        ucj = next((r for r in results if r["kind"] == "compare" and r["db"] == db
                    and r["case"] == "ucj"), None)
        for r in results:
            if ucj and r["kind"] == "compare" and r["db"] == db and r["case"] != "ucj":
                ratio = r["seconds"] / ucj["seconds"]
                verdict = ("-" if r["rows"] != FULL_COMPARE_ROWS  # fixed costs dominate
                           else "PASS" if ratio >= MIN_RATIO else "FAIL")
                ratios.append({"db": db, "die_case": r["case"], "die_seconds": r["seconds"],
                               "ucj_seconds": ucj["seconds"], "ratio": ratio,
                               "verdict": verdict})

    report = {
        "benchmark": "intake", "issue": 3,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "code_fingerprint": fingerprint,
        "code_changed_during_run": code_fingerprint() != fingerprint,
        "settings": {"seed": args.seed, "regency": REGENCY, "ecosystem": ECOSYSTEM,
                     "bad_nik_share": BAD_NIK_SHARE, "duplicate_share": DUPLICATE_SHARE,
                     "repeat": args.repeat},
        "targets": {"csv_seconds": CSV_SECONDS, "xlsx_seconds": XLSX_SECONDS,
                    "peak_mb": PEAK_MB, "min_ratio": MIN_RATIO},
        "results": results, "ratios": ratios,
    }
    full_size = (args.rows_csv, args.rows_xlsx, args.compare_rows) == (
        FULL_CSV_ROWS, FULL_XLSX_ROWS, FULL_COMPARE_ROWS)
    out = Path(args.out) if args.out else RESULTS_FILE if full_size else SMALL_RESULTS_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print(_table(results, ratios))
        print(f"\nintake code {report['code_fingerprint']}"
              + (" (CHANGED during the run: figures mix versions)"
                 if report["code_changed_during_run"] else ""))
        print(f"\n(written to {out})")
    failed = any(r["verdict"] == "FAIL" for r in [*results, *ratios])
    return 1 if failed and args.strict else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    one = sub.add_parser("_run-one", help=argparse.SUPPRESS)
    one.add_argument("--case", required=True, choices=["ucj", *DIE_MODES])
    one.add_argument("--file", required=True)
    one.add_argument("--result", required=True)
    parser.add_argument("--rows-csv", type=int, default=FULL_CSV_ROWS,
                        help="CSV rows for the main measurement (0 to skip)")
    parser.add_argument("--rows-xlsx", type=int, default=FULL_XLSX_ROWS,
                        help="XLSX rows for the main measurement (0 to skip)")
    parser.add_argument("--compare-rows", type=int, default=FULL_COMPARE_ROWS,
                        help="rows of the django-import-export comparison (0 to skip)")
    parser.add_argument("--die-modes", default=",".join(DIE_MODES),
                        help="django-import-export configurations to compare (comma-separated)")
    parser.add_argument("--reuse-die", action="store_true",
                        help="take django-import-export figures for the same file and database "
                        "from the last results file instead of measuring them again")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each UCJ measurement; the fastest is reported")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="one database kind only")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--out", help="results file (default: bench/out/intake-results.json "
                        "at the issue's sizes, else bench/out/intake-results-small.json)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "_run-one":
        run_one(args)
        return 0
    return main_run(args)


if __name__ == "__main__":
    sys.exit(main())
