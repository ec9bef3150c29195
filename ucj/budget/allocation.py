"""Sharing a premium budget among regencies and ecosystems: an integer programme solved
with scipy.optimize.milp (HiGHS). Pure Python + numpy/scipy, no Django.

The unknowns are whole workers: x[a, e] workers funded in regency `a`, ecosystem `e`. Every
policy shares the same constraints:

- the budget: sum of x <= the workers it pays for in full (``capacity``);
- only workers the latest reconciliation shows not yet active can be funded:
  0 <= x[a, e] <= eligible[a][e], and per regency at most its distinct eligible workers
  (a worker listed in two ecosystems is one person);
- a minimum per regency, and a minimum and maximum per ecosystem.

The policies differ in what they maximise:

- ``lowest_first``: the regency with the lowest coverage is funded as far as it can be,
  then the next lowest, and so on (lexicographic, one solve per regency);
- ``gap_proportional``: fund as many workers as possible, shared in proportion to each
  regency's gap to its target (least total absolute deviation from the exact shares);
- ``most_points``: the largest sum of coverage points gained over the regencies
  (a worker counts more where the denominator is small);
- ``fairest``: raise the lowest coverage after funding as far as possible, then the next
  lowest, and so on (leximin), then spend what is left.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from ucj.core.explained import Explained, _


class Policy(StrEnum):
    LOWEST_FIRST = "lowest_first"
    GAP_PROPORTIONAL = "gap_proportional"
    MOST_POINTS = "most_points"
    FAIREST = "fairest"


class Infeasible(Explained):
    """The constraints cannot all be met; the message says which and what to change."""


@dataclass(frozen=True)
class Area:
    """A regency: its active participants and denominator now, its target, and the
    registered workers not yet active by ecosystem."""

    code: str
    name: str
    participants: int
    denominator: int | None
    eligible: dict[str, int]
    eligible_total: int | None = None  # distinct persons; defaults to the sum
    target_rate: Fraction | None = None
    minimum: int = 0

    @property
    def distinct_eligible(self) -> int:
        total = sum(self.eligible.values())
        return total if self.eligible_total is None else min(total, self.eligible_total)

    @property
    def rate(self) -> float | None:
        return self.participants / self.denominator if self.denominator else None

    @property
    def gap(self) -> int:
        """Participants still needed to reach the target (0 without a target)."""
        if self.target_rate is None or not self.denominator:
            return 0
        return max(0, math.ceil(self.target_rate * self.denominator) - self.participants)

    def rate_after(self, funded: int) -> float | None:
        return (self.participants + funded) / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Limit:
    minimum: int = 0
    maximum: int | None = None


@dataclass(frozen=True)
class Problem:
    areas: Sequence[Area]
    capacity: int
    policy: Policy
    limits: dict[str, Limit] = field(default_factory=dict)


@dataclass(frozen=True)
class Allocation:
    problem: Problem
    funded: dict[tuple[str, str], int]  # (regency, ecosystem) -> workers

    def for_area(self, code: str) -> int:
        return sum(n for (a, _ecosystem), n in self.funded.items() if a == code)

    def for_ecosystem(self, ecosystem: str) -> int:
        return sum(n for (_regency, e), n in self.funded.items() if e == ecosystem)

    @property
    def total(self) -> int:
        return sum(self.funded.values())


# --- the programme ------------------------------------------------------------------------


class _Model:
    """The variables and shared constraints of a problem; policies add objectives."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.keys = [(a.code, e) for a in problem.areas for e, n in sorted(a.eligible.items())
                     if n > 0]
        self.index = {key: i for i, key in enumerate(self.keys)}
        self.upper = np.array([next(a for a in problem.areas if a.code == code).eligible[e]
                               for code, e in self.keys], dtype=float)
        self.rows: list[np.ndarray] = []
        self.lower_bounds: list[float] = []
        self.upper_bounds: list[float] = []
        self._shared()

    @property
    def size(self) -> int:
        return len(self.keys)

    def area_row(self, code: str, extra: int = 0) -> np.ndarray:
        row = np.zeros(self.size + extra)
        for (a, _ecosystem), i in self.index.items():
            if a == code:
                row[i] = 1
        return row

    def add(self, row: np.ndarray, lower: float, upper: float) -> None:
        self.rows.append(row)
        self.lower_bounds.append(lower)
        self.upper_bounds.append(upper)

    def _shared(self) -> None:
        problem = self.problem
        self.add(np.ones(self.size), 0, problem.capacity)
        for area in problem.areas:
            self.add(self.area_row(area.code), area.minimum, area.distinct_eligible)
        for ecosystem, limit in problem.limits.items():
            row = np.zeros(self.size)
            for (_regency, e), i in self.index.items():
                if e == ecosystem:
                    row[i] = 1
            self.add(row, limit.minimum, np.inf if limit.maximum is None else limit.maximum)

    def solve(self, objective: np.ndarray, *, extra: int = 0,
              extra_bounds: tuple[float, float] = (0, np.inf),
              extra_rows: Sequence[tuple[np.ndarray, float, float]] = ()) -> np.ndarray:
        """Minimises `objective` over the workers (integers) and `extra` continuous
        variables; returns the solution or raises Infeasible."""
        width = self.size + extra
        rows = [np.pad(r, (0, width - len(r))) for r in self.rows]
        rows += [np.pad(r, (0, width - len(r))) for r, _, _ in extra_rows]
        lower = self.lower_bounds + [lo for _, lo, _ in extra_rows]
        upper = self.upper_bounds + [hi for _, _, hi in extra_rows]
        bounds = Bounds(np.concatenate([np.zeros(self.size), np.full(extra, extra_bounds[0])]),
                        np.concatenate([self.upper, np.full(extra, extra_bounds[1])]))
        integrality = np.concatenate([np.ones(self.size), np.zeros(extra)])
        constraints = LinearConstraint(np.array(rows), lower, upper) if rows else ()
        result = milp(objective, integrality=integrality, bounds=bounds,
                      constraints=constraints)
        if result.status == 4:  # HiGHS's presolve fails on some small instances: solve again
            result = milp(objective, integrality=integrality, bounds=bounds,
                          constraints=constraints, options={"presolve": False})
        if result.status != 0 or result.x is None:
            raise Infeasible(_(
                "The minimums per regency and the limits per ecosystem cannot all be met "
                "together with this budget: lower a minimum or loosen an ecosystem limit."))
        return result.x

    def workers(self, solution: np.ndarray) -> dict[tuple[str, str], int]:
        return {key: int(round(solution[i])) for key, i in self.index.items()
                if round(solution[i]) > 0}

    def fix_at_least(self, code: str, workers: int) -> None:
        self.add(self.area_row(code), workers, np.inf)


