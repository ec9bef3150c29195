from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.regions.services import DENOMINATOR_COLUMNS, DenominatorImportError, import_denominators


class Command(UcjCommand):
    help = ("Mengimpor denominator cakupan dari CSV dengan kolom: "
            + ", ".join(DENOMINATOR_COLUMNS) + ". Semua baris atau tidak sama sekali.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(_("file not found: %(file)s") % {"file": file})
        try:
            result = import_denominators(data=file.read_bytes())
        except DenominatorImportError as failed:
            errors = failed.result.errors
            more = (_(" (and %(count)s other errors)") % {"count": len(errors) - 1}
                    if len(errors) > 1 else "")
            raise CommandError(_("nothing was saved: %(error)s%(more)s")
                               % {"error": errors[0], "more": more}) from None
        self.stdout.write(_("%(rows)s rows: %(created)s new, %(updated)s updated.")
                          % {"rows": result.rows, "created": result.created,
                             "updated": result.updated})
