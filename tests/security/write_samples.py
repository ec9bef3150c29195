"""Sample bodies for every write route, for the write walk in test_writes.py.

A write route is a page that answers a POST with anything but 405, or an API operation
with POST, PUT, PATCH or DELETE. Each needs an entry here, or the walk fails saying which:
the action of the role table (ucj/accounts/rights.py) that governs it, and a body that
really writes when a role allowed to write sends it (the walk checks that, so a sample
cannot pass by being refused for everyone). `per_regency` samples act on an object of one
regency (or name the regency in their body), and are sent for Sambas and for Kubu Raya.

Bodies are functions of (world, regency): files must be made anew on every call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ucj.accounts.rights import Action

from .samples import _budget, _correction_row, _decree, _item, _maker, _proposal, _visit
from .world import REGENCIES, World

Body = Callable[[World, str], dict[str, Any]]


@dataclass(frozen=True)
class WriteSample:
    action: Action | None  # None: the user's own account, open to every signed-in user
    body: Body
    per_regency: bool = True
    writes: bool = True  # an allowed request changes rows (False: computes only)


def _worker_csv(world: World, regency: str) -> SimpleUploadedFile:
    person = world.people[regency][2]
    text = f"NIK,NAMA,TANGGAL LAHIR\n{person.nik},{person.name},{person.born.isoformat()}\n"
    # A name unique per call: the same bytes twice would be a duplicate upload.
    return SimpleUploadedFile(f"tulis-{regency}.csv", text.encode() + b"\n" * len(regency))


def _fresh_csv(world: World, regency: str) -> SimpleUploadedFile:
    """A list with one person nobody has registered, so an upload adds a worker."""
    from ucj.identity.nik import build_nik

    from .world import KECAMATAN

    nik = build_nik(KECAMATAN[regency], date(1991, 2, 3), "L", 777)
    return SimpleUploadedFile(f"baru-{regency}.csv",
                              f"NIK,NAMA,TANGGAL LAHIR\n{nik},Baru Tulisuji,1991-02-03\n".encode())


def _mapping_submission(world: World, regency: str):
    """An upload waiting for its column mapping."""
    from ucj.registry import services

    def make():
        upload = _fresh_csv(world, regency)
        return services.create_submission(user=_maker(world, regency), regency_code=regency,
                                          ecosystem_code="rentan", file_name=upload.name,
                                          data=upload.read())
    return world.cached(("mapping", regency), make)


def _failed_submission(world: World, regency: str):
    from ucj.registry.models import SubmissionStatus

    def make():
        submission = _mapping_submission(world, regency)
        type(submission).objects.filter(pk=submission.pk).update(
            status=SubmissionStatus.FAILED, error="uji")
        return submission
    return world.cached(("failed", regency), make)


def _decided_candidate(world: World, regency: str):
    """A link of the regency's third worker that province staff decided (different
    people): one whose decision can be undone."""
    def make():
        from ucj.membership import services
        from ucj.membership.models import CandidateState, LinkCandidate
        from ucj.registry.models import Worker

        base = world.objects[regency]["candidate"]
        candidate = LinkCandidate.objects.create(
            reconciliation=base.reconciliation,
            worker=Worker.objects.get(nik=world.people[regency][2].nik),
            kpj=f"18{REGENCIES.index(regency)}000000009", participant_nik=base.participant_nik,
            participant_name=base.participant_name,
            participant_birth_date=base.participant_birth_date, category=base.category,
            participant_status=base.participant_status, coverage=base.coverage,
            match_probability=0.7, match_weight=1.0, evidence=base.evidence,
            state=CandidateState.REVIEW)
        return services.decide(user=world.users["provinsi"], candidate=candidate,
                               decision="rejected")
    return world.cached(("decided", regency), make)


def _accepted_proposal(world: World, regency: str):
    """The regency's submitted proposal, verified and accepted."""
    def make():
        from ucj.decrees import services

        proposal = _proposal(world, regency)
        services.decide(user=world.users["provinsi"], proposal=proposal, accept=True)
        return proposal
    return world.cached(("accepted", regency), make)


def _draft_decree(world: World, regency: str):
    """A draft decree over the regency's accepted workers (not issued)."""
    def make():
        from ucj.decrees import services

        proposal = _accepted_proposal(world, regency)
        return services.create_decree(user=world.users["provinsi"], budget=proposal.budget,
                                      number=f"188.44/draf/{regency}", signed_on=date(2026, 1, 2),
                                      signatory_name="Penandatangan Uji")
    return world.cached(("draft", regency), make)


