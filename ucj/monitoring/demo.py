"""Invented monitoring data for the demo (`ucj demo-setup`): the Sambas visit of
27 August 2025 with its minutes and action items (some overdue), planned visits,
compliance records and socialisation events. Nothing here is an official record.
Skipped when any visit exists, so real data is never mixed with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ucj.monitoring import services
from ucj.monitoring.models import ActionStatus, Office, StatusChange, Visit, VisitStatus
from ucj.regions.models import Level, Region

DEMO = "(contoh/demo)"


@dataclass(frozen=True)
class DemoSummary:
    visits: int
    action_items: int
    overdue: int
    compliance_records: int
    socialisation_events: int


def _desa(regency: str, count: int) -> list[str]:
    return list(Region.objects.filter(level=Level.DESA_KELURAHAN, is_current=True,
                                      code__startswith=f"{regency}.")
                .order_by("code").values_list("code", flat=True)[:count])


def create_demo_monitoring(*, today: date) -> DemoSummary | None:
    if Visit.objects.exists() or not Region.objects.filter(code="61.01").exists():
        return None
    sambas = services.schedule_visit(
        user=None, regency_code="61.01", date=date(2025, 8, 27), status=VisitStatus.DONE,
        place=f"Aula Kantor Bupati Sambas {DEMO}",
        agenda="1. Paparan cakupan jaminan sosial ketenagakerjaan Kabupaten Sambas\n"
               "2. Kewajiban daerah menurut Inpres 2/2021\n3. Rencana tindak lanjut",
        minutes="Kabupaten Sambas dipilih sebagai kunjungan pertama karena cakupannya termasuk "
                "yang terendah (sekitar 24 %). Perangkat daerah sepakat menyiapkan data "
                "pekerja rentan dan perangkat desa, serta menyusun rancangan Perda. " + DEMO,
        findings="Belum ada Perda perlindungan jaminan sosial ketenagakerjaan\n"
                 "Data tenaga honorer (non-ASN) belum lengkap\n"
                 "Sosialisasi manfaat belum menjangkau desa")
    _attendees(sambas)
    items = [
        ("Menyusun rancangan Perda perlindungan jaminan sosial ketenagakerjaan", Office.HUKUM,
         date(2025, 12, 31), ActionStatus.IN_PROGRESS),
        ("Mengirim data perangkat desa dan RT/RW ke provinsi", Office.PMD,
         today - timedelta(days=20), ActionStatus.OPEN),
        ("Mendata tenaga honorer (non-ASN) di sekolah", Office.PENDIDIKAN,
         today + timedelta(days=30), ActionStatus.OPEN),
        ("Mendaftarkan tenaga kesehatan non-ASN puskesmas", Office.KESEHATAN,
         today + timedelta(days=45), ActionStatus.IN_PROGRESS),
        ("Memasukkan iuran pekerja rentan ke rancangan APBD", Office.BPKAD,
         date(2025, 10, 31), ActionStatus.DONE),
    ]
    created = []
    for title, office, due, status in items:
        item = services.add_action_item(user=None, visit=sambas, title=title, owner_office=office,
                                        due_date=due)
        if status != ActionStatus.OPEN:
            item.status = status
            item.save(update_fields=["status"])
            StatusChange.objects.create(item=item, from_status=ActionStatus.OPEN,
                                        to_status=status, note=DEMO)
        created.append(item)
    done = created[-1]
    done.evidence.create(url="https://example.org/apbd-sambas-2026", note=f"Rancangan APBD {DEMO}")

    visits = 1
    for code, days, status in (("61.72", -40, VisitStatus.DONE), ("61.07", 14, VisitStatus.PLANNED),
                               ("61.08", 35, VisitStatus.PLANNED)):
        services.schedule_visit(user=None, regency_code=code, date=today + timedelta(days=days),
                                status=status, agenda="Monitoring dan asistensi " + DEMO)
        visits += 1

    records = {
        "61.01": dict(regulation_type="perkada", regulation_number="Perbup No. 12 Tahun 2024",
                      non_asn_total=4200, non_asn_enrolled=1900, bumd_total=3, bumd_registered=1,
                      ptsp_required=False, village_total=3800, village_covered=1200),
        "61.71": dict(regulation_type="perda", regulation_number="Perda No. 5 Tahun 2023",
                      non_asn_total=5100, non_asn_enrolled=5100, bumd_total=4, bumd_registered=4,
                      ptsp_required=True, village_total=2900, village_covered=2900),
        "61.72": dict(regulation_type="perda", regulation_number="Perda No. 2 Tahun 2024",
                      non_asn_total=2600, non_asn_enrolled=2100, bumd_total=2, bumd_registered=2,
                      ptsp_required=False),
        "61.12": dict(regulation_type="other", regulation_number="SE Bupati No. 560/2025",
                      non_asn_total=3900, non_asn_enrolled=800),
    }
    budgets = {"61.01": 0, "61.71": 1_500_000_000, "61.72": 600_000_000, "61.12": 250_000_000}
    for code, fields in records.items():
        services.save_compliance(user=None, regency_code=code, note=DEMO, **fields)
        services.set_budget(user=None, regency_code=code, year=today.year,
                            amount=budgets[code], source=f"APBD {today.year} {DEMO}")

    events = 0
    for n, desa in enumerate(_desa("61.01", 4) + _desa("61.72", 2)):
        services.record_socialisation(
            user=None, desa_code=desa, date=today - timedelta(days=60 - 7 * n),
            audience="Perangkat desa, RT/RW dan pekerja rentan", participants=35 + 5 * n,
            place="Balai desa", material="Manfaat JKK dan JKM bagi pekerja bukan penerima upah "
            + DEMO, visit=sambas if desa.startswith("61.01.") and n == 0 else None)
        events += 1
    overdue = sum(1 for item in created if item.is_overdue(today))
    return DemoSummary(visits=visits, action_items=len(created), overdue=overdue,
                       compliance_records=len(records), socialisation_events=events)


def _attendees(visit: Visit) -> None:
    from ucj.monitoring.models import Attendee

    Attendee.objects.bulk_create([Attendee(visit=visit, office=office, position=position)
                                  for office, position in (
        (Office.PROVINSI, "Kepala Bidang"), (Office.DISNAKER, "Kepala Dinas"),
        (Office.PUPR, "Sekretaris"), (Office.PENDIDIKAN, "Kepala Bidang"),
        (Office.KESEHATAN, "Kepala Bidang"), (Office.PMD, "Kepala Dinas"),
        (Office.HUKUM, "Kepala Bagian"), (Office.BPJS, "Kepala Cabang Singkawang"))])
