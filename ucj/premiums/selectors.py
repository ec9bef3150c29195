"""Reads of the contribution rules, as the pure pricing module's RuleBook."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ucj.core.messages import explain
from ucj.premiums import pricing
from ucj.premiums.models import ContributionRate, Discount, IncomeBracket, PensionWageCap


def _validity(rule) -> pricing.Validity:
    return pricing.Validity(valid_from=rule.valid_from, valid_to=rule.valid_to)


def rule_book() -> pricing.RuleBook:
    return pricing.RuleBook(
        rates=[pricing.Rate(id=f"rate-{r.pk}", program=r.program, component=r.component,
                            validity=_validity(r), percent=r.percent, flat_amount=r.flat_amount,
                            risk_class=r.risk_class, payer=r.payer, base_minimum=r.base_minimum,
                            base_cap=r.base_cap, legal_basis=r.legal_basis,
                            confirmed=r.confirmed)
               for r in ContributionRate.objects.all()],
        brackets=[pricing.Bracket(id=f"bracket-{b.pk}", program=b.program, lower=b.lower,
                                  upper=b.upper, declared_income=b.declared_income,
                                  validity=_validity(b), legal_basis=b.legal_basis,
                                  confirmed=b.confirmed)
                  for b in IncomeBracket.objects.all()],
        discounts=[pricing.Discount(id=f"discount-{d.pk}", program=d.program,
                                    components=d.component_set, percent=d.percent,
                                    validity=_validity(d), sector=d.sector,
                                    legal_basis=d.legal_basis, confirmed=d.confirmed)
                   for d in Discount.objects.all()],
        wage_caps=[pricing.WageCap(id=f"wagecap-{c.pk}", amount=c.amount, validity=_validity(c),
                                   legal_basis=c.legal_basis, confirmed=c.confirmed)
                   for c in PensionWageCap.objects.all()],
    )


def known_sectors() -> list[str]:
    """The sectors the discounts name: the only sectors a quote or a budget may name."""
    return sorted(set(Discount.objects.exclude(sector="").values_list("sector", flat=True)))


def sector_choices() -> list[tuple[str, str]]:
    """For a select: no sector first (every-sector discounts only), then the known ones."""
    return [("", _("— none (discounts for every sector) —")),
            *((s, s) for s in known_sectors())]


def rules_by_kind() -> dict[str, list]:
    return {
        "rates": list(ContributionRate.objects.select_related("confirmed_by")),
        "brackets": list(IncomeBracket.objects.select_related("confirmed_by")),
        "discounts": list(Discount.objects.select_related("confirmed_by")),
        "wagecaps": list(PensionWageCap.objects.select_related("confirmed_by")),
    }


RULE_MODELS = {"rate": ContributionRate, "bracket": IncomeBracket, "discount": Discount,
               "wagecap": PensionWageCap}


def describe_all(rule_ids) -> dict[str, str]:
    """Rule ids ('rate-3') in the rules' own words with their legal basis, for listing
    what a quote used: one query per kind of rule, however many months name them."""
    wanted: dict[str, set[str]] = {}
    for rule_id in rule_ids:
        kind, _dash, pk = str(rule_id).partition("-")
        if kind in RULE_MODELS and pk.isdigit():
            wanted.setdefault(kind, set()).add(pk)
    found = {f"{kind}-{rule.pk}": f"{rule} ({rule.legal_basis})"
             for kind, pks in wanted.items() for rule in RULE_MODELS[kind].objects.filter(
                 pk__in=pks)}
    return {str(rule_id): found.get(str(rule_id), str(rule_id)) for rule_id in rule_ids}


def quote(request: pricing.Request) -> pricing.Quote:
    return pricing.price(request, rule_book())


def quote_dict(quote: pricing.Quote) -> dict:
    """A quote as plain data (for the command line's --json and the API)."""
    request = quote.request
    named = describe_all({r for m in quote.months for r in m.rules}
                         | {r.id for r in (*quote.unconfirmed_ignored, *quote.unconfirmed_used)})
    return {
        "program": request.program,
        "income": request.income,
        "workers": request.workers,
        "from": request.start.isoformat()[:7],
        "months_priced": len(quote.months),
        "include_jht": request.include_jht,
        "months": [{"month": m.month.isoformat()[:7], "declared_income": m.declared_income,
                    "components": m.components, "discount": m.discount,
                    "per_worker": m.net, "rules": [named[r] for r in m.rules]}
                   for m in quote.months],
        "per_worker_monthly": quote.monthly_per_worker,
        "per_worker": quote.per_worker,
        "totals": {**{c: quote.component_total(c) for c in quote.components},
                   "discount": -quote.discount_total},
        "total": quote.total,
        "unconfirmed_ignored": [named[r.id] for r in quote.unconfirmed_ignored],
        "unconfirmed_used": [named[r.id] for r in quote.unconfirmed_used],
        "notes": [explain(note) for note in quote.notes],
    }