def _draft_proposal(world: World, regency: str):
    """A proposal still being built, with one worker on it."""
    def make():
        from ucj.decrees import services

        budget = _budget(world, regency)
        proposal = services.create_proposal(user=_maker(world, regency), budget=budget,
                                            regency=regency, ecosystem="rentan")
        services.add_workers(user=_maker(world, regency), proposal=proposal,
                             worker_ids=[world.objects[regency]["worker"].pk])
        return proposal
    return world.cached(("draft_proposal", regency), make)


def _returned_proposal(world: World, regency: str):
    def make():
        from ucj.decrees import services

        proposal = _proposal(world, regency)
        services.decide(user=world.users["provinsi"], proposal=proposal, accept=False,
                        reason="Periksa alamat")
        return proposal
    return world.cached(("returned", regency), make)


def _waiting_rows(proposal) -> list[int]:
    return list(proposal.rows.values_list("pk", flat=True))


def _province_budget(world: World) -> int:
    return _budget(world, REGENCIES[0]).pk


def _desa(regency: str) -> str:
    from ucj.regions.models import Region

    kecamatan = {"61.01": "61.01.01", "61.12": "61.12.01"}[regency]
    return Region.objects.filter(parent_id=kecamatan).order_by("code").values_list(
        "code", flat=True)[0]


def _awaiting_run(world: World):
    """A reconciliation waiting for the province: July's extract lacks Kubu Raya's active
    worker, half of the active workers (more than the 20 % allowed)."""
    def make():
        from ucj.membership import services

        person = world.people[REGENCIES[0]][0]
        services.import_extract(data=(
            "NIK,No KPJ,Nama Peserta,Tgl Lahir,Kategori,Status,Bulan Terakhir Bayar,Kode Kab\n"
            f"{person.nik},10000000001,{person.name},{person.born:%d-%m-%Y},BPU,AKTIF,2026-07,"
            f"{person.regency}\n").encode(), file_name="juli.csv", as_of=date(2026, 7, 31))
        run = services.reconcile(upper=0.999999999, lower=0.0001)
        assert run.status == "awaiting", run.status
        return run
    return world.cached(("awaiting",), make)


