from django.conf import settings
from django.core.management.base import CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from ucj.accounts.selectors import province_reader
from ucj.core.commands import UcjCommand
from ucj.coverage import report


class Command(UcjCommand):
    help = ("Laporan bulanan cakupan sebagai PDF (bahasa Indonesia): untuk provinsi atau satu "
            "kabupaten/kota, dengan angka dan sumbernya.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["coverage"], help="jenis laporan")
        parser.add_argument("--region", default=settings.UCJ_PROVINCE_CODE,
                            help="61 (provinsi, bawaan) atau 61.01")
        parser.add_argument("--month", help="TTTT-BB, mis. 2026-06 (bawaan: bulan terakhir)")
        parser.add_argument("--out", required=True, help="berkas PDF yang ditulis")

    def handle(self, *args, kind: str, region: str, month: str | None, out: str, **options):
        try:
            chosen = report.parse_month(month) if month else None
            built = report.build(province_reader(), region, chosen)
        except ValueError as error:
            raise CommandError(str(error)) from None
        except Http404:
            raise CommandError(_("unknown region: %(code)s") % {"code": region}) from None
        except report.ReportError as error:
            raise CommandError(str(error)) from None
        try:
            with open(out, "wb") as file:
                file.write(built.pdf)
        except OSError as error:
            raise CommandError(_("cannot write %(file)s: %(error)s")
                               % {"file": out, "error": error.strerror}) from None
        self.stdout.write(_("%(file)s: %(region)s, %(month)s, %(size)s bytes")
                          % {"file": out, "region": built.region.name,
                             "month": f"{built.month:%Y-%m}", "size": report.number(len(built.pdf))})
