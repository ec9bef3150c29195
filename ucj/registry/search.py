"""The registry's name search index: a copy of each worker's name (WorkerSearch) with a
trigram index on it (GIN with pg_trgm on UPPER(name) on PostgreSQL, an FTS5 table with
the trigram tokenizer beside it on SQLite, rowid = worker id).

Why a copy rather than an index on the worker table: a trigram index costs more to fill
than the rows themselves (measured here, 500,000 new workers on 1,000,000, busy machine:
COPY 1.4 s, +3.1 s with a GIN trigram index on PostgreSQL; executemany 1.0 s, +1.3 s
for an FTS5 insert on SQLite), which the million-row intake (issue 17 item 3: <= 6 s
and <= 8 s) cannot afford inside its transaction. So the intake writes only workers, and once it has committed a background job
indexes the new ones (`index_after_commit`, `catch_up`: one INSERT ... SELECT over the
ids above the last indexed one; intakes take ids in one consecutive block under a table
lock, so in commit order). A search is
still exact and complete meanwhile: it reads the workers above the last indexed id
directly (`unindexed`), and it always checks the worker's own name, so the index only
narrows where to look. Corrections of a name update the copy in their transaction
(`set_name`). `rebuild` recreates the copy from the workers (data loaded by other means,
a repair), `missing` counts what is out of step.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.db import connection, transaction

logger = logging.getLogger(__name__)

WORKERS = "registry_worker"
SEARCH = "registry_workersearch"
FTS = "registry_workersearch_fts"  # SQLite only: rowid = worker id
#: Fewer characters than this cannot use a trigram index: the search reads every worker.
MIN_INDEXED = 3


@dataclass
class CatchUp:
    rows: int
    seconds: float


#: The last catch-up in this process (the benchmark prints it).
last_catch_up: CatchUp | None = None


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def indexed_up_to() -> int:
    """The largest worker id the index holds (0: none)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(worker_id), 0) FROM {SEARCH}")
        return cursor.fetchone()[0]


def largest_worker_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {WORKERS}")
        return cursor.fetchone()[0]


def _lock() -> None:
    """One catch-up at a time (two would insert the same ids). SQLite's write
    transaction already holds the database."""
    if not _sqlite():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {SEARCH} IN SHARE ROW EXCLUSIVE MODE")


def catch_up() -> CatchUp:
    """Index the workers above the last indexed id, set-based, in one transaction."""
    global last_catch_up
    started = time.perf_counter()
    with transaction.atomic():
        _lock()
        after = indexed_up_to()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {SEARCH} (worker_id, name) SELECT id, name "
                           f"FROM {WORKERS} WHERE id > %s", [after])
            rows = cursor.rowcount
            if _sqlite() and rows:
                cursor.execute(f"INSERT INTO {FTS} (rowid, name) SELECT id, name "
                               f"FROM {WORKERS} WHERE id > %s", [after])
    last_catch_up = CatchUp(rows=max(rows, 0), seconds=time.perf_counter() - started)
    if rows:
        logger.info("search index: %s workers indexed in %.2f s", rows, last_catch_up.seconds)
    return last_catch_up


def index_after_commit(new_workers: int) -> None:
    """The intake's call, after it has written `new_workers` workers: once its
    transaction has committed, a background job (ucj.registry.tasks.index_new_workers,
    run by `ucj db_worker`) indexes them. Not inside the transaction, which would make
    the intake and the regency wait; until then searches read them directly."""
    if new_workers:
        from ucj.registry.tasks import index_new_workers

        transaction.on_commit(index_new_workers.enqueue)