def _counts_csv(regency: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("rekap.csv", (
        "REKAP PESERTA AKTIF\nKODE WILAYAH,BULAN,PU,BPU,JAKON,PMI\n"
        f"{regency},2026-07,41000,21000,0,0\n").encode())


def _denominators_csv(regency: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("denominator.csv", (
        "kode,tahun,jenis,nilai,sumber,tanggal_referensi\n"
        f"{regency},2027,bps_employed,260000,BPS (uji),2026-08-31\n").encode())


def _png() -> bytes:
    from ..decrees.pictures import png

    return png()


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


# Pages, by URL name ---------------------------------------------------------------------

# The irreversible steps on pages (issue 15, item 5) act only with this box ticked.
CONFIRMED = {"confirm": "1"}

PAGE_WRITES: dict[str, WriteSample] = {
    "accounts:tokens": WriteSample(None, lambda w, r: {"name": "skrip uji"}, per_regency=False),
    "registry:upload": WriteSample(Action.UPLOAD_WORKERS, lambda w, r: {
        "regency": r, "ecosystem": "rentan", "file": _fresh_csv(w, r)}),
    "registry:mapping": WriteSample(Action.UPLOAD_WORKERS, lambda w, r: {
        **_mapping_submission(w, r).mapping}),
    "registry:retry": WriteSample(Action.UPLOAD_WORKERS, lambda w, r: {}),
    "registry:cancel": WriteSample(Action.UPLOAD_WORKERS, lambda w, r: {}),
    "registry:conflict_decide": WriteSample(Action.RESOLVE_NIK_CONFLICTS, lambda w, r: {
        "decision": "add_listing"}, per_regency=False),
    "registry:worker_correct": WriteSample(Action.CORRECT_WORKERS, lambda w, r: {
        "name": f"Koreksi Uji {r}", "sex": "P", "reason": "Sesuai KTP"}),
    "membership:upload": WriteSample(Action.MANAGE_MEMBERSHIP, lambda w, r: {
        "as_of": "2026-07-31", "file": SimpleUploadedFile("ekstrak.csv", (
            "NIK,No KPJ,Nama Peserta,Tgl Lahir,Kategori,Status,Bulan Terakhir Bayar,Kode Kab\n"
            f"{w.people[r][0].nik},19000000001,{w.people[r][0].name},"
            f"{w.people[r][0].born:%d-%m-%Y},BPU,AKTIF,2026-07,{r}\n").encode())},
        per_regency=False),
    "membership:reconcile": WriteSample(Action.MANAGE_MEMBERSHIP, lambda w, r: {
        "upper": "0.99", "lower": "0.5"}, per_regency=False),
    "membership:confirm": WriteSample(Action.CONFIRM_RECONCILIATION, lambda w, r: {
        "action": "confirm"}, per_regency=False),
    "membership:settings": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "min_accepted_percent": "60", "max_loss_percent": "25"}, per_regency=False),
    "membership:decide": WriteSample(Action.MANAGE_MEMBERSHIP, lambda w, r: {
        "decision": "confirmed"}),
    "membership:undo": WriteSample(Action.MANAGE_MEMBERSHIP, lambda w, r: {}),
    "coverage:import_counts": WriteSample(Action.IMPORT_COUNTS, lambda w, r: {
        "file": _counts_csv(r), "source": "BPJS (uji)"}),
    "regions:import_denominators": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "file": _denominators_csv(r)}),
    "premiums:confirm": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {},
                                    per_regency=False),
    "premiums:add_rule": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "program": "bpu", "lower": "0", "upper": "1000000", "declared_income": "1000000",
        "valid_from": "2027-01-01", "legal_basis": "PP 44/2015 Lampiran II (uji)",
        "source": "uji", "note": ""}, per_regency=False),
    "premiums:edit_rule": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: _discount_body(),
                                      per_regency=False),
    # Master data (issue 18 item 4).
    "regions:denominator_create": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "region": "61.01", "year": "2027", "kind": "bps_employed", "value": "261000",
        "source": "BPS (uji tulis)", "reference_date": "2027-08-31", "note": ""},
        per_regency=False),
    "regions:denominator_delete": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "confirm": "on"}, per_regency=False),
    "regions:denominator_edit": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "region": "61.01", "year": "2026", "kind": "bps_employed", "value": "251000",
        "source": "BPS (uji)", "reference_date": "2026-08-31", "note": "diubah"},
        per_regency=False),
    "registry:ecosystem_edit": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "name": "Guru dan tenaga kependidikan", "name_en": "Teachers (written)",
        "description": "Guru honorer.", "sort_order": "4"}, per_regency=False),
    "coverage:target_delete": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "confirm": "on"}, per_regency=False),
    "coverage:targets": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "region": "61.01", "year": "2029", "percent": "61,5", "source": "RPJMD (uji)",
        "note": "", "confirmed": "on"}, per_regency=False),
    "accounts:branch_delete": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "confirm": "on"}, per_regency=False),
    "accounts:branch_create": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "name": "Cabang Baru (uji tulis)", "regencies": ["61.12"]}, per_regency=False),
    "accounts:branch_edit": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "name": "Cabang Diubah (uji tulis)", "regencies": ["61.01", "61.12"]},
        per_regency=False),
    "accounts:user_create": WriteSample(Action.AUDIT_AND_USERS, lambda w, r: {
        "username": "baru_uji", "first_name": "Baru", "last_name": "Uji", "email": "",
        "role": "kabupaten", "regency": "61.12", "branch": "", "is_active": "on",
        "password": "Rahasia-Uji-Tulis-2026"}, per_regency=False),
    "accounts:user_edit": WriteSample(Action.AUDIT_AND_USERS, lambda w, r: {
        "username": w.users["pimpinan"].username, "first_name": "Diubah", "last_name": "",
        "email": "", "role": "pimpinan", "regency": "", "branch": "", "is_active": "on",
        "password": ""}, per_regency=False),
    "budget:budgets": WriteSample(Action.PLAN_BUDGETS, lambda w, r: {
        "name": "APBD uji", "fiscal_year": "2027", "programme": "rentan",
        "funding_source": "apbd_kabupaten", "holder": r, "amount": "2016000",
        "start_month": "2027-01", "months": "12", "ecosystems": ["rentan"],
        "declared_income": "1000000"}),
    "budget:detail": WriteSample(Action.PLAN_BUDGETS, lambda w, r: {
        "name": "Skenario uji", "policy": "lowest_first"}),
    "budget:adopt": WriteSample(Action.PLAN_BUDGETS, lambda w, r: CONFIRMED),
    "budget:delete": WriteSample(Action.PLAN_BUDGETS, lambda w, r: {}),
    "decrees:proposal_create": WriteSample(Action.PROPOSE, lambda w, r: {
        "budget": _budget(w, r).pk, "regency": r, "ecosystem": "rentan"}),
    "decrees:proposal_add": WriteSample(Action.PROPOSE, lambda w, r: {
        "worker": [w.objects[r]["worker"].pk]}),
    "decrees:proposal_remove": WriteSample(Action.PROPOSE, lambda w, r: {
        "row": _waiting_rows(_draft_proposal(w, r))}),
    "decrees:proposal_submit": WriteSample(Action.PROPOSE, lambda w, r: CONFIRMED),
    "decrees:proposal_resubmit": WriteSample(Action.PROPOSE, lambda w, r: {}),
    "decrees:proposal_decide": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {
        "decision": "accept", "scope": "all"}),
    "decrees:proposal_correct": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {
        "name": "Nama Dikoreksi Uji", "reason": "KTP"}),
    "decrees:decree_create": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {
        "issuer": "governor", "number": "", "signed_on": "2026-01-02", "place": "Pontianak",
        "title": "Penetapan uji", "signatory_name": "Penandatangan Uji",
        "signatory_title": "GUBERNUR", "signatory_id": "", "start_month": "2026-01",
        "months": "12"}),
    "decrees:decree_edit": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {
        "issuer": "governor", "number": "188/uji", "signed_on": "2026-01-02",
        "place": "Pontianak", "title": "Penetapan uji diubah",
        "signatory_name": "Penandatangan Uji", "signatory_title": "GUBERNUR",
        "signatory_id": "", "start_month": "2026-01", "months": "12"}),
    "decrees:decree_delete": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {}),
    "decrees:decree_issue": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: CONFIRMED),
    "decrees:decree_sent": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {
        "sent_on": "2026-02-01", **CONFIRMED}),
    "decrees:decree_amend": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: CONFIRMED),
    "decrees:decree_removals": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {
        "worker": [_beneficiary(w, r)], "reason": "Pindah kerja"}),
    "decrees:text_create": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {
        "issuer": "governor", "part": "mengingat", "rank": "60", "position": "30",
        "year": "2026", "text": "Peraturan Daerah Provinsi Kalimantan Barat Nomor 1 Tahun 2026",
        "source": "uji", "first_year": "2027", "last_year": "", "regency_code": ""},
        per_regency=False),
    "decrees:text_edit": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {
        "issuer": "governor", "part": "menimbang", "rank": "0", "position": "9", "year": "",
        "text": "bahwa uji tulis", "source": "uji", "confirmed": "on", "first_year": "",
        "last_year": "", "regency_code": ""}, per_regency=False),
    "decrees:images": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {
        "kind": "emblem", "file": SimpleUploadedFile("garuda.png", _png())},
        per_regency=False),
    "monitoring:visit_create": WriteSample(Action.MANAGE_VISITS, lambda w, r: {
        "regency": r, "date": "2026-08-01", "place": "Kantor", "status": "planned",
        "agenda": "Asistensi"}),
    "monitoring:visit_edit": WriteSample(Action.MANAGE_VISITS, lambda w, r: {
        "regency": r, "date": "2026-06-16", "place": "Kantor Bupati (ubah)",
        "status": "planned", "agenda": "Asistensi", "hadir-TOTAL_FORMS": "0",
        "hadir-INITIAL_FORMS": "0", "hadir-MIN_NUM_FORMS": "0",
        "hadir-MAX_NUM_FORMS": "60"}),
    "monitoring:item_create": WriteSample(Action.MANAGE_VISITS, lambda w, r: {
        "title": "Data honorer", "owner_office": "bkpsdm", "due_date": "2026-10-01"}),
    "monitoring:item": WriteSample(Action.FOLLOW_UP, lambda w, r: {
        "action": "status", "status-status": "in_progress", "status-note": "mulai"}),
    "monitoring:compliance_regency": WriteSample(Action.FOLLOW_UP, lambda w, r: {
        "action": "budget", "anggaran-year": "2026", "anggaran-amount": "100000000",
        "anggaran-source": "APBD"}),
    "monitoring:weights": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: _weights(),
                                      per_regency=False),
    "monitoring:socialisation_regency": WriteSample(Action.FOLLOW_UP, lambda w, r: {
        "desa": _desa(r), "date": "2026-07-01", "audience": "Perangkat desa",
        "participants": "30"}),
}


