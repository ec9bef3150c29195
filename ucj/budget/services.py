"""Writes for budget planning: budgets, allocation scenarios, adopting one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ucj.accounts.models import AuditAction, User
from ucj.accounts.services import record_audit
from ucj.budget import selectors
from ucj.budget.models import Budget, Scenario, ScenarioRegency, ScenarioShare
from ucj.premiums import selectors as premiums
from ucj.premiums.pricing import normal_sector
from ucj.registry.models import Ecosystem


def _require_planner(user: User) -> None:
    if not selectors.can_plan_budgets(user):
        raise PermissionDenied


@transaction.atomic
def create_budget(*, user: User, name: str, fiscal_year: int, programme: str,
                  funding_source: str, holder: str, amount: int, start_month: date,
                  months: int, ecosystems: Iterable[Ecosystem | str],
                  contribution_program: str = "bpu", declared_income: int = 1_000_000,
                  include_jht: bool = False, sector: str = "", note: str = "",
                  request=None) -> Budget:
    _require_planner(user)
    sector = normal_sector(sector)
    if sector and sector not in (known := premiums.known_sectors()):
        raise ValidationError(_("Unknown sector '%(sector)s': choose one of the sectors the "
                                "discounts name (%(known)s), or none.")
                              % {"sector": sector, "known": ", ".join(known) or "—"})
    budget = Budget(name=name, fiscal_year=fiscal_year, programme=programme,
                    funding_source=funding_source, holder_id=holder, amount=amount,
                    start_month=start_month, months=months,
                    contribution_program=contribution_program,
                    declared_income=declared_income, include_jht=include_jht, sector=sector,
                    note=note, created_by=user)
    budget.full_clean()
    codes = {e.code if isinstance(e, Ecosystem) else e for e in ecosystems}
    unknown = codes - set(Ecosystem.objects.filter(code__in=codes).values_list("code", flat=True))
    if unknown:  # the database would refuse it only at COMMIT, as a server error
        raise ValidationError(_("Unknown ecosystem: %(codes)s. Use the codes of the registry's "
                                "ecosystems.") % {"codes": ", ".join(sorted(unknown))})
    budget.save()
    budget.ecosystems.set(codes)
    record_audit(actor=user, action=AuditAction.CREATE, obj=budget, request=request,
                 region_code=holder)
    return budget


@transaction.atomic
def create_scenario(*, user: User, budget: Budget, name: str, policy: str,
                    minimums: dict[str, int] | None = None,
                    limits: dict[str, dict[str, int | None]] | None = None,
                    request=None) -> Scenario:
    """Shares `budget` under `policy` and keeps the result. Raises
    allocation.Infeasible or pricing.PricingError (their messages say what to change);
    nothing is stored then."""
    _require_planner(user)
    minimums = {code: int(n) for code, n in (minimums or {}).items() if n}
    limits = {eco: {"min": int(v.get("min") or 0),
                    "max": None if v.get("max") in (None, "") else int(v["max"])}
              for eco, v in (limits or {}).items()
              if v.get("min") or v.get("max") not in (None, "")}
    preview = selectors.allocate(budget, policy, minimums, limits)
    budget_plan, inputs, result = preview.plan, preview.inputs, preview.result
    per_worker = budget_plan.per_worker
    scenario = Scenario.objects.create(
        budget=budget, name=name, policy=policy, minimums=minimums, limits=limits,
        per_worker=per_worker, affordable=budget_plan.affordable, funded=result.total,
        cost=result.total * per_worker, created_by=user,
        basis={"reconciliation": inputs.reconciliation,
               "coverage_months": inputs.coverage_months,
               "per_worker_monthly": budget_plan.quote.monthly_per_worker,
               "unconfirmed_ignored": list(premiums.describe_all(
                   [r.id for r in budget_plan.quote.unconfirmed_ignored]).values())})
    ScenarioRegency.objects.bulk_create([
        ScenarioRegency(scenario=scenario, regency_id=area.code,
                        participants=area.participants, denominator=area.denominator,
                        eligible=area.distinct_eligible, minimum=area.minimum,
                        funded=result.for_area(area.code),
                        cost=result.for_area(area.code) * per_worker)
        for area in inputs.areas])
    ScenarioShare.objects.bulk_create([
        ScenarioShare(scenario=scenario, regency_id=area.code, ecosystem_id=eco,
                      eligible=eligible, funded=result.funded.get((area.code, eco), 0))
        for area in inputs.areas for eco, eligible in area.eligible.items() if eligible])
    record_audit(actor=user, action=AuditAction.CREATE, obj=scenario, request=request,
                 detail={"budget": budget.pk, "policy": policy, "funded": result.total})
    return scenario


@transaction.atomic
def adopt_scenario(*, user: User, scenario: Scenario, request=None) -> Budget:
    """Makes `scenario` the allocation its budget's proposals are checked against."""
    _require_planner(user)
    budget = scenario.budget
    budget.adopted_scenario = scenario
    budget.save(update_fields=["adopted_scenario"])
    record_audit(actor=user, action=AuditAction.UPDATE, obj=budget, request=request,
                 detail={"adopted_scenario": scenario.pk})
    return budget


@transaction.atomic
def delete_scenario(*, user: User, scenario: Scenario, request=None) -> None:
    _require_planner(user)
    if scenario.budget.adopted_scenario_id == scenario.pk:
        raise PermissionDenied("the adopted scenario cannot be deleted")
    record_audit(actor=user, action=AuditAction.DELETE, obj=scenario, request=request)
    scenario.delete()
