"""A Sambas visit with an action item, a Singkawang one, and registry workers by desa."""

from __future__ import annotations

from datetime import date

import pytest

from tests.coverage.conftest import sambas_counts  # noqa: F401  (a fixture used here)
from ucj.monitoring import services
from ucj.monitoring.models import Office

TODAY = date(2026, 7, 5)


@pytest.fixture
def sambas_visit(provinsi_user):
    return services.schedule_visit(user=provinsi_user, regency_code="61.01",
                                   date=date(2026, 6, 20), place="Aula Bupati")


@pytest.fixture
def sambas_item(provinsi_user, sambas_visit):
    return services.add_action_item(user=provinsi_user, visit=sambas_visit,
                                    title="Rancangan Perda", owner_office=Office.HUKUM,
                                    due_date=date(2026, 7, 10))


@pytest.fixture
def singkawang_item(provinsi_user):
    visit = services.schedule_visit(user=provinsi_user, regency_code="61.72",
                                    date=date(2026, 6, 1))
    return services.add_action_item(user=provinsi_user, visit=visit, title="Data honorer",
                                    owner_office=Office.BKPSDM, due_date=date(2026, 6, 30))
