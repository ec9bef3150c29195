from datetime import date
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ucj.budget import allocation, selectors, services
from ucj.budget.models import Budget, Scenario
from ucj.premiums.models import ContributionRate


def test_a_budget_buys_whole_workers_for_its_months(budget):
    plan = selectors.plan(budget)
    assert plan.per_worker == 12 * 16_800
    assert plan.affordable == 5
    assert plan.leftover == 1_000


def test_allocation_inputs_count_only_workers_not_yet_active(budget):
    inputs = selectors.allocation_inputs(budget)
    by_code = {a.code: a for a in inputs.areas}
    assert set(by_code) >= {"61.01", "61.72"}
    assert by_code["61.01"].eligible == {"rentan": 4, "rt_rw": 0}
    assert by_code["61.72"].eligible == {"rentan": 1, "rt_rw": 2}
    assert by_code["61.01"].participants == 67_000
    assert by_code["61.01"].denominator == 291_000
    assert inputs.reconciliation is not None


def test_lowest_first_scenario_is_stored_with_coverage_before_and_after(budget, provinsi_user):
    scenario = services.create_scenario(user=provinsi_user, budget=budget, name="A",
                                        policy="lowest_first")
    rows = {r.regency_id: r for r in scenario.regencies.all()}
    assert rows["61.01"].funded == 4  # Sambas 23.0 % is lower than Singkawang 29.2 %
    assert rows["61.72"].funded == 1
    assert rows["61.01"].cost == 4 * 201_600
    assert rows["61.01"].rate_after == pytest.approx(67_004 / 291_000)
    assert scenario.funded == 5 and scenario.cost == 5 * 201_600
    assert scenario.leftover == 1_000
    shares = {(s.regency_id, s.ecosystem_id): s.funded for s in scenario.shares.all()}
    assert shares[("61.01", "rentan")] == 4


def test_minimums_and_ecosystem_limits_are_kept(budget, provinsi_user):
    scenario = services.create_scenario(
        user=provinsi_user, budget=budget, name="B", policy="lowest_first",
        minimums={"61.72": 3}, limits={"rentan": {"min": 0, "max": 2}})
    rows = {r.regency_id: r.funded for r in scenario.regencies.all()}
    assert rows["61.72"] >= 3
    assert sum(s.funded for s in scenario.shares.filter(ecosystem_id="rentan")) <= 2
    assert scenario.minimums == {"61.72": 3}


def test_infeasible_minimum_says_why_and_stores_nothing(budget, provinsi_user):
    with pytest.raises(allocation.Infeasible, match="only 4 workers there"):
        services.create_scenario(user=provinsi_user, budget=budget, name="C",
                                 policy="fairest", minimums={"61.01": 5})
    assert not Scenario.objects.exists()


def test_only_province_staff_plan(budget, sambas_user):
    with pytest.raises(PermissionDenied):
        services.create_scenario(user=sambas_user, budget=budget, name="D", policy="fairest")
    with pytest.raises(PermissionDenied):
        services.create_budget(user=sambas_user, name="x", fiscal_year=2026, programme="sawit",
                               funding_source="csr", holder="61.01", amount=1,
                               start_month=date(2026, 1, 1), months=1, ecosystems=[])


def test_a_regency_user_sees_only_its_own_share(budget, provinsi_user, sambas_user):
    scenario = services.create_scenario(user=provinsi_user, budget=budget, name="A",
                                        policy="most_points")
    assert [r.regency_id for r in selectors.scenario_regencies(sambas_user, scenario)] == [
        "61.01"]
    assert {r.regency_id for r in selectors.scenario_regencies(provinsi_user, scenario)} >= {
        "61.01", "61.72"}
    compared = selectors.compare(sambas_user, [scenario])
    assert [c.code for c in compared] == ["61.01"]


def test_a_regency_budget_pays_only_for_that_regency(province, provinsi_user, make_user):
    own = services.create_budget(
        user=provinsi_user, name="APBD Singkawang", fiscal_year=2025, programme="rentan",
        funding_source="apbd_kabupaten", holder="61.72", amount=10 * 201_600,
        start_month=date(2025, 1, 1), months=12, ecosystems=["rentan", "rt_rw"])
    scenario = services.create_scenario(user=provinsi_user, budget=own, name="S",
                                        policy="fairest")
    assert [r.regency_id for r in scenario.regencies.all()] == ["61.72"]
    assert scenario.funded == 3
    sambas = make_user("sambas2", "kabupaten", regency="61.01")
    assert own not in selectors.budgets_for(sambas)


def test_adopting_a_scenario(budget, provinsi_user):
    scenario = services.create_scenario(user=provinsi_user, budget=budget, name="A",
                                        policy="fairest")
    services.adopt_scenario(user=provinsi_user, scenario=scenario)
    assert Budget.objects.get(pk=budget.pk).adopted_scenario == scenario
    with pytest.raises(PermissionDenied):
        services.delete_scenario(user=provinsi_user, scenario=scenario)


def test_bad_budget_is_refused(province, provinsi_user):
    with pytest.raises(ValidationError):
        services.create_budget(user=provinsi_user, name="x", fiscal_year=2026,
                               programme="sawit", funding_source="csr", holder="61",
                               amount=1, start_month=date(2026, 1, 1), months=30,
                               ecosystems=["sawit"])
    assert not Budget.objects.exists()


def test_a_budget_the_rules_cannot_price_says_so(budget):
    ContributionRate.objects.filter(component="jkm", program="bpu").update(
        valid_to=date(2025, 6, 30))
    from ucj.premiums.pricing import PricingError

    with pytest.raises(PricingError, match="No JKM rate for BPU is valid in 2025-07"):
        selectors.plan(budget)


def test_cost_of_the_target(province, provinsi_user):
    result = selectors.cost_of_target(provinsi_user, share=Fraction(1, 2))
    sambas = next(r for r in result.regencies if r.code == "61.01")
    assert sambas.target_year == 2030
    assert [y.year for y in sambas.years] == [2026, 2027, 2028, 2029, 2030]
    # Every year's new participants add up to the gap to 65.77 % of 291,000.
    assert sum(y.new_needed for y in sambas.years) == 191_391 - 67_000
    assert sambas.years[-1].paid_total == sum(y.paid_new for y in sambas.years)
    # 2026: the six months after June; the unconfirmed PP 50/2025 discount is not counted.
    assert result.premium_per_worker[2026] == 6 * 16_800
    assert result.premium_per_worker[2027] == 12 * 16_800
    assert result.unconfirmed_ignored  # and the reader is told so
    assert sambas.years[0].cost == sambas.years[0].paid_total * 6 * 16_800
    with_discount = selectors.cost_of_target(provinsi_user, share=Fraction(1, 2),
                                             include_unconfirmed=True)
    assert with_discount.premium_per_worker[2026] == 6 * 8_400


def test_a_worker_listed_in_two_ecosystems_is_one_person_to_fund(budget, province):
    from tests.membership.conftest import register

    # Warga Sambas C (not active) is listed again, as an RT/RW head.
    register([province["sambas"][2]], ecosystem="rt_rw")
    by_ecosystem, distinct, _run = selectors.eligible_workers(["61.01", "61.72"],
                                                              ["rentan", "rt_rw"])
    assert by_ecosystem[("61.01", "rentan")] == 4
    assert by_ecosystem[("61.01", "rt_rw")] == 1
    assert distinct == {"61.01": 4, "61.72": 3}
    # With one ecosystem only, no correction is needed.
    assert selectors.eligible_workers(["61.01"], ["rt_rw"])[1] == {"61.01": 1}
