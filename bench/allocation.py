"""Budget allocation benchmark (issue 6): how long sharing a budget takes with a big
registry, and how the optimiser's shares compare with the spreadsheet a planner would
otherwise make.

    .venv/bin/python bench/allocation.py                     # 2M workers, SQLite and PostgreSQL
    .venv/bin/python bench/allocation.py --workers 100000 --only sqlite   # smoke

Data (made in each fresh database before any timing, bench/common.py): registered workers
living uniformly over Kalbar's desa, each listed by its regency in one of the seven
ecosystems, a reconciliation (40 % active, 10 % lapsed, 50 % not enrolled) and 36 months
of BPJS counts. The budget pays for the 12 months of 2026 at the minimum income and may
fund every ecosystem; its amount is 60 % of what funding every worker not yet active
would cost, so the budget binds but the registry does too in some regencies.

Measured: reading the allocation's inputs (latest coverage of the 14 regencies, and the
registered workers not yet active by regency and ecosystem: one grouped query over the
registry and the reconciliation), solving each policy (the integer programme alone,
median of 20), and saving a scenario (inputs + solve + writing it), median of 5.

The comparison: what a planner does in a spreadsheet without an optimiser, sharing the
affordable workers in proportion to each regency's gap to 65.77 % and rounding. That
sheet cannot know how many workers each regency can actually fund; the table shows the
workers it assigns that the registry does not hold, the money that then stays unspent,
and the lowest coverage after, against the four policies.
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
from common import OUT_DIR, load_reconciled_registry, log, run_in_fresh_database, setup_django

PG_BENCH_DB = "ucj_bench_allocation"
POLICIES = ("lowest_first", "gap_proportional", "most_points", "fairest")


def _median_seconds(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _spreadsheet(areas, capacity: int) -> dict:
    """Proportional to the gap, rounded, as a sheet does it; then what it meant."""
    gaps = {a.code: a.gap for a in areas}
    whole = sum(gaps.values())
    assigned = {code: round(capacity * gap / whole) for code, gap in gaps.items()}
    fundable = {a.code: min(assigned[a.code], a.distinct_eligible) for a in areas}
    return _outcome(areas, fundable, phantom=sum(assigned.values()) - sum(fundable.values()),
                    assigned=sum(assigned.values()))


def _outcome(areas, funded: dict[str, int], *, phantom: int = 0,
             assigned: int | None = None) -> dict:
    rates = [a.rate_after(funded.get(a.code, 0)) for a in areas if a.denominator]
    return {"assigned": assigned if assigned is not None else sum(funded.values()),
            "funded": sum(funded.values()), "phantom": phantom,
            "lowest_after": min(rates), "mean_after": statistics.fmean(rates)}


def run_one(args: argparse.Namespace) -> None:
    setup_django()
    from datetime import date

    from ucj.accounts.models import Role, User
    from ucj.budget import allocation, selectors, services
    from ucj.registry.models import Ecosystem

    loaded = load_reconciled_registry(args.workers, args.seed)
    planner = User.objects.create(username="bench", role=Role.PROVINSI)
    budget = services.create_budget(
        user=planner, name="Bench", fiscal_year=2026, programme="rentan",
        funding_source="apbd_provinsi", holder="61", amount=1, start_month=date(2026, 1, 1),
        months=12, ecosystems=list(Ecosystem.objects.all()))
    inputs = selectors.allocation_inputs(budget)
    per_worker = selectors.plan(budget).per_worker
    eligible = sum(a.distinct_eligible for a in inputs.areas)
    budget.amount = int(eligible * 0.6) * per_worker
    budget.save(update_fields=["amount"])
    capacity = selectors.plan(budget).affordable

    inputs_seconds = _median_seconds(lambda: selectors.allocation_inputs(budget), 5)
    solves, outcomes = {}, {}
    for policy in POLICIES:
        problem = allocation.Problem(areas=inputs.areas, capacity=capacity,
                                     policy=allocation.Policy(policy))
        solves[policy] = _median_seconds(lambda p=problem: allocation.allocate(p), 20)
        result = allocation.allocate(problem)
        outcomes[policy] = _outcome(inputs.areas, {a.code: result.for_area(a.code)
                                                   for a in inputs.areas})
    outcomes["spreadsheet"] = _spreadsheet(inputs.areas, capacity)
    counter = iter(range(10**6))
    scenario_seconds = _median_seconds(lambda: services.create_scenario(
        user=planner, budget=budget, name=f"s{next(counter)}", policy="fairest"), 5)
    Path(args.result).write_text(json.dumps({
        **loaded, "workers": args.workers, "eligible": eligible, "capacity": capacity,
        "per_worker": per_worker, "amount": budget.amount,
        "inputs_seconds": inputs_seconds, "solve_seconds": solves,
        "scenario_seconds": scenario_seconds, "outcomes": outcomes}))


def measure(db: str, args: argparse.Namespace) -> dict:
    log(f"{db}: loading {args.workers:,} workers and sharing a budget ...")
    return run_in_fresh_database(Path(__file__).resolve(), db, PG_BENCH_DB, [
        "--workers", str(args.workers), "--seed", str(args.seed)])


def table(results: list[dict], args) -> str:
    first = results[0]
    lines = [f"Budget allocation, {args.workers:,} registered workers "
             f"({first['eligible']:,} not yet active), 14 regencies x 7 ecosystems, "
             f"{os.cpu_count()} cores",
             f"Budget Rp{first['amount']:,} = {first['capacity']:,} workers x "
             f"Rp{first['per_worker']:,} (12 months of 2026)", ""]
    lines.append(f"{'db':<9}{'inputs (query)':>15}" + "".join(f"{p:>18}" for p in POLICIES)
                 + f"{'save scenario':>15}")
    for r in results:
        lines.append(f"{r['db']:<9}{r['inputs_seconds'] * 1000:>12.0f} ms"
                     + "".join(f"{r['solve_seconds'][p] * 1000:>15.1f} ms" for p in POLICIES)
                     + f"{r['scenario_seconds'] * 1000:>12.0f} ms")
    lines += ["", "What the shares mean (same on both databases):",
              f"{'method':<20}{'assigned':>10}{'fundable':>10}{'not in registry':>17}"
              f"{'unspent (Rp)':>18}{'lowest after':>14}{'mean after':>12}"]
    for method, o in first["outcomes"].items():
        unspent = (first["capacity"] - o["funded"]) * first["per_worker"]
        lines.append(f"{method:<20}{o['assigned']:>10,}{o['funded']:>10,}{o['phantom']:>17,}"
                     f"{unspent:>18,}{o['lowest_after']:>13.2%}{o['mean_after']:>12.2%}")
    lines.append("(data load: " + ", ".join(f"{r['db']} {r['load_seconds']} s"
                                             for r in results) + ")")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_run-one":
        parser = argparse.ArgumentParser()
        parser.add_argument("--workers", type=int, required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--result", required=True)
        run_one(parser.parse_args(argv[1:]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = [measure(db, args) for db in ("sqlite", "postgres") if args.only in (None, db)]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "allocation-results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2) if args.json else table(results, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
