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
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    OUT_DIR,
    load_reconciled_registry,
    log,
    run_in_fresh_database,
    setup_django,
)

PG_BENCH_DB = "ucj_bench_dashboard"
TARGET_P95_MS = 150.0


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
    setup_django()
    from django.test import Client

    from ucj.accounts.models import Role, User
    from ucj.coverage import summaries

    loaded = load_reconciled_registry(args.workers, args.seed)
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


def measure(db: str, args: argparse.Namespace) -> dict:
    log(f"{db}: loading {args.workers:,} workers and timing the pages ...")
    return run_in_fresh_database(Path(__file__).resolve(), db, PG_BENCH_DB, [
        "--workers", str(args.workers), "--seed", str(args.seed),
        "--requests", str(args.requests)])


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
