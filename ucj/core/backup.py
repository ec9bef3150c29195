"""Backups of the database and MEDIA_ROOT in one file, and restoring them (issue 9.7).

A backup is a .tar.gz holding
    manifest.json   format, time, database vendor, applied migrations, row counts per
                    table, and the SHA-256 of every other member
    db.sqlite3      SQLite: an online copy (sqlite3's backup API: consistent while the web
                    server and the worker keep writing)
    db.dump         PostgreSQL: `pg_dump --format=custom` (needs pg_dump of the server's
                    major version or newer)
    media/...       uploaded files, extract Parquet files, everything under MEDIA_ROOT

`restore` first refuses an unsafe archive (a member with an absolute path, `..`, a path
that would land outside MEDIA_ROOT, a link or device member, a database member other
than the one its kind writes), then checks every checksum, refuses a backup whose
migrations the code does not know (made by a newer version) and a target database that
already holds data (unless forced), then restores the database (sqlite3 backup API /
pg_restore in one transaction) and the files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import dj_database_url
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "ucj-backup/1"
DATABASE_MEMBER = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}


class BackupError(ValueError):
    """The message says what is wrong and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    tables: int
    rows: int
    media_files: int
    size: int
    seconds: float


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_args(config: dict) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", config["NAME"]]
    if config.get("HOST"):
        args += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return args, env


def _pg_tool(name: str, server_major: int | None) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(_("%(program)s not found; install the PostgreSQL client (package "
                            "postgresql-client) of the same version as the server.")
                          % {"program": name})
    if server_major is not None:
        version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
        try:
            major = int(version.split()[-1].split(".")[0])
        except (IndexError, ValueError):
            major = 0
        if major and major < server_major:
            raise BackupError(_("%(program)s version %(major)s is older than the PostgreSQL "
                                "server %(server)s; install %(program)s version %(server)s or "
                                "newer.")
                              % {"program": name, "major": major, "server": server_major})
    return found


def _table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def backup(out: Path, *, media_root: Path | None = None) -> BackupResult:
    """Write a backup of the configured database and MEDIA_ROOT to `out`."""
    started = time.monotonic()
    out = Path(out)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if out.exists() and out.is_dir():
        raise BackupError(_("%(out)s is a folder; give a file name, for example cadangan.tar.gz.")
                          % {"out": out})
    out.parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    vendor = connection.vendor
    applied = sorted(f"{app}.{name}" for app, name in
                     MigrationRecorder(connection).applied_migrations())
    counts = _table_counts()
    with tempfile.TemporaryDirectory(prefix="ucj-backup-") as work:
        work_dir = Path(work)
        if vendor == "sqlite":
            db_name = "db.sqlite3"
            target = sqlite3.connect(work_dir / db_name)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        elif vendor == "postgresql":
            db_name = "db.dump"
            major = connection.pg_version // 10000
            args, env = _pg_args(connection.settings_dict)
            done = subprocess.run([_pg_tool("pg_dump", major), "--format=custom", "--no-owner",
                                   "--no-acl", "--file", str(work_dir / db_name), *args],
                                  capture_output=True, text=True, env=env)
            if done.returncode:
                raise BackupError(_("pg_dump failed: %(error)s") % {"error": done.stderr.strip()[:400]})
        else:
            raise BackupError(_("Database %(vendor)s is not supported for backups.") % {"vendor": vendor})
        files = {db_name: _sha256(work_dir / db_name)}
        media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        for path in media:
            files["media/" + path.relative_to(media_root).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT, "created_at": timezone.now().isoformat(), "vendor": vendor,
            "database": db_name, "migrations": applied, "tables": counts, "files": files,
        }
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(body), int(time.time())
            archive.addfile(info, io.BytesIO(body))
            archive.add(work_dir / db_name, arcname=db_name)
            for path in media:
                archive.add(path, arcname="media/" + path.relative_to(media_root).as_posix())
        os.replace(partial, out)
    return BackupResult(path=out, vendor=vendor, tables=len(counts), rows=sum(counts.values()),
                        media_files=len(media), size=out.stat().st_size,
                        seconds=time.monotonic() - started)


