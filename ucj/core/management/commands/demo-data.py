"""`ucj demo-data`: invented but realistic Kalbar worker lists, for the demo and benchmarks.

Without --out it writes one Excel file per regency, as the regencies would upload
them, to VAR_DIR/demo/daftar-pekerja-<kode>.xlsx. No database needed.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ucj.core.commands import UcjCommand
from ucj.core.demo import generate_people, kalbar_regencies, write_people
from ucj.core.formatting import thousands
from ucj.core.progress import progress_bar

SUFFIXES = (".csv", ".xlsx")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class Command(UcjCommand):
    help = (
        "Membuat data contoh pekerja Kalbar (fiktif, deterministik): satu berkas Excel per "
        "kabupaten/kota di VAR_DIR/demo/, atau satu berkas .csv/.xlsx dengan --out."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1,
                            help="benih acak; benih dan jumlah yang sama memberi data yang sama (bawaan 1)")
        parser.add_argument("--persons", type=int, default=1000,
                            help="jumlah orang (bawaan 1000)")
        parser.add_argument("--regency", metavar="KODE",
                            help="hanya satu kabupaten/kota Kalbar, kode Kemendagri, mis. 61.01")
        parser.add_argument("--out", type=Path, metavar="PATH",
                            help="satu berkas .csv atau .xlsx (bawaan: satu .xlsx per kabupaten/kota "
                                 "di VAR_DIR/demo/)")

    def handle(self, *args, seed: int, persons: int, regency: str | None, out: Path | None,
               **options):
        if persons <= 0:
            raise CommandError(_("--persons must be more than 0 (given: %(persons)s)")
                               % {"persons": persons})
        regencies = kalbar_regencies()
        if regency is not None and regency not in regencies:
            raise CommandError(
                _("--regency %(code)s is not a Kalbar regency code; choose one of: %(codes)s")
                % {"code": regency, "codes": ", ".join(regencies)}
            )
        if out is not None and out.suffix.lower() not in SUFFIXES:
            raise CommandError(_("--out must end in .csv or .xlsx: %(out)s") % {"out": out})

        people = generate_people(seed=seed, persons=persons, regency=regency)

        if out is not None:
            write_people(people, out)
            self.stdout.write(
                _("Sample data: %(persons)s persons (seed %(seed)s) written to %(out)s.")
                % {"persons": thousands(people.height), "seed": seed, "out": _shown(out)}
            )
            return

        folder = Path(settings.VAR_DIR) / "demo"
        parts = people.partition_by("kabupaten_kode", as_dict=True, maintain_order=True)
        with progress_bar(_("Writing worker lists")) as update:
            update(0, len(parts))
            for done, ((code,), frame) in enumerate(parts.items(), start=1):
                write_people(frame, folder / f"daftar-pekerja-{code}.xlsx")
                update(done, len(parts))
        self.stdout.write(
            _("Sample data: %(persons)s persons (seed %(seed)s) written to %(files)s files "
              "daftar-pekerja-<kode>.xlsx in %(folder)s/.")
            % {"persons": thousands(people.height), "seed": seed, "files": len(parts),
               "folder": _shown(folder)}
        )
