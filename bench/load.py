"""Load test (issue 9): signed-in users browse dashboards and search the registry on a
gunicorn server against PostgreSQL while one regency imports a 100,000-row worker list.

    .venv/bin/python bench/load.py                         # 50 users, 90 s, 200,000 workers
    .venv/bin/python bench/load.py --users 5 --duration 20 --workers-registry 20000 --rows 5000
                                                           # smoke, 1-2 minutes
    .venv/bin/python bench/load.py --strict                # exit 1 when a target is missed

Everything runs on 127.0.0.1 and is started and stopped by this script: a fresh
PostgreSQL database (`ucj_bench_load`, dropped at the end), gunicorn serving `ucj.wsgi`
with production settings (UCJ_DEBUG=0, plain HTTP), the background worker
(`manage.py db_worker`) and locust (headless, bench/load_locustfile.py).

Data (made before any timing): the Kalbar regions; `--workers-registry` registered workers
with listings, a reconciliation and 36 months of BPJS counts (bench/common.py); coverage
summaries counted once (`ucj summaries rebuild`: the loader writes with COPY, not through
the services that keep them); a province
account and one regency account per regency. The import file is `ucj demo-data
--persons ROWS --regency 61.01` (cached in bench/out/data/).

Measured: locust's users log in through the login form, then (from the moment the last
one is signed in) browse for `--duration` seconds with `--think` seconds between pages.
`--settle` seconds later (the queue of 50 password checks has drained by then) the Sambas
operator uploads the file through the API (token auth, multipart)
and the script polls the submission until it is done (the import keeps the coverage
summaries in its own transaction: there is no refresh to wait for). Every request is
recorded with its start time, so the figures are given for the whole run and for three
windows: during the import (upload to `finished_at`), after it, and without any import
work.

Targets: no errors; dashboard pages (everything under /cakupan/, pooled) p95 under 500 ms
during the import (issue 9) and under 300 ms after it (issue 17); and the import must
finish within the run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT_DIR, ROOT, load_reconciled_registry, log, postgres, setup_django

PG_BENCH_DB = "ucj_bench_load"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
TARGET_DASHBOARD_P95_MS = 500.0
TARGET_AFTER_IMPORT_P95_MS = 300.0
IMPORT_REGENCY = "61.01"
IMPORT_ECOSYSTEM = "rentan"
LOCUSTFILE = Path(__file__).resolve().parent / "load_locustfile.py"
FULL_SIZE = {"users": 50, "duration": 90, "workers_registry": 200_000, "rows": 100_000}
VENV_BIN = Path(sys.executable).parent


# --- the setup child (Django against the fresh database) ------------------------------


def run_setup(args: argparse.Namespace) -> None:
    setup_django()
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from ucj.accounts.models import Role, User
    from ucj.accounts.services import create_api_token
    from ucj.coverage import summaries
    from ucj.regions.models import Level, Region

    loaded = load_reconciled_registry(args.workers, args.seed)  # id sequence moved past
    started = time.perf_counter()
    summaries.rebuild()
    refresh_seconds = time.perf_counter() - started
    # Planner statistics as on a server that has been running (autovacuum's ANALYZE).
    # This machine's PostgreSQL runs with autovacuum off; on never-analysed tables the
    # registry search after the import took 1.3 s instead of 0.14 s (a worse plan).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    hashed = make_password(args.password)  # once: 1.5M PBKDF2 rounds take ~0.5 s each
    User.objects.create(username="beban-provinsi", role=Role.PROVINSI, password=hashed)
    regencies = list(Region.objects.filter(level=Level.KABUPATEN_KOTA, parent_id="61",
                                           is_current=True).order_by("code")
                     .values_list("code", flat=True))
    usernames, kecamatan = {}, {}
    for code in regencies:
        usernames[code] = f"beban-{code.replace('.', '')}"
        User.objects.create(username=usernames[code], role=Role.KABUPATEN, regency_id=code,
                            password=hashed)
        kecamatan[code] = list(Region.objects.filter(level=Level.KECAMATAN, parent_id=code,
                                                     is_current=True)
                               .values_list("code", flat=True))
    importer = User.objects.get(username=usernames[IMPORT_REGENCY])
    token = create_api_token(user=importer, name="bench/load.py").raw
    Path(args.result).write_text(json.dumps({
        **loaded, "refresh_seconds": round(refresh_seconds, 2), "regencies": regencies,
        "regency_usernames": usernames, "province_username": "beban-provinsi",
        "kecamatan": kecamatan, "token": token}))


# --- processes -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(command: list[str], env: dict, log_file: Path) -> subprocess.Popen:
    """A process in its own process group (stopped with everything it forked)."""
    with open(log_file, "ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out,
                                start_new_session=True)


def _stop(process: subprocess.Popen, name: str) -> None:
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            log(f"{name} did not stop after {sig.name}")


def _wait_for_http(url: str, process: subprocess.Popen, timeout: float) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            if requests.get(url, timeout=5, allow_redirects=False).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def _cpu_seconds(process: subprocess.Popen) -> float:
    """CPU time of a process and its live children (read before stopping them)."""
    import psutil

    try:
        root = psutil.Process(process.pid)
        total = 0.0
        for proc in [root, *root.children(recursive=True)]:
            times = proc.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        return round(total, 1)
    except psutil.Error:
        return float("nan")


def _machine_busy() -> tuple[float, float]:
    with open("/proc/stat") as stat:
        fields = [float(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _postgres_settings() -> dict:
    import psycopg

    with psycopg.connect(PG_URL.replace("postgres://", "postgresql://")) as conn:
        return dict(conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN ('server_version', "
            "'autovacuum', 'shared_buffers', 'max_parallel_workers_per_gather', "
            "'work_mem')").fetchall())


def _loadavg() -> float:
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


# --- the import and the summaries, watched from outside -------------------------------


class Importer:
    """Uploads the file through the API as the Sambas operator, then follows the
    submission until it is done."""

    def __init__(self, base: str, token: str, data_file: Path):
        import requests

        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.base, self.data_file = base, data_file
        self.info: dict = {}
        self.submission_id: int | None = None

    def upload(self) -> None:
        started = time.time()
        with open(self.data_file, "rb") as f:
            response = self.http.post(f"{self.base}/api/registry/submissions", timeout=300,
                                      data={"regency": IMPORT_REGENCY, "ecosystem": IMPORT_ECOSYSTEM},
                                      files={"file": (self.data_file.name, f, "text/csv")})
        if response.status_code != 201:
            raise RuntimeError(f"upload refused: HTTP {response.status_code} {response.text[:300]}")
        body = response.json()
        self.submission_id = body["id"]
        self.info = {"upload_started": started, "upload_seconds": round(time.time() - started, 2),
                     "status": body["status"]}

    def poll(self) -> bool:
        """True once the submission has finished (done or failed)."""
        if "finished" in self.info:
            return True
        response = self.http.get(f"{self.base}/api/registry/submissions/{self.submission_id}",
                                 timeout=30)
        body = response.json()
        self.info["status"] = body["status"]
        if body["status"] in ("done", "failed", "duplicate"):
            self.info.update(
                finished=datetime.fromisoformat(body["finished_at"]).timestamp()
                if body["finished_at"] else time.time(),
                uploaded=datetime.fromisoformat(body["uploaded_at"]).timestamp(),
                rows=body["rows"], accepted=body["accepted"], rejected=body["rejected"],
                new_workers=body["new_workers"], error=body["error"])
            return True
        return False



def ensure_demo_file(rows: int, seed: int) -> Path:
    path = OUT_DIR / "data" / f"load-{IMPORT_REGENCY}-{rows}-seed{seed}.csv"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        log(f"writing {rows:,} demo workers of {IMPORT_REGENCY} to {path.relative_to(ROOT)} ...")
        subprocess.run([str(VENV_BIN / "ucj"), "demo-data", "--persons", str(rows),
                        "--seed", str(seed), "--regency", IMPORT_REGENCY,
                        "--out", str(path) + ".part.csv"], cwd=ROOT, check=True,
                       stdout=sys.stderr)
        os.replace(str(path) + ".part.csv", path)
    return path


def search_terms(path: Path, seed: int, count: int = 300) -> list[str]:
    """Words of names in the import file, drawn as often as they occur (a common name is
    searched more often): before the import they find nobody, after it many."""
    import polars as pl

    names = pl.read_csv(path, columns=["NAMA LENGKAP"], infer_schema=False)["NAMA LENGKAP"]
    sample = names.drop_nulls().sample(count, with_replacement=True, seed=seed)
    return [name.split()[0] for name in sample.to_list() if name.split()]


# --- the run -------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict:
    data_file = ensure_demo_file(args.rows, args.seed)
    terms = search_terms(data_file, args.seed)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="load-", dir=OUT_DIR))
    env = {**os.environ, "UCJ_DATABASE_URL": PG_URL, "UCJ_VAR_DIR": str(run_dir / "var"),
           "UCJ_DEBUG": "0", "UCJ_SECRET_KEY": secrets.token_urlsafe(50),
           "UCJ_SSL_REDIRECT": "0", "UCJ_ALLOWED_HOSTS": "127.0.0.1",
           "UCJ_CONN_MAX_AGE": "60"}  # persistent connections, as production should run
    password = secrets.token_urlsafe(16)
    processes: dict[str, subprocess.Popen] = {}
    result: dict = {"started": datetime.now().astimezone().isoformat(timespec="seconds"),
                    "options": vars(args), "cores": os.cpu_count()}
    try:
        log(f"fresh database {PG_BENCH_DB}: migrate, regions, {args.workers_registry:,} "
            "workers, summaries, accounts ...")
        postgres("create", PG_BENCH_DB)
        setup_file = run_dir / "setup.json"
        subprocess.run([sys.executable, __file__, "_setup", "--workers",
                        str(args.workers_registry), "--seed", str(args.seed),
                        "--password", password, "--result", str(setup_file)],
                       env=env, check=True, cwd=ROOT, stdout=sys.stderr)
        setup = json.loads(setup_file.read_text())
        result["setup"] = {k: setup[k] for k in ("load_seconds", "refresh_seconds")}

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        worker_class = "gthread" if args.gunicorn_threads > 1 else "sync"
        processes["gunicorn"] = _start([
            str(VENV_BIN / "gunicorn"), "ucj.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.gunicorn_workers), "--threads", str(args.gunicorn_threads),
            "--worker-class", worker_class, "--timeout", "120", "--graceful-timeout", "5",
            "--no-control-socket", "--log-level", "warning"], env, run_dir / "gunicorn.log")
        processes["db_worker"] = _start([
            sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.5",
            "--no-startup-delay", "--no-reload"], env, run_dir / "db_worker.log")
        _wait_for_http(f"{base}/akun/masuk/", processes["gunicorn"], 60)
        result["server"] = {"workers": args.gunicorn_workers, "threads": args.gunicorn_threads,
                            "worker_class": worker_class}

        config = {
            "users": args.users, "duration": args.duration, "think": args.think,
            "seed": args.seed, "password": password, "search_terms": terms,
            "province_weight": args.province_weight, "regency_weight": args.regency_weight,
            "records_file": str(run_dir / "records.json"),
            "ready_file": str(run_dir / "ready"),
            **{k: setup[k] for k in ("regencies", "regency_usernames", "province_username",
                                     "kecamatan")}}
        (run_dir / "locust.json").write_text(json.dumps(config))
        importer = Importer(base, setup["token"], data_file)
        loads, busy_start = [_loadavg()], _machine_busy()
        log(f"locust: {args.users} users, then {args.duration} s of browsing ...")
        processes["locust"] = _start([
            str(VENV_BIN / "locust"), "-f", str(LOCUSTFILE), "--headless",
            "-u", str(args.users), "-r", str(args.spawn_rate),
            "-t", f"{args.duration + args.login_timeout + 30}s", "--host", base,
            "--csv", str(run_dir / "locust"), "--only-summary", "--stop-timeout", "10",
            "--loglevel", "WARNING"],
            {**env, "UCJ_LOAD_CONFIG": str(run_dir / "locust.json")}, run_dir / "locust.log")
        locust_started = time.time()
        deadline = time.monotonic() + args.login_timeout
        next_load = time.monotonic() + 5
        while not (run_dir / "ready").exists():
            if processes["locust"].poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the users did not all log in; see "
                                   f"{run_dir / 'locust.log'}")
            if time.monotonic() >= next_load:
                loads.append(_loadavg())
                next_load += 5
            time.sleep(0.2)
        ready = float((run_dir / "ready").read_text())
        result["sign_in_seconds"] = round(ready - locust_started, 1)
        log(f"all {args.users} users signed in after {ready - locust_started:.0f} s; "
            f"uploading {args.rows:,} rows for {IMPORT_REGENCY} ...")
        time.sleep(args.settle)  # the login storm's queue drains first
        importer.upload()
        log(f"uploaded in {importer.info['upload_seconds']} s; intake running ...")
        import_deadline = time.monotonic() + args.duration + args.import_timeout
        while True:
            locust_running = processes["locust"].poll() is None
            settled = importer.poll()
            if not locust_running and settled:
                break
            if not locust_running and time.monotonic() > import_deadline:
                log("gave up waiting for the import")
                break
            if time.monotonic() >= next_load:
                loads.append(_loadavg())
                next_load += 5
            time.sleep(0.5)
        busy_end = _machine_busy()
        result["postgres"] = _postgres_settings()
        result["import"] = importer.info
        result["cpu_seconds"] = {"gunicorn": _cpu_seconds(processes["gunicorn"]),
                                 "db_worker": _cpu_seconds(processes["db_worker"])}
        result["machine"] = {
            "load_before": loads[0], "load_max": max(loads), "load_samples": loads,
            "busy_share": round((busy_end[0] - busy_start[0]) / (busy_end[1] - busy_start[1]), 3),
        }
        recorded = json.loads((run_dir / "records.json").read_text())
        result["ready"] = ready
        result["logins"] = recorded["logged_in"]
        result["windows"] = analyse(recorded["records"], ready, args.duration, importer.info)
        result["login_requests"] = summarise([r for r in recorded["records"]
                                              if r[1] in ("login", "login form")])
        if args.keep:
            result["run_dir"] = str(run_dir)
    finally:
        for name in ("locust", "db_worker", "gunicorn"):
            if name in processes:
                _stop(processes[name], name)
        try:
            postgres("drop", PG_BENCH_DB)
        except Exception as error:  # reported; the run's figures still count
            log(f"could not drop {PG_BENCH_DB}: {error}")
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
    return result


# --- figures -------------------------------------------------------------------------


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest rank."""
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def summarise(records: list, seconds: float | None = None) -> dict:
    times = sorted(r[2] for r in records)
    errors = [r for r in records if r[3] != 200 and not (r[1] == "login" and r[3] == 302)
              or r[4]]
    out = {"requests": len(times), "errors": len(errors),
           "p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
           "p99_ms": round(percentile(times, 99), 1),
           "max_ms": round(times[-1], 1) if times else float("nan")}
    if seconds:
        out["rps"] = round(len(times) / seconds, 2)
    if errors:
        out["error_examples"] = sorted({f"{r[1]}: {r[4] or r[3]}" for r in errors})[:5]
    return out