# --- checks with messages that say what to change -----------------------------------------


def check(problem: Problem) -> None:
    if problem.capacity < 0:
        raise Infeasible(_("The budget cannot be negative."))
    for area in problem.areas:
        if area.minimum < 0:
            raise Infeasible(_("%(regency)s: a minimum cannot be negative."), regency=area.name)
        if area.minimum > area.distinct_eligible:
            raise Infeasible(
                _("%(regency)s: a minimum of %(minimum)s workers, but the registry holds only "
                  "%(eligible)s workers there who are not yet active in the ecosystems this "
                  "budget pays for. Lower the minimum or register more workers."),
                regency=area.name, minimum=area.minimum, eligible=area.distinct_eligible)
    minimums = sum(a.minimum for a in problem.areas)
    if minimums > problem.capacity:
        raise Infeasible(
            _("The minimums per regency add up to %(minimums)s workers, but the budget pays "
              "for %(capacity)s. Lower the minimums or raise the budget."),
            minimums=minimums, capacity=problem.capacity)
    for ecosystem, limit in problem.limits.items():
        available = sum(a.eligible.get(ecosystem, 0) for a in problem.areas)
        if limit.maximum is not None and limit.maximum < limit.minimum:
            raise Infeasible(_("%(ecosystem)s: the maximum is below the minimum."),
                             ecosystem=ecosystem)
        if limit.minimum > available:
            raise Infeasible(
                _("%(ecosystem)s: a minimum of %(minimum)s workers, but only %(available)s "
                  "registered workers of this ecosystem are not yet active."),
                ecosystem=ecosystem, minimum=limit.minimum, available=available)
    ecosystem_minimums = sum(limit.minimum for limit in problem.limits.values())
    if ecosystem_minimums > problem.capacity:
        raise Infeasible(
            _("The minimums per ecosystem add up to %(minimums)s workers, but the budget "
              "pays for %(capacity)s."), minimums=ecosystem_minimums, capacity=problem.capacity)


# --- policies -----------------------------------------------------------------------------


def allocate(problem: Problem) -> Allocation:
    check(problem)
    model = _Model(problem)
    if model.size == 0:
        return Allocation(problem=problem, funded={})
    solver = {Policy.LOWEST_FIRST: _lowest_first, Policy.GAP_PROPORTIONAL: _gap_proportional,
              Policy.MOST_POINTS: _most_points, Policy.FAIREST: _fairest}[problem.policy]
    return Allocation(problem=problem, funded=solver(model))


def lowest_first_order(areas: Sequence[Area]) -> list[Area]:
    """Lowest coverage first; regencies without a denominator last, then by code."""
    return sorted(areas, key=lambda a: (a.rate is None, a.rate or 0.0, a.code))


