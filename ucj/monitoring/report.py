"""The minutes (notulen) of a visit as a PDF, laid out by typst (report/notulen.typ) from
one JSON document of ready-formatted Indonesian text, as ucj/coverage/report.py does."""

from __future__ import annotations

import json
from pathlib import Path

import typst
from django.utils import timezone, translation
from django.utils.formats import date_format

from ucj.core.formatting import thousands
from ucj.coverage.report import percent
from ucj.monitoring.models import Visit

TEMPLATE = Path(__file__).parent / "report" / "notulen.typ"
TITLE = "Notulen Monitoring dan Asistensi Jaminan Sosial Ketenagakerjaan"


def file_name(visit: Visit) -> str:
    return f"notulen-{visit.regency_id}-{visit.date:%Y-%m-%d}.pdf"


def gather(visit: Visit) -> dict:
    coverage = "—"
    if visit.coverage_rate is not None:
        coverage = (f"{percent(visit.coverage_rate)} ({date_format(visit.coverage_month, 'F Y')}"
                    f"; {thousands(visit.coverage_active)} peserta aktif / "
                    f"{thousands(visit.coverage_denominator)}; sumber: {visit.coverage_source})")
    return {
        "judul": TITLE,
        "wilayah": visit.regency.name,
        "kode": visit.regency_id,
        "tanggal": date_format(visit.date, "j F Y"),
        "tempat": visit.place or "—",
        "status": str(visit.get_status_display()),
        "cakupan": coverage,
        "dibuat": date_format(timezone.localdate(), "j F Y"),
        "agenda": visit.agenda.strip(),
        "notulen": visit.minutes.strip(),
        "temuan": visit.finding_list,
        "hadir": [[a.office_label, a.name or "—", a.position or "—"]
                  for a in visit.attendees.all()],
        "tindak_lanjut": [[str(n), item.title, item.owner_label,
                           date_format(item.due_date, "j M Y"), str(item.get_status_display())]
                          for n, item in enumerate(visit.action_items.order_by("id"), start=1)],
    }


def build(visit: Visit) -> bytes:
    with translation.override("id"):
        data = gather(visit)
    return typst.compile(str(TEMPLATE), sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                         ignore_system_fonts=True)
