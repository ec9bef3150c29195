"""Home pages as work queues (core.queues): each role's counts for seeded data and the
links to where the work is done, region scope, the leader's summary, the number of
queries, and the menu's badges."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.decrees.conftest import accepted, draft_decree, submitted, worker_ids
from ucj.accounts.models import Role
from ucj.core import queues
from ucj.coverage.models import Target
from ucj.decrees import services as decrees
from ucj.decrees.models import Proposal, ProposalStatus
from ucj.membership.models import (
    CandidateState,
    Extract,
    JobStatus,
    LinkCandidate,
    Reconciliation,
)
from ucj.membership.selectors import latest_reconciliation
from ucj.monitoring import services as monitoring
from ucj.monitoring.models import Office
from ucj.regions.models import Denominator, DenominatorKind
from ucj.registry.models import NikConflict, Submission, SubmissionStatus, Worker

SAMBAS, KOTA, KUBU_RAYA = "61.01", "61.72", "61.12"
SENT_ON = date(2025, 1, 10)  # registration due 10 March 2025: overdue ever since


def counts(user, **kwargs) -> dict[str, int]:
    return {e.key: e.count for e in queues.entries(user, **kwargs)}


def urls(user) -> dict[str, str]:
    return {e.key: e.url for e in queues.entries(user)}


def waiting_upload(regency: str, name: str) -> Submission:
    """An upload whose columns the intake could not recognise: it waits for the mapping."""
    return Submission.objects.create(regency_id=regency, ecosystem_id="rentan",
                                      file=f"kiriman/{name}", file_name=name,
                                      file_sha256=name.ljust(64, "0"),
                                      status=SubmissionStatus.MAPPING)


def overdue_item(provinsi_user, regency: str, title: str):
    visit = monitoring.schedule_visit(user=provinsi_user, regency_code=regency,
                                      date=date(2026, 6, 1))
    return monitoring.add_action_item(user=provinsi_user, visit=visit, title=title,
                                      owner_office=Office.HUKUM, due_date=date(2026, 6, 30))


@pytest.fixture
def kubu_raya_user(make_user):
    return make_user("op_kubu", Role.KABUPATEN, regency=KUBU_RAYA)


@pytest.fixture
def regency_month(adopted, sambas_user, checker, provinsi_user, kota_user):
    """Sambas: a proposal with one row returned, a draft, an upload waiting for its
    columns, an overdue action, and two decreed workers sent to BPJS long ago and
    never registered. Kubu Raya: an upload and a draft of its own and an overdue
    action, none of which Sambas may see."""
    returned = submitted(sambas_user, adopted, worker_ids=worker_ids("D", "E"))
    row = returned.rows.order_by("pk").first()
    decrees.decide(user=checker, proposal=returned, accept=False, row_ids=[row.pk],
                   reason="Tanggal lahir tidak cocok dengan KTP")
    decrees.decide(user=checker, proposal=returned, accept=True)
    accepted(sambas_user, checker, adopted, worker_ids=worker_ids("F"))
    accepted(kota_user, checker, adopted, regency=KOTA)
    decree = decrees.issue_decree(user=provinsi_user, decree=draft_decree(provinsi_user, adopted))
    decrees.mark_sent(user=provinsi_user, decree=decree, sent_on=SENT_ON)
    draft = decrees.create_proposal(user=sambas_user, budget=adopted, regency=SAMBAS,
                                    ecosystem="rentan")
    upload = waiting_upload(SAMBAS, "sambas-maret.xlsx")
    item = overdue_item(provinsi_user, SAMBAS, "Rancangan Perda")
    Proposal.objects.create(budget=adopted, regency_id=KUBU_RAYA, ecosystem_id="rentan",
                            status=ProposalStatus.DRAFT)
    waiting_upload(KUBU_RAYA, "kubu-raya.xlsx")
    overdue_item(provinsi_user, KUBU_RAYA, "Data honorer")
    return {"returned": returned, "draft": draft, "upload": upload, "item": item,
            "decree": decree}


def test_a_regency_operator_sees_the_work_of_the_own_regency(
        client_for, sambas_user, regency_month):
    assert counts(sambas_user) == {"returned_rows": 1, "mapping_uploads": 1,
                                   "draft_proposals": 1, "overdue_actions": 1,
                                   "unregistered": 2}
    # A single piece of work links to where it is done.
    links = urls(sambas_user)
    assert links["returned_rows"] == reverse(
        "decrees:proposal", args=[regency_month["returned"].pk]) + "?status=returned"
    assert links["mapping_uploads"] == reverse("registry:mapping",
                                               args=[regency_month["upload"].pk])
    assert links["draft_proposals"] == reverse("decrees:proposal",
                                               args=[regency_month["draft"].pk])
    assert links["overdue_actions"] == reverse("monitoring:items") + "?terlambat=1"
    assert links["unregistered"] == reverse("decrees:unregistered")
    page = client_for(sambas_user).get(reverse("home"))
    html = page.content.decode()
    for key, url in links.items():
        assert re.search(rf'data-queue="{key}"><a href="{re.escape(url)}"><span class="badge">',
                         html), key
    assert [i.pk for i in page.context["overdue"]] == [regency_month["item"].pk]
    assert "Tidak ada pekerjaan yang menunggu" not in html


def test_several_waiting_link_to_the_list_and_the_grace_period_counts(
        sambas_user, regency_month):
    waiting_upload(SAMBAS, "sambas-april.xlsx")
    assert counts(sambas_user)["mapping_uploads"] == 2
    assert urls(sambas_user)["mapping_uploads"] == reverse("registry:submissions")
    # Before the two months after sending have passed, nobody is overdue yet.
    assert counts(sambas_user, on=date(2025, 3, 9))["unregistered"] == 0
    assert counts(sambas_user, on=date(2025, 3, 10))["unregistered"] == 2


def test_sambas_sees_nothing_of_kubu_raya_and_kubu_raya_nothing_of_sambas(
        client_for, kubu_raya_user, regency_month):
    assert counts(kubu_raya_user) == {"returned_rows": 0, "mapping_uploads": 1,
                                      "draft_proposals": 1, "overdue_actions": 1,
                                      "unregistered": 0}
    html = client_for(kubu_raya_user).get(reverse("home")).content.decode()
    assert reverse("registry:mapping", args=[regency_month["upload"].pk]) not in html
    assert reverse("decrees:proposal", args=[regency_month["draft"].pk]) not in html
    assert "Rancangan Perda" not in html


def test_an_empty_queue_says_so(client_for, sambas_user):
    page = client_for(sambas_user).get(reverse("home"))
    assert page.context["queue"] == []
    assert 'data-testid="queue-empty">Tidak ada pekerjaan yang menunggu.' in page.content.decode()
    assert 'class="badge"' not in page.content.decode()


def test_province_staff_see_what_waits_for_a_verifier_other_than_themselves(
        client_for, adopted, provinsi_user, checker, sambas_user, province):
    by_regency = submitted(sambas_user, adopted, worker_ids=worker_ids("D"))
    # Made and submitted by the province officer on Singkawang's behalf: not theirs to verify.
    on_behalf = submitted(provinsi_user, adopted, regency=KOTA)
    assert counts(provinsi_user)["to_verify"] == 1
    assert urls(provinsi_user)["to_verify"] == reverse("decrees:proposal", args=[by_regency.pk])
    assert counts(checker)["to_verify"] == 2
    assert urls(checker)["to_verify"] == reverse("decrees:overview")
    decrees.decide(user=checker, proposal=on_behalf, accept=True)
    assert counts(checker)["to_verify"] == 1


def test_province_staff_see_decrees_conflicts_and_membership_work(
        client_for, issued, adopted, provinsi_user, province):
    draft = draft_decree(provinsi_user, adopted, number="188.44/2/2025")
    worker = Worker.objects.get(nik=province["sambas"][0].nik)
    NikConflict.objects.create(worker=worker, submission=Submission.objects.filter(
        regency_id=SAMBAS).first(), row_number=2, regency_id=KOTA, name=worker.name)
    done = Extract.objects.get(status=JobStatus.DONE)
    old_failure = Extract.objects.create(as_of=date(2026, 5, 1), file="x", file_name="mei.csv",
                                         file_sha256="1" * 64, status=JobStatus.FAILED)
    Extract.objects.filter(pk=old_failure.pk).update(uploaded_at=done.uploaded_at.replace(year=2025))
    failed = Extract.objects.create(as_of=date(2026, 8, 1), file="x", file_name="agustus.csv",
                                    file_sha256="2" * 64, status=JobStatus.FAILED)
    waiting = Reconciliation.objects.create(extract=done, upper_threshold=0.99,
                                            lower_threshold=0.8, status=JobStatus.AWAITING)
    found = counts(provinsi_user)
    assert {k: found[k] for k in ("decrees_to_issue", "decrees_to_send", "nik_conflicts",
                                  "failed_extracts", "reconciliations_awaiting")} == {
        "decrees_to_issue": 1, "decrees_to_send": 1, "nik_conflicts": 1,
        "failed_extracts": 1, "reconciliations_awaiting": 1}
    links = urls(provinsi_user)
    assert links["decrees_to_issue"] == reverse("decrees:decree", args=[draft.pk])
    assert links["decrees_to_send"] == reverse("decrees:decree", args=[issued.pk])
    assert links["nik_conflicts"] == reverse("registry:conflicts") + "?status=open"
    assert links["failed_extracts"] == reverse("membership:extract", args=[failed.pk])
    assert links["reconciliations_awaiting"] == reverse("membership:confirm", args=[waiting.pk])
    html = client_for(provinsi_user).get(reverse("home")).content.decode()
    assert 'data-testid="badge-conflicts">1<' in html
    assert 'data-testid="badge-membership">2<' in html
    assert 'data-testid="badge-decrees">2<' in html
    # A later successful extract settles the failure.
    Extract.objects.filter(pk=done.pk).update(uploaded_at=failed.uploaded_at.replace(year=2099))
    assert counts(provinsi_user)["failed_extracts"] == 0


def test_bpjs_sees_links_to_review_and_decrees_awaiting_registration_in_the_branch(
        client_for, issued, provinsi_user, bpjs_user, make_user, province):
    decrees.mark_sent(user=provinsi_user, decree=issued, sent_on=date(2026, 11, 1))
    run = latest_reconciliation()
    sambas_worker = Worker.objects.get(nik=province["sambas"][3].nik)
    LinkCandidate.objects.create(
        reconciliation=run, worker=sambas_worker, kpj="20000001",
        participant_nik="6101010101800099", participant_name=sambas_worker.name,
        participant_birth_date=sambas_worker.birth_date, category="BPU",
        participant_status="AKTIF", coverage="active", match_probability=0.9,
        match_weight=8.0, state=CandidateState.REVIEW)
    found = counts(bpjs_user)
    assert (found["links_to_review"], found["awaiting_registration"]) == (1, 4)
    links = urls(bpjs_user)
    assert links["links_to_review"] == reverse("membership:review", args=[run.pk])
    assert links["awaiting_registration"] == reverse("decrees:decree",
                                                     args=[issued.pk]) + "?status=sent"
    html = client_for(bpjs_user).get(reverse("home")).content.decode()
    assert "dalam 1 SK" in html
    kubu_raya = make_user("bpjs_kubu", Role.BPJS, branch_regencies=[KUBU_RAYA])
    assert counts(kubu_raya) == {"links_to_review": 0, "awaiting_registration": 0,
                                 "overdue_actions": 0}


@pytest.fixture
def province_denominator(province):
    Denominator.objects.create(region_id="61", year=2026, kind=DenominatorKind.BPS_EMPLOYED,
                               value=500_000, source="BPS (uji)", reference_date=date(2025, 8, 31))


def test_the_leader_sees_the_province_against_its_target_budgets_and_who_is_behind(
        issued, adopted, province_denominator, pimpinan_user, provinsi_user):
    overdue_item(provinsi_user, SAMBAS, "Rancangan Perda")
    # Singkawang has a target of its own for 2026 it already meets (29 %): not behind.
    Target.objects.create(region_id=KOTA, year=2026, rate=Decimal("0.25"), source="uji")
    summary = queues.leader_summary(pimpinan_user, on=date(2025, 6, 1))
    latest = summary.outlook.latest
    assert (latest.month, latest.numerator) == (date(2026, 6, 1), 102_000)
    assert summary.outlook.target.year == 2030
    assert summary.budget_amount == 5 * 201_600 + 1_000
    assert summary.committed == 5 * 201_600
    assert summary.spent == 4 * issued.premium_per_worker > 0
    assert summary.decreed_workers == 4
    assert [b.code for b in summary.behind] == [SAMBAS]
    assert summary.behind[0].rate == pytest.approx(67_000 / 291_000)
    assert summary.overdue == 0  # due 30 June 2026
    # The year the figures are about counts: 2026 has no budget nor decree.
    later = queues.leader_summary(pimpinan_user, on=date(2026, 12, 1))
    assert (later.budget_amount, later.spent, later.decreed_workers) == (0, 0, 0)
    assert later.year_point is not None and later.year_point.year == 2026
    assert later.overdue == 1


def test_the_leader_home_page_shows_the_summary(client_for, pimpinan_user, province_denominator,
                                                provinsi_user):
    Target.objects.create(region_id=SAMBAS, year=2030, rate=Decimal("0.9"), source="uji")
    overdue_item(provinsi_user, KOTA, "Data honorer")
    page = client_for(pimpinan_user).get(reverse("home"))
    html = page.content.decode()
    assert 'data-testid="summary-coverage">20,40\u00a0%' in html  # 102.000 / 500.000
    assert 'data-testid="summary-target">65,77\u00a0%' in html
    assert 'data-testid="summary-overdue">1<' in html
    behind = re.findall(r'<tr data-regency="([\d.]+)">', html)
    assert behind == [SAMBAS, KOTA]  # Sambas: 23 % of its own 90 %; Singkawang: 29 % of 65.77 %
    assert reverse("coverage:region", args=[SAMBAS]) in html
    assert 'data-testid="badge-monitoring">1<' in html


@pytest.mark.parametrize(("role", "ceiling"), [
    ("sambas", 10), ("provinsi", 12), ("bpjs", 11), ("pimpinan", 21)])
def test_a_home_page_needs_few_queries(request, client_for, django_assert_max_num_queries,
                                       regency_month, province_denominator, role, ceiling):
    client = client_for(request.getfixturevalue(f"{role}_user"))
    with django_assert_max_num_queries(ceiling):
        assert client.get(reverse("home")).status_code == 200


def test_badges_are_counted_once_per_page_and_only_on_pages_with_the_menu(
        client_for, sambas_user, regency_month, django_assert_max_num_queries):
    client = client_for(sambas_user)
    html = client.get(reverse("registry:submissions")).content.decode()
    assert 'data-testid="badge-submissions">1<' in html
    assert 'data-testid="badge-decrees">4<' in html  # 1 returned + 1 draft + 2 unregistered
    assert 'data-testid="badge-monitoring">1<' in html
    assert 'data-testid="badge-home">6<' in html
    assert 'data-testid="badge-conflicts"' not in html
    # A fragment without the menu counts nothing.
    from ucj.core.context_processors import queue_badges

    class Request:
        user = sambas_user

    lazy = queue_badges(Request())["queue_badges"]
    with django_assert_max_num_queries(0):
        str(type(lazy))
    assert lazy["decrees"] == 4