def _weights() -> dict[str, str]:
    from ucj.monitoring import compliance

    return {**{key: "1" for key in compliance.CRITERIA},
            **{key: "0.5" for key in compliance.REGULATION_TYPES}}


# The objects a page write acts on, by URL name (the URL's kwargs).
PAGE_OBJECTS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "registry:mapping": lambda w, r: {"submission_id": _mapping_submission(w, r).pk},
    "registry:retry": lambda w, r: {"submission_id": _failed_submission(w, r).pk},
    "registry:cancel": lambda w, r: {"submission_id": _mapping_submission(w, r).pk},
    "membership:reconcile": lambda w, r: {"extract_id": w.shared["extract"].pk},
    "membership:confirm": lambda w, r: {"reconciliation_id": _awaiting_run(w).pk},
    "membership:decide": lambda w, r: {"candidate_id": w.objects[r]["candidate"].pk},
    "membership:undo": lambda w, r: {"candidate_id": _decided_candidate(w, r).pk},
    "premiums:confirm": lambda w, r: {"kind": "discount", "pk": _unconfirmed_discount()},
    "premiums:add_rule": lambda w, r: {"kind": "bracket"},
    "premiums:edit_rule": lambda w, r: {"kind": "discount", "pk": _first_discount().pk},
    "regions:denominator_edit": lambda w, r: {"pk": _world_denominator()},
    "regions:denominator_delete": lambda w, r: {"pk": _world_denominator()},
    "coverage:target_delete": lambda w, r: {"pk": _province_target()},
    "accounts:branch_delete": lambda w, r: {"pk": _empty_branch()},
    "accounts:branch_edit": lambda w, r: {"pk": w.users["bpjs"].branch_id},
    "accounts:user_edit": lambda w, r: {"pk": w.users["pimpinan"].pk},
    "budget:detail": lambda w, r: {"pk": _budget(w, r).pk},
    "budget:adopt": lambda w, r: {"pk": _second_scenario(w, r)},
    "budget:delete": lambda w, r: {"pk": _second_scenario(w, r)},
    "decrees:proposal_add": lambda w, r: {"proposal_id": _empty_proposal(w, r).pk},
    "decrees:proposal_remove": lambda w, r: {"proposal_id": _draft_proposal(w, r).pk},
    "decrees:proposal_submit": lambda w, r: {"proposal_id": _draft_proposal(w, r).pk},
    "decrees:proposal_resubmit": lambda w, r: {"proposal_id": _returned_proposal(w, r).pk},
    "decrees:proposal_decide": lambda w, r: {"proposal_id": _proposal(w, r).pk},
    "decrees:proposal_correct": lambda w, r: {
        "proposal_id": _correction_row(w, r).proposal_id, "row_id": _correction_row(w, r).pk},
    "decrees:decree_create": lambda w, r: {"budget_id": _accepted_budget(w, r)},
    "decrees:decree_edit": lambda w, r: {"decree_id": _draft_decree(w, r).pk},
    "decrees:decree_delete": lambda w, r: {"decree_id": _draft_decree(w, r).pk},
    "decrees:decree_issue": lambda w, r: {"decree_id": _draft_decree(w, r).pk},
    "decrees:decree_removals": lambda w, r: {"decree_id": _amendment(w, r).pk},
    "decrees:decree_sent": lambda w, r: {"decree_id": _decree(w, r).pk},
    "decrees:decree_amend": lambda w, r: {"decree_id": _decree(w, r).pk},
    "decrees:text_edit": lambda w, r: {"clause_id": _clause()},
    "monitoring:visit_edit": lambda w, r: {"visit_id": _visit(w, r).pk},
    "monitoring:item_create": lambda w, r: {"visit_id": _visit(w, r).pk},
    "monitoring:item": lambda w, r: {"item_id": _item(w, r).pk},
    "monitoring:compliance_regency": lambda w, r: {"code": r},
    "monitoring:socialisation_regency": lambda w, r: {"code": r},
}


