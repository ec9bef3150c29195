from pathlib import Path

from django.core.management.base import CommandError

from ucj.core.commands import UcjCommand
from ucj.regions.services import DENOMINATOR_COLUMNS, DenominatorImportError, import_denominators


class Command(UcjCommand):
    help = ("Mengimpor denominator cakupan dari CSV dengan kolom: "
            + ", ".join(DENOMINATOR_COLUMNS) + ". Semua baris atau tidak sama sekali.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"berkas tidak ditemukan: {file}")
        try:
            result = import_denominators(data=file.read_bytes())
        except DenominatorImportError as failed:
            errors = failed.result.errors
            more = f" (dan {len(errors) - 1} kesalahan lain)" if len(errors) > 1 else ""
            raise CommandError(f"tidak ada yang disimpan: {errors[0]}{more}") from None
        self.stdout.write(f"{result.rows} baris: {result.created} baru, {result.updated} diperbarui.")
