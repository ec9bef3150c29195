from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.core.formatting import thousands
from ucj.core.progress import progress_bar
from ucj.regions.services import load_regions


class Command(UcjCommand):
    help = "Memuat kode wilayah Kemendagri (terkini dan historis), penduduk, kode BPS dan batas wilayah Kalbar."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="muat ulang walaupun berkas data tidak berubah")

    def handle(self, *args, force: bool, **options):
        with progress_bar(_("Loading regions")) as update:
            result = load_regions(force=force, progress=update)
        counts = {"current": thousands(result.current), "retired": thousands(result.retired)}
        if result.loaded:
            self.stdout.write(_("Regions loaded: %(current)s current codes, %(retired)s "
                                "historical codes.") % counts)
        else:
            self.stdout.write(_("Region data already up to date (%(current)s current codes, "
                                "%(retired)s historical codes); nothing changed.") % counts)
