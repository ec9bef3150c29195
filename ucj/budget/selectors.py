"""Reads for budget planning, limited to the user's regions: budgets, what they buy, the
inputs of an allocation, scenarios and their comparison, and the cost of the target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from ucj.accounts import rights
from ucj.accounts.models import User
from ucj.accounts.selectors import province_reader, region_scope
from ucj.budget import allocation, target_cost
from ucj.budget.models import Budget, Scenario, ScenarioRegency, ScenarioShare
from ucj.core.confirm import Review
from ucj.core.explained import _
from ucj.premiums import pricing
from ucj.premiums import selectors as premiums
from ucj.regions.models import Region


def can_plan_budgets(user: User) -> bool:
    """Province staff plan budgets and their allocation; others read their share."""
    return rights.may(user, rights.Action.PLAN_BUDGETS)


def budgets_for(user: User) -> QuerySet[Budget]:
    """Province budgets for everyone signed in; a regency's own budgets for its scope."""
    scope = region_scope(user)
    return (Budget.objects.filter(Q(holder_id=settings.UCJ_PROVINCE_CODE)
                                  | Q(holder_id__in=scope.regency_codes))
            .select_related("holder", "adopted_scenario").prefetch_related("ecosystems"))


def get_budget_for_user(user: User, budget_id: int) -> Budget:
    try:
        return budgets_for(user).get(pk=budget_id)
    except Budget.DoesNotExist as missing:
        raise Http404 from missing


def budget_request(budget: Budget, *, workers: int = 1,
                   include_unconfirmed: bool = False) -> pricing.Request:
    return pricing.Request(program=budget.contribution_program, income=budget.declared_income,
                           workers=workers, start=budget.start_month, months=budget.months,
                           include_jht=budget.include_jht, sector=budget.sector,
                           include_unconfirmed=include_unconfirmed)


@dataclass(frozen=True)
class BudgetPlan:
    """What a budget buys: the premium of one worker for its months, and how many
    workers it pays for in full."""

    budget: Budget
    quote: pricing.Quote

    @property
    def per_worker(self) -> int:
        return self.quote.per_worker

    @property
    def affordable(self) -> int:
        return pricing.affordable_workers(self.budget.amount, self.per_worker)

    @property
    def leftover(self) -> int:
        return self.budget.amount - self.affordable * self.per_worker


def plan(budget: Budget) -> BudgetPlan:
    """Raises pricing.PricingError when the rules cannot price the budget's months."""
    return BudgetPlan(budget=budget, quote=premiums.quote(budget_request(budget)))


def budget_regencies(budget: Budget) -> list[str]:
    """The regencies a budget may pay for: all of the province's, or the holder's own."""
    if budget.holder_id == settings.UCJ_PROVINCE_CODE:
        return sorted(region_scope(province_reader()).regency_codes)
    return [budget.holder_id]



