"""A small world for the access tests: workers, submissions, a BPJS extract with its
reconciliation and review candidates, coverage counts, in two regencies (Sambas 61.01
and Kubu Raya 61.12), and one user per role, including an operator of each regency.
Sambas has also sent the NIK of a Kubu Raya worker (a NIK conflict for the province),
so the walk proves that person never shows to Sambas.

Every person has a distinctive name (…uji) so that a page that shows it, or its full
NIK, can be found by searching the answer's text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ucj.accounts.models import BpjsBranch, Role, User
from ucj.identity.nik import build_nik
from ucj.regions.models import Denominator, DenominatorKind, Region

SAMBAS, KUBU_RAYA = "61.01", "61.12"
REGENCIES = (SAMBAS, KUBU_RAYA)
KECAMATAN = {SAMBAS: "61.01.01", KUBU_RAYA: "61.12.01"}
AS_OF = date(2026, 6, 30)
PASSWORD = "uji-rahasia-2026"


@dataclass(frozen=True)
class Person:
    nik: str
    name: str
    born: date
    regency: str


def _people(regency: str, stem: str, serial: int) -> list[Person]:
    kecamatan = KECAMATAN[regency]
    specs = [("Siti", date(1990, 7, 1), "P"), ("Budi", date(1985, 3, 12), "L"),
             ("Rina", date(1992, 5, 17), "P"), ("Joko", date(1970, 8, 9), "L")]
    return [Person(nik=build_nik(kecamatan, born, sex, serial + i), name=f"{first} {stem}",
                   born=born, regency=regency)
            for i, (first, born, sex) in enumerate(specs)]


@dataclass
class World:
    users: dict[str, User | None]
    people: dict[str, list[Person]]  # regency -> registered workers
    participants: dict[str, list[Person]]  # regency -> BPJS-only persons (extract rows)
    objects: dict[str, dict] = field(default_factory=dict)  # regency -> {kind: object}
    shared: dict = field(default_factory=dict)  # objects of the whole province
    tokens: dict[str, str] = field(default_factory=dict)  # role -> API token
    cache: dict = field(default_factory=dict)  # objects made by samples, emptied per test

    def cached(self, key, make):
        """An object a sample makes on first use in a test (the test's transaction undoes
        it, so it is made again in the next test)."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def personal(self, regency: str) -> list[Person]:
        return self.people[regency] + self.participants[regency]

    def regency_of_user(self, role: str) -> str | None:
        user = self.users[role]
        return getattr(user, "regency_id", None)


def _user(username: str, role: str, **extra) -> User:
    user = User(username=username, role=role, first_name=username.title(), **extra)
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    return user


