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
JHT an optional percentage. Above the highest bracket of the table the income is declared
at that bracket's value when the bracket has no upper end (capped), and refused when it has
one; without a table in force the quote notes that the ceiling is unknown. PU (wage
earners): JKK by risk class, JKM, JHT and JP as percentages of the wage, JP up to the wage
cap of the month (PP 45/2015 Pasal 28-29: adjusted every year, announced by BPJS
Ketenagakerjaan); a month no cap covers is refused, naming the month.

Discounts may be limited to a sector; a request names a sector the rules know (or none), so
a different spelling can never silently lose a discount.
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


class PricingNote(Explained):
    """Something the reader of a quote must know although it could be priced (an income
    capped at the highest bracket, a ceiling nobody entered)."""

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, PricingNote) and self.template == other.template
                and self.params == other.params)

    def __hash__(self) -> int:
        return hash((self.template, tuple(sorted(self.params.items()))))


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
class WageCap:
    """The highest wage a PU pension (JP) contribution is a percentage of, in the months of
    its validity (PP 45/2015 Pasal 28-29; BPJS announces a new cap every year)."""

    id: int | str
    amount: int
    validity: Validity
    legal_basis: str = ""
    confirmed: bool = True
    program: str = "pu"


Rule = Rate | Bracket | Discount | WageCap


@dataclass(frozen=True)
class RuleBook:
    rates: Sequence[Rate] = ()
    brackets: Sequence[Bracket] = ()
    discounts: Sequence[Discount] = ()
    wage_caps: Sequence[WageCap] = ()

    def usable(self, *, include_unconfirmed: bool) -> RuleBook:
        if include_unconfirmed:
            return self
        return RuleBook(rates=[r for r in self.rates if r.confirmed],
                        brackets=[b for b in self.brackets if b.confirmed],
                        discounts=[d for d in self.discounts if d.confirmed],
                        wage_caps=[c for c in self.wage_caps if c.confirmed])

    def unconfirmed(self) -> list[Rule]:
        return [r for r in (*self.rates, *self.brackets, *self.discounts, *self.wage_caps)
                if not r.confirmed]

    def sectors(self) -> list[str]:
        """The sectors some discount names (confirmed or not), the only ones a request may
        name."""
        return sorted({d.sector for d in self.discounts if d.sector})


def normal_sector(text: str) -> str:
    """A sector as the rules store it: trimmed, lower case, single spaces."""
    return " ".join(str(text).split()).lower()


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
        object.__setattr__(self, "sector", normal_sector(self.sector))


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
    unconfirmed_ignored: list[Rule] = field(default_factory=list)
    unconfirmed_used: list[Rule] = field(default_factory=list)
    notes: list[PricingNote] = field(default_factory=list)

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
    _refuse_unknown_sector(request, book)
    usable = book.usable(include_unconfirmed=request.include_unconfirmed)
    notes: list[PricingNote] = []
    months = [_price_month(request, usable, month, book_all=book, notes=notes)
              for month in months_from(request.start, request.months)]
    used = {rule_id for m in months for rule_id in m.rules}
    unconfirmed = [r for r in book.unconfirmed() if _overlaps(r, request)]
    return Quote(
        request=request, months=months,
        unconfirmed_ignored=[] if request.include_unconfirmed else unconfirmed,
        unconfirmed_used=[r for r in unconfirmed if request.include_unconfirmed
                          and r.id in used],
        notes=list(dict.fromkeys(notes)))


def _refuse_unknown_sector(request: Request, book: RuleBook) -> None:
    if not request.sector or request.sector in book.sectors():
        return
    known = book.sectors()
    if not known:
        raise PricingError(_("No discount names a sector, so '%(sector)s' cannot be priced: "
                             "leave the sector empty."), sector=request.sector)
    raise PricingError(_("Unknown sector '%(sector)s': choose one of the sectors the "
                         "discounts name (%(known)s), or none."),
                       sector=request.sector, known=", ".join(known))


def _overlaps(rule: Rule, request: Request) -> bool:
    """Whether `rule` would apply to some month of `request` (were it confirmed)."""
    if rule.program != request.program:
        return False
    if isinstance(rule, Discount) and rule.sector not in ("", request.sector):
        return False
    return any(rule.validity.covers(m) for m in months_from(request.start, request.months))