def eligible_workers(regencies: list[str], ecosystems: list[str]
                     ) -> tuple[dict[tuple[str, str], int], dict[str, int], int | None]:
    """Registered workers the latest reconciliation shows not yet active (lapsed or not
    enrolled; not those waiting for review, who may be active), by (regency, ecosystem)
    and as distinct persons per regency, and the reconciliation's id (None before the
    first reconciliation, when nobody is counted)."""
    from ucj.membership.models import WorkerMembership
    from ucj.membership.selectors import latest_reconciliation
    from ucj.registry.models import WorkerListing

    run = latest_reconciliation()
    if run is None or not regencies or not ecosystems:
        return {}, {}, run.pk if run else None
    quote = connection.ops.quote_name
    # Grouped over every regency and ecosystem and filtered here: with IN lists on them,
    # SQLite probes the listing index once per (regency, ecosystem) pair for every
    # membership, three times slower than reading it once.
    source = f"""
        FROM {quote(WorkerListing._meta.db_table)} l
        JOIN {quote(WorkerMembership._meta.db_table)} m
          ON m.worker_id = l.worker_id AND m.reconciliation_id = %s
        WHERE m.status IN ('lapsed', 'not_enrolled') AND m.method <> 'review'"""
    wanted_regencies, wanted_ecosystems = set(regencies), set(ecosystems)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT l.regency_id, l.ecosystem_id, count(*) {source} "
                       f"GROUP BY l.regency_id, l.ecosystem_id", [run.pk])
        by_ecosystem = {(r, e): n for r, e, n in cursor.fetchall()
                        if r in wanted_regencies and e in wanted_ecosystems}
        # A worker listed in two of the budget's ecosystems is one person to fund.
        if len(wanted_ecosystems) == 1:
            distinct = {r: n for (r, _e), n in by_ecosystem.items()}
        else:
            cursor.execute(f"SELECT l.regency_id, l.ecosystem_id, l.worker_id {source} "
                           f"AND l.worker_id IN (SELECT worker_id FROM "
                           f"{quote(WorkerListing._meta.db_table)} GROUP BY worker_id "
                           f"HAVING count(*) > 1)", [run.pk])
            repeated: dict[tuple[str, int], int] = {}
            for regency, ecosystem, worker in cursor.fetchall():
                if regency in wanted_regencies and ecosystem in wanted_ecosystems:
                    repeated[(regency, worker)] = repeated.get((regency, worker), 0) + 1
            distinct = {}
            for (regency, _e), n in by_ecosystem.items():
                distinct[regency] = distinct.get(regency, 0) + n
            for (regency, _worker), listed in repeated.items():
                distinct[regency] -= listed - 1
    return by_ecosystem, distinct, run.pk


@dataclass(frozen=True)
class AllocationInputs:
    areas: list[allocation.Area]
    coverage_months: dict[str, str]
    reconciliation: int | None


def allocation_inputs(budget: Budget, minimums: dict[str, int] | None = None
                      ) -> AllocationInputs:
    """Every regency the budget may pay for, with its latest coverage, its target and
    its workers not yet active in the budget's ecosystems."""
    from ucj.coverage import selectors as coverage

    minimums = minimums or {}
    codes = budget_regencies(budget)
    ecosystems = sorted(budget.ecosystems.values_list("code", flat=True))
    by_ecosystem, distinct, run = eligible_workers(codes, ecosystems)
    reader = province_reader()
    latest = {i.region_code: i for i in coverage.latest_by_regency(reader)}
    preloaded = coverage.Preloaded.load(codes)
    areas = []
    for code in codes:
        indicator = latest.get(code)
        target = preloaded.targets.get(code)
        denominator = indicator.denominator.value if indicator and indicator.denominator else None
        region = preloaded.regions.get(code)
        areas.append(allocation.Area(
            code=code, name=region.name if region else code,
            participants=indicator.numerator if indicator else 0,
            denominator=denominator or None,
            eligible={e: by_ecosystem.get((code, e), 0) for e in ecosystems},
            eligible_total=distinct.get(code, 0),
            target_rate=Fraction(target.rate) if target else None,
            minimum=int(minimums.get(code, 0) or 0)))
    return AllocationInputs(
        areas=areas,
        coverage_months={code: i.month.isoformat()[:7] for code, i in latest.items()
                         if code in codes},
        reconciliation=run)


@dataclass(frozen=True)
class Preview:
    """An allocation computed but not stored."""

    plan: BudgetPlan
    inputs: AllocationInputs
    result: allocation.Allocation

    def as_dict(self) -> dict:
        per_worker = self.plan.per_worker
        return {
            "budget": self.plan.budget.pk, "amount": self.plan.budget.amount,
            "policy": str(self.result.problem.policy), "per_worker": per_worker,
            "affordable": self.plan.affordable, "funded": self.result.total,
            "cost": self.result.total * per_worker,
            "reconciliation": self.inputs.reconciliation,
            "regencies": [{
                "regency": a.code, "name": a.name, "participants": a.participants,
                "denominator": a.denominator, "eligible": a.distinct_eligible,
                "minimum": a.minimum, "funded": self.result.for_area(a.code),
                "cost": self.result.for_area(a.code) * per_worker,
                "coverage_before": a.rate, "coverage_after": a.rate_after(
                    self.result.for_area(a.code)),
                "ecosystems": {e: self.result.funded.get((a.code, e), 0)
                               for e, n in a.eligible.items() if n},
            } for a in self.inputs.areas],
        }


