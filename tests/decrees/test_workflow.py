"""The workflow end to end through the services: propose, submit, verify, issue, send,
registered; with maker-checker, allocation limits, double decrees, amendments and the
frozen hash."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from tests.decrees.conftest import accepted, draft_decree, submitted, worker_ids
from ucj.accounts.models import AuditAction, AuditEvent
from ucj.decrees import annex, selectors, services
from ucj.decrees.models import (
    AnnexRow,
    DecreeCoverage,
    DecreeStatus,
    ProposalRow,
    ProposalStatus,
    RowStatus,
)

pytestmark = pytest.mark.django_db


def test_issue_freezes_the_annex_and_records_its_hash(issued, provinsi_user):
    assert issued.status == DecreeStatus.ISSUED
    assert issued.annex_count == 4
    frame = selectors.annex_frame(issued)
    assert frame["number"].to_list() == [1, 2, 3, 4]
    assert frame["regency_code"].to_list() == ["61.01", "61.01", "61.01", "61.72"]
    assert set(frame["premium"].to_list()) == {201_600}
    assert issued.annex_sha256 == annex.annex_sha256(frame)
    event = AuditEvent.objects.filter(object_type="decrees.decree", object_id=str(issued.pk),
                                      detail__event="issued").get()
    assert event.detail["annex_sha256"] == issued.annex_sha256
    assert DecreeCoverage.objects.filter(decree=issued).count() == 4 * 12
    assert ProposalRow.objects.filter(decree=issued).count() == 4


def test_the_submitter_never_verifies_and_only_the_province_does(adopted, sambas_user,
                                                                 provinsi_user, checker):
    proposal = submitted(sambas_user, adopted, worker_ids=worker_ids("D"))
    with pytest.raises(PermissionDenied):
        services.decide(user=sambas_user, proposal=proposal, accept=True)
    # A province officer who made and submitted a proposal for the regency cannot verify it.
    own = submitted(provinsi_user, adopted, worker_ids=worker_ids("E"))
    with pytest.raises(services.DecreeError, match="prinsip empat mata"):
        services.decide(user=provinsi_user, proposal=own, accept=True)
    assert services.decide(user=checker, proposal=own, accept=True) == 1
    assert services.decide(user=provinsi_user, proposal=proposal, accept=True) == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VERIFIED
    assert proposal.rows.get().decided_by == provinsi_user


def test_a_budget_without_an_adopted_allocation_takes_no_proposal(budget, sambas_user):
    with pytest.raises(services.DecreeError, match="menetapkan salah satu skenario"):
        services.create_proposal(user=sambas_user, budget=budget, regency="61.01",
                                 ecosystem="rentan")


def test_proposals_stay_within_the_regencys_allocation(adopted, sambas_user, checker):
    proposal = services.create_proposal(user=sambas_user, budget=adopted, regency="61.01",
                                        ecosystem="rentan")
    # Four Sambas workers are not active yet; the two active ones are left out by default.
    assert services.add_workers(user=sambas_user, proposal=proposal) == 4
    assert not proposal.rows.exclude(bpjs_status__in=["lapsed", "not_enrolled"]).exists()
    with pytest.raises(services.DecreeError, match="Keluarkan 1 pekerja"):
        services.submit_proposal(user=sambas_user, proposal=proposal)
    services.remove_rows(user=sambas_user, proposal=proposal,
                         row_ids=proposal.rows.filter(worker__name="Warga Sambas G")
                         .values_list("pk", flat=True))
    services.submit_proposal(user=sambas_user, proposal=proposal)
    second = submitted(sambas_user, adopted, worker_ids=worker_ids("G"))
    services.decide(user=checker, proposal=proposal, accept=True)
    with pytest.raises(services.DecreeError, match="alokasi"):
        services.decide(user=checker, proposal=second, accept=True)
    assert selectors.accepted_count(adopted, "61.01") == 3


def test_returned_rows_go_back_to_the_regency(adopted, sambas_user, checker):
    proposal = submitted(sambas_user, adopted, worker_ids=worker_ids("D", "E"))
    d_row = proposal.rows.get(worker__name="Warga Sambas D")
    with pytest.raises(services.DecreeError, match="alasan"):
        services.decide(user=checker, proposal=proposal, accept=False, row_ids=[d_row.pk])
    services.decide(user=checker, proposal=proposal, accept=False, row_ids=[d_row.pk],
                    reason="Desa tidak sesuai KTP")
    services.decide(user=checker, proposal=proposal, accept=True)
    d_row.refresh_from_db()
    assert (d_row.status, d_row.reason) == (RowStatus.RETURNED, "Desa tidak sesuai KTP")
    assert services.resubmit_returned(user=sambas_user, proposal=proposal) == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    services.decide(user=checker, proposal=proposal, accept=True, row_ids=[d_row.pk])
    assert proposal.rows.filter(status=RowStatus.ACCEPTED).count() == 2


def _second_budget(user, months_from: date):
    from tests.decrees.conftest import adopt
    from ucj.budget import services as budgets

    other = budgets.create_budget(
        user=user, name="Iuran perubahan", fiscal_year=2025, programme="rentan",
        funding_source="apbd_provinsi", holder="61", amount=10_000_000,
        start_month=months_from, months=6, ecosystems=["rentan"])
    adopt(other, {"61.01": 3})
    return other


def test_a_worker_is_never_in_two_decrees_for_the_same_months(issued, sambas_user, checker,
                                                             provinsi_user):
    later = _second_budget(provinsi_user, date(2025, 7, 1))
    # D is decreed for 2025: proposing D again for July-December cannot be accepted.
    proposal = services.create_proposal(user=sambas_user, budget=later, regency="61.01",
                                        ecosystem="rentan")
    services.add_workers(user=sambas_user, proposal=proposal, worker_ids=worker_ids("D"))
    services.submit_proposal(user=sambas_user, proposal=proposal)
    with pytest.raises(services.DecreeError, match="sudah dibiayai"):
        services.decide(user=checker, proposal=proposal, accept=True)
    # Even when the check is bypassed (two verifications racing), issuing fails on the
    # database's unique (worker, month) and leaves nothing half-written.
    proposal.rows.update(status=RowStatus.ACCEPTED)
    decree = draft_decree(provinsi_user, later, number="188.44/2/2025")
    with pytest.raises(services.DecreeError, match="sudah dibiayai"):
        services.issue_decree(user=provinsi_user, decree=decree)
    decree.refresh_from_db()
    assert decree.status == DecreeStatus.DRAFT
    assert not AnnexRow.objects.filter(decree=decree).exists()
    assert not DecreeCoverage.objects.filter(decree=decree).exists()
    # Months after the first decree's period are fine.
    assert not annex.overlap(date(2025, 1, 1), 12, date(2026, 1, 1), 6)


def test_an_issued_decree_is_frozen(issued, provinsi_user):
    with pytest.raises(services.DecreeError, match="SK perubahan"):
        services.update_decree(user=provinsi_user, decree=issued, title="Lain")
    with pytest.raises(services.DecreeError):
        services.delete_draft(user=provinsi_user, decree=issued)
    with pytest.raises(services.DecreeError, match="sudah diterbitkan"):
        services.issue_decree(user=provinsi_user, decree=issued)


def test_amending_decree_replaces_the_annex_and_keeps_the_old_one_frozen(
        issued, kota_user, checker, provinsi_user):
    before = selectors.annex_frame(issued)
    amendment = services.create_amendment(user=provinsi_user, decree=issued)
    with pytest.raises(services.DecreeError, match="sudah memiliki SK perubahan"):
        services.create_amendment(user=provinsi_user, decree=issued)
    e = worker_ids("E")[0]
    with pytest.raises(services.DecreeError, match="alasan"):
        services.set_removals(user=provinsi_user, decree=amendment, worker_ids=[e])
    services.set_removals(user=provinsi_user, decree=amendment, worker_ids=[e],
                          reason="Meninggal dunia")
    # A Singkawang RT/RW worker accepted since joins the amendment.
    accepted(kota_user, checker, issued.budget, regency="61.72", ecosystem="rt_rw",
             worker_ids=worker_ids("D", place="Kota"))
    services.update_decree(user=provinsi_user, decree=amendment, number="188.44/9/2025",
                           signed_on=date(2025, 3, 1), start_month=date(2025, 4, 1), months=9)
    amendment = services.issue_decree(user=provinsi_user, decree=amendment)
    issued.refresh_from_db()
    assert issued.status == DecreeStatus.AMENDED
    frame = selectors.annex_frame(amendment)
    assert frame.height == 4 and e not in frame["worker_id"].to_list()
    added = frame.filter(frame["change"] == "added")
    assert added["name"].to_list() == ["Warga Kota D"]
    assert added["months"].to_list() == [9] and added["premium"].to_list() == [9 * 16_800]
    assert set(frame.filter(frame["change"] == "kept")["months"].to_list()) == {12}
    assert amendment.annex_sha256 == annex.annex_sha256(frame) != issued.annex_sha256
    # The amended decree's annex is untouched and still matches its recorded hash.
    assert selectors.annex_frame(issued).equals(before)
    assert annex.annex_sha256(before) == issued.annex_sha256
    assert not DecreeCoverage.objects.filter(decree=issued).exists()
    assert DecreeCoverage.objects.filter(decree=amendment).count() == 3 * 12 + 9
    removed = ProposalRow.objects.get(worker_id=e)
    assert (removed.status, removed.reason, removed.decree) == (
        RowStatus.REMOVED, "Meninggal dunia", amendment)
    # E no longer counts against Sambas's allocation.
    assert selectors.accepted_count(issued.budget, "61.01") == 2


def test_registered_after_a_later_reconciliation_and_overdue_two_months_after_sending(
        issued, provinsi_user):
    from tests.membership.conftest import extract_csv, participant, person
    from ucj.membership import services as membership

    services.mark_sent(user=provinsi_user, decree=issued, sent_on=date(2026, 7, 1))
    d = person(4, "Warga Sambas E", date(1980, 1, 5))  # as the budget fixture makes E
    assert ProposalRow.objects.filter(worker__nik=d.nik, decree=issued).exists()
    membership.import_extract(data=extract_csv([participant(d, "20000001", paid="2026-08")]),
                              file_name="agustus.csv", as_of=date(2026, 8, 10))
    run = membership.reconcile()
    # The August extract lists E alone: the June actives would all drop out, so the
    # reconciliation waits for province staff (issue 14, item 8), who confirm it.
    assert run.status == "awaiting"
    membership.confirm_reconciliation(user=provinsi_user, run=run)
    issued.refresh_from_db()
    progress = selectors.progress(provinsi_user, issued, on=date(2026, 8, 31))
    assert (progress.total, progress.registered, progress.overdue) == (4, 1, 0)
    assert selectors.unregistered(provinsi_user, on=date(2026, 8, 31)) == []
    progress = selectors.progress(provinsi_user, issued, on=date(2026, 9, 1))
    assert progress.overdue == 3
    late = selectors.unregistered(provinsi_user, on=date(2026, 9, 1))
    assert len(late) == 3 and d.name not in [u.row.name for u in late]
    assert [u.row.regency_code for u in selectors.unregistered(
        provinsi_user, on=date(2026, 9, 1), regency="61.72")] == ["61.72"]


def test_scope_regency_users_see_their_own_only(issued, sambas_user, kota_user, make_user):
    from django.http import Http404

    kubu = make_user("op_kubu", "kabupaten", regency="61.12")
    sambas_rows = selectors.beneficiaries(sambas_user, issued)
    assert {r.regency_code for r in sambas_rows} == {"61.01"}
    assert selectors.excerpt_codes(sambas_user, issued) == frozenset({"61.01"})
    with pytest.raises(Http404):
        selectors.get_decree(kubu, issued.pk)
    sambas_proposal = selectors.proposals_for(sambas_user).get()
    with pytest.raises(Http404):
        selectors.get_proposal(kota_user, sambas_proposal.pk)
    with pytest.raises(PermissionDenied):
        services.add_workers(user=kota_user, proposal=sambas_proposal)
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, detail__event="issued").exists()
