from fractions import Fraction

import pytest

from ucj.budget.target_cost import PathYear, year_costs


def test_paid_participants_accumulate_and_each_year_is_priced_on_its_own():
    path = [PathYear(2026, 1_100), PathYear(2027, 1_300), PathYear(2028, 1_500)]
    rows = year_costs(current=1_000, path=path, share=Fraction(1, 2),
                      premium_per_worker={2026: 6 * 16_800, 2027: 12 * 16_800,
                                          2028: 12 * 17_000})
    assert [r.new_needed for r in rows] == [100, 200, 200]
    assert [r.paid_new for r in rows] == [50, 100, 100]
    assert [r.paid_total for r in rows] == [50, 150, 250]
    assert [r.cost for r in rows] == [50 * 100_800, 150 * 201_600, 250 * 204_000]


def test_shares_round_up_to_whole_people_and_a_path_above_target_needs_nobody():
    rows = year_costs(current=1_000, path=[PathYear(2026, 1_003), PathYear(2027, 900)],
                      share=Fraction(1, 3), premium_per_worker={2026: 1, 2027: 1})
    assert [r.paid_new for r in rows] == [1, 0]
    assert rows[1].new_needed == 0


def test_a_share_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError):
        year_costs(current=0, path=[], share=Fraction(3, 2), premium_per_worker={})
