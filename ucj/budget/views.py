from decimal import Decimal
from fractions import Fraction

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ucj.budget import allocation, charts, exports, selectors, services
from ucj.budget.forms import BudgetForm, ScenarioForm, TargetCostForm
from ucj.core.bounds import id_list
from ucj.core.confirm import ConfirmForm
from ucj.core.messages import explain
from ucj.core.responses import download
from ucj.premiums.pricing import PricingError
from ucj.regions.models import Region


def budgets(request):
    """Budgets, and for planners a form to add one."""
    can_plan = selectors.can_plan_budgets(request.user)
    form = BudgetForm(request.POST or None) if can_plan else None
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                budget = services.create_budget(
                    user=request.user, request=request,
                    **{**data, "holder": data["holder"].code,
                       "ecosystems": list(data["ecosystems"])})
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, _("Budget saved. Now share it among the regencies."))
                return redirect("budget:detail", budget.pk)
    return render(request, "budget/budgets.html", {
        "budgets": selectors.budgets_for(request.user), "form": form, "can_plan": can_plan})


def detail(request, pk: int):
    """What the budget buys, its scenarios, and the form for a new scenario."""
    budget = selectors.get_budget_for_user(request.user, pk)
    can_plan = selectors.can_plan_budgets(request.user)
    plan, pricing_error = None, None
    try:
        plan = selectors.plan(budget)
    except PricingError as failure:
        pricing_error = explain(failure)
    form = None
    if can_plan:
        form = _scenario_form(budget, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        if form.is_valid():
            try:
                scenario = services.create_scenario(
                    user=request.user, budget=budget, name=form.cleaned_data["name"],
                    policy=form.cleaned_data["policy"], minimums=form.minimums(),
                    limits=form.limits(), request=request)
            except (allocation.Infeasible, PricingError) as failure:
                form.add_error(None, explain(failure))
            else:
                messages.success(request, _("Scenario saved."))
                return redirect("budget:scenario", scenario.pk)
    return render(request, "budget/detail.html", {
        "budget": budget, "plan": plan, "pricing_error": pricing_error, "form": form,
        "can_plan": can_plan, "scenarios": selectors.scenarios_for(request.user, budget),
        "premium_notes": [explain(note) for note in plan.quote.notes] if plan else []})


def _scenario_form(budget, data) -> ScenarioForm:
    codes = selectors.budget_regencies(budget)
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return ScenarioForm(
        data, initial={"name": _("Scenario %(n)s") % {"n": budget.scenarios.count() + 1}},
        regencies=[(code, names.get(code, code)) for code in codes],
        ecosystems=[(e.code, e.name) for e in budget.ecosystems.all()])


@require_safe
def scenario(request, pk: int):
    found = selectors.get_scenario_for_user(request.user, pk)
    regencies = selectors.scenario_regencies(request.user, found)
    return render(request, "budget/scenario.html", {
        "scenario": found, "budget": found.budget, "regencies": regencies,
        "shares": selectors.scenario_shares(request.user, found),
        "chart": charts.scenario_chart(regencies),
        "can_plan": selectors.can_plan_budgets(request.user),
        "is_adopted": found.budget.adopted_scenario_id == found.pk,
        "funded": sum(r.funded for r in regencies), "cost": sum(r.cost for r in regencies)})


@require_safe
def scenario_xlsx(request, pk: int):
    found = selectors.get_scenario_for_user(request.user, pk)
    content = exports.scenario_workbook(found, selectors.scenario_regencies(request.user, found),
                                        selectors.scenario_shares(request.user, found))
    return download(content, f"skenario-{found.pk}.xlsx")


@require_http_methods(["GET", "HEAD", "POST"])
def adopt(request, pk: int):
    """GET: what adopting does (read-only); POST with the box ticked: adopt."""
    found = selectors.get_scenario_for_user(request.user, pk)
    if not selectors.can_plan_budgets(request.user):
        raise PermissionDenied
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.adopt_scenario(user=request.user, scenario=found, request=request)
        messages.success(request, _("Scenario adopted: proposals for this budget are now "
                                    "checked against its allocation."))
        return redirect("budget:scenario", found.pk)
    budget = found.budget
    effects = [_("From now on, proposals for “%(budget)s” are checked against this "
                 "allocation: each regency may have accepted at most the workers it funds "
                 "for the regency.") % {"budget": budget}]
    if budget.adopted_scenario_id and budget.adopted_scenario_id != found.pk:
        effects.append(_("It replaces the adopted scenario “%(name)s”; workers already "
                         "accepted stay accepted.") % {"name": budget.adopted_scenario.name})
    return render(request, "core/review.html", {
        "heading": _("Adopt this allocation"), "subject": f"{budget.name}: {found.name}",
        "review": selectors.adopt_review(found), "effects": effects, "form": form,
        "button": _("Adopt this allocation"),
        "action": reverse("budget:adopt", args=[found.pk]),
        "back": reverse("budget:scenario", args=[found.pk])})


@require_POST
def delete(request, pk: int):
    found = selectors.get_scenario_for_user(request.user, pk)
    try:
        services.delete_scenario(user=request.user, scenario=found, request=request)
    except PermissionDenied:
        if not selectors.can_plan_budgets(request.user):
            raise
        messages.error(request, _("The adopted scenario cannot be deleted: adopt another "
                                  "one first."))
        return redirect("budget:scenario", found.pk)
    messages.success(request, _("Scenario deleted."))
    return redirect("budget:detail", found.budget_id)


def _compared(request, pk: int):
    budget = selectors.get_budget_for_user(request.user, pk)
    wanted = id_list(request.GET.getlist("s"), most=50)
    # Oldest first, whatever order the boxes were ticked in: "Scenario 1, Scenario 2".
    scenarios = sorted((s for s in selectors.scenarios_for(request.user, budget)
                        if s.pk in wanted), key=lambda s: s.pk)
    return budget, scenarios, selectors.compare(request.user, scenarios)


@require_safe
def compare(request, pk: int):
    budget, scenarios, compared = _compared(request, pk)
    if len(scenarios) < 2:
        messages.warning(request, _("Tick at least two scenarios to compare."))
        return redirect("budget:detail", budget.pk)
    totals = [{"scenario": s, "funded": sum(c.rows[i].funded for c in compared if c.rows[i]),
               "cost": sum(c.rows[i].cost for c in compared if c.rows[i])}
              for i, s in enumerate(scenarios)]
    return render(request, "budget/compare.html", {
        "budget": budget, "scenarios": scenarios, "compared": compared, "totals": totals,
        "summary": selectors.compare_summary(compared),
        "chart": charts.compare_chart(compared, scenarios),
        "query": "&".join(f"s={s.pk}" for s in scenarios)})


@require_safe
def compare_xlsx(request, pk: int):
    budget, scenarios, compared = _compared(request, pk)
    return download(exports.compare_workbook(scenarios, compared),
                 f"perbandingan-anggaran-{budget.pk}.xlsx")


def _target_cost(request):
    form = TargetCostForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None, None
    data = form.cleaned_data if request.GET else {f: form.fields[f].initial for f in form.fields}
    try:
        result = selectors.cost_of_target(
            request.user, share=Fraction(Decimal(data["share"])) / 100, income=data["income"],
            include_jht=bool(data["include_jht"]),
            include_unconfirmed=bool(data["include_unconfirmed"]))
    except PricingError as failure:
        return form, None, explain(failure)
    return form, result, None


@require_safe
def target_cost(request):
    form, result, error = _target_cost(request)
    return render(request, "budget/target_cost.html", {
        "form": form, "result": result, "error": error,
        "chart": charts.target_cost_chart(result) if result and result.regencies else None,
        "query": request.GET.urlencode()})


@require_safe
def target_cost_xlsx(request):
    form, result, error = _target_cost(request)
    if result is None:
        return redirect("budget:target_cost")
    return download(exports.target_cost_workbook(result), "biaya-target-2030.xlsx")