def set_name(worker_id: int, name: str) -> None:
    """A corrected name, in the caller's transaction. A worker not indexed yet is left
    to the next catch-up."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {SEARCH} SET name = %s WHERE worker_id = %s", [name, worker_id])
        if _sqlite() and cursor.rowcount:
            cursor.execute(f"UPDATE {FTS} SET name = %s WHERE rowid = %s", [name, worker_id])


def rebuild() -> CatchUp:
    """The index made again from the workers: after loading workers by other means
    (COPY), or as a repair when `missing` finds a difference."""
    started = time.perf_counter()
    with transaction.atomic():
        _lock()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SEARCH}")
            if _sqlite():
                cursor.execute(f"DELETE FROM {FTS}")
        done = catch_up()
    return CatchUp(rows=done.rows, seconds=time.perf_counter() - started)


def missing() -> dict[str, int]:
    """What is out of step, by a full comparison: workers below the last indexed id
    without an index row (`missing`), index rows whose name differs from the worker's or
    whose worker is gone (`stale`; on SQLite the FTS table compared too), and workers
    above it, still to be indexed (`waiting`, normal right after an intake)."""
    up_to = indexed_up_to()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {WORKERS} w WHERE w.id <= %s AND NOT EXISTS "
                       f"(SELECT 1 FROM {SEARCH} s WHERE s.worker_id = w.id)", [up_to])
        absent = cursor.fetchone()[0]
        cursor.execute(f"SELECT COUNT(*) FROM {SEARCH} s LEFT JOIN {WORKERS} w "
                       f"ON w.id = s.worker_id WHERE w.id IS NULL OR w.name <> s.name")
        stale = cursor.fetchone()[0]
        if _sqlite():
            cursor.execute(f"SELECT COUNT(*) FROM {FTS} f LEFT JOIN {SEARCH} s "
                           f"ON s.worker_id = f.rowid WHERE s.worker_id IS NULL "
                           f"OR s.name <> f.name")
            stale += cursor.fetchone()[0]
            cursor.execute(f"SELECT COUNT(*) FROM {SEARCH} s WHERE NOT EXISTS "
                           f"(SELECT 1 FROM {FTS} f WHERE f.rowid = s.worker_id)")
            absent += cursor.fetchone()[0]
        cursor.execute(f"SELECT COUNT(*) FROM {WORKERS} WHERE id > %s", [up_to])
        waiting = cursor.fetchone()[0]
    return {"missing": absent, "stale": stale, "waiting": waiting}


def fts_phrase(text: str) -> str:
    """`text` as one FTS5 phrase: with the trigram tokenizer, the rows containing it
    (any case)."""
    return '"' + text.replace('"', '""') + '"'


def candidates_sql(text: str) -> tuple[str, list]:
    """SQL selecting the ids of the indexed workers whose name may contain `text`
    (at least MIN_INDEXED characters), and its parameters: every indexed worker whose
    name contains it, case-insensitively, is among them."""
    if _sqlite():
        return f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [fts_phrase(text)]
    # The expression of the GIN index and of Django's icontains.
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return f"SELECT worker_id FROM {SEARCH} WHERE UPPER(name) LIKE UPPER(%s)", [like]


def candidates(text: str, *, limit: int, smallest: bool = True) -> list[int]:
    """Up to `limit` ids of candidates_sql(text), in order: the smallest ones, or with
    `smallest=False` any `limit` of them when there are more (PostgreSQL's GIN index
    answers a bitmap, in no order: taking the smallest reads and sorts every match,
    0.1-1 s for a text in tens of thousands of names at 5M workers). FTS5 hands its rows
    over in rowid order, so on SQLite they are always the smallest."""
    sql, params = candidates_sql(text)
    with connection.cursor() as cursor:
        if not _sqlite():
            # Unordered first: the heap scan stops after `limit` rows.
            cursor.execute(f"{sql} LIMIT %s", [*params, limit])
            found = sorted(row[0] for row in cursor.fetchall())
            if len(found) < limit or not smallest:
                return found
        order = "rowid" if _sqlite() else "worker_id"
        cursor.execute(f"{sql} ORDER BY {order} LIMIT %s", [*params, limit])
        return [row[0] for row in cursor.fetchall()]
