"""Bulk reads and writes on polars frames: COPY and arrays on PostgreSQL, executemany and
json_each on SQLite.

All of it runs inside the caller's transaction, so a failure leaves nothing behind. The
ORM's bulk_create and `__in` lookups are several times slower at the sizes regencies send."""

from __future__ import annotations

import json

import polars as pl
from django.db import connection
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

SQLITE_BATCH = 100_000
COPY_BATCH = 100_000


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_frame(table: str, frame: pl.DataFrame, *, timestamps: tuple[str, ...] = ()) -> int:
    """Insert every row of `frame` into `table`; the frame's column names are the
    table's column names. Dates and datetimes are written as ISO text; a missing value
    is NULL, so fill text columns that must not be NULL before.

    `timestamps` are columns set to the time of writing, which must have a database
    default (db_default=Now()). PostgreSQL's default is evaluated once per statement,
    while parsing a timestamp sent per row would cost COPY more than a second per
    million rows. SQLite's default, STRFTIME('now'), is evaluated per row (1.6 s per
    million), so there the time goes into the statement once, as a literal."""
    if frame.height == 0:
        return 0
    frame = frame.with_columns(
        pl.col(pl.Date, pl.Datetime).dt.to_string("iso").name.keep(),
    )
    columns = ", ".join(_quoted(name) for name in frame.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text_columns = [name for name, dtype in frame.schema.items()
                            if dtype == pl.String and frame[name].null_count() == 0]
            # In CSV a value with no characters at all is NULL; FORCE_NOT_NULL keeps empty
            # text as empty text in the columns that hold no missing value.
            force = (f", FORCE_NOT_NULL ({', '.join(_quoted(c) for c in text_columns)})"
                     if text_columns else "")
            sql = f"COPY {_quoted(table)} ({columns}) FROM STDIN WITH (FORMAT csv{force})"
            # In slices handed to a sending thread (QueuedLibpqWriter): polars writes the
            # next slice while the server parses the one before, and at most psycopg's
            # queue (128 MB), not the whole table, is held as CSV text.
            raw = cursor.cursor
            with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
                for start in range(0, frame.height, COPY_BATCH):
                    copy.write(frame.slice(start, COPY_BATCH).write_csv(
                        include_header=False, null_value=""))
        else:
            # The sqlite3 cursor itself: Django's wrapper would rewrite and check every row.
            # Rows are zipped from whole columns, a third faster than polars' iter_rows.
            raw = cursor.cursor
            placeholders = ["?"] * frame.width
            if timestamps:
                now = connection.ops.adapt_datetimefield_value(timezone.now())
                columns += "".join(f", {_quoted(name)}" for name in timestamps)
                placeholders += [f"'{now}'"] * len(timestamps)  # digits, '-', ':', '.' only
            sql = f"INSERT INTO {_quoted(table)} ({columns}) VALUES ({', '.join(placeholders)})"
            for start in range(0, frame.height, SQLITE_BATCH):
                batch = frame.slice(start, SQLITE_BATCH)
                raw.executemany(sql, zip(*(batch[name].to_list() for name in batch.columns),
                                         strict=True))
    return frame.height


def select_matching(table: str, key: str, values: pl.Series, columns: list[str]) -> list[tuple]:
    """Rows of `table` whose `key` is one of `values`, in one query whatever their number
    (an array parameter on PostgreSQL, a JSON array read by json_each on SQLite)."""
    if values.len() == 0:
        return []
    selected = ", ".join(_quoted(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_quoted(table)})")
        if not cursor.fetchone()[0]:
            return []  # an empty table: skip sending a million values
        if connection.vendor == "postgresql":
            # One text parameter split by the server: psycopg would quote a Python list
            # of a million strings element by element.
            cursor.execute(f"SELECT {selected} FROM {_quoted(table)} "
                           f"WHERE {_quoted(key)} = ANY(string_to_array(%s, ','))",
                           [",".join(values.to_list())])
        else:
            selected = ", ".join(f"t.{_quoted(c)}" for c in columns)
            cursor.execute(f"SELECT {selected} FROM json_each(%s) AS j "
                           f"JOIN {_quoted(table)} AS t ON t.{_quoted(key)} = j.value",
                           [json.dumps(values.to_list())])
        return cursor.fetchall()


def lock_for_writing(table: str) -> None:
    """Keep other writers out of `table` until the caller's transaction ends; readers go
    on. SQLite's write transaction (BEGIN IMMEDIATE) already holds the database lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {_quoted(table)} IN SHARE ROW EXCLUSIVE MODE")


def reserve_ids(table: str, count: int) -> list[int]:
    """`count` consecutive new primary keys for `table`, so rows can be written with their
    ids known (no second query to find them). Call after lock_for_writing(table), in the
    same transaction, so that nobody else takes an id inside the block."""
    if count == 0:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            start = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, start + count - 1])
            return list(range(start, start + count))
        # Past both the largest id and AUTOINCREMENT's record, so no deleted id is reused.
        cursor.execute(f"SELECT MAX(COALESCE(MAX(id), 0), COALESCE((SELECT seq FROM "
                       f"sqlite_sequence WHERE name = %s), 0)) FROM {_quoted(table)}", [table])
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def id_array_sql(ids: list[int]) -> tuple[str, list]:
    """A FROM-clause source of one column `value` holding `ids`, and its parameter: an
    unnested array on PostgreSQL, json_each on SQLite (one parameter, any length)."""
    if connection.vendor == "postgresql":
        return ("unnest(string_to_array(%s, ',')::bigint[]) AS j(value)",
                [",".join(map(str, ids))])
    return "json_each(%s) AS j", [json.dumps(ids)]
