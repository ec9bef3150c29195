"""Backups (issue 9.7): `ucj backup` then `ucj restore` into a fresh database gives the
same rows in every table and the same media files; a damaged backup, one from a newer
version, or a target that already holds data is refused and changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.faults.conftest import worker_list_csv
from ucj.core.backup import BackupError, restore
from ucj.registry.models import Worker
from ucj.registry.services import import_file

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def table_digests(rows_of) -> dict[str, tuple[int, str]]:
    """table -> (rows, SHA-256 of its sorted rows), through a DB-API connection."""
    found = {}
    for table in rows_of("tables"):
        rows = sorted(repr(tuple(str(v) for v in row)) for row in rows_of(table))
        found[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return found


def sqlite_reader(path):
    db = sqlite3.connect(path)

    def rows_of(table):
        if table == "tables":
            return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return db.execute(f'SELECT * FROM "{table}"').fetchall()

    return rows_of


def pg_reader(dbname):
    import psycopg

    config = connection.settings_dict
    db = psycopg.connect(dbname=dbname, host=config["HOST"] or "127.0.0.1",
                         port=config["PORT"] or 5432, user=config["USER"],
                         password=config["PASSWORD"] or None, autocommit=True)

    def rows_of(table):
        if table == "tables":
            return [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE "
                                             "schemaname='public' ORDER BY tablename")]
        return db.execute(f'SELECT * FROM "{table}"').fetchall()

    return rows_of, db


def media_digests(root) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def stored(kalbar, sambas_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    summary = import_file(data=worker_list_csv(300), file_name="pekerja.csv",
                          regency_code="61.01", ecosystem_code="rentan", user=sambas_user)
    assert summary.submission.status == "done" and Worker.objects.count() == 300
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_database(tmp_path):
    """A URL of an empty database of the suite's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'pulih.sqlite3'}", tmp_path / "pulih.sqlite3"
        return
    import psycopg

    config = connection.settings_dict
    name = f"ucj_restore_{os.getpid()}"
    admin = psycopg.connect(dbname="postgres", host=config["HOST"] or "127.0.0.1",
                            port=config["PORT"] or 5432, user=config["USER"],
                            password=config["PASSWORD"] or None, autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    url = (f"postgres://{config['USER']}@{config['HOST'] or '127.0.0.1'}:"
           f"{config['PORT'] or 5432}/{name}")
    yield url, name
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_backup_then_restore_gives_the_same_data(stored, fresh_database, tmp_path, capsys):
    out = tmp_path / "cadangan.tar.gz"
    call_command("backup", out=out, json=True)
    figures = json.loads(capsys.readouterr().out)
    assert figures["media_files"] == 1 and figures["rows"] > 300
    with tarfile.open(out) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    assert manifest["tables"]["registry_worker"] == 300
    assert "core.0002_worker_process" in manifest["migrations"]

    url, target = fresh_database
    call_command("restore", str(out), database_url=url, media_root=str(tmp_path / "pulih"),
                 json=True)
    assert json.loads(capsys.readouterr().out)["media_files"] == 1
    if connection.vendor == "sqlite":
        before = table_digests(sqlite_reader(connection.settings_dict["NAME"]))
        after = table_digests(sqlite_reader(target))
    else:
        before_rows, db1 = pg_reader(connection.settings_dict["NAME"])
        after_rows, db2 = pg_reader(target)
        before, after = table_digests(before_rows), table_digests(after_rows)
        db1.close()
        db2.close()
    assert before == after
    assert before["registry_worker"][0] == 300
    assert media_digests(stored) == media_digests(tmp_path / "pulih")

    # A second restore into the now full database is refused unless forced.
    with pytest.raises(CommandError, match="sudah berisi data"):
        call_command("restore", str(out), database_url=url, media_root=str(tmp_path / "p2"))


def rewrite(source, target, change) -> None:
    """Copy a backup, passing (name, bytes) of each member through `change`."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            body = change(member.name, old.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(body)
            new.addfile(info, io.BytesIO(body))


def test_damaged_newer_or_foreign_backups_are_refused(stored, fresh_database, tmp_path):
    out = tmp_path / "cadangan.tar.gz"
    call_command("backup", out=out)
    url, _ = fresh_database
    pulih = tmp_path / "pulih"

    tampered = tmp_path / "rusak.tar.gz"
    rewrite(out, tampered, lambda name, body: body + b"x" if name.startswith("media/") else body)
    with pytest.raises(BackupError, match="Checksum"):
        restore(tampered, database_url=url, media_root=pulih)

    def newer(name, body):
        if name != "manifest.json":
            return body
        manifest = json.loads(body)
        manifest["migrations"].append("registry.9999_from_the_future")
        return json.dumps(manifest).encode()

    future = tmp_path / "baru.tar.gz"
    rewrite(out, future, newer)
    with pytest.raises(BackupError, match="lebih baru"):
        restore(future, database_url=url, media_root=pulih)

    truncated = tmp_path / "potong.tar.gz"
    truncated.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    with pytest.raises(BackupError):
        restore(truncated, database_url=url, media_root=pulih)
    with pytest.raises(BackupError, match="bukan berkas cadangan"):
        restore(stored / next(iter(media_digests(stored))), database_url=url, media_root=pulih)
    assert not pulih.exists()  # nothing was written by a refused restore


def test_ucj_restore_of_a_missing_file_is_one_line_and_status_2(tmp_path):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    ucj = shutil.which("ucj", path=str(Path(sys.executable).parent))
    result = subprocess.run([ucj, "restore", str(tmp_path / "tidak-ada.tar.gz")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"ucj restore: error: Berkas cadangan tidak ada: {tmp_path / 'tidak-ada.tar.gz'}"]


def craft(source, target, *, extra=(), drop=(), manifest_change=None) -> None:
    """Copy a real backup to `target`, leaving out the members named in `drop` and adding
    `extra` (TarInfo, bytes) members, with a manifest whose SHA-256 entries match every
    regular member (so a refusal is not the checksum check)."""
    with tarfile.open(source) as old:
        members = [(m, old.extractfile(m).read()) for m in old.getmembers()
                   if m.name not in drop]
    manifest = json.loads(next(body for m, body in members if m.name == "manifest.json"))
    members = [(m, body) for m, body in members if m.name != "manifest.json"] + list(extra)
    manifest["files"] = {m.name: hashlib.sha256(body).hexdigest()
                         for m, body in members if m.isreg()}
    if manifest_change:
        manifest_change(manifest)
    with tarfile.open(target, "w:gz") as new:
        body = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        new.addfile(info, io.BytesIO(body))
        for member, body in members:
            info = tarfile.TarInfo(member.name)
            info.type, info.linkname = member.type, member.linkname
            info.devmajor, info.devminor = member.devmajor, member.devminor
            info.size = len(body) if member.isreg() else 0
            new.addfile(info, io.BytesIO(body) if member.isreg() else None)


def regular(name: str, body: bytes = b"ditimpa oleh cadangan jahat\n") -> tuple:
    info = tarfile.TarInfo(name)
    info.size = len(body)
    return info, body


def special(name: str, kind: bytes, linkname: str = "") -> tuple:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    if kind == tarfile.CHRTYPE:
        info.devmajor, info.devminor = 1, 3  # /dev/null
    return info, b""


def target_tables(url: str, target) -> int:
    """How many tables the restore target holds (0: nothing was restored)."""
    if connection.vendor == "sqlite":
        if not target.exists():
            return 0
        with sqlite3.connect(target) as db:
            return db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    rows_of, db = pg_reader(target)
    try:
        return len(rows_of("tables"))
    finally:
        db.close()


def tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else b"")
            for p in sorted(root.rglob("*"))} if root.exists() else {}


def test_a_backup_that_would_write_outside_its_place_is_refused_before_anything_is_written(
        stored, fresh_database, tmp_path):
    """Members with absolute paths, `..`, a path that becomes absolute under the media
    root, links, device files, a member under a media-root symlink that leads outside,
    and a database member named outside the archive: each refused, with a one-line
    message naming the member, before the database or any file is written."""
    out = tmp_path / "cadangan.tar.gz"
    call_command("backup", out=out)
    url, target = fresh_database
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "penting.txt").write_bytes(b"jangan ditimpa\n")
    with tarfile.open(out) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        db_name = manifest["database"]
        (outside / db_name).write_bytes(archive.extractfile(db_name).read())
    pulih = tmp_path / "pulih"
    escaping_link = tmp_path / "pulih-tautan"
    escaping_link.mkdir()
    (escaping_link / "uploads").symlink_to(outside, target_is_directory=True)

    cases = {
        "dot-dot": ({"extra": [regular("media/../../luar/penting.txt")]},
                    "media/../../luar/penting.txt", pulih),
        "absolute": ({"extra": [regular(str(outside / "penting.txt"))]},
                     str(outside / "penting.txt"), pulih),
        "absolute under media": ({"extra": [regular(f"media/{outside}/penting.txt")]},
                                 f"media/{outside}/penting.txt", pulih),
        "symlink": ({"extra": [special("media/tautan", tarfile.SYMTYPE, str(outside)),
                               regular("media/tautan/penting.txt")]},
                    "media/tautan", pulih),
        "hardlink": ({"extra": [special("media/keras", tarfile.LNKTYPE,
                                        str(outside / "penting.txt"))]},
                     "media/keras", pulih),
        "device": ({"extra": [special("media/perangkat", tarfile.CHRTYPE)]},
                   "media/perangkat", pulih),
        "media root symlink": ({"extra": [regular("media/uploads/penting.txt")]},
                               "media/uploads/penting.txt", escaping_link),
        "database outside": ({"drop": [db_name], "manifest_change": lambda m: m.update(
            database=str(outside / db_name))}, str(outside / db_name), pulih),
        "database dot-dot": ({"drop": [db_name], "manifest_change": lambda m: m.update(
            database=f"../../{outside.name}/{db_name}")}, f"../../{outside.name}/{db_name}",
            pulih),
    }
    outside_before, link_root_before = tree(outside), tree(escaping_link)
    for case, (change, member, media_root) in cases.items():
        crafted = tmp_path / f"jahat-{case.replace(' ', '-')}.tar.gz"
        craft(out, crafted, **change)
        with pytest.raises(BackupError) as refused:
            restore(crafted, database_url=url, media_root=media_root, force=True)
        message = str(refused.value)
        assert "tidak aman" in message and member in message and "\n" not in message, (
            case, message)
        assert tree(outside) == outside_before, case
        assert not pulih.exists(), case
        assert tree(escaping_link) == link_root_before, case
        assert target_tables(url, target) == 0, case  # the database is unchanged

    # The command says it in one line.
    with pytest.raises(CommandError, match="tidak aman"):
        call_command("restore", str(tmp_path / "jahat-dot-dot.tar.gz"), database_url=url,
                     media_root=str(pulih))
    # The untouched backup still restores.
    restore(out, database_url=url, media_root=pulih)
    assert target_tables(url, target) > 0 and media_digests(pulih) == media_digests(stored)