def _csv(header: str, lines: list[str]) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def build_world() -> World:
    from ucj.coverage import services as coverage_services
    from ucj.membership import services as membership_services
    from ucj.membership.models import LinkCandidate
    from ucj.registry.models import Worker
    from ucj.registry.services import import_file

    branch = BpjsBranch.objects.create(name="Cabang Singkawang (uji akses)")
    branch.regencies.set(Region.objects.filter(code__in=["61.01", "61.07", "61.72"]))
    users = {
        "anonymous": None,
        "provinsi": _user("akses_prov", Role.PROVINSI),
        "kabupaten_sambas": _user("akses_sambas", Role.KABUPATEN, regency_id=SAMBAS),
        "kabupaten_kubu_raya": _user("akses_kuburaya", Role.KABUPATEN, regency_id=KUBU_RAYA),
        "bpjs": _user("akses_bpjs", Role.BPJS, branch=branch),
        "pimpinan": _user("akses_pimpinan", Role.PIMPINAN),
    }
    people = {SAMBAS: _people(SAMBAS, "Sambasuji", 101),
              KUBU_RAYA: _people(KUBU_RAYA, "Kuburayuji", 201)}
    participants = {SAMBAS: _people(SAMBAS, "Sambaspeserta", 301)[:1],
                    KUBU_RAYA: _people(KUBU_RAYA, "Kuburayapeserta", 401)[:1]}
    world = World(users=users, people=people, participants=participants)

    for regency in REGENCIES:
        mine = people[regency]
        lines = [f"{p.nik},{p.name},{p.born.isoformat()}" for p in mine]
        lines.append(f"6101999999,Baris Salah {regency},1990-01-01")  # one rejected row
        summary = import_file(data=_csv("NIK,NAMA,TANGGAL LAHIR", lines),
                              file_name=f"akses-{regency}.csv", regency_code=regency,
                              ecosystem_code="rentan",
                              user=users[f"kabupaten_{'sambas' if regency == SAMBAS else 'kubu_raya'}"])
        world.objects[regency] = {
            "submission": summary.submission,
            "worker": Worker.objects.get(nik=mine[0].nik),
            "kecamatan": KECAMATAN[regency],
        }

    # Sambas sends the NIK of a worker only Kubu Raya lists, under another name: the
    # row is queued for the province (NikConflict) and nothing of the Kubu Raya person
    # may show to Sambas. The NIK is written in groups, as lists often have it: Sambas's
    # own checked file repeats what Sambas sent, while the walk looks for the 16 digits
    # and the name the registry holds.
    from ucj.registry.models import NikConflict

    theirs = people[KUBU_RAYA][3]
    grouped = " ".join(theirs.nik[i:i + 4] for i in range(0, 16, 4))
    sent = import_file(data=_csv("NIK,NAMA,TANGGAL LAHIR",
                                 [f"{grouped},Joko Samaran,{theirs.born.isoformat()}"]),
                       file_name="akses-konflik.csv", regency_code=SAMBAS, ecosystem_code="rentan",
                       user=users["kabupaten_sambas"]).submission
    world.shared["conflict"] = NikConflict.objects.get(submission=sent)

    # A BPJS extract: the first worker of each regency active, the second with a NIK typo
    # (a link to review), and one participant who is not in the registry.
    def row(p: Person, kpj: str, nik: str | None = None, name: str | None = None) -> str:
        return ",".join([nik or p.nik, kpj, name or p.name, p.born.strftime("%d-%m-%Y"), "BPU",
                         "AKTIF", "2026-06", p.regency])

    rows = []
    for index, regency in enumerate(REGENCIES):
        first, second = people[regency][:2]
        typo = second.nik[:14] + str((int(second.nik[14]) + 3) % 10) + second.nik[15]
        rows += [row(first, f"1{index}000000001"), row(second, f"1{index}000000002", nik=typo),
                 row(participants[regency][0], f"1{index}000000003")]
    header = "NIK,No KPJ,Nama Peserta,Tgl Lahir,Kategori,Status,Bulan Terakhir Bayar,Kode Kab"
    extract = membership_services.import_extract(
        data=b"EKSTRAK PESERTA BPJS KETENAGAKERJAAN\n\n" + _csv(header, rows),
        file_name="akses.csv", as_of=AS_OF)
    run = membership_services.reconcile(upper=0.999999999, lower=0.0001)
    world.shared.update(extract=extract, reconciliation=run)
    for regency in REGENCIES:
        world.objects[regency]["candidate"] = (
            LinkCandidate.objects.filter(reconciliation=run, worker__nik=people[regency][1].nik)
            .first())

    counts = ["REKAP PESERTA AKTIF", "KODE WILAYAH,BULAN,PU,BPU,JAKON,PMI"]
    for regency in REGENCIES:
        Denominator.objects.create(region_id=regency, year=2026, value=250_000,
                                   kind=DenominatorKind.BPS_EMPLOYED, source="BPS (uji)",
                                   reference_date=date(2025, 8, 31))
        counts += [f"{regency},2026-{m:02d},{40_000 + 500 * m},20000,0,0" for m in (4, 5, 6)]
    coverage_services.import_counts(data=("\n".join(counts) + "\n").encode(),
                                    file_name="rekap.csv", today=date(2026, 7, 5))
    from ucj.accounts.services import create_api_token

    world.tokens = {role: create_api_token(user=user, name="uji akses").raw
                    for role, user in users.items() if user is not None}
    return world
