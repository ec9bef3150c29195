"""The pages, the API and the command line: the workflow as people and scripts use it,
with scope, maker-checker, audited downloads and the command's files."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tests.decrees.conftest import worker_ids
from ucj.accounts.models import AuditAction, AuditEvent
from ucj.decrees import annex
from ucj.decrees.models import Decree, DecreeStatus, Proposal, ProposalStatus, RowStatus

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_propose_verify_issue_and_download(adopted, sambas_user, provinsi_user, checker,
                                                 bpjs_user, pimpinan_user):
    sambas = _client(sambas_user)
    response = sambas.post(reverse("decrees:proposal_create"), {
        "budget": adopted.pk, "regency": "61.01", "ecosystem": "rentan"})
    proposal = Proposal.objects.get()
    assert response.url == reverse("decrees:proposal", args=[proposal.pk])
    page = sambas.get(response.url).content.decode()
    assert 'data-testid="candidates"' in page and "Warga Sambas D" in page
    assert "Warga Sambas B" not in page  # active in BPJS: hidden by default
    sambas.post(reverse("decrees:proposal_add", args=[proposal.pk]),
                {"worker": worker_ids("D", "E", "F")})
    sambas.post(reverse("decrees:proposal_submit", args=[proposal.pk]), {"confirm": "1"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.rows.count() == 3

    # The regency cannot verify its own proposal (the page says so, the POST is refused).
    sambas.post(reverse("decrees:proposal_decide", args=[proposal.pk]),
                {"decision": "accept", "scope": "all"})
    assert not proposal.rows.filter(status=RowStatus.ACCEPTED).exists()
    province = _client(checker)
    assert 'data-testid="verify-panel"' in province.get(
        reverse("decrees:proposal", args=[proposal.pk])).content.decode()
    province.post(reverse("decrees:proposal_decide", args=[proposal.pk]),
                  {"decision": "accept", "scope": "all"})
    assert proposal.rows.filter(status=RowStatus.ACCEPTED).count() == 3

    lead = _client(provinsi_user)
    lead.post(reverse("decrees:decree_create", args=[adopted.pk]), {
        "issuer": "governor", "number": "188.44/7/2025", "signed_on": "2025-01-02",
        "place": "Pontianak", "title": "Penerima bantuan iuran 2025",
        "signatory_name": "Gubernur Contoh", "signatory_title": "GUBERNUR KALIMANTAN BARAT",
        "start_month": "2025-01", "months": "12"})
    decree = Decree.objects.get()
    page = lead.get(reverse("decrees:decree", args=[decree.pk])).content.decode()
    assert "KEPUTUSAN GUBERNUR KALIMANTAN BARAT" in page
    assert 'data-testid="text-unconfirmed"' in page  # gazette numbers still to fill in
    lead.post(reverse("decrees:decree_issue", args=[decree.pk]), {"confirm": "1"})
    decree.refresh_from_db()
    assert decree.status == DecreeStatus.ISSUED and decree.annex_count == 3
    assert decree.legal_basis.splitlines()[0].startswith("Undang-Undang Nomor 9 Tahun 2022")

    csv = lead.get(reverse("decrees:decree_csv", args=[decree.pk]))
    assert csv["Content-Type"].startswith("text/csv")
    assert annex.hash_of_bpjs_csv(csv.content) == (decree.annex_sha256, 3)
    exports = AuditEvent.objects.filter(action=AuditAction.EXPORT_PERSONAL,
                                        object_id=str(decree.pk))
    assert exports.filter(actor=provinsi_user, detail__file="bpjs_csv", detail__rows=3).exists()
    assert lead.get(reverse("decrees:decree_xlsx", args=[decree.pk])).content[:2] == b"PK"
    assert lead.get(reverse("decrees:decree_pdf", args=[decree.pk])).content[:5] == b"%PDF-"
    assert exports.count() == 3

    # BPJS (branch serving Sambas) gets the registration file; the regency does not;
    # leaders see masked NIKs only.
    assert _client(bpjs_user).get(reverse("decrees:decree_csv", args=[decree.pk])).status_code == 200
    assert sambas.get(reverse("decrees:decree_csv", args=[decree.pk])).status_code == 404
    page = _client(pimpinan_user).get(reverse("decrees:decree", args=[decree.pk])).content.decode()
    assert "Warga Sambas D" in page
    assert not any(nik in page for nik in
                   annex_niks(decree))
    lead.post(reverse("decrees:decree_sent", args=[decree.pk]),
              {"sent_on": "2026-07-01", "confirm": "1"})
    decree.refresh_from_db()
    assert decree.status == DecreeStatus.SENT
    page = lead.get(reverse("decrees:unregistered") + "?tanggal=2026-09-01").content.decode()
    assert 'data-testid="unregistered-count">3 ' in page.replace("\n", " ")


def annex_niks(decree):
    return list(decree.annex.values_list("nik", flat=True))


def test_other_regencies_get_404(issued, make_user):
    kubu = _client(make_user("op_kubu", "kabupaten", regency="61.12"))
    proposal = Proposal.objects.filter(regency_id="61.01").first()
    for url in (reverse("decrees:decree", args=[issued.pk]),
                reverse("decrees:decree_pdf", args=[issued.pk]),
                reverse("decrees:decree_xlsx", args=[issued.pk]),
                reverse("decrees:proposal", args=[proposal.pk])):
        assert kubu.get(url).status_code == 404, url
    assert "Warga" not in kubu.get(reverse("decrees:overview")).content.decode()


def test_api_runs_the_workflow(adopted, sambas_user, checker, provinsi_user):
    sambas, province, lead = _client(sambas_user), _client(checker), _client(provinsi_user)
    made = sambas.post("/api/decrees/proposals", {"budget": adopted.pk, "regency": "61.01",
                                                  "ecosystem": "rentan"},
                       content_type="application/json")
    assert made.status_code == 201, made.content
    pid = made.json()["id"]
    added = sambas.post(f"/api/decrees/proposals/{pid}/rows",
                        {"workers": worker_ids("D", "E")}, content_type="application/json")
    assert added.json() == {"count": 2}
    assert sambas.post(f"/api/decrees/proposals/{pid}/submit").json()["status"] == "submitted"
    refused = sambas.post(f"/api/decrees/proposals/{pid}/decisions", {"accept": True},
                          content_type="application/json")
    assert refused.status_code == 403
    assert province.post(f"/api/decrees/proposals/{pid}/decisions", {"accept": True},
                         content_type="application/json").json() == {"count": 2}
    allocation = {a["regency"]: a for a in
                  lead.get(f"/api/decrees/budgets/{adopted.pk}/allocation").json()}
    assert (allocation["61.01"]["funded"], allocation["61.01"]["accepted"]) == (3, 2)
    decree = lead.post("/api/decrees/decrees", {
        "budget": adopted.pk, "number": "188.44/8/2025", "signed_on": "2025-01-02",
        "signatory_name": "Gubernur Contoh"}, content_type="application/json")
    assert decree.status_code == 201, decree.content
    did = decree.json()["id"]
    issued = lead.post(f"/api/decrees/decrees/{did}/issue").json()
    assert issued["status"] == "issued" and issued["annex_count"] == 2
    patch = lead.patch(f"/api/decrees/decrees/{did}", {"title": "Lain"},
                       content_type="application/json")
    assert patch.status_code == 422
    rows = lead.get(f"/api/decrees/decrees/{did}/beneficiaries").json()
    assert [r["number"] for r in rows] == [1, 2] and not rows[0]["registered"]
    csv = lead.get(f"/api/decrees/decrees/{did}/csv")
    frame = pl.read_csv(io.BytesIO(csv.content), infer_schema=False)
    assert frame["NIK"].str.len_chars().to_list() == [16, 16]
    assert sambas.get(f"/api/decrees/decrees/{did}/csv").status_code == 404


def test_command_writes_the_pdf_and_the_exports(issued, tmp_path):
    out = io.StringIO()
    call_command("decree", "pdf", str(issued.pk), "--out", str(tmp_path / "sk.pdf"), stdout=out)
    assert (tmp_path / "sk.pdf").read_bytes()[:5] == b"%PDF-" and "4 penerima" in out.getvalue()
    call_command("decree", "export", str(issued.pk), "--out", str(tmp_path / "bpjs.csv"),
                 stdout=out)
    call_command("decree", "export", str(issued.pk), "--out", str(tmp_path / "lampiran.xlsx"),
                 stdout=out)
    assert (tmp_path / "lampiran.xlsx").read_bytes()[:2] == b"PK"
    out = io.StringIO()
    call_command("decree", "hash", str(tmp_path / "bpjs.csv"), stdout=out)
    assert out.getvalue().startswith(issued.annex_sha256) and "188.44/1/2025" in out.getvalue()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT_PERSONAL, actor=None,
                                     object_id=str(issued.pk)).count() == 3
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("decree", "pdf", "999", "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match=".csv"):
        call_command("decree", "export", str(issued.pk), "--out", str(tmp_path / "x.txt"))
    assert date.today()  # the command needs no date