def analyse(records: list, ready: float, duration: float, info: dict) -> dict:
    """Per window: every endpoint, the dashboards pooled, and everything."""
    end = ready + duration
    pages = [r for r in records if r[1] not in ("login", "login form") and ready <= r[0] < end]
    import_start = info.get("upload_started", end)
    import_end = min(info.get("finished", end), end)
    windows = {"run": (ready, end), "import": (import_start, import_end),
               "after": (import_end, end)}
    chosen = {name: [r for r in pages if lo <= r[0] < hi] for name, (lo, hi) in windows.items()}
    chosen["quiet"] = [r for r in pages if not import_start <= r[0] < import_end]
    seconds = {name: hi - lo for name, (lo, hi) in windows.items()}
    seconds["quiet"] = duration - (import_end - import_start)
    out = {}
    for name, rows in chosen.items():
        endpoints = sorted({r[1] for r in rows})
        out[name] = {
            "seconds": round(seconds[name], 1),
            "endpoints": {e: summarise([r for r in rows if r[1] == e], seconds[name])
                          for e in endpoints},
            "dashboards": summarise([r for r in rows if "/cakupan/" in r[1]], seconds[name]),
            "all": summarise(rows, seconds[name]),
        }
    return out


def verdict(result: dict) -> list[str]:
    """The targets missed (empty: all met)."""
    missed = []
    info = result.get("import", {})
    if info.get("status") != "done":
        missed.append(f"import ended as {info.get('status')!r}: {info.get('error', '')}")
    elif info["finished"] > result["ready"] + result["options"]["duration"]:
        missed.append("the import did not finish within the run (make --duration longer)")
    if result["windows"]["run"]["all"]["errors"] or result["login_requests"]["errors"]:
        missed.append("errors during the run")
    p95 = result["windows"]["import"]["dashboards"]["p95_ms"]
    if not result["windows"]["import"]["dashboards"]["requests"]:
        missed.append("no dashboard request during the import (too short to judge)")
    elif not p95 <= TARGET_DASHBOARD_P95_MS:
        missed.append(f"dashboard p95 during the import {p95} ms >= {TARGET_DASHBOARD_P95_MS:.0f} ms")
    after = result["windows"]["after"]["dashboards"]
    if not after["requests"]:
        missed.append("no dashboard request after the import (make --duration longer)")
    elif not after["p95_ms"] <= TARGET_AFTER_IMPORT_P95_MS:
        missed.append(f"dashboard p95 after the import {after['p95_ms']} ms >= "
                      f"{TARGET_AFTER_IMPORT_P95_MS:.0f} ms")
    return missed


