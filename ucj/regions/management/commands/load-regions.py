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
        with progress_bar("Memuat wilayah") as update:
            result = load_regions(force=force, progress=update)
        if result.loaded:
            self.stdout.write(f"Wilayah dimuat: {thousands(result.current)} kode terkini, "
                              f"{thousands(result.retired)} kode historis.")
        else:
            self.stdout.write(f"Data wilayah sudah terbaru ({thousands(result.current)} kode terkini, "
                              f"{thousands(result.retired)} kode historis); tidak ada yang diubah.")
