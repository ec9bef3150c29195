"""The allocation optimiser against brute force on small problems, and its messages."""

import itertools
import random
from fractions import Fraction

import pytest

from ucj.budget.allocation import (
    Allocation,
    Area,
    Infeasible,
    Limit,
    Policy,
    Problem,
    allocate,
    lowest_first_order,
    proportional_shares,
)


def _feasible(problem: Problem):
    """Every allocation meeting the constraints, as {(area, ecosystem): workers}."""
    keys = [(a.code, e) for a in problem.areas for e, n in sorted(a.eligible.items()) if n > 0]
    by_code = {a.code: a for a in problem.areas}
    ranges = [range(by_code[a].eligible[e] + 1) for a, e in keys]
    for values in itertools.product(*ranges):
        funded = dict(zip(keys, values, strict=True))
        if sum(values) > problem.capacity:
            continue
        totals = {a.code: sum(n for (c, _), n in funded.items() if c == a.code)
                  for a in problem.areas}
        if any(totals[a.code] < a.minimum or totals[a.code] > a.distinct_eligible
               for a in problem.areas):
            continue
        if any(not (limit.minimum <= sum(n for (_, e), n in funded.items() if e == eco)
                    <= (limit.maximum if limit.maximum is not None else 10**9))
               for eco, limit in problem.limits.items()):
            continue
        yield funded, totals


def _key(problem: Problem, totals: dict[str, int]):
    areas = problem.areas
    if problem.policy == Policy.LOWEST_FIRST:
        return tuple(totals[a.code] for a in lowest_first_order(areas))
    if problem.policy == Policy.MOST_POINTS:
        return (round(sum(Fraction(totals[a.code], a.denominator) for a in areas
                          if a.denominator), 12),)
    if problem.policy == Policy.FAIREST:
        rates = sorted(Fraction(a.participants + totals[a.code], a.denominator)
                       for a in areas if a.denominator)
        return tuple(rates)
    raise AssertionError(problem.policy)


def _random_problem(rng: random.Random, policy: Policy) -> Problem:
    ecosystems = ["desa", "rtrw"]
    areas = []
    for k in range(3):
        eligible = {e: rng.randint(0, 3) for e in ecosystems}
        areas.append(Area(code=f"61.0{k + 1}", name=f"R{k + 1}",
                          participants=rng.randint(0, 6), denominator=rng.randint(8, 20),
                          eligible=eligible,
                          eligible_total=sum(eligible.values()) - rng.randint(0, 1),
                          target_rate=Fraction(rng.randint(3, 9), 10),
                          minimum=rng.choice([0, 0, 1])))
    limits = {"desa": Limit(minimum=rng.choice([0, 1]), maximum=rng.choice([None, 2, 4]))}
    return Problem(areas=areas, capacity=rng.randint(1, 8), policy=policy, limits=limits)


def _solvable(problem: Problem) -> bool:
    return any(True for _ in _feasible(problem))


@pytest.mark.parametrize("policy", [Policy.LOWEST_FIRST, Policy.MOST_POINTS, Policy.FAIREST])
def test_optimal_on_small_problems_against_brute_force(policy):
    rng = random.Random(f"allocation-{policy}")
    checked = 0
    while checked < 40:
        problem = _random_problem(rng, policy)
        if not _solvable(problem):
            with pytest.raises(Infeasible):
                allocate(problem)
            continue
        found = allocate(problem)
        totals = {a.code: found.for_area(a.code) for a in problem.areas}
        assert totals in [t for _, t in _feasible(problem)]
        best = max(_key(problem, t) for _, t in _feasible(problem))
        assert _key(problem, totals) == best, (problem, found.funded)
        checked += 1


def test_gap_proportional_funds_the_most_and_deviates_least():
    rng = random.Random("allocation-gap")
    checked = 0
    while checked < 40:
        problem = _random_problem(rng, Policy.GAP_PROPORTIONAL)
        if not _solvable(problem) or not any(a.gap for a in problem.areas):
            continue
        found = allocate(problem)
        options = [t for _, t in _feasible(problem)]
        most = max(sum(t.values()) for t in options)
        assert found.total == most
        shares = proportional_shares(problem.areas, most)

        def deviation(totals, shares=shares):
            return sum(abs(totals[code] - share) for code, share in shares.items())

        best = min(deviation(t) for t in options if sum(t.values()) == most)
        got = deviation({a.code: found.for_area(a.code) for a in problem.areas})
        assert abs(got - best) < Fraction(1, 10**6)
        checked += 1


