"""A demo decree for `ucj demo-setup`: Sambas proposes workers not yet active for the
adopted allocation of the demo budget, the province verifies them (another person:
maker-checker) and issues the SK penetapan, so the decree pages, PDF and exports have
something to show. Skipped when any proposal exists or the pieces are missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ucj.accounts.models import Role, User
from ucj.budget.models import Budget, ScenarioShare
from ucj.decrees import selectors, services
from ucj.decrees.models import Proposal

DEMO_REGENCY = "61.01"
MOST_DEMO_WORKERS = 25


@dataclass(frozen=True)
class DemoDecree:
    number: str
    beneficiaries: int


def create_demo_decree(*, today: date) -> DemoDecree | None:
    budget = Budget.objects.filter(adopted_scenario__isnull=False).order_by("fiscal_year").first()
    maker = User.objects.filter(role=Role.KABUPATEN, regency_id=DEMO_REGENCY,
                                is_active=True).first()
    checker = User.objects.filter(role=Role.PROVINSI, is_active=True).first()
    if budget is None or maker is None or checker is None or Proposal.objects.exists():
        return None
    share = (ScenarioShare.objects.filter(scenario_id=budget.adopted_scenario_id,
                                          regency_id=DEMO_REGENCY, funded__gt=0)
             .order_by("-funded").first())
    if share is None:
        return None
    proposal = services.create_proposal(user=maker, budget=budget, regency=DEMO_REGENCY,
                                        ecosystem=share.ecosystem_id)
    room = min(share.funded, selectors.allocation(budget, DEMO_REGENCY), MOST_DEMO_WORKERS)
    chosen = list(selectors.candidates(proposal).values_list("pk", flat=True)[:room])
    services.add_workers(user=maker, proposal=proposal, worker_ids=chosen)
    services.submit_proposal(user=maker, proposal=proposal)
    services.decide(user=checker, proposal=proposal, accept=True)
    number = f"188.44/{budget.pk}/DEMO/{budget.fiscal_year}"
    decree = services.create_decree(
        user=checker, budget=budget, number=number, signed_on=min(today, budget.start_month),
        signatory_name="(nama penandatangan demo)")
    services.issue_decree(user=checker, decree=decree)
    return DemoDecree(number=number, beneficiaries=len(chosen))
