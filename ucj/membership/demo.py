"""An invented BPJS extract for the demo (`ucj demo-setup`), drawn from the demo
registry: most registered workers are participants, some lapsed, a few under a NIK with
one digit typed wrong (so the review page has something to show). Never real data."""

from __future__ import annotations

import random
from datetime import date

from ucj.membership import services
from ucj.membership.models import Extract
from ucj.registry.models import Worker

HEADER = "NIK,NO KPJ,NAMA,TANGGAL LAHIR,KATEGORI,STATUS,BULAN TERAKHIR BAYAR,KODE WILAYAH"


def _typo(nik: str, rand: random.Random) -> str:
    position = rand.randrange(12, 16)  # the serial: a typo that intake cannot catch
    digit = str((int(nik[position]) + rand.randrange(1, 9)) % 10)
    return nik[:position] + digit + nik[position + 1:]


def demo_extract_csv(*, as_of: date, seed: int = 2026) -> bytes:
    rand = random.Random(seed)
    lines = [HEADER]
    month = f"{as_of.year}-{as_of.month:02d}"
    old = f"{as_of.year - 1}-{as_of.month:02d}"
    for index, (nik, name, born) in enumerate(
            Worker.objects.order_by("id").values_list("nik", "name", "birth_date")):
        draw = rand.random()
        if draw > 0.55 or born is None:
            continue  # not a participant
        status, paid = ("NONAKTIF", old) if draw < 0.08 else ("AKTIF", month)
        written = _typo(nik, rand) if 0.08 <= draw < 0.09 else nik
        if 0.085 <= draw < 0.09 and len(name) > 4:
            # A typo and a name spelt differently: left for a reviewer to decide.
            cut = rand.randrange(1, len(name) - 1)
            name = name[:cut] + name[cut + 1:]
        lines.append(f"{written},{90000000000 + index},{name},{born:%d-%m-%Y},BPU,{status},"
                     f"{paid},{nik[:2]}.{nik[2:4]}")
    return ("\n".join(lines) + "\n").encode()


def create_demo_reconciliation(*, as_of: date) -> Extract | None:
    """Import the demo extract once and reconcile the registry with it."""
    if Extract.objects.filter(file_name="ekstrak-demo.csv").exists():
        return None
    extract = services.import_extract(data=demo_extract_csv(as_of=as_of),
                                      file_name="ekstrak-demo.csv", as_of=as_of)
    services.reconcile(extract_id=extract.pk)
    return extract
