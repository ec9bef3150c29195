"""Premiums against hand-computed values, on the pure pricing module."""

from datetime import date
from decimal import Decimal

import pytest

from ucj.premiums.pricing import (
    Bracket,
    Discount,
    PricingError,
    Rate,
    Request,
    RuleBook,
    Validity,
    affordable_workers,
    parse_month,
    price,
)

ALWAYS = Validity(date(2015, 7, 1), None)

BPU = RuleBook(rates=[
    Rate(id="jkk", program="bpu", component="jkk", validity=ALWAYS, percent=Decimal(1),
         base_minimum=1_000_000),
    Rate(id="jkm", program="bpu", component="jkm", validity=ALWAYS, flat_amount=6_800),
    Rate(id="jht", program="bpu", component="jht", validity=ALWAYS, percent=Decimal(2),
         base_minimum=1_000_000),
])


def bpu(workers, start, months, income=1_000_000, **kwargs):
    return Request(program="bpu", income=income, workers=workers, start=parse_month(start),
                   months=months, **kwargs)


@pytest.mark.parametrize("workers, months", [(10_000, 12), (20_000, 6)])
def test_the_news_figure_two_ways(workers, months):
    quote = price(bpu(workers, "2025-01", months), BPU)
    assert quote.monthly_per_worker == [16_800] * months
    assert quote.total == 2_016_000_000
    assert quote.component_total("jkk") == workers * months * 10_000
    assert quote.component_total("jkm") == workers * months * 6_800
    assert quote.discount_total == 0
    assert quote.components == ["jkk", "jkm"]


def test_jht_on_and_off():
    without = price(bpu(1, "2025-01", 12), BPU)
    with_jht = price(bpu(1, "2025-01", 12, include_jht=True), BPU)
    assert without.per_worker == 12 * 16_800
    assert with_jht.per_worker == 12 * (16_800 + 20_000)
    assert with_jht.component_total("jht") == 12 * 20_000


def test_income_below_the_minimum_is_priced_at_the_minimum():
    assert price(bpu(1, "2025-01", 1, income=600_000), BPU).per_worker == 16_800
    # Above it, 1 % of the income itself when no bracket table is in force, rounded half up.
    assert price(bpu(1, "2025-01", 1, income=1_234_550), BPU).months[0].components == {
        "jkk": 12_346, "jkm": 6_800}


def test_income_brackets_declare_the_bracket_value():
    brackets = [
        Bracket(id="b1", program="bpu", lower=0, upper=1_000_000, declared_income=1_000_000,
                validity=ALWAYS),
        Bracket(id="b2", program="bpu", lower=1_000_001, upper=1_500_000,
                declared_income=1_500_000, validity=ALWAYS),
        Bracket(id="b3", program="bpu", lower=1_500_001, upper=None, declared_income=2_000_000,
                validity=ALWAYS),
    ]
    book = RuleBook(rates=BPU.rates, brackets=brackets)
    month = price(bpu(1, "2025-01", 1, income=1_200_000, include_jht=True), book).months[0]
    assert month.declared_income == 1_500_000
    assert month.components == {"jkk": 15_000, "jkm": 6_800, "jht": 30_000}
    assert "b2" in month.rules
    assert price(bpu(1, "2025-01", 1, income=9_000_000), book).months[0].components["jkk"] == 20_000
    assert price(bpu(1, "2025-01", 1, income=1_000_000), book).months[0].components["jkk"] == 10_000


def test_a_gap_in_the_bracket_table_is_reported():
    book = RuleBook(rates=BPU.rates, brackets=[
        Bracket(id="b1", program="bpu", lower=1_000_000, upper=1_000_000,
                declared_income=1_000_000, validity=ALWAYS),
        Bracket(id="b3", program="bpu", lower=2_000_000, upper=None, declared_income=2_000_000,
                validity=ALWAYS)])
    with pytest.raises(PricingError, match="falls in no income bracket"):
        price(bpu(1, "2025-01", 1, income=1_500_000), book)


def test_a_period_straddling_a_discount_is_priced_month_by_month():
    discount = Discount(id="pp50", program="bpu", components=frozenset({"jkk", "jkm"}),
                        percent=Decimal(50), validity=Validity(date(2026, 4, 1),
                                                               date(2026, 12, 31)))
    book = RuleBook(rates=BPU.rates, discounts=[discount])
    quote = price(bpu(100, "2026-01", 6), book)  # Jan-Mar full, Apr-Jun half
    assert quote.monthly_per_worker == [16_800] * 3 + [8_400] * 3
    assert quote.total == 100 * (3 * 16_800 + 3 * 8_400)
    assert quote.discount_total == 100 * 3 * 8_400
    # Through the end of the discount: Nov, Dec discounted, Jan 2027 full.
    assert price(bpu(1, "2026-11", 3), book).monthly_per_worker == [8_400, 8_400, 16_800]