def table(result: dict) -> str:
    o, info, m = result["options"], result["import"], result["machine"]
    server = result["server"]
    lines = [
        f"Load test: {o['users']} users (province:regency {o['province_weight']}:"
        f"{o['regency_weight']}), think {o['think'][0]:g}-{o['think'][1]:g} s, "
        f"{o['duration']} s after all signed in; gunicorn {server['workers']} x "
        f"{server['threads']} ({server['worker_class']}), PostgreSQL, "
        f"{o['workers_registry']:,} registered workers, {result['cores']} cores",
    ]
    if "finished" in info:
        total = info["finished"] - info["upload_started"]
        lines.append(
            f"Import of {info['rows']:,} rows ({IMPORT_REGENCY}): {info['status']}, "
            f"{total:.1f} s from upload to done ({info['rows'] / total:,.0f} rows/s; upload "
            f"request {info['upload_seconds']} s), {info['new_workers']:,} new workers, "
            f"{info['rejected']:,} rejected")
    titles = {"run": "whole run", "import": "during the import",
              "after": "after the import (summaries kept by the import itself)",
              "quiet": "no import work (before the upload, after the import)"}
    head = f"  {'endpoint':<34}{'requests':>9}{'req/s':>8}{'errors':>7}{'p50 ms':>9}" \
           f"{'p95 ms':>9}{'p99 ms':>9}"
    for name in ("run", "import", "after", "quiet"):
        w = result["windows"][name]
        lines += ["", f"{titles[name]} ({w['seconds']:.1f} s)", head]
        rows = [*w["endpoints"].items(), ("dashboards (/cakupan/, pooled)", w["dashboards"]),
                ("all", w["all"])]
        for endpoint, s in rows:
            lines.append(f"  {endpoint:<34}{s['requests']:>9}{s.get('rps', 0):>8.2f}"
                         f"{s['errors']:>7}{s['p50_ms']:>9.0f}{s['p95_ms']:>9.0f}"
                         f"{s['p99_ms']:>9.0f}")
    login = result["login_requests"]
    lines += ["", f"sign-in of all users took {result['sign_in_seconds']} s; "
              f"logins (not in the windows): {login['requests']} requests, "
              f"{login['errors']} errors, p50 {login['p50_ms']:.0f} ms, p95 {login['p95_ms']:.0f} ms",
              f"machine: load average {m['load_before']:.2f} before, up to {m['load_max']:.2f}; "
              f"CPU busy {m['busy_share']:.0%} of {result['cores']} cores; CPU seconds gunicorn "
              f"{result['cpu_seconds']['gunicorn']}, db_worker {result['cpu_seconds']['db_worker']}"]
    missed = verdict(result)
    lines.append("PASS: no errors, dashboard p95 during the import "
                 f"{result['windows']['import']['dashboards']['p95_ms']:.0f} ms < "
                 f"{TARGET_DASHBOARD_P95_MS:.0f} ms" if not missed else
                 "FAIL: " + "; ".join(missed))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_setup":
        parser = argparse.ArgumentParser()
        parser.add_argument("--workers", type=int, required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--result", required=True)
        run_setup(parser.parse_args(argv[1:]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=FULL_SIZE["users"])
    parser.add_argument("--duration", type=int, default=FULL_SIZE["duration"],
                        help="seconds of browsing after every user has signed in")
    parser.add_argument("--workers-registry", type=int, default=FULL_SIZE["workers_registry"],
                        help="registered workers before the import")
    parser.add_argument("--rows", type=int, default=FULL_SIZE["rows"],
                        help="rows of the imported file")
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 5.0], metavar=("MIN", "MAX"),
                        help="seconds between a user's pages (uniform; default 1 5)")
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--province-weight", type=int, default=2)
    parser.add_argument("--regency-weight", type=int, default=3)
    parser.add_argument("--gunicorn-workers", type=int, default=5,
                        help="gunicorn worker processes (default 5 = 2 x cores + 1)")
    parser.add_argument("--gunicorn-threads", type=int, default=1,
                        help="threads per worker (more than 1: gthread workers)")
    parser.add_argument("--settle", type=float, default=10,
                        help="seconds between the last sign-in and the upload (default 10)")
    parser.add_argument("--login-timeout", type=int, default=180)
    parser.add_argument("--import-timeout", type=int, default=600,
                        help="seconds to keep waiting for the import after the run")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", action="store_true", help="JSON on stdout instead of the table")
    parser.add_argument("--keep", action="store_true",
                        help="keep the run's directory (logs, records) in bench/out/")
    args = parser.parse_args(argv)
    result = run(args)
    result["missed"] = verdict(result)
    full = all(getattr(args, k) == v for k, v in FULL_SIZE.items())
    out = OUT_DIR / ("load-results.json" if full else "load-results-small.json")
    out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 1 if args.strict and result["missed"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
