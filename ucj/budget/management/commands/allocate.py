import json

from django.core.management.base import CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from ucj.accounts.selectors import province_reader
from ucj.budget import allocation, selectors
from ucj.budget.models import PolicyChoice
from ucj.core.commands import UcjCommand
from ucj.core.formatting import rupiah, thousands
from ucj.core.messages import explain
from ucj.premiums.pricing import PricingError


class Command(UcjCommand):
    help = ("Bagi anggaran ke kabupaten/kota (dan ekosistem) menurut kebijakan yang dipilih, "
            "hanya untuk pekerja yang menurut rekonsiliasi belum aktif.")

    def add_arguments(self, parser):
        parser.add_argument("--budget", type=int, required=True, help="ID anggaran")
        parser.add_argument("--policy", choices=PolicyChoice.values, default="lowest_first")
        parser.add_argument("--minimum", action="append", default=[], metavar="KODE=JUMLAH",
                            help="minimum per kabupaten, mis. 61.01=500 (boleh berulang)")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, budget, policy, minimum, as_json, **options):
        planner = province_reader()
        try:
            found = selectors.get_budget_for_user(planner, budget)
        except Http404:
            raise CommandError(_("budget %(budget)s does not exist") % {"budget": budget}) from None
        minimums = {}
        for item in minimum:
            code, _sep, count = item.partition("=")
            if not count.isdigit():
                raise CommandError(_("minimum '%(item)s' not understood: write it like 61.01=500")
                                   % {"item": item})
            minimums[code.strip()] = int(count)
        try:
            result = selectors.allocate(found, policy, minimums).as_dict()
        except (allocation.Infeasible, PricingError) as error:
            raise CommandError(explain(error)) from None
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(_("%(budget)s — %(amount)s; %(per_worker)s per worker; enough for "
                            "%(affordable)s workers")
                          % {"budget": found, "amount": rupiah(found.amount),
                             "per_worker": rupiah(result["per_worker"]),
                             "affordable": thousands(result["affordable"])})
        for row in result["regencies"]:
            before = "—" if row["coverage_before"] is None else f"{row['coverage_before']:.2%}"
            after = "—" if row["coverage_after"] is None else f"{row['coverage_after']:.2%}"
            funded = _("%(count)s workers") % {"count": f"{thousands(row['funded']):>9}"}
            self.stdout.write(f"  {row['regency']:<6} {row['name']:<26} {funded}  "
                              f"{rupiah(row['cost']):>17}  {before:>7} → {after:>7}")
        self.stdout.write(_("Total %(count)s workers, %(cost)s")
                          % {"count": thousands(result["funded"]), "cost": rupiah(result["cost"])})
