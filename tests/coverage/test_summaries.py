"""The summaries the writes keep (coverage.summaries) never drift from a full recount:
random sequences of the writes that change them, each followed by `drift()`; and no
dashboard page counts the registry or the memberships, even right after a write."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ucj.coverage import summaries
from ucj.identity.nik import build_nik
from ucj.membership import services as membership
from ucj.membership.models import CandidateState, JobStatus, LinkCandidate, Reconciliation
from ucj.regions.models import Level, Region
from ucj.registry import services as registry
from ucj.registry.models import ConflictStatus, NikConflict, Worker

REGENCIES = ("61.01", "61.72")
EXTRACT_HEADER = "NIK,KPJ,NAMA,TANGGAL LAHIR,KATEGORI,STATUS,BLTH,KODE WILAYAH\n"


class Month:
    """A small province whose registry the writes change at random."""

    def __init__(self, seed: int, province_user):
        self.rand = random.Random(seed)
        self.user = province_user
        self.people: dict[str, list[tuple[str, str, date]]] = {}
        self.desa: dict[str, list[tuple[str, str, str]]] = {}
        for code in REGENCIES:
            places = list(Region.objects.filter(level=Level.DESA_KELURAHAN, is_current=True,
                                                code__startswith=f"{code}.")
                          .select_related("parent").order_by("code")[:6])
            self.desa[code] = [(p.code, p.name, p.parent.name) for p in places]
            kecamatan = places[0].code[:8]
            self.people[code] = [
                (build_nik(kecamatan, date(1970 + i, 1 + i % 12, 1 + i), "LP"[i % 2], 100 + i),
                 f"Warga {code} {i}", date(1970 + i, 1 + i % 12, 1 + i)) for i in range(14)]
        self.files = 0
        self.extracts = 0

    def upload(self, regency: str | None = None, people=None) -> None:
        regency = regency or self.rand.choice(REGENCIES)
        people = people or self.rand.sample(self.people[regency], self.rand.randint(1, 8))
        ecosystem = self.rand.choice(["rentan", "rt_rw"])
        self.files += 1
        lines = ["NIK,NAMA,TANGGAL LAHIR,KECAMATAN,DESA,KETERANGAN"]
        for nik, name, born in people:
            _, desa, kecamatan = self.rand.choice(self.desa[regency])
            lines.append(f"{nik},{name},{born.isoformat()},{kecamatan},{desa},berkas {self.files}")
        registry.import_file(data=("\n".join(lines) + "\n").encode(),
                             file_name=f"daftar-{self.files}.csv", regency_code=regency,
                             ecosystem_code=ecosystem)

    def foreign_upload(self) -> None:
        """A regency lists a worker another regency listed: a NIK conflict."""
        home, other = self.rand.sample(REGENCIES, 2)
        listed = [p for p in self.people[home] if Worker.objects.filter(nik=p[0]).exists()]
        if listed:
            self.upload(other, [self.rand.choice(listed)])

    def reconcile(self) -> None:
        workers = list(Worker.objects.values_list("nik", "name", "birth_date"))
        if not workers:
            return
        self.extracts += 1
        lines = []
        for i, (nik, name, born) in enumerate(self.rand.sample(workers,
                                                               self.rand.randint(1, len(workers)))):
            if self.rand.random() < 0.2:  # a typing error in the NIK: a link to review
                nik = nik[:-1] + str((int(nik[-1]) + 1) % 10)
            status = self.rand.choice(["AKTIF", "AKTIF", "NONAKTIF"])
            lines.append(f"{nik},{90000000 + i},{name},{born.isoformat()},BPU,{status},"
                         f"2026-06,61.01\n")
        membership.import_extract(data=(EXTRACT_HEADER + "".join(lines)).encode(),
                                  file_name=f"ekstrak-{self.extracts}.csv",
                                  as_of=date(2026, 7, 1) + timedelta(days=self.extracts))
        run = membership.reconcile(upper=0.999999999, lower=0.05)
        if run.status == JobStatus.AWAITING:
            decide = self.rand.choice([membership.confirm_reconciliation,
                                       membership.discard_reconciliation])
            decide(user=self.user, run=run)

    def review_link(self) -> None:
        candidates = list(LinkCandidate.objects.all())
        if not candidates:
            return
        candidate = self.rand.choice(candidates)
        if candidate.state == CandidateState.REVIEW:
            membership.decide(user=self.user, candidate=candidate,
                              decision=self.rand.choice(["confirmed", "rejected"]))
        else:
            membership.undo_decision(user=self.user, candidate=candidate)

    def decide_conflict(self) -> None:
        conflict = NikConflict.objects.filter(status=ConflictStatus.OPEN).first()
        if conflict is not None:
            registry.decide_conflict(user=self.user, conflict=conflict,
                                     decision=self.rand.choice(["add_listing", "move", "reject"]),
                                     note="uji acak")

    def correct(self) -> None:
        worker = Worker.objects.order_by("?").first()
        if worker is not None:
            regency = self.rand.choice(REGENCIES)
            registry.correct_worker(user=self.user, worker=worker,
                                    values={"desa": self.rand.choice(self.desa[regency])[0]},
                                    reason="pindah desa (uji)")

    def step(self) -> str:
        action = self.rand.choice([self.upload, self.upload, self.foreign_upload,
                                   self.reconcile, self.review_link, self.review_link,
                                   self.decide_conflict, self.correct])
        action()
        return action.__name__


@pytest.mark.parametrize("seed", [1, 2])
def test_random_writes_leave_no_drift(seed, provinsi_user, kalbar):
    month = Month(seed, provinsi_user)
    done: list[str] = []
    for _ in range(30):
        done.append(month.step())
        assert summaries.drift() == [], f"drift after {done}"
    # The sequence did exercise the writes (and the check would see a difference).
    assert Worker.objects.exists() and Reconciliation.objects.exists()
    assert {"upload", "reconcile", "review_link"} <= set(done)
    summaries.apply(summaries.Counts(summaries.Counter({(month.desa["61.01"][0][0], 0): 1}),
                                     summaries.Counter()))
    assert summaries.drift() == [f"area {month.desa['61.01'][0][0]} workers: kept "
                                 f"{summaries.recount().areas[(month.desa['61.01'][0][0], 0)] + 1}"
                                 f", counted "
                                 f"{summaries.recount().areas[(month.desa['61.01'][0][0], 0)]}"]
    summaries.rebuild()
    assert summaries.drift() == []


REGISTRY_TABLES = ("registry_worker", "registry_workerlisting", "membership_workermembership")


def _aggregates_over_registry(queries) -> list[str]:
    """Queries that count or sum rows read from the registry or the memberships (the
    table of their first FROM). A lookup of given workers (an EXISTS, a join from a
    decree's annex) is not a count of the registry."""
    found = []
    for query in queries:
        sql = query["sql"]
        table = re.search(r'\bFROM\s+"?(\w+)"?', sql, re.IGNORECASE)
        if table and table.group(1).lower() in REGISTRY_TABLES and re.search(
                r"\b(count|sum)\s*\(|\bGROUP BY\b", sql, re.IGNORECASE):
            found.append(sql)
    return found


def test_dashboard_pages_read_summaries_right_after_a_write(client_for, provinsi_user,
                                                            sambas_user, pimpinan_user, kalbar):
    month = Month(3, provinsi_user)
    month.upload("61.01")
    month.reconcile()
    month.upload("61.01")  # the write just before the page views
    kecamatan = month.desa["61.01"][0][0][:8]
    pages = ["/", "/cakupan/", "/cakupan/wilayah/61.01/", f"/cakupan/kecamatan/{kecamatan}/",
             "/cakupan/pekerja/61.01.xlsx", "/cakupan/ekosistem/61.01.xlsx", "/pemantauan/",
             "/pemantauan/sosialisasi/61.01/", "/pemantauan/kepatuhan/", "/kepesertaan/",
             "/anggaran/", "/sk/"]
    for user in (provinsi_user, sambas_user, pimpinan_user):
        client = client_for(user)
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page)
            assert response.status_code in (200, 302), (user, page, response.status_code)
            assert _aggregates_over_registry(queries.captured_queries) == [], (user, page)


def test_verify_and_rebuild_commands(provinsi_user, kalbar, capsys):
    from django.core.management import call_command

    month = Month(4, provinsi_user)
    month.upload("61.01")
    call_command("summaries", "verify")
    assert "cocok" in capsys.readouterr().out
    area = month.desa["61.01"][0][0][:8]
    summaries.AreaSummary.objects.filter(area=area).update(workers=999)
    with pytest.raises(CommandError, match="1 angka ringkasan berbeda"):
        call_command("summaries", "verify")
    assert f"area {area} workers: kept 999" in capsys.readouterr().out
    call_command("summaries", "rebuild", "--json")
    call_command("summaries", "verify")
    assert summaries.drift() == []
