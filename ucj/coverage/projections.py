"""Coverage arithmetic for targets and projections: pure Python, no Django.

Coverage is a rate: active participants (numerator) over a denominator such as the
working-age population. Every rate here is a fraction (0.6577 is 65.77 %), never a
percentage.

Persons are whole people, so wherever a rate becomes a number of persons the arithmetic is
exact (:class:`fractions.Fraction`) and rounds *up*: reaching 65.77 % of 291,000 needs
``ceil(0.6577 * 291000) = 191,391`` participants, and ``math.ceil`` of a float product can
land one person off when the float is a hair above a whole number. A rate given as a
``float`` is read as the decimal it prints as (``repr``: 0.6577 is exactly 6577/10000, not
the nearest binary double); a :class:`~decimal.Decimal` (what the ``Target.rate``
DecimalField gives) or a :class:`~fractions.Fraction` is taken exactly. Rates that are
themselves quotients (numerator / denominator of an observation) are kept as exact
fractions internally.

Months are counted as whole calendar months: a figure for a month stands for that month,
and "the end of year Y" is the December figure of Y (the same point the trend projection
uses), so a figure for June 2026 is 54 months before the end of 2030.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

type Rate = float | Decimal | Fraction

#: Slack when comparing a projected (float) rate with a target: one billionth of a rate
#: point, far below the four decimals targets are given in, so that a trend that lands
#: exactly on the target in some December is not missed by float rounding.
RATE_TOLERANCE = 1e-9


# --- values -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """One coverage figure: ``numerator`` active participants out of ``denominator`` in
    ``month`` (the first day of the month). The numerator may exceed the denominator
    (published denominators disagree), so the rate may exceed 1."""

    month: date
    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.month.day != 1:
            raise ValueError(f"month must be the first day of a month, not {self.month}")
        if self.numerator < 0 or self.denominator < 0:
            raise ValueError("numerator and denominator cannot be negative")

    @property
    def rate(self) -> float:
        return coverage_rate(self.numerator, self.denominator)

    @property
    def exact_rate(self) -> Fraction:
        """The rate as an exact fraction (0 when the denominator is 0)."""
        return Fraction(self.numerator, self.denominator) if self.denominator else Fraction(0)


@dataclass(frozen=True)
class PathPoint:
    """Where the path to a target stands at the end (December) of ``year``: the rate and
    the active participants it means at the start's denominator (rounded up)."""

    year: int
    rate: float
    persons: int


@dataclass(frozen=True)
class Trend:
    """A straight line through recent coverage figures.

    ``rate_at_anchor`` is the fitted rate (the line's intercept) at ``anchor``, the month
    of the latest figure used; ``slope_per_year`` is in rate points per year (0.035 is
    3.5 percentage points a year). ``observations`` figures from ``first_month`` to
    ``anchor`` were fitted."""

    slope_per_year: float
    anchor: date
    rate_at_anchor: float
    observations: int
    first_month: date

    @property
    def slope_per_month(self) -> float:
        return self.slope_per_year / 12


@dataclass(frozen=True)
class WhatIf:
    """Coverage before and after enrolling ``added`` more persons.

    ``numerator_after`` is the plain sum; ``rate_after`` is capped at 1 (``capped`` says
    whether the cap applied). ``gap_after`` is the persons still missing to
    ``target_rate`` (0 when reached), or None when no target was given."""

    rate_before: float
    rate_after: float
    added: int
    numerator_after: int
    capped: bool
    target_rate: float | None = None
    gap_after: int | None = None

    @property
    def points_gained(self) -> float:
        """Rate points gained (0.05 is 5 percentage points)."""
        return self.rate_after - self.rate_before


# --- helpers ------------------------------------------------------------------------------


def exact_rate(rate: Rate) -> Fraction:
    """``rate`` as an exact fraction; a float is read as the decimal it prints as, so
    0.6577 is 6577/10000. Raises ValueError for NaN or infinity."""
    if isinstance(rate, Fraction):
        return rate
    if isinstance(rate, Decimal):
        if not rate.is_finite():
            raise ValueError(f"rate must be finite, not {rate}")
        return Fraction(rate)
    if isinstance(rate, int):
        return Fraction(rate)
    if not math.isfinite(rate):
        raise ValueError(f"rate must be finite, not {rate}")
    return Fraction(repr(float(rate)))