def _clause() -> int:
    from ucj.decrees.models import DecreeClause

    return DecreeClause.objects.filter(issuer="governor", part="menimbang").order_by(
        "pk").values_list("pk", flat=True)[0]


def _first_discount():
    from ucj.premiums.models import Discount

    return Discount.objects.order_by("pk").first()


def _discount_body() -> dict[str, str]:
    """The first discount as its edit form shows it, with a changed note."""
    rule = _first_discount()
    return {"program": rule.program, "components": rule.components,
            "percent": str(rule.percent), "sector": rule.sector,
            "valid_from": rule.valid_from.isoformat(),
            "valid_to": rule.valid_to.isoformat() if rule.valid_to else "",
            "legal_basis": rule.legal_basis, "source": rule.source, "note": "diubah (uji)"}


def _empty_branch() -> int:
    from ucj.accounts.models import BpjsBranch

    return BpjsBranch.objects.get_or_create(name="Cabang tanpa petugas (uji)")[0].pk


def _province_target() -> int:
    from ucj.coverage.models import Target

    return Target.objects.filter(region_id="61").order_by("year").first().pk


def _world_denominator() -> int:
    from ucj.regions.models import Denominator

    return Denominator.objects.get(region_id="61.01", year=2026, kind="bps_employed",
                                   source="BPS (uji)").pk


