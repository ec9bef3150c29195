"""The pure coverage arithmetic: hand-computed values (arithmetic in the comments) and
properties. No database."""

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ucj.coverage.projections import (
    Observation,
    PathPoint,
    Trend,
    coverage_rate,
    ecosystem_additions,
    exact_rate,
    gap_persons,
    month_index,
    persons_for_rate,
    project,
    target_path,
    trend,
    what_if,
    year_reaching,
    yearly_increment,
)

# Sambas, June 2026: 70,000 active of 291,000 -> 70/291 = 0.240549828... (about 24.05 %).
SAMBAS = Observation(date(2026, 6, 1), 70_000, 291_000)
PROVINCE_TARGET = 0.6577


def add_months(month: date, n: int) -> date:
    index = month_index(month) + n
    return date(index // 12, index % 12 + 1, 1)


def series(first: date, numerators: list[int], denominator: int) -> list[Observation]:
    return [Observation(add_months(first, k), num, denominator)
            for k, num in enumerate(numerators)]


# A steady climb: 24,000 + 300 k of 100,000 from July 2025 (k = 0) to June 2026 (k = 11),
# i.e. +0.003 a month = +0.036 (3.6 pp) a year, ending at 27,300 / 100,000 = 0.273.
STEADY = series(date(2025, 7, 1), [24_000 + 300 * k for k in range(12)], 100_000)
STEADY_START = STEADY[-1]


# --- rates and observations ---------------------------------------------------------------


def test_rate_is_numerator_over_denominator_and_zero_without_denominator():
    assert coverage_rate(70_000, 291_000) == pytest.approx(0.2405498282)
    assert SAMBAS.rate == 70_000 / 291_000
    assert SAMBAS.exact_rate == Fraction(70, 291)
    assert coverage_rate(5, 0) == 0.0
    assert Observation(date(2026, 1, 1), 5, 0).rate == 0.0
    # Not capped: published denominators disagree, a figure above 100 % must show.
    assert coverage_rate(120, 100) == 1.2


def test_observation_rejects_a_day_other_than_the_first_and_negative_counts():
    with pytest.raises(ValueError, match="first day"):
        Observation(date(2026, 6, 30), 1, 2)
    with pytest.raises(ValueError, match="negative"):
        Observation(date(2026, 6, 1), -1, 2)


def test_exact_rate_reads_a_float_as_its_decimal():
    assert exact_rate(0.6577) == Fraction(6577, 10_000)
    assert exact_rate(Decimal("0.6577")) == Fraction(6577, 10_000)
    assert exact_rate(Fraction(1, 3)) == Fraction(1, 3)
    with pytest.raises(ValueError):
        exact_rate(float("nan"))


def test_persons_round_up_exactly_where_float_ceil_is_one_off():
    # 0.07 * 100 is 7.000000000000001 in floats, so math.ceil gives 8; 7 people are 7 %.
    assert math.ceil(0.07 * 100) == 8
    assert persons_for_rate(0.07, 100) == 7
    assert persons_for_rate(Decimal("0.07"), 100) == 7
    # 0.6577 * 291,000 = 191,390.7 -> 191,391.
    assert persons_for_rate(PROVINCE_TARGET, 291_000) == 191_391


# --- target path --------------------------------------------------------------------------


def test_sambas_path_to_the_province_target_by_2030():
    path = target_path(start=SAMBAS, target_rate=PROVINCE_TARGET, target_year=2030)
    assert [p.year for p in path] == [2026, 2027, 2028, 2029, 2030]
    # Gap in rate: 6577/10000 - 70/291 = (6577*291 - 700,000)/2,910,000 = 1,213,907/2,910,000
    # = 0.41715...; June 2026 -> December 2030 is 4*12 + 6 = 54 months.
    # Full year: 1,213,907/2,910,000 * 12/54 = 1,213,907/13,095,000 = 0.0927000... (9.27 pp).
    assert yearly_increment(start=SAMBAS, target_rate=PROVINCE_TARGET,
                            target_year=2030) == pytest.approx(1_213_907 / 13_095_000)
    # December 2026 is 6 of the 54 months: 70/291 + 1,213,907/2,910,000 * 6/54
    # = 0.2405498 + 0.0463500 = 0.2868998; persons 70,000 + ceil(1,213,907 * 291,000 /
    # 26,190,000) = 70,000 + ceil(1,213,907/90 = 13,487.86) = 83,488.
    assert path[0].rate == pytest.approx(70 / 291 + 1_213_907 / 26_190_000)
    assert path[0].persons == 83_488
    # December 2027 is 18/54 = 1/3 of the way: 70,000 + ceil(1,213,907/30 = 40,463.57).
    assert path[1].persons == 110_464
    # Every full year adds the same 9.27 pp.
    steps = [b.rate - a.rate for a, b in zip(path, path[1:], strict=False)]
    assert steps == pytest.approx([1_213_907 / 13_095_000] * 4)
    # The end is the target exactly: ceil(0.6577 * 291,000 = 191,390.7) = 191,391.
    assert path[-1] == PathPoint(year=2030, rate=0.6577, persons=191_391)
    assert path[-1].persons == SAMBAS.numerator + gap_persons(start=SAMBAS,
                                                              target_rate=PROVINCE_TARGET)


def test_path_from_a_december_figure_starts_at_the_figure():
    # December 2026, 30 of 100, to 0.60 by end 2029: 36 months, 0.30 * 12/36 = 0.10 a year.
    start = Observation(date(2026, 12, 1), 30, 100)
    path = target_path(start=start, target_rate=Decimal("0.6"), target_year=2029)
    assert [(p.year, p.persons) for p in path] == [(2026, 30), (2027, 40), (2028, 50),
                                                    (2029, 60)]
    assert [p.rate for p in path] == pytest.approx([0.3, 0.4, 0.5, 0.6])


def test_path_with_target_in_the_figures_own_december_or_earlier():
    start = Observation(date(2030, 12, 1), 30, 100)
    assert target_path(start=start, target_rate=0.5, target_year=2030) == [
        PathPoint(2030, 0.5, 50)]
    with pytest.raises(ValueError, match="before"):
        target_path(start=start, target_rate=0.5, target_year=2029)


def test_target_must_be_a_fraction_not_a_percentage():
    with pytest.raises(ValueError, match="between 0 and 1"):
        target_path(start=SAMBAS, target_rate=65.77, target_year=2030)
    with pytest.raises(ValueError, match="between 0 and 1"):
        gap_persons(start=SAMBAS, target_rate=-0.1)


# --- trend --------------------------------------------------------------------------------


def test_trend_of_a_steady_climb_is_its_slope():
    fitted = trend(STEADY)
    assert fitted is not None
    # +300 of 100,000 a month = 0.003/month = 0.036/year; the line passes through the
    # latest figure 27,300/100,000 = 0.273.
    assert fitted.slope_per_year == pytest.approx(0.036)
    assert fitted.slope_per_month == pytest.approx(0.003)
    assert fitted.rate_at_anchor == pytest.approx(0.273)
    assert (fitted.anchor, fitted.first_month, fitted.observations) == (
        date(2026, 6, 1), date(2025, 7, 1), 12)


def test_trend_is_least_squares_through_noisy_points():
    # Rates 0.10, 0.13, 0.14 at months -2, -1, 0: mean x = -1, mean y = 0.37/3;
    # Sxy = (-1)(0.10 - 0.12333) + 0 + (1)(0.14 - 0.12333) = 0.04, Sxx = 2,
    # slope = 0.02/month = 0.24/year; at month 0: 0.12333 + 0.02 = 0.14333.
    fitted = trend(series(date(2026, 4, 1), [10, 13, 14], 100))
    assert fitted is not None
    assert fitted.slope_per_year == pytest.approx(0.24)
    assert fitted.rate_at_anchor == pytest.approx(0.43 / 3)


def test_trend_uses_only_the_last_months_and_any_order():
    # Two years: a fall of 200/month in the first, then the steady climb. The window of
    # 12 months sees only the climb; 24 months sees both.
    falling = series(date(2024, 7, 1), [26_000 - 200 * k for k in range(12)], 100_000)
    both = list(reversed(falling + STEADY))
    assert trend(both).slope_per_year == pytest.approx(0.036)
    assert trend(both, months=24).observations == 24
    # A window of 3 months: April, May, June 2026, still +0.036/year.
    assert trend(both, months=3).observations == 3
    assert trend(both, months=3).slope_per_year == pytest.approx(0.036)


def test_trend_window_counts_calendar_months_not_figures():
    # Figures in January, February, March and December 2025: the 12 months to December
    # hold only January..December = all 4; the 10 months to December (March..December)
    # hold 2, too few.
    obs = [Observation(date(2025, m, 1), 10 * m, 100) for m in (1, 2, 3, 12)]
    assert trend(obs, months=12).observations == 4
    assert trend(obs, months=10) is None


def test_trend_needs_three_usable_figures_and_one_per_month():
    assert trend([]) is None
    assert trend(STEADY[:2]) is None
    # A zero denominator is no figure.
    assert trend([*STEADY[:2], Observation(date(2025, 9, 1), 0, 0)]) is None
    assert trend(STEADY[:3]) is not None
    with pytest.raises(ValueError, match="two coverage figures"):
        trend([*STEADY[:3], Observation(date(2025, 7, 1), 1, 10)])


def test_project_follows_the_line_and_clips():
    fitted = trend(STEADY)
    # December 2026: 0.273 + 6 * 0.003 = 0.291; December 2030: 0.273 + 54 * 0.003 = 0.435.
    assert project(fitted, date(2026, 12, 1)) == pytest.approx(0.291)
    assert project(fitted, date(2030, 12, 1)) == pytest.approx(0.435)
    # January 2000 is 317 months back: 0.273 - 0.951 < 0; 2050 is far above 1.
    assert project(fitted, date(2000, 1, 1)) == 0.0
    assert project(fitted, date(2050, 1, 1)) == 1.0


# --- year reaching ------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "horizon", "expected"), [
    (0.25, 2030, 2026),    # the latest figure, 0.273, already reaches it
    (0.273, 2030, 2026),   # exactly at the latest figure
    (0.291, 2030, 2026),   # December 2026 projection exactly (0.273 + 6 * 0.003)
    (0.2911, 2030, 2027),  # just above: December 2027 = 0.327
    (0.363, 2030, 2028),   # December 2028 exactly: 0.273 + 30 * 0.003
    (0.3631, 2030, 2029),  # December 2029 = 0.399
    (0.435, 2030, 2030),   # December 2030 exactly: 0.273 + 54 * 0.003
    (0.4351, 2030, None),  # not before 2030
    (0.4351, 2031, 2031),  # December 2031 = 0.471 with a later horizon
    (PROVINCE_TARGET, 2030, None),  # 0.6577 needs about ten more years at 3.6 pp
])
def test_year_reaching_boundaries(target, horizon, expected):
    fitted = trend(STEADY)
    assert year_reaching(fitted, target_rate=target, start=STEADY_START,
                         horizon_year=horizon) == expected