@dataclass(frozen=True)
class RestoreResult:
    vendor: str
    tables: int
    rows: int
    media_files: int
    pending_migrations: int
    seconds: float


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, AttributeError, json.JSONDecodeError):
        raise BackupError(_("This file is not a UCJ backup (manifest.json is missing).")) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Backup format %(format)r is not known (known: %(known)s).")
                          % {"format": manifest.get("format"), "known": FORMAT})
    return manifest


def _unsafe(name: object, why: str) -> BackupError:
    return BackupError(_("Backup not safe: member %(name)r %(why)s. Nothing was restored; use "
                         "a backup made by `ucj backup`.") % {"name": name, "why": why})


def _check_name(name: object) -> None:
    """A member name must be relative, in plain form (no `..`, `.`, empty parts or
    backslashes), so that it stays where it is put."""
    if not isinstance(name, str) or not name:
        raise _unsafe(name, _("has no name"))
    if name.startswith(("/", "\\")) or PurePosixPath(name).is_absolute() or (
            len(name) > 1 and name[1] == ":"):
        raise _unsafe(name, _("uses an absolute path"))
    parts = name.split("/")
    if ".." in parts:
        raise _unsafe(name, _("uses '..' (leaves its folder)"))
    if "" in parts or "." in parts or "\\" in name or "\0" in name:
        raise _unsafe(name, _("uses an unusual path"))


def _media_target(name: str, media_root: Path) -> Path:
    """Where a `media/...` member goes, refused when that place (after following the
    symlinks already under the media root) is outside the media root."""
    target = media_root / name.removeprefix("media/")
    root, lands = Path(os.path.realpath(media_root)), Path(os.path.realpath(target))
    if lands == root or not lands.is_relative_to(root):
        raise _unsafe(name, _("would be written outside the media folder (%(folder)s)")
                      % {"folder": media_root})
    return target


