"""Contribution rules and premium calculations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BeforeValidator, Field

from ucj.accounts.selectors import can_manage_master_data
from ucj.api.schema import Day, Income, MonthText, Persons, QuoteMonths, TextIn
from ucj.core import bounds
from ucj.core.messages import explain
from ucj.premiums import pricing, selectors, services
from ucj.premiums.models import IncomeBracket, PensionWageCap, Program

router = Router()


class RuleOut(Schema):
    id: str
    kind: str
    description: str
    program: str
    valid_from: date
    valid_to: date | None
    legal_basis: str
    source: str
    confirmed: bool
    component: str | None = None
    risk_class: int | None = None
    payer: str | None = None
    percent: Decimal | None = None
    flat_amount: int | None = None
    base_minimum: int | None = None
    base_cap: int | None = None
    lower: int | None = None
    upper: int | None = None
    declared_income: int | None = None
    components: str | None = None
    sector: str | None = None
    amount: int | None = None


class QuoteIn(TextIn):
    program: Program = Program.BPU
    income: Income = 1_000_000
    workers: Persons = 1
    start: MonthText
    months: QuoteMonths = 12
    include_jht: bool = False
    risk_class: int | None = Field(None, ge=1, le=5, description="PU only")
    sector: str = Field("", max_length=40, description=(
        "Empty, or one of the sectors the discounts name (GET /api/premiums/sectors); "
        "another is refused with the list"))
    include_unconfirmed: bool = False


class MonthOut(Schema):
    month: str
    declared_income: int
    components: dict[str, int]
    discount: int
    per_worker: int
    rules: list[str]


class QuoteOut(Schema):
    program: str
    income: int
    workers: int
    months_priced: int
    include_jht: bool
    months: list[MonthOut]
    per_worker_monthly: list[int]
    per_worker: int
    totals: dict[str, int]
    total: int
    unconfirmed_ignored: list[str]
    unconfirmed_used: list[str]
    notes: list[str] = Field(description="What the reader must know: an income capped at the "
                             "highest bracket, a ceiling nobody has entered")


_RULE_FIELDS = ("component", "risk_class", "payer", "percent", "flat_amount", "base_minimum",
                "base_cap", "lower", "upper", "declared_income", "components", "sector", "amount")


def _rule_out(kind: str, rule) -> RuleOut:
    return RuleOut(id=f"{kind}-{rule.pk}", kind=kind, description=str(rule),
                   program=rule.program, valid_from=rule.valid_from, valid_to=rule.valid_to,
                   legal_basis=rule.legal_basis, source=rule.source, confirmed=rule.confirmed,
                   **{f: getattr(rule, f) for f in _RULE_FIELDS if hasattr(rule, f)})


@router.get("/rules", response=list[RuleOut],
            summary="Contribution rates, income brackets, discounts and JP wage caps, with "
                    "validity and source")
def rules(request):
    found = selectors.rules_by_kind()
    return [_rule_out(kind, rule)
            for kind, key in (("rate", "rates"), ("bracket", "brackets"),
                              ("discount", "discounts"), ("wagecap", "wagecaps"))
            for rule in found[key]]


def _no_bool(value):
    if isinstance(value, bool):
        raise ValueError("an amount is a number of rupiah, not true or false")
    return value


# An amount in a rule: a JSON integer within the bounds (pydantic alone takes false for 0).
RuleAmount = Annotated[int, Field(ge=0, le=bounds.INCOME_MAX), BeforeValidator(_no_bool)]


class NewRuleIn(TextIn):
    valid_from: Day
    valid_to: Day | None = None
    legal_basis: str = Field(min_length=1, max_length=255)
    source: str = Field("", max_length=500, description="where the figure was read")
    note: str = Field("", max_length=2000)


class BracketIn(NewRuleIn):
    program: Program = Program.BPU
    lower: RuleAmount
    upper: RuleAmount | None = Field(None, description=(
        "empty on the highest bracket: a higher income is declared at its value (capped); "
        "filled: a higher income is refused"))
    declared_income: RuleAmount


class WageCapIn(NewRuleIn):
    amount: RuleAmount


def _add(request, kind: str, rule) -> Status:
    if not can_manage_master_data(request.user):
        raise HttpError(403, _("Only province staff may enter contribution rules."))
    try:
        services.add_rule(user=request.user, rule=rule, request=request)
    except ValidationError as refused:
        raise HttpError(422, " ".join(refused.messages)) from None
    return Status(201, _rule_out(kind, rule))


@router.post("/brackets", response={201: RuleOut},
             summary="Enter a BPU income bracket (PP 44/2015 Lampiran II; stored unconfirmed)")
def add_bracket(request, payload: BracketIn):
    return _add(request, "bracket", IncomeBracket(**payload.dict()))


@router.post("/wage-caps", response={201: RuleOut},
             summary="Enter a JP wage cap for a period (stored unconfirmed)")
def add_wage_cap(request, payload: WageCapIn):
    return _add(request, "wagecap", PensionWageCap(**payload.dict()))


@router.get("/sectors", response=list[str],
            summary="The sectors the discounts name: the only sectors a quote or budget takes")
def sectors(request):
    return selectors.known_sectors()


@router.get("/quote", response=QuoteOut,
            summary="Price workers for months, month by month under the rules in force")
def quote(request, params: Query[QuoteIn]):
    try:
        request_ = pricing.Request(
            program=params.program, income=params.income, workers=params.workers,
            start=pricing.parse_month(params.start), months=params.months,
            include_jht=params.include_jht, risk_class=params.risk_class,
            sector=params.sector, include_unconfirmed=params.include_unconfirmed)
        found = selectors.quote(request_)
    except pricing.PricingError as error:
        raise HttpError(422, explain(error)) from None
    result = selectors.quote_dict(found)
    result.pop("from")
    return result
