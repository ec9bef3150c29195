"""Visits (coverage snapshot), action items (states, history, evidence, overdue),
compliance records and weights, socialisation and the unreached desa."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.coverage.conftest import counts_csv
from ucj.accounts.models import AuditEvent
from ucj.coverage import services as coverage_services
from ucj.coverage import summaries
from ucj.membership.models import Extract, JobStatus, Reconciliation, WorkerMembership
from ucj.monitoring import selectors, services
from ucj.monitoring.models import (
    ActionStatus,
    ComplianceWeight,
    StatusChange,
    VisitStatus,
)
from ucj.regions.models import Level, Region
from ucj.registry.models import Worker

from .conftest import TODAY

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


# --- visits --------------------------------------------------------------------------------


def test_visit_keeps_the_coverage_of_its_date(provinsi_user, sambas_counts):
    visit = services.schedule_visit(user=provinsi_user, regency_code="61.01",
                                    date=date(2026, 3, 27))
    # Counts of January..June are stored; the visit on 27 March sees March: 43,000 + 21,000.
    assert visit.coverage_month == date(2026, 3, 1)
    assert visit.coverage_active == 64_000 and visit.coverage_denominator == 291_000
    assert visit.coverage_rate == pytest.approx(64_000 / 291_000)
    assert "BPS Sambas (uji)" in visit.coverage_source
    # Counts imported later for March do not change what the visit recorded...
    coverage_services.import_counts(data=counts_csv([("61.01", "2026-03", 90_000, 0, 0, 0)]),
                                    file_name="koreksi.csv", today=TODAY)
    visit.refresh_from_db()
    assert visit.coverage_active == 64_000
    # ...moving the visit takes the figure of its new date.
    services.update_visit(user=provinsi_user, visit=visit, date=date(2026, 6, 2))
    assert visit.coverage_month == date(2026, 6, 1) and visit.coverage_active == 67_000
    # Writing the minutes after the visit leaves the figure alone.
    services.update_visit(user=provinsi_user, visit=visit, minutes="Notulen")
    assert visit.coverage_month == date(2026, 6, 1)
    assert AuditEvent.objects.filter(object_type="monitoring.visit").count() == 3


def test_visit_without_figures_and_who_may_schedule(provinsi_user, sambas_user, bpjs_user):
    visit = services.schedule_visit(user=bpjs_user, regency_code="61.01", date=date(2026, 8, 1))
    assert visit.coverage_rate is None and visit.status == VisitStatus.PLANNED
    with pytest.raises(PermissionDenied):  # regency operators do not schedule visits
        services.schedule_visit(user=sambas_user, regency_code="61.01", date=date(2026, 8, 1))
    with pytest.raises(PermissionDenied):  # outside the BPJS branch
        services.schedule_visit(user=bpjs_user, regency_code="61.71", date=date(2026, 8, 1))
    with pytest.raises(services.MonitoringError):  # the demo writes without a user
        services.schedule_visit(user=None, regency_code="61.01.01", date=date(2026, 8, 1))


def test_schedule_and_calendar(provinsi_user, sambas_user):
    services.schedule_visit(user=provinsi_user, regency_code="61.01", date=date(2025, 8, 27),
                            status=VisitStatus.DONE)
    services.schedule_visit(user=provinsi_user, regency_code="61.01", date=date(2026, 7, 20))
    services.schedule_visit(user=provinsi_user, regency_code="61.72", date=date(2026, 7, 8))
    rows = {r.regency.code: r for r in selectors.schedule(provinsi_user, on=TODAY)}
    assert len(rows) == 14
    assert rows["61.01"].last_visit == date(2025, 8, 27)
    assert rows["61.01"].next_visit == date(2026, 7, 20)
    assert rows["61.07"].last_visit is None and rows["61.07"].next_visit is None
    weeks = selectors.calendar_month(provinsi_user, 2026, 7)
    days = {d.day: [v.regency_id for v in d.items] for week in weeks for d in week}
    assert days[date(2026, 7, 20)] == ["61.01"] and days[date(2026, 7, 8)] == ["61.72"]
    # The Sambas operator sees only Sambas.
    weeks = selectors.calendar_month(sambas_user, 2026, 7)
    assert [v.regency_id for w in weeks for d in w for v in d.items] == ["61.01"]
    assert [r.regency.code for r in selectors.schedule(sambas_user, on=TODAY)] == ["61.01"]


# --- action items --------------------------------------------------------------------------


def test_action_item_states_and_history(provinsi_user, sambas_user, sambas_item):
    assert sambas_item.status == ActionStatus.OPEN
    services.change_status(user=sambas_user, item=sambas_item, status=ActionStatus.IN_PROGRESS,
                           note="Draf di bagian hukum")
    with pytest.raises(services.MonitoringError, match="bukti"):
        services.change_status(user=sambas_user, item=sambas_item, status=ActionStatus.DONE)
    with pytest.raises(services.MonitoringError):
        services.change_status(user=sambas_user, item=sambas_item,
                               status=ActionStatus.IN_PROGRESS)
    with pytest.raises(services.MonitoringError):
        services.change_status(user=sambas_user, item=sambas_item, status=ActionStatus.DROPPED)
    services.add_evidence(user=sambas_user, item=sambas_item, url="https://jdih.sambas.go.id/x")
    services.change_status(user=sambas_user, item=sambas_item, status=ActionStatus.DONE)
    services.change_status(user=provinsi_user, item=sambas_item, status=ActionStatus.OPEN,
                           note="Dibuka lagi: belum ditandatangani")
    sambas_item.refresh_from_db()
    assert sambas_item.status == ActionStatus.OPEN
    history = [(h.from_status, h.to_status, h.by_username) for h in sambas_item.history.all()]
    assert history == [("", "open", "prov"), ("open", "in_progress", "op_sambas"),
                       ("in_progress", "done", "op_sambas"), ("done", "open", "prov")]
    first = sambas_item.history.first()
    with pytest.raises(ValueError):  # the history is append-only
        first.save()
    with pytest.raises(ValueError):
        first.delete()
    assert StatusChange.objects.count() == 4


def test_overdue_rule_in_queries(provinsi_user, sambas_user, sambas_item, singkawang_item):
    def overdue(user, on):
        return [i.title for i in selectors.overdue_items(user, on=on)]

    assert overdue(provinsi_user, TODAY) == ["Data honorer"]  # due 30 June
    assert overdue(provinsi_user, date(2026, 7, 10)) == ["Data honorer"]  # due that day: not yet
    assert overdue(provinsi_user, date(2026, 7, 11)) == ["Data honorer", "Rancangan Perda"]
    assert overdue(sambas_user, date(2026, 7, 11)) == ["Rancangan Perda"]
    services.change_status(user=provinsi_user, item=singkawang_item, status=ActionStatus.DROPPED,
                           note="Digabung dengan kegiatan lain")
    assert overdue(provinsi_user, date(2026, 7, 11)) == ["Rancangan Perda"]
    # The query and the model agree.
    for item in selectors.action_items_for(provinsi_user):
        assert item.is_overdue(date(2026, 7, 11)) == (item.title == "Rancangan Perda")


def test_a_regency_user_edits_only_its_own_items(sambas_user, pimpinan_user, sambas_item,
                                                  singkawang_item):
    services.update_action_item(user=sambas_user, item=sambas_item, due_date=date(2026, 8, 1))
    assert sambas_item.due_date == date(2026, 8, 1)
    with pytest.raises(PermissionDenied):
        services.update_action_item(user=sambas_user, item=singkawang_item,
                                    due_date=date(2026, 8, 1))
    with pytest.raises(PermissionDenied):
        services.change_status(user=sambas_user, item=singkawang_item,
                               status=ActionStatus.IN_PROGRESS)
    with pytest.raises(PermissionDenied):  # leaders read only
        services.change_status(user=pimpinan_user, item=sambas_item,
                               status=ActionStatus.IN_PROGRESS)
    from django.http import Http404
    with pytest.raises(Http404):
        selectors.get_action_item(sambas_user, singkawang_item.pk)


def test_evidence_files_are_checked(settings, tmp_path, sambas_user, sambas_item, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    for name, content, words in [("notulen.exe", b"MZ", "tidak diterima"),
                                 ("surat.pdf", b"<html>", "Isi berkas"),
                                 ("foto.jpg", PDF, "Isi berkas")]:
        with pytest.raises(services.MonitoringError, match=words):
            services.add_evidence(user=sambas_user, item=sambas_item,
                                  file=SimpleUploadedFile(name, content))
    monkeypatch.setattr(services, "EVIDENCE_MAX_MB", 0)
    with pytest.raises(services.MonitoringError, match="lebih besar|melebihi|MB"):
        services.add_evidence(user=sambas_user, item=sambas_item,
                              file=SimpleUploadedFile("surat.pdf", PDF))
    monkeypatch.setattr(services, "EVIDENCE_MAX_MB", 1)
    with pytest.raises(services.MonitoringError, match="http"):
        services.add_evidence(user=sambas_user, item=sambas_item, url="javascript:alert(1)")
    evidence = services.add_evidence(user=sambas_user, item=sambas_item,
                                     file=SimpleUploadedFile("surat bupati.pdf", PDF),
                                     note="Surat")
    assert evidence.file_name == "surat bupati.pdf"
    assert evidence.file.path.startswith(str(tmp_path))
    assert evidence.file.read() == PDF


# --- compliance ----------------------------------------------------------------------------


def test_compliance_table_with_default_and_changed_weights(provinsi_user, sambas_user):
    assert {w.key for w in ComplianceWeight.objects.all()} >= {"regulation", "perda"}
    services.save_compliance(user=provinsi_user, regency_code="61.71", regulation_type="perda",
                             regulation_number="Perda No. 5 Tahun 2023")
    services.save_compliance(user=sambas_user, regency_code="61.01", ptsp_required=True,
                             non_asn_total=100, non_asn_enrolled=100)
    services.set_budget(user=sambas_user, regency_code="61.01", year=2026, amount=2_000_000)
    rows = selectors.compliance_table(provinsi_user, year=2026)
    assert [(r.regency.code, round(r.score.total, 2)) for r in rows[:2]] == [
        ("61.01", 50.0), ("61.71", 30.0)]  # 25 + 15 + 10 against 30
    assert len(rows) == 14 and [r.rank for r in rows[:2]] == [1, 2]
    # The twelve others entered nothing: no rank, after those with data, by code.
    assert all(not r.has_data and r.rank == 0 for r in rows[2:])
    assert [r.regency.code for r in rows[2:]] == sorted(r.regency.code for r in rows[2:])
    # A budget of the year alone is data: ranked, even with a score of 0 otherwise.
    services.set_budget(user=provinsi_user, regency_code="61.72", year=2026, amount=0)
    rows = selectors.compliance_table(provinsi_user, year=2026)
    assert [(r.regency.code, r.rank) for r in rows[:3]] == [("61.01", 1), ("61.71", 2),
                                                            ("61.72", 3)]
    assert rows[3].rank == 0 and not rows[3].has_data
    # Another budget year: Sambas has no budget there.
    assert selectors.compliance_for(provinsi_user, "61.01", year=2025).score.total == 25
    services.set_weights(user=provinsi_user, values={"regulation": "80", "perda": "1"})
    rows = selectors.compliance_table(provinsi_user, year=2026)
    assert [(r.regency.code, round(r.score.total, 2)) for r in rows[:2]] == [
        ("61.71", round(100 * 80 / 150, 2)), ("61.01", round(100 * 50 / 150, 2))]
    with pytest.raises(services.MonitoringError):
        services.set_weights(user=provinsi_user, values={"perkada": "1.5"})
    with pytest.raises(services.MonitoringError):
        services.set_weights(user=provinsi_user, values={"budget": "abc"})
    with pytest.raises(PermissionDenied):
        services.set_weights(user=sambas_user, values={"budget": "10"})
    with pytest.raises(PermissionDenied):
        services.save_compliance(user=sambas_user, regency_code="61.72", bumd_total=1)
    with pytest.raises(services.MonitoringError, match="periksa kedua angka"):
        services.save_compliance(user=sambas_user, regency_code="61.01", bumd_total=1,
                                 bumd_registered=3)


# --- socialisation -------------------------------------------------------------------------


def _sambas_desa(count: int) -> list[str]:
    return list(Region.objects.filter(level=Level.DESA_KELURAHAN, code__startswith="61.01.")
                .order_by("code").values_list("code", flat=True)[:count])


def _reconciliation() -> Reconciliation:
    extract = Extract.objects.create(as_of=date(2026, 6, 30), file="x.csv", file_name="x.csv",
                                     status=JobStatus.DONE)
    return Reconciliation.objects.create(extract=extract, upper_threshold=0.99,
                                         lower_threshold=0.5, status=JobStatus.DONE)


def test_unreached_desa_ordered_by_not_active_workers(provinsi_user, sambas_user):
    a, b, c, d = _sambas_desa(4)
    run = _reconciliation()
    serial = iter(range(1000))

    def workers(desa: str, statuses: list[str | None]) -> None:
        for status in statuses:
            worker = Worker.objects.create(nik=f"61010112345{next(serial):05d}", name="X",
                                           desa_id=desa)
            if status:
                WorkerMembership.objects.create(reconciliation=run, worker=worker,
                                                status=status, method="exact")

    workers(a, ["active"] * 5 + ["lapsed"])           # 1 not active
    workers(b, ["not_enrolled", "lapsed", None])      # 3 (one not reconciled yet)
    workers(c, ["not_enrolled"] * 2 + ["active"])     # 2, but socialisation reached it
    workers(d, ["active"])                            # 0
    services.record_socialisation(user=sambas_user, desa_code=c, date=date(2026, 5, 1),
                                  audience="Perangkat desa", participants=40)
    summaries.rebuild()  # the workers were made with the ORM, not by the writes that keep them
    found = selectors.unreached_desa(provinsi_user, "61.01")
    total = Region.objects.filter(level=Level.DESA_KELURAHAN, is_current=True,
                                  parent__parent_id="61.01").count()
    assert len(found) == total - 1 and c not in [x.code for x in found]
    assert [(x.code, x.not_enrolled) for x in found[:2]] == [(b, 3), (a, 1)]
    assert all(x.not_enrolled == 0 for x in found[2:])
    assert [x.code for x in found[2:]] == sorted(x.code for x in found[2:])  # then by code
    assert selectors.unreached_desa(provinsi_user, "61.01", limit=3) == found[:3]
    reach = {k.code: k for k in selectors.kecamatan_reach(provinsi_user, "61.01")}
    assert reach[c[:8]].desa_reached == 1 and reach[c[:8]].events == 1
    assert sum(k.desa_total for k in reach.values()) == total


def test_socialisation_scope_and_input(sambas_user, sambas_visit):
    from django.http import Http404

    desa = _sambas_desa(1)[0]
    event = services.record_socialisation(user=sambas_user, desa_code=desa,
                                          date=date(2026, 6, 20), audience="RT/RW",
                                          participants=25, visit=sambas_visit)
    assert event.regency_id == "61.01"
    singkawang = Region.objects.filter(level=Level.DESA_KELURAHAN,
                                       code__startswith="61.72.").first()
    with pytest.raises(Http404):
        services.record_socialisation(user=sambas_user, desa_code=singkawang.code,
                                      date=date(2026, 6, 20), audience="RT/RW", participants=1)
    with pytest.raises(services.MonitoringError):
        services.record_socialisation(user=sambas_user, desa_code="61.01.01",
                                      date=date(2026, 6, 20), audience="RT/RW", participants=1)
    row = {r.regency.code: r for r in selectors.reach_by_regency(sambas_user)}["61.01"]
    assert (row.events, row.participants, row.desa_reached) == (1, 25, 1)
    assert row.desa_total > 100