def _area(code, participants, denominator, eligible, minimum=0, target=Fraction(6577, 10000)):
    return Area(code=code, name=code, participants=participants, denominator=denominator,
                eligible=eligible, target_rate=target, minimum=minimum)


def test_lowest_first_fills_the_lowest_regency_before_the_next():
    sambas = _area("61.01", 240, 1000, {"desa": 300, "rtrw": 100})  # 24 %
    kota = _area("61.71", 500, 1000, {"desa": 300})  # 50 %
    found = allocate(Problem(areas=[kota, sambas], capacity=500, policy=Policy.LOWEST_FIRST))
    assert found.for_area("61.01") == 400
    assert found.for_area("61.71") == 100


def test_minimums_and_ecosystem_maximum_are_respected():
    sambas = _area("61.01", 240, 1000, {"desa": 300, "rtrw": 100})
    kota = _area("61.71", 500, 1000, {"desa": 300}, minimum=150)
    found = allocate(Problem(areas=[kota, sambas], capacity=500, policy=Policy.LOWEST_FIRST,
                             limits={"desa": Limit(maximum=350)}))
    assert found.for_area("61.71") >= 150
    assert found.for_ecosystem("desa") <= 350
    assert found.total <= 500
    assert found.for_area("61.01") == 300  # 100 rtrw + the 200 desa left under the cap


def test_fairest_raises_the_lowest_to_the_next():
    low = _area("61.01", 100, 1000, {"desa": 1000})  # 10 %
    mid = _area("61.02", 300, 1000, {"desa": 1000})  # 30 %
    found = allocate(Problem(areas=[low, mid], capacity=300, policy=Policy.FAIREST))
    # 200 bring 61.01 level with 61.02; the other 100 split evenly keeps both level.
    assert found.for_area("61.01") == 250
    assert found.for_area("61.02") == 50


def test_a_regency_that_cannot_rise_does_not_hold_the_others_back():
    stuck = _area("61.01", 50, 1000, {})  # nobody to fund there
    low = _area("61.02", 100, 1000, {"desa": 1000})
    high = _area("61.03", 400, 1000, {"desa": 1000})
    found = allocate(Problem(areas=[stuck, low, high], capacity=300, policy=Policy.FAIREST))
    assert found.for_area("61.02") == 300


def test_only_eligible_workers_are_funded():
    sambas = _area("61.01", 240, 1000, {"desa": 30})
    found = allocate(Problem(areas=[sambas], capacity=500, policy=Policy.MOST_POINTS))
    assert found.total == 30


@pytest.mark.parametrize("problem, message", [
    (Problem(areas=[_area("61.01", 1, 10, {"desa": 5}, minimum=8)], capacity=100,
             policy=Policy.MOST_POINTS), "only 5 workers there who are not yet active"),
    (Problem(areas=[_area("61.01", 1, 10, {"desa": 5}, minimum=3),
                    _area("61.02", 1, 10, {"desa": 5}, minimum=3)], capacity=5,
             policy=Policy.MOST_POINTS), "add up to 6 workers, but the budget pays for 5"),
    (Problem(areas=[_area("61.01", 1, 10, {"desa": 5})], capacity=5, policy=Policy.FAIREST,
             limits={"rtrw": Limit(minimum=2)}), "only 0 registered workers"),
    (Problem(areas=[_area("61.01", 1, 10, {"desa": 5, "rtrw": 5}, minimum=4)], capacity=10,
             policy=Policy.LOWEST_FIRST, limits={"desa": Limit(maximum=1),
                                                 "rtrw": Limit(maximum=2)}),
     "cannot all be met together"),
])
def test_infeasible_constraints_give_a_message(problem, message):
    with pytest.raises(Infeasible, match=message):
        allocate(problem)


def test_proportional_without_any_gap_says_to_choose_another_policy():
    above = _area("61.01", 900, 1000, {"desa": 5})
    with pytest.raises(Infeasible, match="choose another policy"):
        allocate(Problem(areas=[above], capacity=5, policy=Policy.GAP_PROPORTIONAL))


def test_nothing_eligible_funds_nothing():
    found = allocate(Problem(areas=[_area("61.01", 1, 10, {})], capacity=5,
                             policy=Policy.LOWEST_FIRST))
    assert isinstance(found, Allocation)
    assert found.total == 0