def allocate(budget: Budget, policy: str, minimums: dict[str, int] | None = None,
             limits: dict[str, dict[str, int | None]] | None = None) -> Preview:
    """Shares `budget` under `policy`. Raises allocation.Infeasible or
    pricing.PricingError, whose messages say what to change."""
    minimums = minimums or {}
    budget_plan = plan(budget)
    inputs = allocation_inputs(budget, minimums)
    unknown = set(minimums) - {a.code for a in inputs.areas}
    if unknown:
        raise allocation.Infeasible(
            _("This budget does not pay for %(regencies)s: remove their minimums."),
            regencies=", ".join(sorted(unknown)))
    problem = allocation.Problem(
        areas=inputs.areas, capacity=budget_plan.affordable, policy=allocation.Policy(policy),
        limits={eco: allocation.Limit(minimum=v.get("min") or 0, maximum=v.get("max"))
                for eco, v in (limits or {}).items()})
    return Preview(plan=budget_plan, inputs=inputs, result=allocation.allocate(problem))


def scenarios_for(user: User, budget: Budget) -> QuerySet[Scenario]:
    return Scenario.objects.filter(budget=get_budget_for_user(user, budget.pk)).select_related(
        "created_by")


def get_scenario_for_user(user: User, scenario_id: int) -> Scenario:
    found = Scenario.objects.select_related("budget", "budget__holder").filter(
        pk=scenario_id).first()
    if found is None:
        raise Http404
    get_budget_for_user(user, found.budget_id)  # 404 outside the user's budgets
    return found


def scenario_regencies(user: User, scenario: Scenario) -> list[ScenarioRegency]:
    """The scenario's regency rows the user may see (a regency sees its own share)."""
    return list(scenario.regencies.filter(regency_id__in=region_scope(user).regency_codes)
                .select_related("regency"))


def scenario_shares(user: User, scenario: Scenario) -> list[ScenarioShare]:
    return list(scenario.shares.filter(regency_id__in=region_scope(user).regency_codes)
                .select_related("regency", "ecosystem"))


@dataclass(frozen=True)
class ComparedRegency:
    code: str
    name: str
    rate_before: float | None
    rows: list[ScenarioRegency | None]  # one per scenario, in the order asked


def compare(user: User, scenarios: list[Scenario]) -> list[ComparedRegency]:
    """Scenarios side by side, regency by regency (only the user's regencies)."""
    by_scenario = [{row.regency_id: row for row in scenario_regencies(user, s)}
                   for s in scenarios]
    codes = sorted({code for rows in by_scenario for code in rows})
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    result = []
    for code in codes:
        rows = [rows.get(code) for rows in by_scenario]
        first = next(row for row in rows if row is not None)
        result.append(ComparedRegency(code=code, name=names.get(code, code),
                                      rate_before=first.rate_before, rows=rows))
    return result


@dataclass(frozen=True)
class ColumnSummary:
    """One column of the comparison (coverage before, or after a scenario): the mean of
    the regencies' coverage (each regency counts once) and the lowest, with its regency."""
    mean: float | None
    lowest: float | None
    lowest_name: str


@dataclass(frozen=True)
class ComparisonSummary:
    before: ColumnSummary
    scenarios: list[ColumnSummary]  # in the order of the scenarios


def compare_summary(compared: list[ComparedRegency]) -> ComparisonSummary:
    """The rows under the comparison table: mean and lowest coverage, before and after
    each scenario, over the regencies that have a figure (a denominator)."""
    def column(pairs: list[tuple[str, float | None]]) -> ColumnSummary:
        known = [(rate, name) for name, rate in pairs if rate is not None]
        if not known:
            return ColumnSummary(mean=None, lowest=None, lowest_name="")
        lowest, name = min(known, key=lambda pair: pair[0])
        return ColumnSummary(mean=sum(rate for rate, _ in known) / len(known),
                             lowest=lowest, lowest_name=name)

    count = len(compared[0].rows) if compared else 0
    return ComparisonSummary(
        before=column([(c.name, c.rate_before) for c in compared]),
        scenarios=[column([(c.name, c.rows[i].rate_after if c.rows[i] else None)
                           for c in compared]) for i in range(count)])


