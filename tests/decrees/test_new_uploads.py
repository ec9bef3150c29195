"""Issue 15, part 2: workers a regency has just uploaded can be proposed at once.

A worker the latest reconciliation does not know (registered after it, or before any)
is "not yet reconciled", a candidate by default; adding by submission adds every
accepted row of the upload (clean ones too, not only those with warnings); an empty
candidate list says why and what to do."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.decrees.conftest import worker_ids
from tests.membership.conftest import person
from ucj.decrees import selectors, services
from ucj.decrees.models import ProposalRow
from ucj.membership.models import Reconciliation
from ucj.registry.models import Submission, SubmissionRow, Worker
from ucj.registry.services import import_file

pytestmark = pytest.mark.django_db


def _upload(lines: list[str], *, name: str = "baru.csv", regency: str = "61.01") -> Submission:
    text = "NIK,NAMA,TANGGAL LAHIR,JENIS KELAMIN\n" + "\n".join(lines) + "\n"
    return import_file(data=text.encode(), file_name=name, regency_code=regency,
                       ecosystem_code="rentan").submission


def _new_people(*serials: int) -> list:
    return [person(s, f"Pendatang Baru {s}", date(1990, 3, s % 28 + 1)) for s in serials]


def _line(p, sex: str = "L") -> str:
    return f"{p.nik},{p.name},{p.born.isoformat()},{sex}"


def test_workers_uploaded_after_the_reconciliation_are_candidates_not_yet_reconciled(
        adopted, sambas_user):
    fresh = _new_people(51, 52)
    _upload([_line(p) for p in fresh])
    proposal = services.create_proposal(user=sambas_user, budget=adopted, regency="61.01",
                                        ecosystem="rentan")
    found = {w.name: w.bpjs_status for w in selectors.candidates(proposal)}
    assert found["Pendatang Baru 51"] == selectors.NOT_RECONCILED
    assert found["Pendatang Baru 52"] == selectors.NOT_RECONCILED
    assert found["Warga Sambas D"] == "not_enrolled"
    assert "Warga Sambas B" not in found  # active at BPJS: still left out by default

    added = services.add_workers(user=sambas_user, proposal=proposal, name="Pendatang")
    assert added == 2
    assert set(proposal.rows.values_list("bpjs_status", flat=True)) == {
        selectors.NOT_RECONCILED}


def test_before_any_reconciliation_every_registered_worker_is_not_yet_reconciled(
        adopted, sambas_user):
    Reconciliation.objects.all().delete()
    proposal = services.create_proposal(user=sambas_user, budget=adopted, regency="61.01",
                                        ecosystem="rentan")
    statuses = list(selectors.candidates(proposal).values_list("bpjs_status", flat=True))
    assert len(statuses) == 6 and set(statuses) == {selectors.NOT_RECONCILED}


def test_adding_by_submission_adds_every_accepted_row(adopted, sambas_user):
    clean, warned, again = _new_people(61, 62, 63)
    bad = "61010112345"  # too short: rejected
    _upload([_line(again)], name="lama.csv")
    submission = _upload([_line(clean), _line(warned, sex="P"), f"{bad},Salah NIK,1990-01-01,L",
                          _line(again)])
    assert submission.rejected == 1 and submission.warned == 1
    # Only the row with a warning (and the rejected one) has a result row.
    assert SubmissionRow.objects.filter(submission=submission).exclude(
        verdict="rejected").count() == 1

    proposal = services.create_proposal(user=sambas_user, budget=adopted, regency="61.01",
                                        ecosystem="rentan")
    added = services.add_workers(user=sambas_user, proposal=proposal,
                                 submission=submission.pk)
    names = set(proposal.rows.values_list("worker__name", flat=True))
    assert added == 3
    assert names == {clean.name, warned.name, again.name}
    # Another regency's submission adds nothing here.
    kota = _upload([_line(person(71, "Warga Kota Baru", date(1991, 1, 1), regency="61.72"))],
                   name="kota.csv", regency="61.72")
    assert services.add_workers(user=sambas_user, proposal=proposal, submission=kota.pk) == 0


def test_empty_candidate_list_says_why(adopted, sambas_user):
    first = services.create_proposal(user=sambas_user, budget=adopted, regency="61.01",
                                     ecosystem="rentan")
    services.add_workers(user=sambas_user, proposal=first)  # C, D, E, F (A, B active)
    second = services.create_proposal(user=sambas_user, budget=adopted, regency="61.01",
                                      ecosystem="rentan")
    assert selectors.candidates(second).count() == 0
    counts = selectors.candidate_counts(second)
    assert (counts.listed, counts.proposed, counts.active) == (6, 4, 2)

    client = Client()
    client.force_login(sambas_user)
    page = client.get(reverse("decrees:proposal", args=[second.pk])).content.decode()
    assert 'data-reason="proposed-or-active"' in page
    assert "4 pekerja sudah diusulkan" in page and "2 pekerja sudah aktif di BPJS" in page
    assert reverse("registry:upload") in page

    none = services.create_proposal(user=sambas_user, budget=adopted, regency="61.01",
                                    ecosystem="rt_rw")
    page = client.get(reverse("decrees:proposal", args=[none.pk])).content.decode()
    assert 'data-reason="none-registered"' in page
    assert "Belum ada pekerja kabupaten/kota ini yang terdaftar" in page

    # A new upload ends the empty list at once, marked as not yet reconciled.
    _upload([_line(p) for p in _new_people(81)])
    page = client.get(reverse("decrees:proposal", args=[second.pk])).content.decode()
    assert "Pendatang Baru 81" in page and 'data-testid="not-reconciled"' in page
    assert "Belum direkonsiliasi" in page


def test_the_page_adds_a_whole_submission(adopted, sambas_user):
    clean, warned = _new_people(91, 92)
    submission = _upload([_line(clean), _line(warned, sex="P")])
    proposal = services.create_proposal(user=sambas_user, budget=adopted, regency="61.01",
                                        ecosystem="rentan")
    client = Client()
    client.force_login(sambas_user)
    page = client.get(reverse("decrees:proposal", args=[proposal.pk]),
                      {"submission": submission.pk, "only_not_active": "on"}).content.decode()
    assert "2 pekerja cocok" in page
    client.post(reverse("decrees:proposal_add", args=[proposal.pk]),
                {"all": "1", "submission": submission.pk, "only_not_active": "on"})
    assert set(ProposalRow.objects.filter(proposal=proposal).values_list(
        "worker_id", flat=True)) == set(Worker.objects.filter(
            nik__in=[clean.nik, warned.nik]).values_list("pk", flat=True))
    assert worker_ids("D")  # the fixture's own workers are untouched