def _lowest_first(model: _Model) -> dict[tuple[str, str], int]:
    solution = None
    for area in lowest_first_order(model.problem.areas):
        if area.distinct_eligible == 0:
            continue
        solution = model.solve(-model.area_row(area.code))
        model.fix_at_least(area.code, int(round(solution @ model.area_row(area.code))))
    return model.workers(solution if solution is not None else np.zeros(model.size))


def _most_points(model: _Model) -> dict[tuple[str, str], int]:
    return model.workers(model.solve(-_points(model)))


def _points(model: _Model) -> np.ndarray:
    """Coverage points a worker gains in each variable's regency, scaled so the largest is
    1 (HiGHS prefers coefficients near 1), with a tiny bonus per worker so that spare
    budget is still spent where no denominator is known."""
    weights = np.zeros(model.size)
    by_code = {a.code: a for a in model.problem.areas}
    for (code, _ecosystem), i in model.index.items():
        denominator = by_code[code].denominator
        weights[i] = 1 / denominator if denominator else 0.0
    top = weights.max() if weights.size and weights.max() > 0 else 1.0
    return weights / top + 1e-6


def proportional_shares(areas: Sequence[Area], total: int) -> dict[str, Fraction]:
    """Each regency's exact share of `total` workers, in proportion to its gap."""
    gaps = {a.code: a.gap for a in areas}
    whole = sum(gaps.values())
    if whole == 0:
        raise Infeasible(_("No regency has a gap to its target (or no target or denominator "
                           "is known), so there is nothing to share in proportion to: choose "
                           "another policy."))
    return {code: Fraction(total * gap, whole) for code, gap in gaps.items()}


def _gap_proportional(model: _Model) -> dict[tuple[str, str], int]:
    areas = model.problem.areas
    most = int(round(model.solve(-np.ones(model.size)).sum()))
    shares = proportional_shares(areas, most)
    # Deviations d[a] >= |X[a] - share[a]|, minimised, with all `most` workers funded.
    extra = len(areas)
    rows = [(np.ones(model.size), most, most)]
    for k, area in enumerate(areas):
        row = model.area_row(area.code, extra)
        row[model.size + k] = -1
        rows.append((row, -np.inf, float(shares[area.code])))
        row = model.area_row(area.code, extra)
        row[model.size + k] = 1
        rows.append((row, float(shares[area.code]), np.inf))
    objective = np.concatenate([np.zeros(model.size), np.ones(extra)])
    return model.workers(model.solve(objective, extra=extra, extra_rows=rows))


def _fairest(model: _Model) -> dict[tuple[str, str], int]:
    """Leximin: the lowest coverage after funding as high as possible, then the second
    lowest, and so on. Solved exactly as a sequence of integer programmes that maximise
    the sum of the k lowest rates for k = 1..n, each keeping the sums already reached
    (Ogryczak's ordered-outcome formulation: lexicographically maximal sums of the k
    smallest are exactly the leximin optimum, whole workers included). What is left is
    then spent where no denominator is known.

    The sum of the k smallest of y is max over r, d >= 0 of k*r - sum(d) with
    d[a] >= r - y[a]; each step adds one such (r, d) block of continuous variables.
    Rates are scaled so that one worker in the largest regency is one unit."""
    areas = [a for a in model.problem.areas if a.denominator]
    scale = max((a.denominator for a in areas), default=1)
    n = len(areas)
    reached: list[float] = []
    solution = None
    for k in range(1, n + 1):
        blocks = k  # blocks 0..k-2 hold earlier sums; block k-1 is maximised now
        extra = blocks * (n + 1)
        rows = []
        for b in range(blocks):
            base = model.size + b * (n + 1)  # r at base, d[a] at base + 1 + a
            for i, area in enumerate(areas):
                # d[a] - r + y[a] >= 0, with y[a] = (p[a] + X[a]) * scale / denominator[a]
                row = model.area_row(area.code, extra) * (scale / area.denominator)
                row[base] = -1
                row[base + 1 + i] = 1
                rows.append((row, -area.participants * scale / area.denominator, np.inf))
            if b < blocks - 1:
                row = np.zeros(model.size + extra)
                row[base] = b + 1
                row[base + 1:base + 1 + n] = -1
                rows.append((row, reached[b] - _slack(reached[b]), np.inf))
        objective = np.zeros(model.size + extra)
        last = model.size + (blocks - 1) * (n + 1)
        objective[last] = -k
        objective[last + 1:last + 1 + n] = 1
        # r >= 0 loses nothing (rates are never negative) and d >= 0 is the formulation's.
        solution = model.solve(objective, extra=extra, extra_rows=rows)
        reached.append(-float(objective @ solution))
    for area in areas:  # keep every rate reached, then spend the rest
        funded = int(round(solution[:model.size] @ model.area_row(area.code)))
        model.fix_at_least(area.code, funded)
    return model.workers(model.solve(-np.ones(model.size)))


def _slack(value: float) -> float:
    return 1e-6 * max(1.0, abs(value))
