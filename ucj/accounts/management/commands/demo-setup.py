import os
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.accounts.services import create_demo_accounts
from ucj.budget.demo import create_demo_budgets
from ucj.core.commands import UcjCommand
from ucj.coverage.demo import create_demo_counts
from ucj.decrees.demo import create_demo_decree
from ucj.membership.demo import create_demo_reconciliation
from ucj.monitoring.demo import create_demo_monitoring
from ucj.regions.models import Region
from ucj.regions.services import load_published_denominators
from ucj.registry.models import Ecosystem
from ucj.registry.services import import_file

DEFAULT_DEMO_PASSWORD = "ucj-demo-2026"


class Command(UcjCommand):
    help = ("Menyiapkan demo: satu akun untuk setiap peran (dicetak loginnya) dan angka "
            "denominator terbitan BPS. Hanya untuk demo, jangan di server produksi.")

    def add_arguments(self, parser):
        parser.add_argument("--password", default=os.environ.get("UCJ_DEMO_PASSWORD",
                                                                  DEFAULT_DEMO_PASSWORD))

    def handle(self, *args, password: str, **options):
        if not Region.objects.filter(code="61.01").exists():
            raise CommandError(_("region data not loaded yet: run `ucj load-regions` first"))
        load_published_denominators()
        accounts = create_demo_accounts(password=password)
        self._import_demo_lists(settings.VAR_DIR / "demo")
        today = date.today()
        last_month = date(today.year, today.month, 1) - timedelta(days=1)
        counted = create_demo_counts(last_month=last_month.replace(day=1))
        self.stdout.write(_("Sample active participant counts: %(rows)s rows (36 months, 14 regions).")
                          % {"rows": counted})
        extract = create_demo_reconciliation(as_of=last_month)
        if extract is not None:
            self.stdout.write(_("Sample BPJS extract: %(members)s participants, reconciled.")
                              % {"members": extract.accepted})
        budgets = create_demo_budgets()
        if budgets is not None:
            self.stdout.write(_("Sample budgets: %(budgets)s budgets, %(scenarios)s allocation "
                                "scenarios.")
                              % {"budgets": budgets.budgets, "scenarios": budgets.scenarios})
        decree = create_demo_decree(today=today)
        if decree is not None:
            self.stdout.write(_("Sample decree: %(number)s, %(beneficiaries)s beneficiaries.")
                              % {"number": decree.number, "beneficiaries": decree.beneficiaries})
        monitoring = create_demo_monitoring(today=today)
        if monitoring is not None:
            self.stdout.write(_("Sample monitoring: %(visits)s visits, %(items)s follow-ups "
                                "(%(overdue)s overdue), %(events)s socialisation events.")
                              % {"visits": monitoring.visits, "items": monitoring.action_items,
                                 "overdue": monitoring.overdue,
                                 "events": monitoring.socialisation_events})
        self.stdout.write(_("Demo logins (password: %(password)s)") % {"password": password})
        for account in accounts:
            self.stdout.write(f"  {account.username:<10} {account.role:<10} {account.scope}")

    def _import_demo_lists(self, folder: Path) -> None:
        """Import the regency lists `ucj demo-data` wrote, one ecosystem per regency in
        turn, as the operators would. Files already imported are skipped by the intake."""
        ecosystems = list(Ecosystem.objects.values_list("code", flat=True))
        files = sorted(folder.glob("daftar-pekerja-*.xlsx"))
        added = 0
        for index, path in enumerate(files):
            regency = path.stem.removeprefix("daftar-pekerja-")
            summary = import_file(data=path.read_bytes(), file_name=path.name,
                                  regency_code=regency,
                                  ecosystem_code=ecosystems[index % len(ecosystems)])
            added += summary.submission.new_workers
        if files:
            self.stdout.write(_("Demo worker lists: %(files)s files, %(added)s new workers.")
                              % {"files": len(files), "added": added})