def _target(rate: Rate) -> Fraction:
    exact = exact_rate(rate)
    if not 0 <= exact <= 1:
        raise ValueError(f"a target rate is a fraction between 0 and 1, not {rate}")
    return exact


def persons_for_rate(rate: Rate, denominator: int) -> int:
    """The fewest whole persons making up at least ``rate`` of ``denominator``:
    ``ceil(rate * denominator)``, computed exactly (see the module docstring)."""
    return math.ceil(exact_rate(rate) * denominator)


def month_index(month: date) -> int:
    """Months since January of year 0: consecutive months differ by 1."""
    return month.year * 12 + month.month - 1


def first_of_month(day: date) -> date:
    """The first day of ``day``'s month (for turning a reference date into a month)."""
    return date(day.year, day.month, 1)


def coverage_rate(numerator: int, denominator: int) -> float:
    """``numerator / denominator``; 0 when the denominator is 0. Not capped at 1."""
    return numerator / denominator if denominator else 0.0


# --- target path --------------------------------------------------------------------------


def _months_to_year_end(start: Observation, year: int) -> int:
    return (year - start.month.year) * 12 + (12 - start.month.month)


def target_path(*, start: Observation, target_rate: Rate, target_year: int) -> list[PathPoint]:
    """The straight path from the latest figure to ``target_rate`` at the end (December)
    of ``target_year``: one point per year end, from ``start``'s year to ``target_year``.

    The line is straight in time, so every full year asks for the same increment in
    percentage points: ``(target - start rate) * 12 / months``, where ``months`` runs from
    ``start``'s month to December of ``target_year``. The first year end gets the share for
    the months left in ``start``'s year (none when ``start`` is a December figure, whose
    point is then ``start`` itself). The last point is the target exactly.

    ``persons`` is the rate times ``start.denominator``, rounded up, computed exactly: the
    last point's persons is ``start.numerator + gap_persons(...)``. When ``start`` is
    already above the target the path runs down to it (the caller should show "reached").
    """
    target = _target(target_rate)
    total = _months_to_year_end(start, target_year)
    if total < 0:
        raise ValueError(f"target year {target_year} is before the figure's year "
                         f"{start.month.year}")
    begin = start.exact_rate
    points = []
    for year in range(start.month.year, target_year + 1):
        elapsed = _months_to_year_end(start, year)
        rate = target if total == 0 else begin + (target - begin) * Fraction(elapsed, total)
        points.append(PathPoint(year=year, rate=float(rate),
                                persons=math.ceil(rate * start.denominator)))
    return points


def yearly_increment(*, start: Observation, target_rate: Rate, target_year: int) -> float:
    """Rate points a full year of :func:`target_path` asks for (0.0927 is 9.27 pp)."""
    target = _target(target_rate)
    total = _months_to_year_end(start, target_year)
    if total <= 0:
        raise ValueError("the target must be at the end of a later month than the figure")
    return float((target - start.exact_rate) * 12 / total)


# --- trend --------------------------------------------------------------------------------


