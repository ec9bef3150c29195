"""`ucj visits overdue [--json]` and the demo data."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from ucj.monitoring.demo import create_demo_monitoring
from ucj.monitoring.models import ActionItem, ComplianceRecord, SocialisationEvent, Visit

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("visits", *args, stdout=out)
    return out.getvalue()


def test_visits_overdue(sambas_item, singkawang_item):
    rows = json.loads(run("overdue", "--json", "--date", "2026-07-11"))
    assert [(r["regency"], r["title"], r["days_overdue"]) for r in rows] == [
        ("61.72", "Data honorer", 11), ("61.01", "Rancangan Perda", 1)]
    rows = json.loads(run("overdue", "--json", "--date", "2026-07-11", "--regency", "61.01"))
    assert [r["id"] for r in rows] == [sambas_item.pk]
    text = run("overdue", "--date", "2026-07-05")
    assert "Data honorer" in text and "Rancangan Perda" not in text
    assert "Tidak ada" in run("overdue", "--date", "2026-06-01")
    with pytest.raises(CommandError, match="TTTT-BB-HH"):
        run("overdue", "--date", "11-07-2026")
    with pytest.raises(CommandError, match="tidak dikenal"):
        run("overdue", "--regency", "99.99")


def test_demo_monitoring_shows_something_and_runs_once(kalbar):
    today = date(2026, 7, 5)
    summary = create_demo_monitoring(today=today)
    assert summary.visits == 4 and summary.overdue >= 2
    assert Visit.objects.get(date=date(2025, 8, 27)).attendees.count() == 8
    assert ActionItem.objects.filter(due_date__lt=today,
                                     status__in=["open", "in_progress"]).count() >= 2
    assert ComplianceRecord.objects.count() == 4
    assert SocialisationEvent.objects.count() == 6
    assert create_demo_monitoring(today=today) is None  # never twice, never over real data
    assert Visit.objects.count() == 4
