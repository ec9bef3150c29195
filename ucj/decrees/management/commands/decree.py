from pathlib import Path

from django.core.management.base import CommandError

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
            raise CommandError(f"keputusan {decree_id} tidak ada (lihat `ucj decree list`)")
        return found

    def _write(self, out: str, content: bytes) -> None:
        try:
            Path(out).write_bytes(content)
        except OSError as error:
            raise CommandError(f"tidak dapat menulis {out}: {error.strerror}") from None

    def _pdf(self, *, decree: int, out: str, **options):
        found = self._decree(decree)
        document = documents.pdf(province_reader(), found)
        self._write(out, document.content)
        services.record_download(user=None, decree=found, kind="pdf (cli)", rows=document.rows)
        self.stdout.write(f"{out}: keputusan {found}, {document.rows} penerima, "
                          f"{annex.thousands(len(document.content))} bita")

    def _export(self, *, decree: int, out: str, bpjs: bool = False, **options):
        found = self._decree(decree)
        suffix = Path(out).suffix.lower()
        if (suffix == ".csv" or bpjs) and found.is_draft:
            raise CommandError("keputusan ini masih konsep: berkas pendaftaran BPJS baru "
                               "ada setelah diterbitkan")
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
            raise CommandError(f"{out}: akhiri nama berkas dengan .csv (pendaftaran BPJS) atau "
                               ".xlsx (lampiran)")
        self._write(out, document.content)
        services.record_download(user=None, decree=found, kind=kind, rows=document.rows)
        self.stdout.write(f"{out}: {document.rows} penerima, SHA-256 lampiran "
                          f"{found.annex_sha256 or '(konsep)'}")

    def _list(self, **options):
        for d in Decree.objects.select_related("budget").order_by("pk"):
            self.stdout.write(f"{d.pk}\t{d.number or '-'}\t{d.status}\t{d.annex_count}\t"
                              f"{d.budget}\t{d.title}")

    def _hash(self, *, file: str, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"tidak dapat membaca {file}: {error.strerror}") from None
        try:
            digest, rows = annex.hash_of_bpjs_csv(data)
        except ValueError as error:
            raise CommandError(str(error)) from None
        matching = list(Decree.objects.filter(annex_sha256=digest).values_list("number",
                                                                               flat=True))
        self.stdout.write(f"{digest}\t{rows} baris\t"
                          + (f"sama dengan lampiran keputusan {', '.join(matching)}" if matching
                             else "tidak sama dengan lampiran keputusan mana pun"))
