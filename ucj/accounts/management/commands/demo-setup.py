import os
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

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
            raise CommandError("data wilayah belum dimuat: jalankan `ucj load-regions` dahulu")
        load_published_denominators()
        accounts = create_demo_accounts(password=password)
        self._import_demo_lists(settings.VAR_DIR / "demo")
        today = date.today()
        last_month = date(today.year, today.month, 1) - timedelta(days=1)
        counted = create_demo_counts(last_month=last_month.replace(day=1))
        self.stdout.write(f"Angka peserta aktif contoh: {counted} baris (36 bulan, 14 wilayah).")
        extract = create_demo_reconciliation(as_of=last_month)
        if extract is not None:
            self.stdout.write(f"Ekstrak BPJS contoh: {extract.accepted} peserta, direkonsiliasi.")
        budgets = create_demo_budgets()
        if budgets is not None:
            self.stdout.write(f"Anggaran contoh: {budgets.budgets} anggaran, "
                              f"{budgets.scenarios} skenario pembagian.")
        decree = create_demo_decree(today=today)
        if decree is not None:
            self.stdout.write(f"SK penetapan contoh: {decree.number}, "
                              f"{decree.beneficiaries} penerima.")
        monitoring = create_demo_monitoring(today=today)
        if monitoring is not None:
            self.stdout.write(f"Pemantauan contoh: {monitoring.visits} kunjungan, "
                              f"{monitoring.action_items} tindak lanjut ({monitoring.overdue} "
                              f"terlambat), {monitoring.socialisation_events} sosialisasi.")
        self.stdout.write("Akun demo / demo logins (kata sandi / password: " + password + ")")
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
            self.stdout.write(f"Daftar pekerja demo: {len(files)} berkas, {added} pekerja baru.")
