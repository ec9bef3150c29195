import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.coverage.services import DEFAULT_SOURCE, CoverageError, import_counts


class Command(UcjCommand):
    help = ("Mengimpor rekap peserta aktif BPJS Ketenagakerjaan per kabupaten/kota, bulan dan "
            "kategori (CSV/XLSX). Satu baris salah: tidak ada yang disimpan.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default=DEFAULT_SOURCE,
                            help="sumber angka bila berkas tidak punya kolom SUMBER")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, file: Path, source: str, as_json: bool, **options):
        if not file.is_file():
            raise CommandError(_("file not found: %(file)s") % {"file": file})
        try:
            record = import_counts(data=file.read_bytes(), file_name=file.name, source=source)
        except CoverageError as error:
            if error.checked is not None:
                for row in error.checked.rows.filter(
                        error.checked.rows["verdict"] == "rejected").iter_rows(named=True):
                    self.stderr.write(_("row %(row)s: %(reasons)s: %(message)s")
                                      % {"row": row["row"], "reasons": ", ".join(row["reasons"]),
                                         "message": row["message"]})
            raise CommandError(str(error)) from None
        months = sorted({c.month.isoformat()[:7] for c in record.counts.all()})
        if as_json:
            self.stdout.write(json.dumps({"rows": record.rows, "accepted": record.accepted,
                                         "rejected": 0, "months": months,
                                         "import": record.pk}))
            return
        self.stdout.write(_("Import #%(id)s: %(rows)s rows saved (months %(months)s).")
                          % {"id": record.pk, "rows": record.rows, "months": ", ".join(months)})