# --- the cost of the target ---------------------------------------------------------------


@dataclass(frozen=True)
class RegencyTargetCost:
    code: str
    name: str
    month: date
    participants: int
    denominator: int
    target_rate: float
    target_year: int
    years: list[target_cost.YearCost]


@dataclass(frozen=True)
class TargetCost:
    regencies: list[RegencyTargetCost]
    premium_per_worker: dict[int, int]
    share: Fraction
    income: int
    include_jht: bool
    unconfirmed_ignored: list[str]
    unconfirmed_used: list[str]

    @property
    def share_rate(self) -> float:
        return float(self.share)

    @property
    def years(self) -> list[int]:
        return sorted({y.year for r in self.regencies for y in r.years})

    def totals(self) -> list[dict]:
        rows = []
        for year in self.years:
            found = [y for r in self.regencies for y in r.years if y.year == year]
            rows.append({"year": year, "new_needed": sum(y.new_needed for y in found),
                         "paid_new": sum(y.paid_new for y in found),
                         "paid_total": sum(y.paid_total for y in found),
                         "cost": sum(y.cost for y in found)})
        return rows


def cost_of_target(user: User, *, share: Fraction, income: int = 1_000_000,
                   include_jht: bool = False, include_unconfirmed: bool = False) -> TargetCost:
    """Per regency in scope and year to its target: the new participants the straight
    path asks for, and what the government's share of them costs under the rules in
    force each year (raises pricing.PricingError when a year cannot be priced)."""
    from ucj.coverage import selectors as coverage

    rows = [r for r in coverage.ranking(user) if r.outlook.path]
    premium: dict[int, int] = {}
    ignored: dict[str, None] = {}  # rule ids, in the order met
    used: dict[str, None] = {}
    for row in rows:
        month = row.outlook.latest.month
        for point in row.outlook.path:
            if point.year in premium:
                continue
            first = date(point.year, 1, 1) if point.year > month.year else (
                pricing.add_months(month, 1))
            months = 12 if point.year > month.year else 12 - month.month
            if months == 0 or first.year != point.year:
                premium[point.year] = 0
                continue
            quote = premiums.quote(pricing.Request(
                program="bpu", income=income, workers=1, start=first, months=months,
                include_jht=include_jht, include_unconfirmed=include_unconfirmed))
            premium[point.year] = quote.per_worker
            ignored |= {r.id: None for r in quote.unconfirmed_ignored}
            used |= {r.id: None for r in quote.unconfirmed_used}
    regencies = [RegencyTargetCost(
        code=row.outlook.latest.region_code, name=row.outlook.latest.region_name,
        month=row.outlook.latest.month, participants=row.outlook.latest.numerator,
        denominator=row.outlook.latest.denominator.value,
        target_rate=float(row.outlook.target.rate), target_year=row.outlook.target.year,
        years=target_cost.year_costs(
            current=row.outlook.latest.numerator,
            path=[target_cost.PathYear(p.year, p.persons) for p in row.outlook.path],
            share=share, premium_per_worker=premium))
        for row in rows]
    return TargetCost(regencies=regencies, premium_per_worker=premium, share=share,
                      income=income, include_jht=include_jht,
                      unconfirmed_ignored=sorted(premiums.describe_all(ignored).values()),
                      unconfirmed_used=sorted(premiums.describe_all(used).values()))


def adopt_review(scenario: Scenario) -> Review:
    """Adopting: the workers the scenario funds, the budget's months and its premiums."""
    budget = scenario.budget
    refusal = (gettext("This scenario is already the adopted allocation.")
               if budget.adopted_scenario_id == scenario.pk else "")
    return Review(workers=scenario.funded, start=budget.start_month, end=budget.end_month,
                  months=budget.months, per_worker=scenario.per_worker, total=scenario.cost,
                  refusal=refusal)
