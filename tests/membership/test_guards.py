"""Issue 14, item 8: an extract that accepted nothing (or too little) is no basis, and a
reconciliation that takes many active workers out of coverage waits for province staff.

The thresholds are province settings (MembershipSettings), edited on a page and through
the API, with audit. Real database, real files, real reconciliations."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ucj.accounts.models import AuditAction, AuditEvent
from ucj.membership import selectors, services
from ucj.membership.models import (
    Extract,
    ExtractRow,
    JobStatus,
    LinkDecision,
    MembershipSettings,
    Reconciliation,
    WorkerMembership,
)

from .conftest import extract_csv, filler_participants, participant, register
from .test_services import AHMAD, BUDI, JOKO, PEOPLE, SITI, TONO

pytestmark = pytest.mark.django_db

JUNE = date(2026, 6, 30)
JULY = date(2026, 7, 31)
ACTIVE = [SITI, BUDI, AHMAD, JOKO, TONO]  # all five active in June


def june_rows() -> list[tuple]:
    return [participant(p, f"1000000000{i}") for i, p in enumerate(ACTIVE)] + \
        filler_participants(300)


def july_rows(keep: list) -> list[tuple]:
    """July: only `keep` of the June actives are still in the extract."""
    return [participant(p, f"1000000000{ACTIVE.index(p)}", paid="2026-07") for p in keep] + \
        filler_participants(300)


def bad(rows: list[tuple]) -> list[tuple]:
    """The same rows with a KPJ that is no number: every one rejected."""
    return [(row[0], "KPJ?", *row[2:]) for row in rows]


@pytest.fixture
def june(kalbar):
    """The registry (8 workers) reconciled with a June extract: 5 active."""
    workers = register(PEOPLE)
    services.import_extract(data=extract_csv(june_rows()), file_name="juni.csv", as_of=JUNE)
    run = services.reconcile()
    assert run.status == JobStatus.DONE and run.active == 5
    return workers, run


def import_july(rows: list[tuple], name: str = "juli.csv") -> Extract:
    return services.import_extract(data=extract_csv(rows), file_name=name, as_of=JULY)


# Extracts that accepted too little ----------------------------------------------------------


def test_an_extract_failure_reads_in_the_language_of_whoever_imported_it(june):
    from django.utils import translation

    with translation.override("en"), pytest.raises(services.MembershipError) as refused:
        import_july(bad(july_rows(ACTIVE)))
    assert str(refused.value).startswith("Extract failed: of 305 data rows not a single row")
    assert "KPJ number not valid (305 rows)" in str(refused.value)
    header_only = b"NIK;NAMA;KPJ\n3201010101010001;SITI;123\n"
    with translation.override("en"), pytest.raises(services.MembershipError) as refused:
        services.import_extract(data=header_only, file_name="x.csv", as_of=JULY)
    assert "the columns Birth date, Category" in str(refused.value), str(refused.value)
    with pytest.raises(services.MembershipError, match="kolom Tanggal lahir, Kategori"):
        services.import_extract(data=header_only, file_name="x.csv", as_of=JULY)


def test_an_extract_whose_rows_were_all_rejected_fails_and_is_never_the_latest(june):
    _, june_run = june
    good = Extract.objects.get()
    with pytest.raises(services.MembershipError, match="tidak satu pun baris yang diterima"):
        import_july(bad(july_rows(ACTIVE)))
    failed = Extract.objects.exclude(pk=good.pk).get()
    assert failed.status == JobStatus.FAILED
    assert (failed.rows, failed.accepted, failed.rejected) == (305, 0, 305)
    assert "305 baris" in failed.error and "50 %" in failed.error
    assert "Nomor KPJ tidak sah (305 baris)" in failed.error and "impor lagi" in failed.error
    assert "kpj_format" not in failed.error  # the reason's label, not its code
    assert not failed.participants  # no Parquet file: nothing to reconcile against
    assert ExtractRow.objects.filter(extract=failed).count() == 305  # what to fix
    # Whatever picks "the latest extract" skips it; the June reconciliation stays current.
    assert selectors.latest_extract() == good
    assert selectors.latest_reconciliation() == june_run
    run = services.reconcile()  # the default extract is the newest usable one: June's
    assert run.extract == good


def test_an_extract_below_the_provinces_minimum_fails_and_the_minimum_is_editable(
        june, provinsi_user):
    rows = july_rows(ACTIVE)  # 305 rows
    mostly_bad = rows[:100] + bad(rows[100:])  # 100 accepted: 32.8 %
    with pytest.raises(services.MembershipError, match=r"hanya 100 baris \(32,8 %\)"):
        import_july(mostly_bad)
    failed = Extract.objects.get(as_of=JULY)
    assert failed.status == JobStatus.FAILED and failed.accepted == 100
    assert "50 %" in failed.error
    assert selectors.latest_extract().as_of == JUNE

    services.set_membership_settings(user=provinsi_user, min_accepted_percent=Decimal(30),
                                     max_loss_percent=Decimal(20))
    passed = import_july(mostly_bad, name="juli-lagi.csv")  # a failed file may come again
    assert passed.status == JobStatus.DONE and passed.accepted == 100
    assert selectors.latest_extract() == passed
    event = AuditEvent.objects.get(object_type="membership.membershipsettings")
    assert event.actor == provinsi_user and event.action == AuditAction.UPDATE
    assert event.detail["before"]["min_accepted_percent"] == "50"
    assert event.detail["after"]["min_accepted_percent"] == "30.00"


def test_the_failed_extract_page_shows_why_and_offers_no_reconciliation(june, client_for,
                                                                        bpjs_user):
    with pytest.raises(services.MembershipError):
        import_july(bad(july_rows(ACTIVE)))
    failed = Extract.objects.get(as_of=JULY)
    page = client_for(bpjs_user).get(reverse("membership:extract", args=[failed.pk]))
    html = page.content.decode()
    assert 'data-testid="extract-error"' in html and "tidak satu pun baris" in html
    assert 'data-testid="rejected-rows"' in html
    assert 'data-testid="reconcile-form"' not in html


def test_a_reconciliation_on_a_failed_extract_is_refused_on_page_api_and_command(
        june, client_for, bpjs_user):
    _, june_run = june
    with pytest.raises(services.MembershipError):
        import_july(bad(july_rows(ACTIVE)))
    failed = Extract.objects.get(as_of=JULY)
    with pytest.raises(services.MembershipError, match=f"Ekstrak #{failed.pk} gagal"):
        services.reconcile(extract_id=failed.pk)

    client = client_for(bpjs_user)
    page = client.post(reverse("membership:reconcile", args=[failed.pk]),
                       {"upper": 0.99, "lower": 0.5}, follow=True)
    assert f"Ekstrak #{failed.pk} gagal diperiksa" in page.content.decode()

    api = client.post("/api/membership/reconciliations", {"extract": failed.pk},
                      content_type="application/json")
    assert api.status_code == 422 and "gagal diperiksa" in api.json()["detail"]

    with pytest.raises(CommandError, match="gagal diperiksa"):
        call_command("reconcile", "--extract", str(failed.pk))
    assert list(Reconciliation.objects.all()) == [june_run]


# Reconciliations that take many workers out of coverage -----------------------------------


def mass_loss(june) -> Reconciliation:
    """July's extract lacks four of the five June actives (80 % > 20 %)."""
    import_july(july_rows([TONO]))
    run = services.reconcile()
    assert run.status == JobStatus.AWAITING
    return run


