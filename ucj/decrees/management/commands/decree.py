from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.accounts.selectors import province_reader
from ucj.core.commands import UcjCommand
from ucj.decrees import annex, documents, registration, services
from ucj.decrees.models import Decree


class Command(UcjCommand):
    help = ("SK penetapan: `pdf ID --out FILE.pdf` (keputusan dengan lampiran), "
            "`export ID --out FILE.csv|FILE.xlsx [--bpjs]` (berkas pendaftaran kolektif BPJS, "
            "CSV atau dengan --bpjs Excel, atau lampiran Excel), `list`, `hash FILE.csv` (menghitung ulang SHA-256 lampiran).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        pdf = sub.add_parser("pdf", help="keputusan sebagai PDF")
        pdf.add_argument("decree", type=int, help="ID keputusan")
        pdf.add_argument("--out", required=True, help="berkas PDF yang ditulis")
        export = sub.add_parser("export", help="berkas pendaftaran BPJS (.csv) atau lampiran "
                                               "(.xlsx)")
        export.add_argument("decree", type=int, help="ID keputusan")
        export.add_argument("--out", required=True, help="FILE.csv atau FILE.xlsx")
        export.add_argument("--bpjs", action="store_true",
                            help="FILE.xlsx: berkas pendaftaran BPJS sebagai Excel (NIK "
                                 "sebagai teks), bukan lampiran")
        sub.add_parser("list", help="daftar keputusan")
        check = sub.add_parser("hash", help="SHA-256 lampiran dari berkas CSV pendaftaran BPJS")
        check.add_argument("file")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _decree(self, decree_id: int) -> Decree:
        found = Decree.objects.select_related("budget", "amends").filter(pk=decree_id).first()
        if found is None:
            raise CommandError(_("decree %(id)s does not exist (see `ucj decree list`)")
                               % {"id": decree_id})
        return found

    def _write(self, out: str, content: bytes) -> None:
        try:
            Path(out).write_bytes(content)
        except OSError as error:
            raise CommandError(_("cannot write %(file)s: %(error)s")
                               % {"file": out, "error": error.strerror}) from None

    def _pdf(self, *, decree: int, out: str, **options):
        found = self._decree(decree)
        document = documents.pdf(province_reader(), found)
        self._write(out, document.content)
        services.record_download(user=None, decree=found, kind="pdf (cli)", rows=document.rows)
        self.stdout.write(_("%(file)s: decree %(decree)s, %(rows)s beneficiaries, %(size)s bytes")
                          % {"file": out, "decree": found, "rows": document.rows,
                             "size": annex.thousands(len(document.content))})

    def _export(self, *, decree: int, out: str, bpjs: bool = False, **options):
        found = self._decree(decree)
        suffix = Path(out).suffix.lower()
        if (suffix == ".csv" or bpjs) and found.is_draft:
            raise CommandError(_("this decree is still a draft: the BPJS registration file "
                                 "exists only once it is issued"))
        if suffix == ".csv":
            document = documents.registration_csv(province_reader(), found)
            kind = "bpjs_csv (cli)"
        elif suffix == ".xlsx" and bpjs:
            document = registration.registration_xlsx(province_reader(), found)
            kind = "bpjs_xlsx (cli)"
        elif suffix == ".xlsx":
            document = documents.workbook(province_reader(), found)
            kind = "xlsx (cli)"
        else:
            raise CommandError(_("%(file)s: end the file name in .csv (BPJS registration) or "
                                 ".xlsx (annex)") % {"file": out})
        self._write(out, document.content)
        services.record_download(user=None, decree=found, kind=kind, rows=document.rows)
        self.stdout.write(_("%(file)s: %(rows)s beneficiaries, annex SHA-256 %(sha)s")
                          % {"file": out, "rows": document.rows,
                             "sha": found.annex_sha256 or _("(draft)")})

    def _list(self, **options):
        for d in Decree.objects.select_related("budget").order_by("pk"):
            self.stdout.write(f"{d.pk}\t{d.number or '-'}\t{d.status}\t{d.annex_count}\t"
                              f"{d.budget}\t{d.title}")

    def _hash(self, *, file: str, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(_("cannot read %(file)s: %(error)s")
                               % {"file": file, "error": error.strerror}) from None
        try:
            digest, rows = annex.hash_of_bpjs_csv(data)
        except ValueError as error:
            raise CommandError(str(error)) from None
        matching = list(Decree.objects.filter(annex_sha256=digest).values_list("number",
                                                                               flat=True))
        same = (_("same as the annex of decree %(numbers)s") % {"numbers": ", ".join(matching)}
                if matching else _("not the same as the annex of any decree"))
        self.stdout.write(f"{digest}\t" + _("%(rows)s rows") % {"rows": rows} + f"\t{same}")