def trend(observations: list[Observation], *, months: int = 12) -> Trend | None:
    """The straight-line trend of recent figures, or None with fewer than 3 of them.

    Uses the figures whose month falls within the ``months`` calendar months ending at the
    latest figure's month (so a missing month shortens the window rather than reaching
    further back), skipping figures with a zero denominator (no rate). Fitted by ordinary
    least squares of rate on time in months: every figure weighs the same, the method is
    easy to explain and check by hand, and a window of a year evens out month-to-month
    noise while still following a recent change of pace. Computed exactly on fractions,
    then returned as floats. Two figures for the same month are an error (ValueError): the
    caller chooses which source counts.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    usable = [o for o in observations if o.denominator]
    if not usable:
        return None
    seen: set[date] = set()
    for o in usable:
        if o.month in seen:
            raise ValueError(f"two coverage figures for {o.month:%Y-%m}")
        seen.add(o.month)
    anchor = max(seen)
    last = month_index(anchor)
    window = sorted((o for o in usable if last - month_index(o.month) < months),
                    key=lambda o: o.month)
    if len(window) < 3:
        return None
    xs = [Fraction(month_index(o.month) - last) for o in window]
    ys = [o.exact_rate for o in window]
    n = len(window)
    x_mean = sum(xs) / n
    y_mean = sum(ys) / n
    sxx = sum((x - x_mean) ** 2 for x in xs)
    sxy = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx  # sxx > 0: at least 3 distinct months
    intercept = y_mean - slope * x_mean  # at x = 0, the anchor month
    return Trend(slope_per_year=float(slope * 12), anchor=anchor,
                 rate_at_anchor=float(intercept), observations=n, first_month=window[0].month)


def project(trend: Trend, month: date) -> float:
    """The trend's rate at ``month``, clipped to [0, 1]."""
    rate = trend.rate_at_anchor + trend.slope_per_month * (month_index(month)
                                                           - month_index(trend.anchor))
    return min(1.0, max(0.0, rate))


def year_reaching(trend: Trend | None, *, target_rate: Rate, start: Observation,
                  horizon_year: int = 2030) -> int | None:
    """The first calendar year, from ``start``'s year to ``horizon_year``, whose December
    projection reaches ``target_rate`` (within :data:`RATE_TOLERANCE`).

    ``start``'s year when ``start`` already reaches the target. None ("not before
    ``horizon_year``") when the trend does not get there by then, is flat or falling, or
    is None."""
    target = _target(target_rate)
    if start.exact_rate >= target:
        return start.month.year
    if trend is None or trend.slope_per_year <= 0:
        return None
    for year in range(start.month.year, horizon_year + 1):
        if project(trend, date(year, 12, 1)) >= float(target) - RATE_TOLERANCE:
            return year
    return None


# --- gap and what-if ----------------------------------------------------------------------


def gap_persons(*, start: Observation, target_rate: Rate, denominator: int | None = None) -> int:
    """More active participants needed to reach ``target_rate``:
    ``ceil(target_rate * denominator) - start.numerator``, at least 0, exact. The
    denominator defaults to ``start``'s (pass another, e.g. a projected 2030 population)."""
    target = _target(target_rate)
    base = start.denominator if denominator is None else denominator
    if base < 0:
        raise ValueError("denominator cannot be negative")
    return max(0, math.ceil(target * base) - start.numerator)


def what_if(*, start: Observation, added: int, target_rate: Rate | None = None) -> WhatIf:
    """Coverage if ``added`` more persons were enrolled (e.g. every not-yet-covered village
    official and RT/RW head of a regency), at ``start``'s denominator. With
    ``target_rate``, also the gap still left."""
    if added < 0:
        raise ValueError("added cannot be negative")
    after = start.numerator + added
    raw = coverage_rate(after, start.denominator)
    gap = None
    if target_rate is not None:
        gap = gap_persons(start=Observation(start.month, after, start.denominator),
                          target_rate=target_rate)
    return WhatIf(rate_before=start.rate, rate_after=min(1.0, raw), added=added,
                  numerator_after=after, capped=raw > 1,
                  target_rate=None if target_rate is None else float(target_rate), gap_after=gap)


def ecosystem_additions(not_covered_by_ecosystem: dict[str, int], chosen: Iterable[str]) -> int:
    """Persons added by enrolling the ``chosen`` ecosystems fully: the sum of their
    not-covered counts (each ecosystem once, however often chosen). An ecosystem missing
    from the counts, or a negative count, is a ValueError."""
    total = 0
    for key in dict.fromkeys(chosen):
        if key not in not_covered_by_ecosystem:
            raise ValueError(f"no not-covered count for ecosystem {key!r}")
        count = not_covered_by_ecosystem[key]
        if count < 0:
            raise ValueError(f"negative not-covered count for ecosystem {key!r}")
        total += count
    return total
