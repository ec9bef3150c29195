"""Demo budgets for `ucj demo-setup`: the province's real-world figures (DOMAIN.md) with a
scenario each, the 2026 vulnerable-worker budget's adopted, so that the pages (and the
decrees built on an adopted allocation) have something to show. Skipped when any budget
exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ucj.accounts.models import Role, User
from ucj.budget import services
from ucj.budget.allocation import Infeasible
from ucj.budget.models import Budget
from ucj.premiums.pricing import PricingError


@dataclass(frozen=True)
class DemoBudgets:
    budgets: int
    scenarios: int


def create_demo_budgets() -> DemoBudgets | None:
    planner = User.objects.filter(role=Role.PROVINSI, is_active=True).first()
    if planner is None or Budget.objects.exists():
        return None
    made = [
        (dict(name="Iuran pekerja rentan 2025", fiscal_year=2025, programme="rentan",
              funding_source="apbd_provinsi", amount=2_016_000_000,
              start_month=date(2025, 1, 1), months=12,
              ecosystems=["rentan", "perangkat_desa", "rt_rw"],
              note="Sekitar Rp2,016 miliar APBD provinsi 2025."), "lowest_first", False),
        (dict(name="Iuran pekerja rentan 2026", fiscal_year=2026, programme="rentan",
              funding_source="apbd_provinsi", amount=2_000_000_000,
              start_month=date(2026, 1, 1), months=12,
              ecosystems=["rentan", "perangkat_desa", "rt_rw", "honorer"],
              note="Rencana Rp2 miliar untuk pekerja rentan."), "fairest", True),
        (dict(name="Iuran pekerja sawit 2026", fiscal_year=2026, programme="sawit",
              funding_source="dbh_sawit", amount=2_000_000_000,
              start_month=date(2026, 1, 1), months=12, ecosystems=["sawit"],
              note="Rencana Rp2 miliar untuk pekerja perkebunan sawit."), "gap_proportional",
         False),
    ]
    scenarios = 0
    for fields, policy, adopt in made:
        budget = services.create_budget(user=planner, holder="61", **fields)
        try:
            scenario = services.create_scenario(user=planner, budget=budget,
                                                name="Skenario 1", policy=policy)
        except (Infeasible, PricingError):
            continue  # e.g. no reconciliation yet: the budget stays, without a scenario
        scenarios += 1
        if adopt:
            services.adopt_scenario(user=planner, scenario=scenario)
    return DemoBudgets(budgets=len(made), scenarios=scenarios)
