import json

from django.core.management.base import CommandError
from django.http import Http404

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
            raise CommandError(f"anggaran {budget} tidak ada") from None
        minimums = {}
        for item in minimum:
            code, _, count = item.partition("=")
            if not count.isdigit():
                raise CommandError(f"minimum '{item}' tidak terbaca: tulis seperti 61.01=500")
            minimums[code.strip()] = int(count)
        try:
            result = selectors.allocate(found, policy, minimums).as_dict()
        except (allocation.Infeasible, PricingError) as error:
            raise CommandError(explain(error)) from None
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"{found} — {rupiah(found.amount)}; "
                          f"{rupiah(result['per_worker'])} per pekerja; "
                          f"cukup untuk {thousands(result['affordable'])} pekerja")
        for row in result["regencies"]:
            before = "—" if row["coverage_before"] is None else f"{row['coverage_before']:.2%}"
            after = "—" if row["coverage_after"] is None else f"{row['coverage_after']:.2%}"
            self.stdout.write(f"  {row['regency']:<6} {row['name']:<26} "
                              f"{thousands(row['funded']):>9} pekerja  "
                              f"{rupiah(row['cost']):>17}  {before:>7} → {after:>7}")
        self.stdout.write(f"Total {thousands(result['funded'])} pekerja, "
                          f"{rupiah(result['cost'])}")
