"""Registry and extract builders for membership tests: a few people with known NIKs,
imported through the real intake, and extracts written as real CSV files."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import polars as pl
import pytest

from ucj.identity.nik import build_nik
from ucj.registry.models import Worker
from ucj.registry.services import import_file

EXTRACT_HEADER = ["NIK", "No KPJ", "Nama Peserta", "Tgl Lahir", "Kategori", "Status",
                  "Bulan Terakhir Bayar", "Kode Kab"]


@dataclass(frozen=True)
class Person:
    nik: str
    name: str
    born: date
    regency: str = "61.01"


def person(serial: int, name: str, born: date, *, regency: str = "61.01",
           sex: str = "L") -> Person:
    kecamatan = {"61.01": "61.01.01", "61.07": "61.07.01", "61.72": "61.72.01"}[regency]
    return Person(nik=build_nik(kecamatan, born, sex, serial), name=name, born=born,
                  regency=regency)


def worker_csv(people: list[Person]) -> bytes:
    lines = ["NIK,NAMA,TANGGAL LAHIR"]
    lines += [f"{p.nik},{p.name},{p.born.isoformat()}" for p in people]
    return ("\n".join(lines) + "\n").encode()


def register(people: list[Person], *, ecosystem: str = "rentan") -> dict[str, Worker]:
    """Import `people` through the intake, one file per regency; NIK -> Worker."""
    for regency in sorted({p.regency for p in people}):
        mine = [p for p in people if p.regency == regency]
        summary = import_file(data=worker_csv(mine), file_name=f"pekerja-{regency}.csv",
                              regency_code=regency, ecosystem_code=ecosystem)
        assert summary.submission.rejected == 0, summary.submission.reasons
    return {w.nik: w for w in Worker.objects.filter(nik__in=[p.nik for p in people])}


def extract_csv(rows: list[tuple]) -> bytes:
    """rows: (nik, kpj, name, birth date, category, status, last paid, regency)."""
    frame = pl.DataFrame([[str(v) if v is not None else "" for v in row] for row in rows],
                         schema=EXTRACT_HEADER, orient="row")
    buffer = io.BytesIO()
    buffer.write(b"EKSTRAK PESERTA BPJS KETENAGAKERJAAN CABANG PONTIANAK\n\n")
    frame.write_csv(buffer)
    return buffer.getvalue()


def participant(p: Person, kpj: str, *, status: str = "AKTIF", paid: str = "2026-06",
                category: str = "BPU", nik: str | None = None, name: str | None = None,
                born: date | None = None) -> tuple:
    return (nik or p.nik, kpj, name or p.name, (born or p.born).strftime("%d-%m-%Y"),
            category, status, paid, p.regency)


@pytest.fixture
def kalbar_db(kalbar):
    return kalbar


def filler_participants(count: int, *, seed: int = 11) -> list[tuple]:
    """`count` other BPJS participants (invented Kalbar people), so that record linkage
    has a realistic crowd of names and birth dates to tell the right person from."""
    from ucj.core.demo import generate_people

    people = generate_people(seed=seed, persons=count)
    return [(row["nik"], f"9{index:010d}", row["nama"], row["tanggal_lahir"].strftime("%d-%m-%Y"),
             "BPU", "AKTIF", "2026-06", row["kabupaten_kode"])
            for index, row in enumerate(people.iter_rows(named=True))]