def test_year_reaching_without_a_rising_trend():
    flat = trend(series(date(2026, 1, 1), [300] * 6, 1000))
    assert flat.slope_per_year == 0
    falling = trend(series(date(2026, 1, 1), [300 - k for k in range(6)], 1000))
    assert falling.slope_per_year < 0
    start = Observation(date(2026, 6, 1), 295, 1000)
    for fitted in (flat, falling, None):
        assert year_reaching(fitted, target_rate=0.5, start=start) is None
        # ...but a figure already at the target has reached it, trend or not.
        assert year_reaching(fitted, target_rate=Decimal("0.295"), start=start) == 2026


def test_year_reaching_uses_the_trend_line_not_the_latest_figure():
    # The line ends at its own fitted value: rates 0.10, 0.13, 0.14 fit 0.14333 in June
    # 2026 at +0.02/month; December 2026 = 0.14333 + 0.12 = 0.26333, 2027 = 0.50333.
    fitted = trend(series(date(2026, 4, 1), [10, 13, 14], 100))
    start = Observation(date(2026, 6, 1), 14, 100)
    assert year_reaching(fitted, target_rate=0.26, start=start) == 2026
    assert year_reaching(fitted, target_rate=0.27, start=start) == 2027


# --- gap and what-if ----------------------------------------------------------------------


