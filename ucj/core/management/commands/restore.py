"""`ucj restore FILE`: restore a backup made by `ucj backup` (ucj.core.backup)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.backup import BackupError, restore
from ucj.core.commands import UcjCommand
from ucj.core.formatting import decimal, thousands


class Command(UcjCommand):
    help = ("Pulihkan cadangan `ucj backup` ke basis data kosong dan MEDIA_ROOT; checksum dan "
            "versi migrasi diperiksa dulu.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="berkas cadangan .tar.gz")
        parser.add_argument("--database-url", help="basis data tujuan (bawaan: UCJ_DATABASE_URL)")
        parser.add_argument("--media-root", type=Path, help="folder berkas (bawaan: MEDIA_ROOT)")
        parser.add_argument("--force", action="store_true",
                            help="timpa basis data tujuan yang sudah berisi data")
        parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")

    def handle(self, *args, **options) -> None:
        try:
            result = restore(options["file"], database_url=options.get("database_url"),
                             media_root=options.get("media_root"), force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        figures = {"vendor": result.vendor, "tables": result.tables, "rows": result.rows,
                   "media_files": result.media_files,
                   "pending_migrations": result.pending_migrations,
                   "seconds": round(result.seconds, 2)}
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        self.stdout.write(_("Restored: %(tables)s tables, %(rows)s rows, %(media)s media files, "
                            "%(seconds)s s")
                          % {"tables": result.tables, "rows": thousands(result.rows),
                             "media": result.media_files, "seconds": decimal(result.seconds, 1)})
        if result.pending_migrations:
            self.stdout.write(_("This code has %(count)s migrations newer than the backup: run "
                                "`ucj migrate`.") % {"count": result.pending_migrations})
