import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.core.formatting import thousands
from ucj.core.progress import progress_bar
from ucj.registry.services import IntakeError, import_file

STEP_LABELS = {"reading": "membaca dan memeriksa", "storing": "menyimpan", "done": "selesai"}


class Command(UcjCommand):
    help = ("Mengimpor daftar pekerja (XLSX/CSV) sebuah kabupaten/kota untuk satu ekosistem; "
            "setiap baris mendapat putusan. Semua atau tidak sama sekali.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--regency", required=True, help="kode Kemendagri, mis. 61.01")
        parser.add_argument("--segment", required=True, help="kode ekosistem, mis. perangkat_desa")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="cetak satu objek JSON")

    def handle(self, *args, file: Path, regency: str, segment: str, as_json: bool, **options):
        if not file.is_file():
            raise CommandError(_("file not found: %(file)s") % {"file": file})
        with progress_bar(_("Worker import"), enabled=not as_json) as update:
            try:
                summary = import_file(
                    data=file.read_bytes(), file_name=file.name, regency_code=regency,
                    ecosystem_code=segment,
                    progress=lambda step, percent: update(percent, 100),
                )
            except IntakeError as error:
                raise CommandError(str(error)) from None
        submission = summary.submission
        if as_json:
            self.stdout.write(_json_line(submission, duplicate=summary.duplicate))
            return
        if summary.duplicate:
            self.stdout.write(
                _("The same file was already imported as submission #%(original)s; nothing was "
                  "added (submission #%(id)s).")
                % {"original": submission.duplicate_of_id, "id": submission.pk})
            return
        self.stdout.write(
            _("Submission #%(id)s: %(rows)s rows, %(accepted)s accepted (%(warned)s with "
              "warnings), %(rejected)s rejected; %(new)s new workers, %(linked)s already "
              "registered.")
            % {"id": submission.pk, "rows": thousands(submission.rows),
               "accepted": thousands(submission.accepted), "warned": thousands(submission.warned),
               "rejected": thousands(submission.rejected),
               "new": thousands(submission.new_workers),
               "linked": thousands(submission.linked_workers)})
        rejected, warning = _("rejected"), _("warning")
        for code, count in submission.reasons.items():
            self.stdout.write(f"  {rejected:<10}  {code:<24} {thousands(count):>9}")
        for code, count in submission.warnings.items():
            self.stdout.write(f"  {warning:<10}  {code:<24} {thousands(count):>9}")



def _json_line(submission, *, duplicate: bool) -> str:
    return json.dumps({
        "rows": submission.rows,
        "accepted": submission.accepted,
        "rejected": submission.rejected,
        "reasons": submission.reasons,
        "warnings": submission.warnings,
        "submission": submission.pk,
        "duplicate_of": submission.duplicate_of_id if duplicate else None,
    }, ensure_ascii=False)
