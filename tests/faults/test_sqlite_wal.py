"""SQLite in WAL mode survives a kill -9 during a write (issue 9.6): afterwards
PRAGMA integrity_check says ok, the committed rows are all there, the interrupted
transaction left nothing, and the database takes writes again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.faults

WRITER = r"""
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
# The settings UCJ uses (ucj/settings.py).
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE IF NOT EXISTS worker (id INTEGER PRIMARY KEY, nik TEXT UNIQUE, name TEXT)")
db.execute("BEGIN IMMEDIATE")
db.executemany("INSERT INTO worker (nik, name) VALUES (?, ?)",
               ((f"61{i:014d}", f"COMMITTED {i}") for i in range(5000)))
db.execute("COMMIT")
db.execute("BEGIN IMMEDIATE")
i = 5000
while True:  # a long write, killed from outside
    db.executemany("INSERT INTO worker (nik, name) VALUES (?, ?)",
                   ((f"61{j:014d}", "x" * 200) for j in range(i, i + 2000)))
    i += 2000
    if i == 9000:
        print("writing", flush=True)
"""


@pytest.mark.parametrize("checkpoint_first", [False, True])
def test_kill_during_a_write_leaves_a_sound_database(tmp_path, checkpoint_first):
    path = tmp_path / "ucj.sqlite3"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        time.sleep(0.3)  # tens of thousands of uncommitted rows, pages spilling into the WAL
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == -signal.SIGKILL
    assert (tmp_path / "ucj.sqlite3-wal").exists()

    db = sqlite3.connect(path)
    if checkpoint_first:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("SELECT COUNT(*), MIN(name), MAX(name) FROM worker").fetchone() == (
        5000, "COMMITTED 0", "COMMITTED 999")
    with db:
        db.execute("INSERT INTO worker (nik, name) VALUES ('6199999999999999', 'AFTER')")
    assert db.execute("SELECT COUNT(*) FROM worker").fetchone() == (5001,)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db.close()
