"""Budgets, allocation scenarios and their comparison, and the cost of the target. Every
answer is limited to the user's regions: a regency sees its own share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from ucj.api.schema import (
    BudgetMonths,
    DecimalIn,
    Id,
    Income,
    MonthText,
    Persons,
    Rupiah,
    TextIn,
    Year,
)
from ucj.budget import allocation, selectors, services
from ucj.budget.models import Budget, Scenario
from ucj.core.messages import explain
from ucj.premiums.pricing import PricingError, parse_month

router = Router()


class BudgetIn(TextIn):
    name: str = Field(min_length=1, max_length=200)
    fiscal_year: Year
    programme: str = Field(max_length=10)
    funding_source: str = Field(max_length=20)
    holder: str = Field("61", max_length=13)
    amount: Rupiah
    start_month: MonthText
    months: BudgetMonths
    ecosystems: list[str] = Field(max_length=50)
    declared_income: Income = 1_000_000
    include_jht: bool = False
    sector: str = Field("", max_length=40)
    note: str = ""


class BudgetOut(Schema):
    id: int
    name: str
    fiscal_year: int
    programme: str
    funding_source: str
    holder: str
    amount: int
    start_month: date
    months: int
    ecosystems: list[str]
    declared_income: int
    include_jht: bool
    adopted_scenario: int | None
    per_worker: int | None
    affordable: int | None
    pricing_error: str | None


class LimitIn(TextIn):
    min: Persons = 0
    max: Persons | None = None


class ScenarioIn(TextIn):
    name: str = Field(min_length=1, max_length=200)
    policy: str = Field(max_length=20)
    minimums: dict[str, Persons] = {}
    limits: dict[str, LimitIn] = {}


class RegencyOut(Schema):
    regency: str
    name: str
    participants: int
    denominator: int | None
    eligible: int
    minimum: int
    funded: int
    cost: int
    coverage_before: float | None
    coverage_after: float | None
    ecosystems: dict[str, int]


class ScenarioOut(Schema):
    id: int
    budget: int
    name: str
    policy: str
    minimums: dict[str, int]
    limits: dict
    per_worker: int
    affordable: int
    funded: int
    cost: int
    adopted: bool
    regencies: list[RegencyOut]


class PreviewOut(Schema):
    budget: int
    policy: str
    per_worker: int
    affordable: int
    funded: int
    cost: int
    regencies: list[RegencyOut]


class CompareIn(TextIn):
    scenarios: list[Id] = Field(max_length=20)


class CompareRowOut(Schema):
    regency: str
    name: str
    coverage_before: float | None
    funded: list[int | None]
    coverage_after: list[float | None]


class TargetCostIn(TextIn):
    share: DecimalIn("0", "100") = Decimal(30)
    income: Income = 1_000_000
    include_jht: bool = False
    include_unconfirmed: bool = False


class YearCostOut(Schema):
    year: int
    new_needed: int
    paid_new: int
    paid_total: int
    premium_per_worker: int
    cost: int


class RegencyCostOut(Schema):
    regency: str
    name: str
    participants: int
    denominator: int
    target: float
    target_year: int
    years: list[YearCostOut]


class TargetCostOut(Schema):
    share: float
    income: int
    premium_per_worker: dict[int, int]
    regencies: list[RegencyCostOut]
    unconfirmed_ignored: list[str]
    unconfirmed_used: list[str]


def _budget(budget: Budget) -> BudgetOut:
    per_worker = affordable = error = None
    try:
        plan = selectors.plan(budget)
        per_worker, affordable = plan.per_worker, plan.affordable
    except PricingError as failure:
        error = explain(failure)
    return BudgetOut(
        id=budget.pk, name=budget.name, fiscal_year=budget.fiscal_year,
        programme=budget.programme, funding_source=budget.funding_source,
        holder=budget.holder_id, amount=budget.amount, start_month=budget.start_month,
        months=budget.months, ecosystems=[e.code for e in budget.ecosystems.all()],
        declared_income=budget.declared_income, include_jht=budget.include_jht,
        adopted_scenario=budget.adopted_scenario_id, per_worker=per_worker,
        affordable=affordable, pricing_error=error)


def _scenario(user, scenario: Scenario) -> ScenarioOut:
    shares: dict[str, dict[str, int]] = {}
    for share in selectors.scenario_shares(user, scenario):
        shares.setdefault(share.regency_id, {})[share.ecosystem_id] = share.funded
    return ScenarioOut(
        id=scenario.pk, budget=scenario.budget_id, name=scenario.name, policy=scenario.policy,
        minimums=scenario.minimums, limits=scenario.limits, per_worker=scenario.per_worker,
        affordable=scenario.affordable, funded=scenario.funded, cost=scenario.cost,
        adopted=scenario.budget.adopted_scenario_id == scenario.pk,
        regencies=[RegencyOut(
            regency=r.regency_id, name=r.regency.name, participants=r.participants,
            denominator=r.denominator, eligible=r.eligible, minimum=r.minimum,
            funded=r.funded, cost=r.cost, coverage_before=r.rate_before,
            coverage_after=r.rate_after, ecosystems=shares.get(r.regency_id, {}))
            for r in selectors.scenario_regencies(user, scenario)])


def _planner_only(request) -> None:
    if not selectors.can_plan_budgets(request.user):
        raise HttpError(403, "Hanya staf provinsi yang merencanakan anggaran.")


@router.get("/budgets", response=list[BudgetOut], summary="Budgets you may see")
def budgets(request):
    return [_budget(b) for b in selectors.budgets_for(request.user)]


@router.post("/budgets", response={201: BudgetOut}, summary="Add a budget (province staff)")
def create_budget(request, payload: BudgetIn):
    _planner_only(request)
    data = payload.dict()
    try:
        data["start_month"] = parse_month(data["start_month"])
        budget = services.create_budget(user=request.user, request=request, **data)
    except PricingError as error:
        raise HttpError(422, explain(error)) from None
    except ValidationError as refused:
        raise HttpError(422, " ".join(refused.messages)) from None
    return Status(201, _budget(budget))


@router.get("/budgets/{budget_id}", response=BudgetOut, summary="A budget and what it buys")
def budget(request, budget_id: Id):
    return _budget(selectors.get_budget_for_user(request.user, budget_id))


@router.get("/budgets/{budget_id}/scenarios", response=list[ScenarioOut],
            summary="The budget's saved scenarios (your regencies' rows)")
def scenarios(request, budget_id: Id):
    found = selectors.get_budget_for_user(request.user, budget_id)
    return [_scenario(request.user, s) for s in selectors.scenarios_for(request.user, found)]


@router.post("/budgets/{budget_id}/allocate", response=PreviewOut,
             summary="Share the budget under a policy without saving it")
def allocate(request, budget_id: Id, payload: ScenarioIn):
    _planner_only(request)
    found = selectors.get_budget_for_user(request.user, budget_id)
    try:
        preview = selectors.allocate(found, payload.policy, payload.minimums,
                                     {k: v.dict() for k, v in payload.limits.items()})
    except (allocation.Infeasible, PricingError, ValueError) as error:
        raise HttpError(422, explain(error)) from None
    return preview.as_dict()


@router.post("/budgets/{budget_id}/scenarios", response={201: ScenarioOut},
             summary="Share the budget under a policy and save the scenario")
def create_scenario(request, budget_id: Id, payload: ScenarioIn):
    _planner_only(request)
    found = selectors.get_budget_for_user(request.user, budget_id)
    try:
        scenario = services.create_scenario(
            user=request.user, budget=found, name=payload.name, policy=payload.policy,
            minimums=payload.minimums,
            limits={k: v.dict() for k, v in payload.limits.items()}, request=request)
    except (allocation.Infeasible, PricingError, ValueError) as error:
        raise HttpError(422, explain(error)) from None
    return Status(201, _scenario(request.user, scenario))


@router.get("/scenarios/{scenario_id}", response=ScenarioOut, summary="A saved scenario")
def scenario(request, scenario_id: Id):
    return _scenario(request.user, selectors.get_scenario_for_user(request.user, scenario_id))


@router.post("/scenarios/{scenario_id}/adopt", response=BudgetOut,
             summary="Adopt a scenario as its budget's allocation (province staff)")
def adopt(request, scenario_id: Id):
    _planner_only(request)
    found = selectors.get_scenario_for_user(request.user, scenario_id)
    try:
        return _budget(services.adopt_scenario(user=request.user, scenario=found,
                                               request=request))
    except PermissionDenied:
        raise HttpError(403, "Hanya staf provinsi yang merencanakan anggaran.") from None


@router.get("/compare", response=list[CompareRowOut],
            summary="Scenarios side by side, regency by regency")
def compare(request, params: Query[CompareIn]):
    found = [selectors.get_scenario_for_user(request.user, pk) for pk in params.scenarios]
    return [CompareRowOut(regency=c.code, name=c.name, coverage_before=c.rate_before,
                          funded=[r.funded if r else None for r in c.rows],
                          coverage_after=[r.rate_after if r else None for r in c.rows])
            for c in selectors.compare(request.user, found)]


@router.get("/target-cost", response=TargetCostOut,
            summary="New participants each year to the target and the government's premium cost")
def target_cost(request, params: Query[TargetCostIn]):
    try:
        result = selectors.cost_of_target(
            request.user, share=Fraction(params.share) / 100, income=params.income,
            include_jht=params.include_jht, include_unconfirmed=params.include_unconfirmed)
    except PricingError as error:
        raise HttpError(422, explain(error)) from None
    return TargetCostOut(
        share=result.share_rate, income=result.income,
        premium_per_worker=result.premium_per_worker,
        regencies=[RegencyCostOut(regency=r.code, name=r.name, participants=r.participants,
                                  denominator=r.denominator, target=r.target_rate,
                                  target_year=r.target_year,
                                  years=[YearCostOut(**y.__dict__) for y in r.years])
                   for r in result.regencies],
        unconfirmed_ignored=result.unconfirmed_ignored, unconfirmed_used=result.unconfirmed_used)
