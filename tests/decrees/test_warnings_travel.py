"""Issue 15, part 3: a row's intake warnings reach the proposal and the verifier, who can
correct the worker's record (with its history and the audit trail) before the decree
copies it; nobody but province staff can."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tests.decrees.conftest import draft_decree
from tests.membership.conftest import person
from ucj.accounts.models import AuditEvent
from ucj.decrees import selectors, services
from ucj.decrees.models import AnnexRow, RowStatus
from ucj.registry.models import Worker, WorkerChange
from ucj.registry.services import import_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned(adopted, sambas_user):
    """A man (by his NIK) whose list says P, and a clean worker, uploaded by Sambas and
    proposed in a submitted proposal."""
    man = person(41, "Pendatang Lelaki", date(1990, 4, 5), sex="L")
    clean = person(42, "Pendatang Bersih", date(1990, 4, 6), sex="L")
    text = ("NIK,NAMA,TANGGAL LAHIR,JENIS KELAMIN\n"
            f"{man.nik},{man.name},{man.born.isoformat()},P\n"
            f"{clean.nik},{clean.name},{clean.born.isoformat()},L\n")
    submission = import_file(data=text.encode(), file_name="baru.csv", regency_code="61.01",
                             ecosystem_code="rentan").submission
    assert submission.warnings == {"sex_mismatch": 1}
    proposal = services.create_proposal(user=sambas_user, budget=adopted, regency="61.01",
                                        ecosystem="rentan")
    services.add_workers(user=sambas_user, proposal=proposal, submission=submission.pk)
    proposal = services.submit_proposal(user=sambas_user, proposal=proposal)
    return {"proposal": proposal, "man": Worker.objects.get(nik=man.nik),
            "clean": Worker.objects.get(nik=clean.nik), "submission": submission}


def _row(proposal, worker):
    return proposal.rows.get(worker=worker)


def test_warnings_of_the_workers_submissions_are_explained(warned):
    man, clean = warned["man"], warned["clean"]
    found = selectors.intake_warnings("61.01", [man, clean])
    assert clean.pk not in found
    (warning,) = found[man.pk]
    assert warning.code == "sex_mismatch" and warning.submission == warned["submission"].pk
    assert "NIK" in warning.detail and "L" in warning.detail and "P" in warning.detail
    assert "Jenis kelamin di kolom berbeda" in warning.message
    assert not warning.corrected
    # Another regency's lists say nothing about Sambas's rows.
    assert selectors.intake_warnings("61.72", [man]) == {}


def test_the_verifier_corrects_the_sex_and_the_decree_carries_it(warned, checker,
                                                                  provinsi_user):
    proposal, man = warned["proposal"], warned["man"]
    row = _row(proposal, man)
    changed = services.correct_row(user=checker, proposal=proposal, row_id=row.pk,
                                   changes={"sex": "L", "name": "", "birth_date": "05-04-1990"},
                                   reason="KTP diperiksa")
    assert changed == 1  # the birth date was already right: no change, no history
    man.refresh_from_db()
    assert man.sex == "L"
    change = WorkerChange.objects.get(worker=man)
    assert (change.field, change.old_value, change.new_value, change.submission_id) == (
        "sex", "P", "L", None)
    event = AuditEvent.objects.filter(object_type="registry.worker", object_id=str(man.pk)).get()
    assert event.actor == checker and event.region_code == "61.01"
    assert event.detail["changes"] == {"sex": {"old": "P", "new": "L"}}
    assert event.detail["reason"] == "KTP diperiksa"
    assert selectors.intake_warnings("61.01", [man])[man.pk][0].corrected

    services.decide(user=checker, proposal=proposal, accept=True)
    decree = services.issue_decree(user=provinsi_user, decree=draft_decree(provinsi_user,
                                                                           proposal.budget))
    assert AnnexRow.objects.get(decree=decree, worker=man).sex == "L"
    # Once decreed, the record is no longer corrected from the proposal.
    with pytest.raises(services.DecreeError):
        services.correct_row(user=checker, proposal=proposal, row_id=row.pk,
                             changes={"sex": "P"})


def test_corrections_are_checked_and_refused_to_all_but_province_staff(
        warned, checker, sambas_user, bpjs_user, pimpinan_user):
    proposal, man = warned["proposal"], warned["man"]
    row = _row(proposal, man)
    for user in (sambas_user, bpjs_user, pimpinan_user):
        with pytest.raises(PermissionDenied):
            services.correct_row(user=user, proposal=proposal, row_id=row.pk,
                                 changes={"sex": "L"})
    for changes in ({"sex": "X"}, {"birth_date": "31-02-1990"}, {"birth_date": "2999-01-01"},
                    {"desa": "61.72.01.1001"}, {"name": "   "}):
        with pytest.raises(services.DecreeError):
            services.correct_row(user=checker, proposal=proposal, row_id=row.pk,
                                 changes=changes)
    man.refresh_from_db()
    assert man.sex == "P" and not WorkerChange.objects.filter(worker=man).exists()
    desa = next(code for code, _name in selectors.regency_desas("61.01"))
    assert services.correct_row(user=checker, proposal=proposal, row_id=row.pk,
                                changes={"desa": desa, "name": "Pendatang  Lelaki Baru",
                                         "birth_date": "1990-04-07"}) == 3
    man.refresh_from_db()
    assert (man.desa_id, man.name, man.birth_date) == (desa, "Pendatang Lelaki Baru",
                                                       date(1990, 4, 7))
    # Names stay out of the audit trail (the worker's history keeps them).
    event = AuditEvent.objects.filter(object_type="registry.worker").get()
    assert event.detail["changes"]["name"] == {"changed": True}
    assert "Pendatang" not in str(event.detail)
    # A returned row is the regency's to fix.
    services.decide(user=checker, proposal=proposal, accept=False, row_ids=[row.pk],
                    reason="Periksa KTP")
    with pytest.raises(services.DecreeError):
        services.correct_row(user=checker, proposal=proposal, row_id=row.pk,
                             changes={"sex": "L"})


def test_the_verification_page_shows_warnings_and_takes_corrections(warned, checker,
                                                                     sambas_user):
    proposal, man = warned["proposal"], warned["man"]
    row = _row(proposal, man)
    url = reverse("decrees:proposal", args=[proposal.pk])
    correct = reverse("decrees:proposal_correct", args=[proposal.pk, row.pk])
    province = Client()
    province.force_login(checker)
    page = province.get(url).content.decode()
    assert 'data-code="sex_mismatch"' in page
    assert "menurut NIK L, data tercatat P" in page
    assert f'action="{correct}"' in page and 'data-testid="verify-panel"' in page
    assert 'data-testid="not-reconciled"' in page  # uploaded after the reconciliation

    # The regency sees the warnings on its rows but cannot correct from here.
    regency = Client()
    regency.force_login(sambas_user)
    page = regency.get(url).content.decode()
    assert 'data-code="sex_mismatch"' in page and correct not in page
    assert regency.post(correct, {"sex": "L"}).status_code == 404
    man.refresh_from_db()
    assert man.sex == "P"

    response = province.post(correct, {"sex": "L", "reason": "KTP"}, follow=True)
    man.refresh_from_db()
    assert man.sex == "L"
    assert "1 isian pekerja dikoreksi" in response.content.decode()
    assert "sudah dikoreksi" in response.content.decode()
    response = province.post(correct, {"sex": "Z"}, follow=True)
    man.refresh_from_db()
    assert man.sex == "L"
    assert _row(proposal, man).status == RowStatus.PENDING