def test_sambas_gap_to_the_province_target():
    # ceil(0.6577 * 291,000 = 191,390.7) - 70,000 = 121,391.
    assert gap_persons(start=SAMBAS, target_rate=PROVINCE_TARGET) == 121_391
    assert gap_persons(start=SAMBAS, target_rate=Decimal("0.6577")) == 121_391
    # Against a larger 2030 denominator, 300,000: ceil(197,310) - 70,000 = 127,310.
    assert gap_persons(start=SAMBAS, target_rate=PROVINCE_TARGET,
                       denominator=300_000) == 127_310
    # Already above: no one more is needed.
    assert gap_persons(start=SAMBAS, target_rate=0.2) == 0
    # 0.07 of 100 is 7 persons, not the 8 a float ceil would say.
    assert gap_persons(start=Observation(date(2026, 1, 1), 0, 100), target_rate=0.07) == 7


def test_what_if_sambas_enrols_village_officials_and_rt_rw_heads():
    not_covered = {"perangkat_desa": 1_900, "rt_rw": 4_100, "guru": 3_000}
    added = ecosystem_additions(not_covered, ["perangkat_desa", "rt_rw"])
    assert added == 6_000  # 1,900 + 4,100
    result = what_if(start=SAMBAS, added=added, target_rate=PROVINCE_TARGET)
    # 76,000 / 291,000 = 0.261168...; still 191,391 - 76,000 = 115,391 short.
    assert result.rate_before == pytest.approx(0.2405498)
    assert result.rate_after == pytest.approx(76_000 / 291_000)
    assert result.points_gained == pytest.approx(6_000 / 291_000)
    assert (result.added, result.numerator_after, result.capped) == (6_000, 76_000, False)
    assert (result.target_rate, result.gap_after) == (0.6577, 115_391)
    assert what_if(start=SAMBAS, added=added).gap_after is None


