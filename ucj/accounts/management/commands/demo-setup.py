import os

from django.core.management.base import CommandError

from ucj.accounts.services import create_demo_accounts
from ucj.core.commands import UcjCommand
from ucj.regions.models import Region
from ucj.regions.services import load_published_denominators

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
        self.stdout.write("Akun demo / demo logins (kata sandi / password: " + password + ")")
        for account in accounts:
            self.stdout.write(f"  {account.username:<10} {account.role:<10} {account.scope}")