def _unconfirmed_discount() -> int:
    from ucj.premiums.models import Discount

    return Discount.objects.filter(confirmed=False).order_by("pk").values_list(
        "pk", flat=True)[0]


def _second_scenario(world: World, regency: str) -> int:
    """A saved scenario that is not (yet) the adopted one."""
    def make():
        from ucj.budget import services

        return services.create_scenario(user=world.users["provinsi"],
                                        budget=_budget(world, regency), name="Kedua",
                                        policy="most_points").pk
    return world.cached(("scenario2", regency), make)


def _empty_proposal(world: World, regency: str):
    def make():
        from ucj.decrees import services

        return services.create_proposal(user=_maker(world, regency),
                                        budget=_budget(world, regency), regency=regency,
                                        ecosystem="rentan")
    return world.cached(("empty_proposal", regency), make)


def _accepted_budget(world: World, regency: str) -> int:
    """A budget with accepted rows, so that a decree can be made for it."""
    return _accepted_proposal(world, regency).budget_id


def _beneficiary(world: World, regency: str) -> int:
    """A worker in the annex of the regency's issued decree."""
    return _decree(world, regency).annex.order_by("pk").values_list(
        "worker_id", flat=True)[0]


def _amendment(world: World, regency: str):
    from ucj.decrees import services

    return world.cached(("amendment", regency), lambda: services.create_amendment(
        user=world.users["provinsi"], decree=_decree(world, regency)))


# API operations, by "METHOD path" of the OpenAPI document -------------------------------

