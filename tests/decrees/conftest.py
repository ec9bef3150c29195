"""Proposals and decrees on the budget tests' small province: Sambas (6 registered
vulnerable workers, 2 active) and Kota Singkawang (2 vulnerable, 1 active, 2 RT/RW), a
2025 budget for five workers, and an adopted allocation of 3 workers to Sambas and 2 to
Singkawang."""

from __future__ import annotations

from datetime import date

import pytest

from tests.budget.conftest import budget, province  # noqa: F401 (fixtures)
from ucj.accounts.models import Role
from ucj.budget.models import Scenario, ScenarioRegency
from ucj.decrees import services
from ucj.decrees.models import Decree
from ucj.registry.models import Worker


def adopt(target, allocation: dict[str, int]) -> Scenario:
    scenario = Scenario.objects.create(
        budget=target, name="Uji", policy="lowest_first", per_worker=201_600,
        affordable=sum(allocation.values()), funded=sum(allocation.values()),
        cost=201_600 * sum(allocation.values()))
    ScenarioRegency.objects.bulk_create([
        ScenarioRegency(scenario=scenario, regency_id=code, participants=0, eligible=n,
                        funded=n, cost=n * 201_600) for code, n in allocation.items()])
    target.adopted_scenario = scenario
    target.save(update_fields=["adopted_scenario"])
    return scenario


@pytest.fixture
def adopted(budget):  # noqa: F811
    adopt(budget, {"61.01": 3, "61.72": 2})
    return budget


@pytest.fixture
def checker(make_user):
    """A second province officer: the one who verifies what others submit."""
    return make_user("verifikator", Role.PROVINSI)


@pytest.fixture
def kota_user(make_user):
    return make_user("op_kota", Role.KABUPATEN, regency="61.72")


def worker_ids(*letters: str, place: str = "Sambas") -> list[int]:
    return list(Worker.objects.filter(name__in=[f"Warga {place} {x}" for x in letters])
                .values_list("pk", flat=True))


def submitted(user, target, *, regency: str = "61.01", ecosystem: str = "rentan",
              only_not_active: bool = True, **filters):
    proposal = services.create_proposal(user=user, budget=target, regency=regency,
                                        ecosystem=ecosystem)
    services.add_workers(user=user, proposal=proposal, only_not_active=only_not_active,
                         **filters)
    return services.submit_proposal(user=user, proposal=proposal)


def accepted(maker, checker, target, **kwargs):
    proposal = submitted(maker, target, **kwargs)
    services.decide(user=checker, proposal=proposal, accept=True)
    proposal.refresh_from_db()
    return proposal


def draft_decree(user, target, number: str = "188.44/1/2025", **fields) -> Decree:
    return services.create_decree(
        user=user, budget=target, number=number, signed_on=date(2025, 1, 2),
        signatory_name="Drs. H. Contoh, M.Si.", **fields)


@pytest.fixture
def issued(adopted, sambas_user, kota_user, checker, provinsi_user):
    """Sambas's 3 not-yet-active workers and Singkawang's one, accepted and decreed."""
    accepted(sambas_user, checker, adopted, worker_ids=worker_ids("D", "E", "F"))
    accepted(kota_user, checker, adopted, regency="61.72")
    decree = draft_decree(provinsi_user, adopted)
    return services.issue_decree(user=provinsi_user, decree=decree)
