"""Summaries of the registry kept by the writes themselves, so that no page request ever
counts the registry or the memberships: registered and active workers by kecamatan and
desa (AreaSummary), and the registered workers of each regency and ecosystem by BPJS
status in the current reconciliation (EcosystemSummary).

Every write that changes what they count adjusts them in its own transaction:

- intake adds its new workers per desa and kecamatan (`add_new_workers`) and moves the
  workers whose desa or listings it changed (`track`);
- a reconciliation that becomes current counts them again as part of the run (`rebuild`:
  every status changes at once);
- a link decision, a NIK conflict decision and a worker correction `track` the workers
  they change: their contribution before and after the write is counted (the same
  definition as the full count, restricted to those workers) and the difference added.

Writers take one lock (`lock`, the SummaryState row) just before they touch the
summaries, so that a rebuild never counts a concurrent intake's workers twice or not at
all. A full recount stays as a repair (`ucj summaries rebuild`) and as a check
(`ucj summaries verify`, `drift`)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from ucj.coverage.models import AreaSummary, EcosystemSummary, SummaryState

KECAMATAN_LENGTH = len("61.01.01")
DESA_LENGTH = len("61.01.01.2001")
STATUS_COLUMNS = ("active", "lapsed", "not_enrolled", "review")
_CHUNK = 5_000  # worker ids per query (SQLite's limit on parameters is far above)

# area -> (workers, active); (regency, ecosystem) -> (active, lapsed, not_enrolled, review)
AreaCounts = dict[str, tuple[int, ...]]
EcosystemCounts = dict[tuple[str, str], tuple[int, ...]]


def _quote(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _tables() -> dict[str, str]:
    from ucj.membership.models import WorkerMembership
    from ucj.registry.models import Worker, WorkerListing

    return {"workers": _quote(Worker), "memberships": _quote(WorkerMembership),
            "listings": _quote(WorkerListing), "areas": _quote(AreaSummary),
            "ecosystems": _quote(EcosystemSummary)}


def current_run_id() -> int | None:
    from ucj.membership.selectors import latest_reconciliation

    run = latest_reconciliation()
    return run.pk if run is not None else None


def state() -> SummaryState:
    found, _ = SummaryState.objects.get_or_create(pk=1)
    return found


def lock() -> None:
    """Serialise the writers of the summaries until the caller's transaction ends (a
    row lock on PostgreSQL; SQLite runs one writing transaction at a time anyway)."""
    if not list(SummaryState.objects.select_for_update().filter(pk=1).values_list("pk")):
        state()
        list(SummaryState.objects.select_for_update().filter(pk=1).values_list("pk"))


# --- counting ------------------------------------------------------------------------------


def _area_sql(where: str) -> str:
    t = _tables()
    return f"""
        SELECT w.desa_id, count(*), SUM(CASE WHEN m.status = 'active' THEN 1 ELSE 0 END)
        FROM {t['workers']} w
        LEFT JOIN {t['memberships']} m ON m.worker_id = w.id AND m.reconciliation_id = %s
        WHERE w.desa_id IS NOT NULL {where}
        GROUP BY w.desa_id"""


def _ecosystem_sql(where: str) -> str:
    t = _tables()
    return f"""
        SELECT l.regency_id, l.ecosystem_id,
               SUM(CASE WHEN m.status = 'active' THEN 1 ELSE 0 END),
               SUM(CASE WHEN m.status = 'lapsed' THEN 1 ELSE 0 END),
               SUM(CASE WHEN m.status = 'not_enrolled' THEN 1 ELSE 0 END),
               SUM(CASE WHEN m.method = 'review' THEN 1 ELSE 0 END)
        FROM {t['memberships']} m JOIN {t['listings']} l ON l.worker_id = m.worker_id
        WHERE m.reconciliation_id = %s {where}
        GROUP BY l.regency_id, l.ecosystem_id"""


def _areas_of_desa(rows: Iterable[tuple[str, int, int]]) -> Counter:
    """Per-desa (workers, active) rows -> counts per desa and per kecamatan."""
    found: Counter = Counter()
    for desa, workers, active in rows:
        for area in (desa, desa[:KECAMATAN_LENGTH]):
            found[(area, 0)] += int(workers)
            found[(area, 1)] += int(active or 0)
    return found


@dataclass
class Counts:
    areas: Counter  # (area, 0 workers | 1 active) -> n
    ecosystems: Counter  # (regency, ecosystem, column index) -> n

    def __sub__(self, other: Counts) -> Counts:
        areas, ecosystems = Counter(self.areas), Counter(self.ecosystems)
        areas.subtract(other.areas)
        ecosystems.subtract(other.ecosystems)
        return Counts(areas, ecosystems)


def _ecosystem_counter(rows) -> Counter:
    found: Counter = Counter()
    for regency, ecosystem, *values in rows:
        for index, value in enumerate(values):
            found[(regency, ecosystem, index)] += int(value or 0)
    return found


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def contributions(worker_ids: Iterable[int], run_id: int | None) -> Counts:
    """What `worker_ids` add to the summaries: the full count's definition, restricted
    to these workers."""
    ids = sorted(set(worker_ids))
    area_rows: list = []
    ecosystem_rows: list = []
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(_area_sql(f"AND w.id IN ({marks})"), [run_id, *chunk])
            area_rows += cursor.fetchall()
            if run_id is not None:
                cursor.execute(_ecosystem_sql(f"AND m.worker_id IN ({marks})"),
                               [run_id, *chunk])
                ecosystem_rows += cursor.fetchall()
    return Counts(_areas_of_desa(area_rows), _ecosystem_counter(ecosystem_rows))


def recount() -> Counts:
    """The summaries counted from the registry and the current reconciliation."""
    run_id = current_run_id()
    with connection.cursor() as cursor:
        cursor.execute(_area_sql(""), [run_id])
        areas = _areas_of_desa(cursor.fetchall())
        ecosystems: Counter = Counter()
        if run_id is not None:
            cursor.execute(_ecosystem_sql(""), [run_id])
            ecosystems = _ecosystem_counter(cursor.fetchall())
    return Counts(areas, ecosystems)


def kept() -> Counts:
    areas: Counter = Counter()
    for area, workers, active in AreaSummary.objects.values_list("area", "workers", "active"):
        areas[(area, 0)] += workers
        areas[(area, 1)] += active
    ecosystems: Counter = Counter()
    for row in EcosystemSummary.objects.values_list("regency", "ecosystem", *STATUS_COLUMNS):
        ecosystems.update({(row[0], row[1], i): v for i, v in enumerate(row[2:])})
    return Counts(areas, ecosystems)


# --- writing -------------------------------------------------------------------------------


def _add(table: str, keys: tuple[str, ...], columns: tuple[str, ...],
         deltas: dict[tuple, list[int]]) -> None:
    """Add `deltas` (key -> one number per column) to `table`: rows that exist are
    updated, the others inserted (set-based; the caller holds the lock)."""
    deltas = {key: values for key, values in deltas.items() if any(values)}
    if not deltas:
        return
    match = " AND ".join(f"{k} = %s" for k in keys)
    with connection.cursor() as cursor:
        # A few thousand rows at most (Kalbar's kecamatan and desa; regency x ecosystem).
        cursor.execute(f"SELECT {', '.join(keys)} FROM {table}")
        existing = {tuple(row) for row in cursor.fetchall()}
        wanted = sorted(deltas)
        updates = [[*deltas[key], *key] for key in wanted if key in existing]
        if updates:
            assignments = ", ".join(f"{c} = {c} + %s" for c in columns)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {match}", updates)
        inserts = [[*key, *deltas[key]] for key in wanted if key not in existing]
        if inserts:
            if any(v < 0 for row in inserts for v in row[len(keys):]):
                raise SummaryDrift(f"{table}: a decrease for a row that does not exist; "
                                   "run `ucj summaries rebuild`")
            names = ", ".join([*keys, *columns])
            marks = ", ".join(["%s"] * (len(keys) + len(columns)))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", inserts)


class SummaryDrift(RuntimeError):
    """The kept summaries no longer match the registry."""


def apply(change: Counts) -> None:
    """Add a difference of contributions to the kept summaries (caller holds the lock)."""
    t = _tables()
    areas: dict[tuple, list[int]] = {}
    for (area, index), value in change.areas.items():
        areas.setdefault((area,), [0, 0])[index] += value
    _add(t["areas"], ("area",), ("workers", "active"), areas)
    ecosystems: dict[tuple, list[int]] = {}
    for (regency, ecosystem, index), value in change.ecosystems.items():
        ecosystems.setdefault((regency, ecosystem), [0, 0, 0, 0])[index] += value
    _add(t["ecosystems"], ("regency", "ecosystem"), STATUS_COLUMNS, ecosystems)


@contextmanager
def track(worker_ids: Iterable[int]):
    """Keep the summaries right across a write that changes these workers' desa,
    listings or status in the current reconciliation: their contribution is counted
    before and after the write, and the difference added. Use inside the write's
    transaction; the body may add workers to the yielded set."""
    ids = set(worker_ids)
    if not ids:
        yield ids
        return
    with transaction.atomic():
        lock()
        run_id = current_run_id()
        before = contributions(ids, run_id)
        yield ids
        apply(contributions(ids, run_id) - before)


def add_new_workers(desa_counts: Iterable[tuple[str, int]]) -> None:
    """Intake's new workers, `(desa code, how many)`: new workers are in no
    reconciliation yet, so only the registered counts grow."""
    counts = _areas_of_desa((desa, n, 0) for desa, n in desa_counts if desa)
    if counts:
        with transaction.atomic():
            lock()
            apply(Counts(counts, Counter()))


def rebuild() -> SummaryState:
    """Count both summaries again from the registry and the current reconciliation, in
    the caller's transaction (one of its own when there is none)."""
    started = time.perf_counter()
    with transaction.atomic():
        lock()
        AreaSummary.objects.all().delete()
        EcosystemSummary.objects.all().delete()
        counted = recount()
        apply(counted)
        SummaryState.objects.filter(pk=1).update(
            refreshed_at=timezone.now(), reconciliation_id=current_run_id(),
            seconds=round(time.perf_counter() - started, 3))
    return state()


def drift() -> list[str]:
    """Where the kept summaries differ from a recount (empty when they agree)."""
    kept_counts, counted = kept(), recount()
    difference = kept_counts - counted
    names = {0: "workers", 1: "active"}
    found = [f"area {area} {names[i]}: kept {kept_counts.areas[(area, i)]}, "
             f"counted {counted.areas[(area, i)]}"
             for (area, i), value in sorted(difference.areas.items()) if value]
    found += [f"{regency} {ecosystem} {STATUS_COLUMNS[i]}: kept "
              f"{kept_counts.ecosystems[(regency, ecosystem, i)]}, counted "
              f"{counted.ecosystems[(regency, ecosystem, i)]}"
              for (regency, ecosystem, i), value in sorted(difference.ecosystems.items())
              if value]
    return found


def add_listings(submission_id: int) -> None:
    """The listings an intake created, for workers already in the current reconciliation
    (its new workers are in none): each adds its worker's status to its regency and
    ecosystem."""
    run_id = current_run_id()
    if run_id is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(_ecosystem_sql("AND l.first_submission_id = %s"), [run_id, submission_id])
        counted = _ecosystem_counter(cursor.fetchall())
    if counted:
        with transaction.atomic():
            lock()
            apply(Counts(Counter(), counted))
