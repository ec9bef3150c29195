"""Premium arithmetic: pure Python, no Django.

A premium is priced month by month from the rules valid in that month, so a period that
straddles a change of rates or a discount is priced correctly on both sides of it. The
rules themselves are data (ContributionRate, IncomeBracket, Discount rows) with their legal
basis and validity period; this module only applies them.

Money is whole rupiah. A percentage of an income is rounded half up to the rupiah once per
worker per component per month, the way BPJS Ketenagakerjaan bills a participant; the
totals are then exact products of those monthly amounts.

BPU (non-wage workers), PP 44/2015 as amended by PP 82/2019: JKK is a percentage of the
declared income (the income's bracket value, never below the minimum), JKM a flat amount,
JHT an optional percentage. PU (wage earners): JKK by risk class, JKM, JHT and JP as
percentages of the wage, JP up to a wage cap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ucj.core.explained import Explained, _

#: The components, in the order they are shown.
COMPONENTS = ("jkk", "jkm", "jht", "jp")
#: Components a participant (or the government paying for one) may leave out.
OPTIONAL_COMPONENTS = frozenset({"jht", "jp"})


class PricingError(Explained):
    """The rules cannot price the request; the message says what is missing or clashing."""


# --- months -------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_from(start: date, count: int) -> list[date]:
    """`count` calendar months from the month of `start`."""
    if count < 1:
        raise PricingError(_("The number of months must be at least 1."))
    first = month_start(start)
    return [add_months(first, i) for i in range(count)]


def parse_month(text: str) -> date:
    """'2025-01' (or a full date) as the first day of that month."""
    try:
        parts = [int(p) for p in text.strip().split("-")[:2]]
        return date(parts[0], parts[1], 1)
    except (ValueError, IndexError):
        raise PricingError(_("'%(text)s' is not a month: write it as YYYY-MM, e.g. 2025-01."),
                           text=text) from None


# --- rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Validity:
    valid_from: date
    valid_to: date | None  # inclusive; None = until further notice

    def covers(self, month: date) -> bool:
        """A rule applies to a month that starts inside its period."""
        return self.valid_from <= month and (self.valid_to is None or month <= self.valid_to)


@dataclass(frozen=True)
class Rate:
    """One component of one programme: a percentage of the (declared) income or wage, or a
    flat amount a month; for PU, of one risk class and one payer."""

    id: int | str
    program: str  # "bpu" or "pu"
    component: str  # jkk, jkm, jht, jp
    validity: Validity
    percent: Decimal | None = None
    flat_amount: int | None = None
    risk_class: int | None = None
    payer: str = ""  # "", "employer", "worker"
    base_minimum: int | None = None
    base_cap: int | None = None
    legal_basis: str = ""
    confirmed: bool = True

    def amount(self, base: int) -> int:
        if self.flat_amount is not None:
            return self.flat_amount
        if self.base_minimum is not None:
            base = max(base, self.base_minimum)
        if self.base_cap is not None:
            base = min(base, self.base_cap)
        return round_rupiah(Decimal(base) * (self.percent or Decimal(0)) / 100)


@dataclass(frozen=True)
class Bracket:
    """Incomes from `lower` to `upper` (inclusive; None = no upper end) are declared as
    `declared_income` (PP 44/2015 Lampiran II for BPU)."""

    id: int | str
    program: str
    lower: int
    upper: int | None
    declared_income: int
    validity: Validity
    legal_basis: str = ""
    confirmed: bool = True

    def holds(self, income: int) -> bool:
        return self.lower <= income and (self.upper is None or income <= self.upper)


@dataclass(frozen=True)
class Discount:
    """`percent` off the named components for a programme (and a sector, or every sector
    when `sector` is empty), e.g. the reported PP 50/2025 relief for BPU in 2026."""

    id: int | str
    program: str
    components: frozenset[str]
    percent: Decimal
    validity: Validity
    sector: str = ""
    legal_basis: str = ""
    confirmed: bool = True


@dataclass(frozen=True)
class RuleBook:
    rates: Sequence[Rate] = ()
    brackets: Sequence[Bracket] = ()
    discounts: Sequence[Discount] = ()

    def usable(self, *, include_unconfirmed: bool) -> RuleBook:
        if include_unconfirmed:
            return self
        return RuleBook(rates=[r for r in self.rates if r.confirmed],
                        brackets=[b for b in self.brackets if b.confirmed],
                        discounts=[d for d in self.discounts if d.confirmed])

    def unconfirmed(self) -> list[Rate | Bracket | Discount]:
        return [r for r in (*self.rates, *self.brackets, *self.discounts) if not r.confirmed]


def round_rupiah(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- requests and answers -----------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    program: str  # "bpu" or "pu"
    income: int  # declared income (BPU) or monthly wage (PU), rupiah
    workers: int
    start: date
    months: int
    include_jht: bool = False
    include_jp: bool = True  # PU only: JP is compulsory for most employers
    risk_class: int | None = None  # PU only, 1..5
    sector: str = ""
    include_unconfirmed: bool = False

    def __post_init__(self) -> None:
        if self.program not in ("bpu", "pu"):
            raise PricingError(_("Unknown programme '%(program)s': use bpu or pu."),
                               program=self.program)
        if self.income < 0:
            raise PricingError(_("The income cannot be negative."))
        if self.workers < 0:
            raise PricingError(_("The number of workers cannot be negative."))
        if self.months < 1:
            raise PricingError(_("The number of months must be at least 1."))
        if self.program == "pu" and self.risk_class is None:
            raise PricingError(_("A PU premium needs the employer's risk class (1 to 5)."))


@dataclass(frozen=True)
class MonthPrice:
    """What one worker costs in one month, by component, before and after discounts."""

    month: date
    declared_income: int
    components: dict[str, int]
    discounts: dict[str, int]
    rules: tuple[int | str, ...]

    @property
    def gross(self) -> int:
        return sum(self.components.values())

    @property
    def discount(self) -> int:
        return sum(self.discounts.values())

    @property
    def net(self) -> int:
        return self.gross - self.discount


@dataclass(frozen=True)
class Quote:
    request: Request
    months: list[MonthPrice]
    unconfirmed_ignored: list[Rate | Bracket | Discount] = field(default_factory=list)
    unconfirmed_used: list[Rate | Bracket | Discount] = field(default_factory=list)

    @property
    def per_worker(self) -> int:
        """One worker for the whole period."""
        return sum(m.net for m in self.months)

    @property
    def monthly_per_worker(self) -> list[int]:
        return [m.net for m in self.months]

    def component_total(self, component: str) -> int:
        """All workers, the whole period, before discounts."""
        return self.request.workers * sum(m.components.get(component, 0) for m in self.months)

    @property
    def discount_total(self) -> int:
        return self.request.workers * sum(m.discount for m in self.months)

    @property
    def total(self) -> int:
        return self.request.workers * self.per_worker

    @property
    def components(self) -> list[str]:
        present = {c for m in self.months for c in m.components}
        return [c for c in COMPONENTS if c in present]


# --- pricing ------------------------------------------------------------------------------


def price(request: Request, book: RuleBook) -> Quote:
    """Prices `request` month by month under the rules of `book` valid in each month.
    Unconfirmed rules count only when the request asks for them."""
    usable = book.usable(include_unconfirmed=request.include_unconfirmed)
    months = [_price_month(request, usable, month)
              for month in months_from(request.start, request.months)]
    used = {rule_id for m in months for rule_id in m.rules}
    unconfirmed = [r for r in book.unconfirmed() if _overlaps(r, request)]
    return Quote(
        request=request, months=months,
        unconfirmed_ignored=[] if request.include_unconfirmed else unconfirmed,
        unconfirmed_used=[r for r in unconfirmed if request.include_unconfirmed
                          and r.id in used])


def _overlaps(rule: Rate | Bracket | Discount, request: Request) -> bool:
    """Whether `rule` would apply to some month of `request` (were it confirmed)."""
    if rule.program != request.program:
        return False
    if isinstance(rule, Discount) and rule.sector not in ("", request.sector):
        return False
    return any(rule.validity.covers(m) for m in months_from(request.start, request.months))


def _price_month(request: Request, book: RuleBook, month: date) -> MonthPrice:
    rules: list[int | str] = []
    declared = _declared_income(request, book, month, rules)
    wanted = [c for c in COMPONENTS
              if (c != "jht" or request.include_jht or request.program == "pu")
              and (c != "jp" or (request.program == "pu" and request.include_jp))]
    components: dict[str, int] = {}
    for component in wanted:
        rates = [r for r in book.rates if r.program == request.program
                 and r.component == component and r.validity.covers(month)
                 and (component != "jkk" or request.program != "pu"
                      or r.risk_class == request.risk_class)]
        if not rates:
            if component in OPTIONAL_COMPONENTS and not (component == "jht" and
                                                         request.include_jht):
                continue
            raise PricingError(
                _("No %(component)s rate for %(program)s is valid in %(month)s: add one (with "
                  "its legal basis and validity) before pricing this month."),
                component=component.upper(), program=request.program.upper(),
                month=f"{month:%Y-%m}")
        _refuse_clashes(rates, month, key=lambda r: r.payer)
        components[component] = sum(rate.amount(declared) for rate in rates)
        rules.extend(rate.id for rate in rates)
    discounts = _discounts(request, book, month, components, rules)
    return MonthPrice(month=month, declared_income=declared, components=components,
                      discounts=discounts, rules=tuple(rules))


def _declared_income(request: Request, book: RuleBook, month: date, rules: list) -> int:
    brackets = [b for b in book.brackets
                if b.program == request.program and b.validity.covers(month)]
    if not brackets:
        return request.income
    holding = [b for b in brackets if b.holds(request.income)]
    if not holding:
        lowest = min(brackets, key=lambda b: b.lower)
        if request.income < lowest.lower:
            rules.append(lowest.id)
            return lowest.declared_income
        raise PricingError(
            _("An income of Rp%(income)s falls in no income bracket valid in %(month)s: "
              "complete the bracket table."), income=request.income, month=f"{month:%Y-%m}")
    _refuse_clashes(holding, month, key=lambda b: "")
    rules.append(holding[0].id)
    return holding[0].declared_income


def _discounts(request: Request, book: RuleBook, month: date, components: dict[str, int],
               rules: list) -> dict[str, int]:
    found = [d for d in book.discounts if d.program == request.program
             and d.validity.covers(month) and d.sector in ("", request.sector)]
    result: dict[str, int] = {}
    for component, amount in components.items():
        applying = [d for d in found if component in d.components]
        if not applying:
            continue
        # A sector's own discount takes the place of one for every sector.
        specific = [d for d in applying if d.sector] or applying
        _refuse_clashes(specific, month, key=lambda d: "")
        discount = specific[0]
        result[component] = round_rupiah(Decimal(amount) * discount.percent / 100)
        if discount.id not in rules:
            rules.append(discount.id)
    return result


def _refuse_clashes(rules: Iterable, month: date, *, key) -> None:
    seen: dict = {}
    for rule in rules:
        other = seen.setdefault(key(rule), rule)
        if other is not rule:
            raise PricingError(
                _("Two rules apply to the same thing in %(month)s (#%(first)s and "
                  "#%(second)s): correct their validity periods so that only one applies."),
                month=f"{month:%Y-%m}", first=str(other.id), second=str(rule.id))


def affordable_workers(amount: int, per_worker: int) -> int:
    """How many workers a budget pays for in full."""
    if per_worker <= 0:
        raise PricingError(_("The premium per worker is zero: check the contribution rules."))
    return amount // per_worker
