"""`ucj demo-data`: invented but realistic Kalbar worker lists, for the demo and benchmarks.

Without --out it writes one Excel file per regency, as the regencies would upload
them, to VAR_DIR/demo/daftar-pekerja-<kode>.xlsx. No database needed.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

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
            raise CommandError(f"--persons harus lebih dari 0 (diberikan: {persons})")
        regencies = kalbar_regencies()
        if regency is not None and regency not in regencies:
            raise CommandError(
                f"--regency {regency} bukan kode kabupaten/kota Kalbar; pilih salah satu: "
                + ", ".join(regencies)
            )
        if out is not None and out.suffix.lower() not in SUFFIXES:
            raise CommandError(f"--out harus berakhiran .csv atau .xlsx: {out}")

        people = generate_people(seed=seed, persons=persons, regency=regency)

        if out is not None:
            write_people(people, out)
            self.stdout.write(
                f"Data contoh: {thousands(people.height)} orang (seed {seed}) ditulis ke {_shown(out)}."
            )
            return

        folder = Path(settings.VAR_DIR) / "demo"
        parts = people.partition_by("kabupaten_kode", as_dict=True, maintain_order=True)
        with progress_bar("Menulis daftar pekerja") as update:
            update(0, len(parts))
            for done, ((code,), frame) in enumerate(parts.items(), start=1):
                write_people(frame, folder / f"daftar-pekerja-{code}.xlsx")
                update(done, len(parts))
        self.stdout.write(
            f"Data contoh: {thousands(people.height)} orang (seed {seed}) ditulis ke "
            f"{len(parts)} berkas daftar-pekerja-<kode>.xlsx di {_shown(folder)}/."
        )
