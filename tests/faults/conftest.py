"""Fault tests run real processes: the background worker (`manage.py db_worker`) on the
test database, killed with SIGKILL mid-job; a throwaway PostgreSQL cluster restarted
mid-job; a SQLite writer killed mid-transaction. Each takes a few seconds."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]


def pytest_configure(config):
    config.addinivalue_line("markers", "faults: kills or restarts real processes (seconds each)")


def database_url(settings_dict: dict, vendor: str) -> str:
    if vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    return (f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}")


def start_worker(url: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.1",
         "--no-startup-delay", "--no-reload"],
        cwd=ROOT, env={**os.environ, "UCJ_DATABASE_URL": url, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, *, timeout: float = 60.0, every: float = 0.02, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what or condition}")


def worker_list_csv(rows: int) -> bytes:
    """`rows` valid, distinct Sambas workers as a CSV, built column-wise (fast): NIK
    6101 01 + birth date (DDMMYY) + serial, and the same birth date."""
    index = pl.int_range(0, rows, eager=True)
    day = index % 28 + 1
    month = (index // 28) % 12 + 1
    year = (index // 336) % 40 + 1960
    serial = index // 13440 + 1
    frame = pl.DataFrame({"day": day, "month": month, "year": year, "serial": serial,
                          "index": index})
    frame = frame.select(
        NIK=pl.format("610101{}{}{}{}", pl.col("day").cast(pl.String).str.zfill(2),
                      pl.col("month").cast(pl.String).str.zfill(2),
                      (pl.col("year") % 100).cast(pl.String).str.zfill(2),
                      pl.col("serial").cast(pl.String).str.zfill(4)),
        NAMA=pl.format("PEKERJA UJI {}", pl.col("index")),
        **{"TANGGAL LAHIR": pl.date(pl.col("year"), pl.col("month"), pl.col("day"))
           .dt.strftime("%d-%m-%Y")},
    )
    return frame.write_csv().encode()


TODAY = date(2026, 6, 30)
