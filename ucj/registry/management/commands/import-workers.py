import json
from pathlib import Path

from django.core.management.base import CommandError

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
            raise CommandError(f"berkas tidak ditemukan: {file}")
        with progress_bar("Impor pekerja", enabled=not as_json) as update:
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
                f"Berkas yang sama sudah diimpor sebagai kiriman #{submission.duplicate_of_id}; "
                f"tidak ada yang ditambahkan (kiriman #{submission.pk}).")
            return
        self.stdout.write(
            f"Kiriman #{submission.pk}: {thousands(submission.rows)} baris, {thousands(submission.accepted)} "
            f"diterima ({thousands(submission.warned)} dengan peringatan), {thousands(submission.rejected)} "
            f"ditolak; {thousands(submission.new_workers)} pekerja baru, "
            f"{thousands(submission.linked_workers)} sudah terdaftar.")
        for code, count in submission.reasons.items():
            self.stdout.write(f"  ditolak     {code:<24} {thousands(count):>9}")
        for code, count in submission.warnings.items():
            self.stdout.write(f"  peringatan  {code:<24} {thousands(count):>9}")



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
