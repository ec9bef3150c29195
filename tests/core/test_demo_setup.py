"""`ucj demo-setup` on a small demo registry: every part of the system gets something to
show, and a second run adds nothing twice."""

import io

from django.core.management import call_command

from ucj.budget.models import Budget, Scenario
from ucj.decrees.models import Decree
from ucj.monitoring.models import Visit


def test_demo_setup_fills_every_part(kalbar, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo-data", "--persons", "600", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo-setup", "--password", "demo-rahasia-2026", stdout=out)
    text = out.getvalue()
    assert "Anggaran contoh: 3 anggaran" in text
    assert Budget.objects.count() == 3
    adopted = Budget.objects.get(adopted_scenario__isnull=False)
    assert adopted.adopted_scenario.funded > 0
    decree = Decree.objects.get()
    assert decree.number.startswith("188.44/") and not decree.is_draft
    assert Visit.objects.exists()

    call_command("demo-setup", "--password", "demo-rahasia-2026", stdout=io.StringIO())
    assert Budget.objects.count() == 3 and Decree.objects.count() == 1
    assert Scenario.objects.count() == 3