def test_a_rate_change_mid_period():
    book = RuleBook(rates=[
        BPU.rates[0],
        Rate(id="old-jkm", program="bpu", component="jkm",
             validity=Validity(date(2015, 7, 1), date(2025, 6, 30)), flat_amount=6_800),
        Rate(id="new-jkm", program="bpu", component="jkm",
             validity=Validity(date(2025, 7, 1), None), flat_amount=7_000),
    ])
    quote = price(bpu(1, "2025-05", 4), book)
    assert quote.monthly_per_worker == [16_800, 16_800, 17_000, 17_000]
    assert quote.months[1].rules == ("jkk", "old-jkm")
    assert quote.months[2].rules == ("jkk", "new-jkm")


def test_unconfirmed_rules_count_only_when_asked():
    discount = Discount(id="pp50", program="bpu", components=frozenset({"jkk", "jkm"}),
                        percent=Decimal(50), validity=Validity(date(2026, 4, 1), None),
                        confirmed=False)
    book = RuleBook(rates=BPU.rates, discounts=[discount])
    plain = price(bpu(1, "2026-04", 1), book)
    assert plain.per_worker == 16_800
    assert plain.unconfirmed_ignored == [discount]
    included = price(bpu(1, "2026-04", 1, include_unconfirmed=True), book)
    assert included.per_worker == 8_400
    assert included.unconfirmed_used == [discount]


def test_a_sector_discount_replaces_the_general_one():
    general = Discount(id="all", program="bpu", components=frozenset({"jkk"}),
                       percent=Decimal(50), validity=ALWAYS)
    transport = Discount(id="transport", program="bpu", components=frozenset({"jkk"}),
                         percent=Decimal(100), validity=ALWAYS, sector="transport")
    book = RuleBook(rates=BPU.rates, discounts=[general, transport])
    assert price(bpu(1, "2026-04", 1), book).per_worker == 5_000 + 6_800
    assert price(bpu(1, "2026-04", 1, sector="transport"), book).per_worker == 6_800


def test_overlapping_rules_are_refused_with_their_ids():
    book = RuleBook(rates=[*BPU.rates, Rate(id="dup", program="bpu", component="jkm",
                                            validity=ALWAYS, flat_amount=7_000)])
    with pytest.raises(PricingError, match="#jkm and #dup"):
        price(bpu(1, "2025-01", 1), book)


def test_a_month_without_a_rate_is_refused():
    book = RuleBook(rates=[BPU.rates[1]])
    with pytest.raises(PricingError, match="No JKK rate for BPU is valid in 2025-01"):
        price(bpu(1, "2025-01", 1), book)


def test_pu_prices_each_payer_and_caps_the_pension_wage():
    book = RuleBook(rates=[
        Rate(id="jkk2", program="pu", component="jkk", validity=ALWAYS, risk_class=2,
             payer="employer", percent=Decimal("0.54")),
        Rate(id="jkm", program="pu", component="jkm", validity=ALWAYS, payer="employer",
             percent=Decimal("0.30")),
        Rate(id="jhte", program="pu", component="jht", validity=ALWAYS, payer="employer",
             percent=Decimal("3.7")),
        Rate(id="jhtw", program="pu", component="jht", validity=ALWAYS, payer="worker",
             percent=Decimal("2")),
        Rate(id="jpe", program="pu", component="jp", validity=ALWAYS, payer="employer",
             percent=Decimal("2"), base_cap=10_000_000),
        Rate(id="jpw", program="pu", component="jp", validity=ALWAYS, payer="worker",
             percent=Decimal("1"), base_cap=10_000_000),
    ])
    request = Request(program="pu", income=12_000_000, workers=1, start=date(2025, 1, 1),
                      months=1, risk_class=2)
    assert price(request, book).months[0].components == {
        "jkk": 64_800, "jkm": 36_000, "jht": 684_000, "jp": 300_000}


@pytest.mark.parametrize("text", ["2025-13", "Januari", "", "2025"])
def test_bad_months_are_explained(text):
    with pytest.raises(PricingError, match="YYYY-MM"):
        parse_month(text)


def test_affordable_workers_pays_only_whole_workers():
    assert affordable_workers(2_016_000_000, 201_600) == 10_000
    assert affordable_workers(2_016_000_000 - 1, 201_600) == 9_999
    with pytest.raises(PricingError):
        affordable_workers(1, 0)


def test_an_unconfirmed_discount_of_another_sector_is_not_mentioned():
    transport = Discount(id="t", program="bpu", components=frozenset({"jkk"}),
                         percent=Decimal(50), validity=ALWAYS, sector="transport",
                         confirmed=False)
    book = RuleBook(rates=BPU.rates, discounts=[transport])
    assert price(bpu(1, "2026-04", 1), book).unconfirmed_ignored == []
    assert price(bpu(1, "2026-04", 1, sector="transport"), book).unconfirmed_ignored == [
        transport]