def test_a_mass_loss_reconciliation_waits_and_the_previous_stays_current(june, client_for,
                                                                       bpjs_user):
    workers, june_run = june
    july_run = mass_loss(june)
    assert (july_run.compared_with, july_run.active_before, july_run.lost) == (june_run, 5, 4)
    assert july_run.loss_limit == Decimal(20)
    assert selectors.latest_reconciliation() == june_run
    # Statuses per worker downstream still come from June.
    from ucj.decrees.selectors import latest_bpjs_status

    assert latest_bpjs_status() == june_run
    assert WorkerMembership.objects.filter(reconciliation=june_run, status="active").count() == 5
    overview = client_for(bpjs_user).get(reverse("membership:overview"))
    assert overview.context["run"] == june_run
    # The waiting run's page states the figures; BPJS sees no confirm button.
    page = client_for(bpjs_user).get(reverse("membership:reconciliation", args=[july_run.pk]))
    html = page.content.decode()
    assert 'data-testid="awaiting"' in html
    assert "membuat 4 dari 5 pekerja yang aktif" in html and "(80,0 %)" in html
    assert "batas 20 %" in html
    assert 'data-testid="open-confirm"' not in html
    # Its statuses are not served as a result.
    api = client_for(bpjs_user).get(f"/api/membership/reconciliations/{july_run.pk}/summary")
    assert api.status_code == 409 and "menunggu konfirmasi" in api.json()["detail"]
    # The batch path says so.
    out = io.StringIO()
    call_command("reconcile", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert (printed["status"], printed["active_before"], printed["lost"]) == ("awaiting", 5, 4)


def test_bpjs_may_not_confirm(june, client_for, bpjs_user):
    july_run = mass_loss(june)
    with pytest.raises(PermissionDenied):
        services.confirm_reconciliation(user=bpjs_user, run=july_run)
    client = client_for(bpjs_user)
    assert client.get(reverse("membership:confirm", args=[july_run.pk])).status_code == 404
    assert client.post(reverse("membership:confirm", args=[july_run.pk]),
                       {"action": "confirm"}).status_code == 404
    api = client.post(f"/api/membership/reconciliations/{july_run.pk}/confirm")
    assert api.status_code == 403
    july_run.refresh_from_db()
    assert july_run.status == JobStatus.AWAITING
    assert selectors.latest_reconciliation() == june[1]


def test_province_staff_confirming_makes_it_current(june, client_for, provinsi_user):
    july_run = mass_loss(june)
    client = client_for(provinsi_user)
    page = client.get(reverse("membership:confirm", args=[july_run.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="confirm-figures"' in html
    assert "80,0 %" in html and "Konfirmasi: 4 pekerja aktif menjadi belum terdaftar" in html
    response = client.post(reverse("membership:confirm", args=[july_run.pk]),
                           {"action": "confirm"})
    assert response.status_code == 302
    july_run.refresh_from_db()
    assert july_run.status == JobStatus.DONE and july_run.decided_by == provinsi_user
    assert selectors.latest_reconciliation() == july_run
    event = AuditEvent.objects.get(object_type="membership.reconciliation",
                                   object_id=str(july_run.pk), action=AuditAction.UPDATE)
    assert event.actor == provinsi_user
    assert event.detail | {"lost": 4, "decision": "confirmed"} == event.detail
    # Only once.
    again = client.post(f"/api/membership/reconciliations/{july_run.pk}/confirm")
    assert again.status_code == 409


def test_province_staff_confirm_through_the_api(june, client_for, provinsi_user):
    july_run = mass_loss(june)
    response = client_for(provinsi_user).post(
        f"/api/membership/reconciliations/{july_run.pk}/confirm")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done" and response.json()["lost"] == 4
    assert selectors.latest_reconciliation() == july_run


def test_discarding_keeps_the_old_one(june, client_for, provinsi_user):
    _, june_run = june
    july_run = mass_loss(june)
    response = client_for(provinsi_user).post(
        reverse("membership:confirm", args=[july_run.pk]), {"action": "discard"})
    assert response.status_code == 302
    july_run.refresh_from_db()
    assert july_run.status == JobStatus.DISCARDED and july_run.lost == 4
    assert selectors.latest_reconciliation() == june_run
    assert not WorkerMembership.objects.filter(reconciliation=july_run).exists()
    assert AuditEvent.objects.filter(object_id=str(july_run.pk),
                                     detail__decision="discarded").exists()
    with pytest.raises(services.MembershipError, match="tidak sedang menunggu"):
        services.confirm_reconciliation(user=provinsi_user, run=july_run)


def test_a_rerun_of_the_current_extract_that_loses_workers_keeps_the_old_result(
        june, provinsi_user):
    """The earlier result of the same extract stays current while the new one waits."""
    workers, june_run = june
    siti = workers[SITI.nik]
    for kpj in ("10000000000",):  # SITI's only KPJ: rejected on review
        LinkDecision.objects.create(worker=siti, kpj=kpj, decision="rejected")
    services.set_membership_settings(user=provinsi_user, min_accepted_percent=Decimal(50),
                                     max_loss_percent=Decimal(10))
    rerun = services.reconcile(extract_id=june_run.extract_id)
    assert rerun.status == JobStatus.AWAITING and (rerun.active_before, rerun.lost) == (5, 1)
    assert Reconciliation.objects.filter(pk=june_run.pk, status=JobStatus.DONE).exists()
    assert selectors.latest_reconciliation() == june_run
    services.confirm_reconciliation(user=provinsi_user, run=rerun)
    assert not Reconciliation.objects.filter(pk=june_run.pk).exists()  # replaced now
    assert selectors.latest_reconciliation() == rerun


def test_a_small_loss_becomes_current_at_once(june):
    _, june_run = june
    import_july(july_rows([SITI, BUDI, AHMAD, JOKO]))  # one of five lost: 20 %, not more
    run = services.reconcile()
    assert run.status == JobStatus.DONE and (run.active_before, run.lost) == (5, 1)
    assert selectors.latest_reconciliation() == run


# The settings page ----------------------------------------------------------------------------


def test_settings_page_for_province_staff_only(client_for, provinsi_user, bpjs_user):
    url = reverse("membership:settings")
    assert client_for(bpjs_user).get(url).status_code == 404
    assert client_for(bpjs_user).put(
        "/api/membership/settings", {"min_accepted_percent": 10, "max_loss_percent": 10},
        content_type="application/json").status_code == 403
    client = client_for(provinsi_user)
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"].initial == {
        "min_accepted_percent": Decimal(50), "max_loss_percent": Decimal(20)}
    refused = client.post(url, {"min_accepted_percent": "120", "max_loss_percent": "20"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not MembershipSettings.objects.exists()
    assert client.post(url, {"min_accepted_percent": "60", "max_loss_percent": "15.5"}).status_code == 302
    saved = selectors.membership_settings()
    assert (saved.min_accepted_percent, saved.max_loss_percent) == (Decimal(60), Decimal("15.5"))
    assert saved.updated_by == provinsi_user
    assert AuditEvent.objects.filter(object_type="membership.membershipsettings").count() == 1
    assert client.get("/api/membership/settings").json() == {
        "min_accepted_percent": 60.0, "max_loss_percent": 15.5}
