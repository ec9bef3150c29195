"""What reaching the coverage target would cost the government: pure Python, no Django.

For each year on a regency's straight path to its target (coverage.projections
.target_path), the new participants that year asks for are the path's participants at the
end of the year minus those at the end of the year before (for the first year, minus the
latest figure). If the government pays for a share of them, the participants it pays for
accumulate: whoever it enrolled in earlier years still needs premiums. A year's cost is
that accumulated number times a year's premium per worker under the rules in force then.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class PathYear:
    year: int
    persons: int  # active participants the path asks for at the end of the year


@dataclass(frozen=True)
class YearCost:
    year: int
    new_needed: int  # new participants the path asks for this year
    paid_new: int  # of them, those the government pays for (rounded up)
    paid_total: int  # everyone the government pays for this year
    premium_per_worker: int  # a year's premium per worker (or the months left this year)
    cost: int


def year_costs(*, current: int, path: Sequence[PathYear], share: Fraction,
               premium_per_worker: dict[int, int]) -> list[YearCost]:
    """`current` active participants now; `path` one point per year end; `share` of the
    new participants the government pays for; `premium_per_worker` by year."""
    if not 0 <= share <= 1:
        raise ValueError("the share lies between 0 and 1")
    result = []
    before = current
    paid_total = 0
    for point in path:
        new = max(0, point.persons - before)
        paid_new = math.ceil(new * share)
        paid_total += paid_new
        premium = premium_per_worker.get(point.year, 0)
        result.append(YearCost(year=point.year, new_needed=new, paid_new=paid_new,
                               paid_total=paid_total, premium_per_worker=premium,
                               cost=paid_total * premium))
        before = max(before, point.persons)
    return result
