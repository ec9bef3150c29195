import json
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.core.formatting import thousands
from ucj.core.progress import progress_bar
from ucj.membership.services import MembershipError, import_extract


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("--as-of must be a date YYYY-MM-DD, not %(text)r") % {"text": text}) from None


class Command(UcjCommand):
    help = ("Mengimpor ekstrak peserta BPJS Ketenagakerjaan (CSV/XLSX) sebagai versi baru; "
            "setiap baris mendapat putusan.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--as-of", required=True, help="tanggal ekstrak, mis. 2026-06-30")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="cetak satu objek JSON")

    def handle(self, *args, file: Path, as_of: str, as_json: bool, **options):
        if not file.is_file():
            raise CommandError(_("file not found: %(file)s") % {"file": file})
        day = _as_of(as_of)
        with progress_bar(_("BPJS extract import"), enabled=not as_json) as update:
            try:
                extract = import_extract(data=file.read_bytes(), file_name=file.name, as_of=day,
                                         progress=lambda step, percent: update(percent, 100))
            except MembershipError as error:
                raise CommandError(str(error)) from None
        if as_json:
            self.stdout.write(json.dumps({
                "rows": extract.rows, "accepted": extract.accepted,
                "rejected": extract.rejected, "reasons": extract.reasons,
                "extract": extract.pk,
            }, ensure_ascii=False))
            return
        self.stdout.write(
            _("Extract #%(id)s as of %(day)s: %(rows)s rows, %(accepted)s accepted, %(rejected)s "
              "rejected.")
            % {"id": extract.pk, "day": f"{day:%d-%m-%Y}", "rows": thousands(extract.rows),
               "accepted": thousands(extract.accepted), "rejected": thousands(extract.rejected)})
        rejected = _("rejected")
        for code, count in extract.reasons.items():
            self.stdout.write(f"  {rejected:<7}  {code:<22} {thousands(count):>9}")

