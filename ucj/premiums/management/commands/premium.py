import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.core.formatting import rupiah, thousands
from ucj.core.messages import explain
from ucj.premiums import pricing, selectors


class Command(UcjCommand):
    help = ("Hitung iuran: per pekerja per bulan, bulan yang dihitung, dan total beserta "
            "rinciannya (JKK, JKM, JHT, potongan), dari aturan iuran yang berlaku tiap bulan.")

    def add_arguments(self, parser):
        parser.add_argument("--program", choices=["bpu", "pu"], default="bpu")
        parser.add_argument("--income", type=int, default=1_000_000,
                            help="penghasilan (BPU) atau upah (PU) sebulan, Rp")
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--from", dest="start", help="bulan awal, YYYY-MM (wajib)")
        parser.add_argument("--months", type=int, default=12)
        parser.add_argument("--jht", action="store_true", help="ikut JHT (BPU: pilihan)")
        parser.add_argument("--risk-class", type=int, choices=range(1, 6),
                            help="kelas risiko 1-5 (PU)")
        parser.add_argument("--sector", default="",
                            help="sektor, untuk potongan per sektor: salah satu sektor yang "
                                 "disebut aturan potongan (lihat --sectors)")
        parser.add_argument("--sectors", action="store_true",
                            help="cetak sektor yang dikenal aturan potongan, lalu selesai")
        parser.add_argument("--with-unconfirmed", action="store_true",
                            help="ikut hitung aturan yang belum dikonfirmasi")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, program, income, workers, start, months, jht, risk_class, sector,
               with_unconfirmed, as_json, sectors=False, **options):
        if sectors:
            known = selectors.known_sectors()
            self.stdout.write(json.dumps(known) if as_json else "\n".join(known))
            return
        if not start:
            raise CommandError(_("--from is required: the first month, YYYY-MM"))
        try:
            quote = selectors.quote(pricing.Request(
                program=program, income=income, workers=workers,
                start=pricing.parse_month(start), months=months, include_jht=jht,
                risk_class=risk_class, sector=sector, include_unconfirmed=with_unconfirmed))
        except pricing.PricingError as error:
            raise CommandError(explain(error)) from None
        result = selectors.quote_dict(quote)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(_("Programme %(program)s, income %(income)s, %(workers)s workers, "
                            "%(months)s months from %(start)s")
                          % {"program": program.upper(), "income": rupiah(income),
                             "workers": thousands(workers), "months": months, "start": start})
        for month in result["months"]:
            parts = ", ".join(f"{c.upper()} {thousands(v)}"
                              for c, v in month["components"].items())
            cut = (_(", discount −%(amount)s") % {"amount": thousands(month["discount"])}
                   if month["discount"] else "")
            self.stdout.write(f"  {month['month']}: "
                              + _("%(amount)s per worker (%(parts)s%(cut)s)")
                              % {"amount": rupiah(month["per_worker"]), "parts": parts,
                                 "cut": cut})
        for component, total in result["totals"].items():
            self.stdout.write(f"  {component.upper():<8} {rupiah(total)}")
        self.stdout.write(_("Total %(amount)s") % {"amount": rupiah(result["total"])})
        for rule in result["unconfirmed_ignored"]:
            self.stdout.write(_("Note: unconfirmed rule NOT counted: %(rule)s (use "
                                "--with-unconfirmed to count it)") % {"rule": rule})
        for rule in result["unconfirmed_used"]:
            self.stdout.write(_("Note: unconfirmed rule counted TOO: %(rule)s") % {"rule": rule})
        for note in result["notes"]:
            self.stdout.write(_("Note: %(note)s") % {"note": note})

