from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ucj.accounts.selectors import can_manage_master_data
from ucj.core.messages import explain
from ucj.premiums import pricing, selectors, services
from ucj.premiums.forms import RULE_FORMS, QuoteForm


@require_safe
def calculator(request):
    """The premium calculator, and the rules it prices with."""
    form = QuoteForm(request.GET or None, initial={"start": date.today().replace(day=1)})
    quote, error = None, None
    if form.is_valid():
        try:
            quote = selectors.quote(pricing.Request(**form.cleaned_data))
        except pricing.PricingError as failure:
            error = explain(failure)
    rules = selectors.rules_by_kind()
    context = {
        "form": form, "quote": quote, "error": error,
        "rule_groups": [("rate", _("Rates"), rules["rates"]),
                        ("bracket", _("Income brackets (BPU)"), rules["brackets"]),
                        ("discount", _("Discounts"), rules["discounts"]),
                        ("wagecap", _("JP wage caps (PU)"), rules["wagecaps"])],
        "can_confirm": can_manage_master_data(request.user), "entered_kinds": ENTERED_KINDS}
    if quote:
        context |= {
            "uniform_monthly": (quote.monthly_per_worker[0]
                                if len(set(quote.monthly_per_worker)) == 1 else None),
            "breakdown": [*((c.upper(), quote.component_total(c)) for c in quote.components),
                          (_("Discount"), -quote.discount_total)],
            "month_rows": [{"month": m.month, "declared_income": m.declared_income,
                            "values": [m.components.get(c, 0) for c in quote.components],
                            "discount": m.discount, "net": m.net} for m in quote.months],
            "notes": [explain(note) for note in quote.notes],
            "ignored": list(selectors.describe_all(
                [r.id for r in quote.unconfirmed_ignored]).values()),
            "used": list(selectors.describe_all(
                [r.id for r in quote.unconfirmed_used]).values())}
    return render(request, "premiums/calculator.html", context)


@require_POST
def confirm(request, kind: str, pk: int):
    model = selectors.RULE_MODELS.get(kind)
    if model is None:
        raise Http404
    if not can_manage_master_data(request.user):
        raise PermissionDenied
    rule = get_object_or_404(model, pk=pk)
    try:
        services.confirm_rule(user=request.user, rule=rule, request=request)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Rule confirmed: %(rule)s.") % {"rule": rule})
    return redirect("premiums:calculator")


RULE_TITLES = {"bracket": _lazy("New income bracket (BPU)"), "wagecap": _lazy("New JP wage cap")}
ENTERED_KINDS = tuple(RULE_TITLES)


@require_http_methods(["GET", "HEAD", "POST"])
def add_rule(request, kind: str):
    """Province staff enter an income bracket or a JP wage cap; it is stored unconfirmed.
    Rates and discounts are not entered here: their checks do not yet refuse every
    combination the calculator cannot price (two rates for one thing, overlapping
    discounts), so a confirmed one could stop the calculator for a period."""
    form_class = RULE_FORMS.get(kind) if kind in ENTERED_KINDS else None
    if form_class is None:
        raise Http404
    if not can_manage_master_data(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.add_rule(user=request.user, rule=form.save(commit=False),
                                     request=request)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Rule entered, not yet confirmed: %(rule)s.")
                             % {"rule": rule})
            return redirect("premiums:calculator")
    return render(request, "premiums/rule_form.html",
                  {"form": form, "kind": kind, "title": RULE_TITLES[kind]})


@require_http_methods(["GET", "HEAD", "POST"])
def edit_rule(request, kind: str, pk: int):
    """Province staff change a rule; a changed rule is stored unconfirmed (as the admin
    did), so it prices nothing until confirmed again."""
    form_class = RULE_FORMS.get(kind)
    if form_class is None:
        raise Http404
    if not can_manage_master_data(request.user):
        raise PermissionDenied
    rule = get_object_or_404(form_class._meta.model, pk=pk)
    form = form_class(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_rule(user=request.user, rule=form.save(commit=False),
                                 changed=form.changed_data, request=request)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            if form.changed_data:
                messages.success(request, _("Rule changed, to be confirmed again: %(rule)s.")
                                 % {"rule": rule})
            return redirect(f"{reverse('premiums:calculator')}#rules")
    return render(request, "premiums/rule_form.html",
                  {"form": form, "kind": kind, "rule": rule,
                   "title": _("Change a rule: %(rule)s") % {"rule": rule}})
