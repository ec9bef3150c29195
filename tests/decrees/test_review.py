"""Issue 15, item 5: the irreversible steps on pages go through a review that states
what will happen and act only with the box "Saya mengerti ini tidak dapat dibatalkan"
ticked. The GET is read-only; a POST without the tick changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.decrees.conftest import accepted, draft_decree, worker_ids
from tests.security.test_writes import changed_tables, table_digests
from ucj.decrees import selectors, services
from ucj.decrees.models import Decree, DecreeStatus, Proposal, ProposalStatus

pytestmark = pytest.mark.django_db

PER_WORKER = 201_600  # the budget's twelve months of 2025 at Rp16.800
CONFIRM_LABEL = "Saya mengerti ini tidak dapat dibatalkan"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _read_only_review(client, url: str):
    """GETs the review and checks that it changed no table."""
    before = table_digests()
    page = client.get(url)
    assert page.status_code == 200, page.content
    assert changed_tables(before, table_digests()) == []
    return page


def _facts(page) -> tuple[int, int, int, int]:
    review = page.context["review"]
    return review.workers, review.months, review.per_worker, review.total


def _draft_with(user, budget, letters=("D", "E", "F")) -> Proposal:
    proposal = services.create_proposal(user=user, budget=budget, regency="61.01",
                                        ecosystem="rentan")
    services.add_workers(user=user, proposal=proposal, worker_ids=worker_ids(*letters))
    return proposal


def test_submitting_a_proposal_is_reviewed_then_confirmed(adopted, sambas_user):
    proposal = _draft_with(sambas_user, adopted)
    client = _client(sambas_user)
    url = reverse("decrees:proposal_submit", args=[proposal.pk])
    page = _read_only_review(client, url)
    assert _facts(page) == (3, 12, PER_WORKER, 3 * PER_WORKER)
    html = page.content.decode()
    assert 'data-testid="review-workers">3<' in html
    assert "Rp604.800" in html and "Rp201.600" in html
    assert "Januari 2025 – Desember 2025 (12 bulan)" in html
    assert CONFIRM_LABEL in html and "tidak dapat dibatalkan" in html

    # Without the tick: nothing changes, the review comes back with a message.
    before = table_digests()
    again = client.post(url)
    assert again.status_code == 200 and 'data-testid="review-unconfirmed"' in again.content.decode()
    assert "Tidak ada yang diubah" in again.content.decode()
    assert changed_tables(before, table_digests()) == []
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT

    done = client.post(url, {"confirm": "1"})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.submitted_by == sambas_user


def test_a_proposal_without_workers_is_refused_with_a_clear_message(adopted, sambas_user):
    proposal = services.create_proposal(user=sambas_user, budget=adopted, regency="61.01",
                                        ecosystem="rentan")
    client = _client(sambas_user)
    url = reverse("decrees:proposal_submit", args=[proposal.pk])
    html = _read_only_review(client, url).content.decode()
    assert 'data-testid="review-refusal"' in html and 'data-testid="review-form"' not in html
    assert "Usulan ini belum mencantumkan pekerja: tambahkan pekerja" in html
    followed = client.post(url, {"confirm": "1"}, follow=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    message = str(list(followed.context["messages"])[0])
    assert message == str(html.split('data-testid="review-refusal">')[1].split("<")[0])


def test_only_who_may_propose_sees_the_submit_review(adopted, sambas_user, kota_user,
                                                     pimpinan_user):
    proposal = _draft_with(sambas_user, adopted)
    url = reverse("decrees:proposal_submit", args=[proposal.pk])
    assert _client(kota_user).get(url).status_code == 404
    assert _client(pimpinan_user).get(url).status_code == 404
    assert _client(pimpinan_user).post(url, {"confirm": "1"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_issuing_a_decree_is_reviewed_then_confirmed(adopted, sambas_user, kota_user, checker,
                                                     provinsi_user):
    accepted(sambas_user, checker, adopted, worker_ids=worker_ids("D", "E", "F"))
    accepted(kota_user, checker, adopted, regency="61.72")
    decree = draft_decree(provinsi_user, adopted)
    client = _client(provinsi_user)
    url = reverse("decrees:decree_issue", args=[decree.pk])
    page = _read_only_review(client, url)
    assert _facts(page) == (4, 12, PER_WORKER, 4 * PER_WORKER)
    assert "Rp806.400" in page.content.decode()

    before = table_digests()
    assert client.post(url).status_code == 200
    assert changed_tables(before, table_digests()) == []
    decree.refresh_from_db()
    assert decree.status == DecreeStatus.DRAFT

    client.post(url, {"confirm": "1"})
    decree.refresh_from_db()
    assert decree.status == DecreeStatus.ISSUED and decree.annex_count == 4
    # Issued: the review says so and offers no confirmation.
    html = client.get(url).content.decode()
    assert 'data-testid="review-refusal"' in html and 'data-testid="review-form"' not in html


def test_the_decree_page_links_to_the_reviews(issued, provinsi_user, pimpinan_user):
    html = _client(provinsi_user).get(reverse("decrees:decree", args=[issued.pk])).content.decode()
    assert f'href="{reverse("decrees:decree_amend", args=[issued.pk])}"' in html
    # The sent-on date field holds an ISO date, which <input type="date"> accepts.
    today = selectors.today().isoformat()
    assert f'type="date" name="sent_on" value="{today}"' in html
    sent_url = reverse("decrees:decree_sent", args=[issued.pk])
    assert f'method="get" action="{sent_url}"' in html
    assert _client(pimpinan_user).get(
        reverse("decrees:decree_sent", args=[issued.pk])).status_code == 404


def test_recording_as_sent_is_reviewed_accepts_indonesian_dates_and_says_what_it_recorded(
        issued, provinsi_user):
    client = _client(provinsi_user)
    url = reverse("decrees:decree_sent", args=[issued.pk])
    page = _read_only_review(client, url + "?sent_on=3/12/2026")
    assert _facts(page) == (4, 12, PER_WORKER, 4 * PER_WORKER)
    assert 'type="date" name="sent_on" value="2026-12-03"' in page.content.decode()

    before = table_digests()
    refused = client.post(url, {"sent_on": "3 Desember 2026"})
    assert 'data-testid="review-unconfirmed"' in refused.content.decode()
    assert changed_tables(before, table_digests()) == []
    bad = client.post(url, {"sent_on": "besok", "confirm": "1"})
    assert "3 Desember 2026" in bad.content.decode()  # the message shows how to write it
    issued.refresh_from_db()
    assert issued.status == DecreeStatus.ISSUED and issued.sent_on is None

    done = client.post(url, {"sent_on": "3 Desember 2026", "confirm": "1"}, follow=True)
    issued.refresh_from_db()
    assert issued.status == DecreeStatus.SENT and issued.sent_on == date(2026, 12, 3)
    assert "Dicatat: dikirim ke BPJS pada 3 Desember 2026" in done.content.decode()


@pytest.mark.parametrize("typed", ["03-12-2026", "2026-12-03", "3/12/2026"])
def test_the_sent_date_in_other_forms(issued, provinsi_user, typed):
    _client(provinsi_user).post(reverse("decrees:decree_sent", args=[issued.pk]),
                                {"sent_on": typed, "confirm": "1"})
    issued.refresh_from_db()
    assert issued.sent_on == date(2026, 12, 3)


def test_amending_is_reviewed_then_confirmed(issued, provinsi_user):
    client = _client(provinsi_user)
    url = reverse("decrees:decree_amend", args=[issued.pk])
    page = _read_only_review(client, url)
    assert _facts(page) == (4, 12, PER_WORKER, 4 * PER_WORKER)
    before = table_digests()
    client.post(url)
    assert changed_tables(before, table_digests()) == []
    assert not Decree.objects.filter(amends=issued).exists()
    response = client.post(url, {"confirm": "1"})
    amendment = Decree.objects.get(amends=issued)
    assert response.url == reverse("decrees:decree", args=[amendment.pk])
    # A second amendment is refused on the review already.
    assert 'data-testid="review-refusal"' in client.get(url).content.decode()


def test_the_api_keeps_acting_without_a_confirmation(adopted, sambas_user):
    proposal = _draft_with(sambas_user, adopted)
    answer = _client(sambas_user).post(f"/api/decrees/proposals/{proposal.pk}/submit")
    assert answer.json()["status"] == "submitted"