def _price_month(request: Request, book: RuleBook, month: date, *, book_all: RuleBook,
                 notes: list) -> MonthPrice:
    """`book` holds the rules usable for the request, `book_all` every rule (to say why a
    month cannot be priced); `notes` collects what the reader must know."""
    rules: list[int | str] = []
    declared = _declared_income(request, book, month, rules, notes)
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
            # JP was asked for (wanted holds it only then): a month without it is refused,
            # never priced at zero. PU JHT without a rate is left out, as before.
            if component == "jht" and not request.include_jht and request.program == "pu":
                continue
            raise PricingError(
                _("No %(component)s rate for %(program)s is valid in %(month)s: add one (with "
                  "its legal basis and validity) before pricing this month."),
                component=component.upper(), program=request.program.upper(),
                month=f"{month:%Y-%m}")
        _refuse_clashes(rates, month, key=lambda r: r.payer)
        base = declared
        if component == "jp":
            cap = _wage_cap(book, book_all, month)
            base = min(declared, cap.amount)
            rules.append(cap.id)
        components[component] = sum(rate.amount(base) for rate in rates)
        rules.extend(rate.id for rate in rates)
    discounts = _discounts(request, book, month, components, rules)
    return MonthPrice(month=month, declared_income=declared, components=components,
                      discounts=discounts, rules=tuple(rules))


def _wage_cap(book: RuleBook, book_all: RuleBook, month: date) -> WageCap:
    """The JP wage cap of `month`; refused, naming the month, when no cap covers it."""
    caps = [c for c in book.wage_caps if c.validity.covers(month)]
    if not caps:
        waiting = [c for c in book_all.wage_caps if c.validity.covers(month)]
        if waiting:
            raise PricingError(
                _("The JP wage cap rule for %(month)s (Rp%(amount)s) is not confirmed yet: "
                  "confirm it, or include unconfirmed rules, to price JP in that month."),
                month=month, amount=waiting[0].amount)
        raise PricingError(
            _("No JP wage cap rule for %(month)s: add the cap BPJS Ketenagakerjaan announced "
              "for that month (with its source and validity) before pricing JP."), month=month)
    _refuse_clashes(caps, month, key=lambda c: "")
    return caps[0]


def _declared_income(request: Request, book: RuleBook, month: date, rules: list,
                     notes: list) -> int:
    brackets = [b for b in book.brackets
                if b.program == request.program and b.validity.covers(month)]
    if not brackets:
        if request.program == "bpu":
            notes.append(PricingNote(
                _("No income bracket table (PP 44/2015 Lampiran II) is entered for BPU: the "
                  "income is priced as declared and the ceiling on it is unknown.")))
        return request.income
    holding = [b for b in brackets if b.holds(request.income)]
    if not holding:
        lowest = min(brackets, key=lambda b: b.lower)
        if request.income < lowest.lower:
            rules.append(lowest.id)
            return lowest.declared_income
        highest = max(brackets, key=lambda b: b.lower)
        if highest.upper is not None and request.income > highest.upper:
            raise PricingError(
                _("An income of Rp%(income)s is above the highest income bracket valid in "
                  "%(month)s (up to Rp%(upper)s): refused, because that bracket has an upper "
                  "end. Enter a lower income, or leave the highest bracket open-ended to cap "
                  "higher incomes at its value."),
                income=request.income, month=month, upper=highest.upper)
        raise PricingError(
            _("An income of Rp%(income)s falls in no income bracket valid in %(month)s: "
              "complete the bracket table."), income=request.income, month=f"{month:%Y-%m}")
    _refuse_clashes(holding, month, key=lambda b: "")
    found = holding[0]
    rules.append(found.id)
    if (found.upper is None and request.income > found.declared_income
            and found is max(brackets, key=lambda b: b.lower)):
        notes.append(PricingNote(
            _("An income of Rp%(income)s is above the highest income bracket: it is capped, "
              "declared as Rp%(declared)s."),
            income=request.income, declared=found.declared_income))
    return found.declared_income


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
