"""Bulk writes from polars frames: COPY on PostgreSQL, one executemany on SQLite.

Both run inside the caller's transaction, so a failure leaves nothing behind. The ORM's
bulk_create is several times slower for the file sizes regencies send."""

from __future__ import annotations

import io

import polars as pl
from django.db import connection

SQLITE_BATCH = 50_000


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_frame(table: str, frame: pl.DataFrame) -> int:
    """Insert every row of `frame` into `table`; the frame's column names are the
    table's column names. Dates and datetimes are written as ISO text."""
    if frame.height == 0:
        return 0
    frame = frame.with_columns(
        pl.col(pl.Date, pl.Datetime).dt.to_string("iso").name.keep()
    )
    columns = ", ".join(_quoted(name) for name in frame.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
            # Empty text stays empty text; only a missing value (no characters at all,
            # unquoted) is NULL, and FORCE_NOT_NULL keeps text columns away from that.
            force = (f", FORCE_NOT_NULL ({', '.join(_quoted(c) for c in text_columns)})"
                     if text_columns else "")
            buffer = io.BytesIO()
            frame.write_csv(buffer, include_header=False, null_value="")
            sql = f"COPY {_quoted(table)} ({columns}) FROM STDIN WITH (FORMAT csv{force})"
            with cursor.cursor.copy(sql) as copy:
                copy.write(buffer.getvalue())
        else:
            placeholders = ", ".join(["%s"] * frame.width)
            sql = f"INSERT INTO {_quoted(table)} ({columns}) VALUES ({placeholders})"
            for start in range(0, frame.height, SQLITE_BATCH):
                cursor.executemany(sql, frame.slice(start, SQLITE_BATCH).iter_rows())
    return frame.height