API_WRITES: dict[str, WriteSample] = {
    "POST /api/registry/submissions": WriteSample(Action.UPLOAD_WORKERS, lambda w, r: {
        "regency": r, "ecosystem": "rentan", "file": _fresh_csv(w, r)}),
    "POST /api/registry/submissions/{submission_id}/confirm": WriteSample(
        Action.UPLOAD_WORKERS, lambda w, r: {"mapping": _mapping_submission(w, r).mapping}),
    "POST /api/registry/submissions/{submission_id}/retry": WriteSample(
        Action.UPLOAD_WORKERS, lambda w, r: {}),
    "POST /api/registry/conflicts/{conflict_id}/decision": WriteSample(
        Action.RESOLVE_NIK_CONFLICTS, lambda w, r: {"decision": "add_listing"},
        per_regency=False),
    "POST /api/membership/extracts": WriteSample(
        Action.MANAGE_MEMBERSHIP, PAGE_WRITES["membership:upload"].body, per_regency=False),
    "POST /api/membership/reconciliations": WriteSample(Action.MANAGE_MEMBERSHIP, lambda w, r: {
        "extract": w.shared["extract"].pk, "upper": 0.99, "lower": 0.5}, per_regency=False),
    "POST /api/membership/reconciliations/{run_id}/confirm": WriteSample(
        Action.CONFIRM_RECONCILIATION, lambda w, r: {}, per_regency=False),
    "POST /api/membership/reconciliations/{run_id}/discard": WriteSample(
        Action.CONFIRM_RECONCILIATION, lambda w, r: {}, per_regency=False),
    "PUT /api/membership/settings": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "min_accepted_percent": 60, "max_loss_percent": 25}, per_regency=False),
    "POST /api/membership/candidates/{candidate_id}/decision": WriteSample(
        Action.MANAGE_MEMBERSHIP, lambda w, r: {"decision": "confirmed"}),
    "POST /api/membership/candidates/{candidate_id}/undo": WriteSample(
        Action.MANAGE_MEMBERSHIP, lambda w, r: {}),
    "POST /api/premiums/brackets": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "lower": 0, "upper": 1_000_000, "declared_income": 1_000_000,
        "valid_from": "2027-01-01", "legal_basis": "PP 44/2015 Lampiran II (uji)"},
        per_regency=False),
    "POST /api/premiums/wage-caps": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "amount": 9_077_600, "valid_from": "2022-03-01", "valid_to": "2023-02-28",
        "legal_basis": "PP 45/2015 Pasal 29 (uji)"}, per_regency=False),
    "PUT /api/coverage/targets": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "region": r, "year": 2027, "rate": 0.5, "source": "RPJMD (uji)"}),
    "POST /api/coverage/counts": WriteSample(Action.IMPORT_COUNTS, lambda w, r: {
        "file": _counts_csv(r)}),
    "POST /api/budget/budgets": WriteSample(Action.PLAN_BUDGETS, lambda w, r: {
        "name": "APBD uji", "fiscal_year": 2027, "programme": "rentan",
        "funding_source": "apbd_kabupaten", "holder": r, "amount": 2016000,
        "start_month": "2027-01", "months": 12, "ecosystems": ["rentan"]}),
    "POST /api/budget/budgets/{budget_id}/scenarios": WriteSample(
        Action.PLAN_BUDGETS, lambda w, r: {"name": "Skenario uji", "policy": "lowest_first"}),
    "POST /api/budget/budgets/{budget_id}/allocate": WriteSample(
        Action.PLAN_BUDGETS, lambda w, r: {"name": "Coba", "policy": "lowest_first"},
        writes=False),
    "POST /api/budget/scenarios/{scenario_id}/adopt": WriteSample(
        Action.PLAN_BUDGETS, lambda w, r: {}),
    "POST /api/decrees/proposals": WriteSample(Action.PROPOSE, lambda w, r: {
        "budget": _budget(w, r).pk, "regency": r, "ecosystem": "rentan"}),
    "POST /api/decrees/proposals/{proposal_id}/rows": WriteSample(Action.PROPOSE, lambda w, r: {
        "workers": [w.objects[r]["worker"].pk]}),
    "POST /api/decrees/proposals/{proposal_id}/rows/remove": WriteSample(
        Action.PROPOSE, lambda w, r: {"rows": _waiting_rows(_draft_proposal(w, r))}),
    "POST /api/decrees/proposals/{proposal_id}/submit": WriteSample(
        Action.PROPOSE, lambda w, r: {}),
    "POST /api/decrees/proposals/{proposal_id}/resubmit": WriteSample(
        Action.PROPOSE, lambda w, r: {}),
    "POST /api/decrees/proposals/{proposal_id}/decisions": WriteSample(
        Action.VERIFY_AND_DECREE, lambda w, r: {"accept": True}),
    "POST /api/decrees/decrees": WriteSample(Action.VERIFY_AND_DECREE, lambda w, r: {
        "budget": _accepted_budget(w, r), "signatory_name": "Penandatangan Uji"}),
    "PATCH /api/decrees/decrees/{decree_id}": WriteSample(
        Action.VERIFY_AND_DECREE, lambda w, r: {"place": "Sambas"}),
    "POST /api/decrees/decrees/{decree_id}/issue": WriteSample(
        Action.VERIFY_AND_DECREE, lambda w, r: {}),
    "POST /api/decrees/decrees/{decree_id}/sent": WriteSample(
        Action.VERIFY_AND_DECREE, lambda w, r: {"sent_on": "2026-02-01"}),
    "POST /api/decrees/decrees/{decree_id}/amendments": WriteSample(
        Action.VERIFY_AND_DECREE, lambda w, r: {}),
    "POST /api/decrees/decrees/{decree_id}/removals": WriteSample(
        Action.VERIFY_AND_DECREE, lambda w, r: {"workers": [_beneficiary(w, r)],
                                                "reason": "Pindah kerja"}),
    "POST /api/monitoring/visits": WriteSample(Action.MANAGE_VISITS, lambda w, r: {
        "regency": r, "date": "2026-08-01", "agenda": "Asistensi"}),
    "POST /api/monitoring/visits/{visit_id}/action-items": WriteSample(
        Action.MANAGE_VISITS, lambda w, r: {"title": "Data honorer", "owner_office": "bkpsdm",
                                            "due_date": "2026-10-01"}),
    "PATCH /api/monitoring/action-items/{item_id}": WriteSample(
        Action.FOLLOW_UP, lambda w, r: {"title": "Rancangan Perda (ubah)"}),
    "POST /api/monitoring/action-items/{item_id}/status": WriteSample(
        Action.FOLLOW_UP, lambda w, r: {"status": "in_progress", "note": "mulai"}),
    "POST /api/monitoring/action-items/{item_id}/evidence": WriteSample(
        Action.FOLLOW_UP, lambda w, r: {"url": "https://contoh.go.id/bukti", "note": "bukti",
                                        "file": _pdf()}),
    "PUT /api/monitoring/compliance-weights": WriteSample(Action.MANAGE_MASTER_DATA, lambda w, r: {
        "criteria": {key: 1 for key in __import__(
            "ucj.monitoring.compliance", fromlist=["CRITERIA"]).CRITERIA}},
        per_regency=False),
    "POST /api/monitoring/socialisation/events": WriteSample(Action.FOLLOW_UP, lambda w, r: {
        "desa": _desa(r), "date": "2026-07-01", "audience": "Perangkat desa",
        "participants": 30}),
}