def test_what_if_caps_at_full_coverage():
    result = what_if(start=Observation(date(2026, 6, 1), 90, 100), added=20, target_rate=0.9)
    assert (result.rate_after, result.capped, result.numerator_after, result.gap_after) == (
        1.0, True, 110, 0)
    with pytest.raises(ValueError):
        what_if(start=SAMBAS, added=-1)


def test_ecosystem_additions_counts_each_chosen_ecosystem_once():
    counts = {"perangkat_desa": 1_900, "rt_rw": 4_100}
    assert ecosystem_additions(counts, []) == 0
    assert ecosystem_additions(counts, ("rt_rw", "rt_rw")) == 4_100
    assert ecosystem_additions(counts, iter(counts)) == 6_000
    with pytest.raises(ValueError, match="guru"):
        ecosystem_additions(counts, ["guru"])
    with pytest.raises(ValueError, match="negative"):
        ecosystem_additions({"rt_rw": -1}, ["rt_rw"])


# --- properties ---------------------------------------------------------------------------

months = st.builds(date, st.integers(2015, 2035), st.integers(1, 12), st.just(1))
targets = st.decimals(min_value=0, max_value=1, places=4)


@st.composite
def observations(draw):
    denominator = draw(st.integers(1, 10_000_000))
    return Observation(draw(months), draw(st.integers(0, denominator)), denominator)


@given(observations(), targets, st.integers(0, 10))
def test_path_is_monotone_and_ends_at_the_target(start, target, years):
    target_year = start.month.year + years
    path = target_path(start=start, target_rate=target, target_year=target_year)
    assert [p.year for p in path] == list(range(start.month.year, target_year + 1))
    rates = [start.rate] + [p.rate for p in path]
    persons = [p.persons for p in path]
    if target >= start.exact_rate:
        assert rates == sorted(rates)
        assert persons == sorted(persons)
        assert persons[-1] == start.numerator + gap_persons(start=start, target_rate=target)
    else:
        assert rates == sorted(rates, reverse=True)
        assert persons == sorted(persons, reverse=True)
    assert path[-1].rate == float(target)
    assert path[-1].persons == math.ceil(Fraction(target) * start.denominator)


@given(observations(), targets, st.one_of(st.none(), st.integers(0, 10_000_000)))
def test_gap_is_the_fewest_persons_reaching_the_target(start, target, denominator):
    gap = gap_persons(start=start, target_rate=target, denominator=denominator)
    base = start.denominator if denominator is None else denominator
    assert gap >= 0
    assert start.numerator + gap >= Fraction(target) * base
    if gap:
        assert start.numerator + gap - 1 < Fraction(target) * base


@given(targets, st.integers(0, 10_000_000))
def test_a_float_target_counts_persons_like_its_decimal(target, denominator):
    assert persons_for_rate(float(target), denominator) == persons_for_rate(
        target, denominator) == math.ceil(Fraction(target) * denominator)


@given(observations(), st.integers(0, 10_000_000))
def test_what_if_never_lowers_coverage(start, added):
    result = what_if(start=start, added=added, target_rate=0.6577)
    assert result.rate_before <= result.rate_after <= 1.0
    assert result.gap_after <= gap_persons(start=start, target_rate=0.6577)


@given(months, st.integers(3, 24), st.integers(0, 50_000), st.integers(-500, 500))
def test_trend_recovers_the_slope_of_a_straight_series(first, count, base, step):
    denominator = 1_000_000
    numerators = [base + 25_000 + step * k for k in range(count)]
    fitted = trend(series(first, numerators, denominator), months=count)
    assert isinstance(fitted, Trend)
    assert fitted.observations == count
    assert fitted.slope_per_year == pytest.approx(12 * step / denominator, abs=1e-12)
    assert fitted.rate_at_anchor == pytest.approx(numerators[-1] / denominator, abs=1e-12)
    assert project(fitted, fitted.anchor) == pytest.approx(
        min(1.0, numerators[-1] / denominator), abs=1e-12)