def _check_archive(archive: tarfile.TarFile, manifest: dict, vendor: str,
                   media_root: Path) -> dict[str, Path]:
    """Refuse an archive that could write anywhere but the target database and the media
    root, before anything is extracted or written. Returns member -> media target."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise BackupError(_("This file is not a UCJ backup (manifest.json is not whole)."))
    database = manifest.get("database")
    expected = DATABASE_MEMBER[vendor]
    if database != expected:
        _check_name(database)
        raise _unsafe(database, _("is not the backup's database file (%(expected)s)")
                      % {"expected": expected})
    if database not in files:
        raise BackupError(_("Backup incomplete: %(file)s is missing. Use another backup.")
                          % {"file": database})
    seen: set[str] = set()
    for member in archive.getmembers():
        _check_name(member.name)
        if member.issym() or member.islnk():
            raise _unsafe(member.name, _("is a link (to %(target)r)") % {"target": member.linkname})
        if not member.isreg():
            raise _unsafe(member.name, _("is not a regular file (device, FIFO or folder)"))
        if member.name in seen:
            raise _unsafe(member.name, _("appears twice"))
        seen.add(member.name)
    targets = {}
    for name in files:
        _check_name(name)
        if name.startswith("media/"):
            targets[name] = _media_target(name, media_root)
        elif name != database:
            raise _unsafe(name, _("is not the database and not under media/"))
    return targets


def _database_has_data(config: dict) -> bool:
    if config["ENGINE"].endswith("sqlite3"):
        path = Path(config["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return False
        with sqlite3.connect(path) as db:
            tables = [r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
            return any(db.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables)
    import psycopg

    params = {"dbname": config["NAME"], "host": config.get("HOST") or None,
              "port": config.get("PORT") or None, "user": config.get("USER") or None,
              "password": config.get("PASSWORD") or None}
    with psycopg.connect(**{k: v for k, v in params.items() if v}) as db:
        found = db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        return bool(found and found[0])


def restore(source: Path, *, database_url: str | None = None, media_root: Path | None = None,
            force: bool = False) -> RestoreResult:
    """Restore `source` into the configured database (or `database_url`) and MEDIA_ROOT."""
    started = time.monotonic()
    source = Path(source)
    if not source.is_file():
        raise BackupError(_("Backup file does not exist: %(file)s") % {"file": source})
    media_root = Path(media_root or settings.MEDIA_ROOT)
    config = dj_database_url.parse(database_url) if database_url else dict(connection.settings_dict)
    vendor = "sqlite" if config["ENGINE"].endswith("sqlite3") else "postgresql"
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(_("%(file)s is not a whole backup file (.tar.gz).")
                          % {"file": source}) from None
    with archive, tempfile.TemporaryDirectory(prefix="ucj-restore-") as work:
        try:
            manifest = _read_manifest(archive)
        except (tarfile.TarError, OSError, EOFError, zlib.error):
            raise BackupError(_("%(file)s is not a whole backup file (.tar.gz).")
                              % {"file": source}) from None
        if manifest["vendor"] != vendor:
            raise BackupError(_("This backup is from %(source)s, the target database is "
                                "%(target)s; restore it to a %(source)s database.")
                              % {"source": manifest["vendor"], "target": vendor})
        known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True)
                 .disk_migrations}
        unknown = sorted(set(manifest["migrations"]) - known)
        if unknown:
            raise BackupError(
                _("This backup was made by a newer version of UCJ (%(count)s migrations this "
                  "code does not know, e.g. %(first)s). Update the UCJ code first, then restore "
                  "again.") % {"count": len(unknown), "first": unknown[0]})
        media_targets = _check_archive(archive, manifest, vendor, media_root)
        work_dir = Path(work)
        members = {m.name: m for m in archive.getmembers()}
        for name, digest in manifest["files"].items():
            member = members.get(name)
            if member is None:
                raise BackupError(_("Backup incomplete: %(file)s is missing. Use another backup.")
                                  % {"file": name})
            try:
                archive.extract(member, work_dir, filter="data")
            except (tarfile.TarError, OSError, EOFError, zlib.error):
                raise BackupError(_("%(file)s cannot be read from the backup: the file is "
                                    "damaged or cut short. Use another backup; nothing was "
                                    "changed.") % {"file": name}) from None
            if _sha256(work_dir / name) != digest:
                raise BackupError(_("Checksum of %(file)s does not match: the backup is "
                                    "damaged. Use another backup; nothing was changed.")
                                  % {"file": name})
        if not force and _database_has_data(config):
            raise BackupError(_("The target database already holds data. Restore to an "
                                "empty (new) database, or add --force to overwrite it."))
        db_file = work_dir / manifest["database"]
        if vendor == "sqlite":
            target_path = Path(config["NAME"])
            target_path.parent.mkdir(parents=True, exist_ok=True)
            if database_url is None:
                connection.close()
            source_db = sqlite3.connect(db_file)
            target = sqlite3.connect(target_path)
            try:
                source_db.backup(target)
            finally:
                source_db.close()
                target.close()
        else:
            args, env = _pg_args(config)
            command = [_pg_tool("pg_restore", None), "--no-owner", "--no-acl",
                       "--single-transaction", "--exit-on-error"]
            if force:
                command += ["--clean", "--if-exists"]
            done = subprocess.run([*command, *args, str(db_file)], capture_output=True,
                                  text=True, env=env)
            if done.returncode:
                raise BackupError(_("pg_restore failed: %(error)s") % {"error": done.stderr.strip()[:400]})
        media_files = 0
        for name, target_file in media_targets.items():
            target_file.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work_dir / name, target_file)
            media_files += 1
    pending = len(known - set(manifest["migrations"]))
    return RestoreResult(vendor=vendor, tables=len(manifest["tables"]),
                         rows=sum(manifest["tables"].values()), media_files=media_files,
                         pending_migrations=pending, seconds=time.monotonic() - started)