# The objects an API write acts on, by path template (the path's parameters).
API_OBJECTS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "/api/registry/submissions/{submission_id}/confirm":
        lambda w, r: {"submission_id": _mapping_submission(w, r).pk},
    "/api/registry/submissions/{submission_id}/retry":
        lambda w, r: {"submission_id": _failed_submission(w, r).pk},
    "/api/membership/candidates/{candidate_id}/decision":
        lambda w, r: {"candidate_id": w.objects[r]["candidate"].pk},
    "/api/membership/candidates/{candidate_id}/undo":
        lambda w, r: {"candidate_id": _decided_candidate(w, r).pk},
    "/api/membership/reconciliations/{run_id}/confirm":
        lambda w, r: {"run_id": _awaiting_run(w).pk},
    "/api/membership/reconciliations/{run_id}/discard":
        lambda w, r: {"run_id": _awaiting_run(w).pk},
    "/api/budget/budgets/{budget_id}/scenarios": lambda w, r: {"budget_id": _budget(w, r).pk},
    "/api/budget/budgets/{budget_id}/allocate": lambda w, r: {"budget_id": _budget(w, r).pk},
    "/api/budget/scenarios/{scenario_id}/adopt":
        lambda w, r: {"scenario_id": _second_scenario(w, r)},
    "/api/decrees/proposals/{proposal_id}/rows":
        lambda w, r: {"proposal_id": _empty_proposal(w, r).pk},
    "/api/decrees/proposals/{proposal_id}/rows/remove":
        lambda w, r: {"proposal_id": _draft_proposal(w, r).pk},
    "/api/decrees/proposals/{proposal_id}/submit":
        lambda w, r: {"proposal_id": _draft_proposal(w, r).pk},
    "/api/decrees/proposals/{proposal_id}/resubmit":
        lambda w, r: {"proposal_id": _returned_proposal(w, r).pk},
    "/api/decrees/proposals/{proposal_id}/decisions":
        lambda w, r: {"proposal_id": _proposal(w, r).pk},
    "/api/decrees/decrees/{decree_id}": lambda w, r: {"decree_id": _draft_decree(w, r).pk},
    "/api/decrees/decrees/{decree_id}/issue":
        lambda w, r: {"decree_id": _draft_decree(w, r).pk},
    "/api/decrees/decrees/{decree_id}/sent": lambda w, r: {"decree_id": _decree(w, r).pk},
    "/api/decrees/decrees/{decree_id}/amendments":
        lambda w, r: {"decree_id": _decree(w, r).pk},
    "/api/decrees/decrees/{decree_id}/removals":
        lambda w, r: {"decree_id": _amendment(w, r).pk},
    "/api/monitoring/visits/{visit_id}/action-items":
        lambda w, r: {"visit_id": _visit(w, r).pk},
    "/api/monitoring/action-items/{item_id}": lambda w, r: {"item_id": _item(w, r).pk},
    "/api/monitoring/action-items/{item_id}/status": lambda w, r: {"item_id": _item(w, r).pk},
    "/api/monitoring/action-items/{item_id}/evidence":
        lambda w, r: {"item_id": _item(w, r).pk},
}
