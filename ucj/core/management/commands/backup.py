"""`ucj backup --out FILE`: the database and MEDIA_ROOT in one .tar.gz (ucj.core.backup)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.backup import BackupError, backup
from ucj.core.commands import UcjCommand
from ucj.core.formatting import decimal, thousands


class Command(UcjCommand):
    help = ("Cadangkan basis data (SQLite: salinan daring; PostgreSQL: pg_dump) dan MEDIA_ROOT "
            "ke satu berkas .tar.gz berisi manifest dengan checksum.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="berkas .tar.gz tujuan")
        parser.add_argument("--media-root", type=Path, help="folder berkas (bawaan: MEDIA_ROOT)")
        parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")

    def handle(self, *args, **options) -> None:
        try:
            result = backup(options["out"], media_root=options.get("media_root"))
        except BackupError as error:
            raise CommandError(str(error)) from None
        figures = {"file": str(result.path), "vendor": result.vendor, "tables": result.tables,
                   "rows": result.rows, "media_files": result.media_files,
                   "bytes": result.size, "seconds": round(result.seconds, 2)}
        if options["json"]:
            self.stdout.write(json.dumps(figures))
        else:
            self.stdout.write(
                _("Backup %(file)s: %(vendor)s, %(tables)s tables, %(rows)s rows, %(media)s media "
                  "files, %(mb)s MB, %(seconds)s s")
                % {"file": result.path, "vendor": result.vendor, "tables": result.tables,
                   "rows": thousands(result.rows), "media": result.media_files,
                   "mb": decimal(result.size / 1e6, 1), "seconds": decimal(result.seconds, 1)})
