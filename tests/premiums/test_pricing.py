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
    WageCap,
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
             percent=Decimal("2")),
        Rate(id="jpw", program="pu", component="jp", validity=ALWAYS, payer="worker",
             percent=Decimal("1")),
    ], wage_caps=[WageCap(id="cap", amount=10_000_000, validity=ALWAYS)])
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


# --- JP wage caps by period ---------------------------------------------------------------

PU_RATES = [
    Rate(id="jkk1", program="pu", component="jkk", validity=ALWAYS, risk_class=1,
         payer="employer", percent=Decimal("0.24")),
    Rate(id="jkm", program="pu", component="jkm", validity=ALWAYS, payer="employer",
         percent=Decimal("0.30")),
    Rate(id="jpe", program="pu", component="jp", validity=ALWAYS, payer="employer",
         percent=Decimal("2")),
    Rate(id="jpw", program="pu", component="jp", validity=ALWAYS, payer="worker",
         percent=Decimal("1")),
]
CAP_2024 = WageCap(id="cap24", amount=10_042_300,
                   validity=Validity(date(2024, 3, 1), date(2025, 2, 28)))
CAP_2025 = WageCap(id="cap25", amount=10_547_400,
                   validity=Validity(date(2025, 3, 1), date(2026, 2, 28)))
CAP_2026 = WageCap(id="cap26", amount=11_086_300, validity=Validity(date(2026, 3, 1), None),
                   confirmed=False)


def pu(start, months, income=15_000_000, **kwargs):
    return Request(program="pu", income=income, workers=1, start=parse_month(start),
                   months=months, risk_class=1, **kwargs)


def test_jp_takes_the_cap_of_each_month():
    book = RuleBook(rates=PU_RATES, wage_caps=[CAP_2024, CAP_2025])
    quote = price(pu("2025-02", 2), book)
    # 2 % + 1 % of the cap, each rounded: 200,846 + 100,423 and 210,948 + 105,474.
    assert [m.components["jp"] for m in quote.months] == [301_269, 316_422]
    assert "cap24" in quote.months[0].rules and "cap25" in quote.months[1].rules
    # Below the cap the wage itself: 3 % of Rp5,000,000.
    assert price(pu("2025-02", 1, income=5_000_000), book).months[0].components["jp"] == 150_000


def test_a_month_without_a_jp_cap_is_refused_naming_it():
    book = RuleBook(rates=PU_RATES, wage_caps=[CAP_2025])
    with pytest.raises(PricingError, match="No JP wage cap rule for January 2025") as refused:
        price(pu("2025-01", 3), book)
    assert refused.value.params["month"] == date(2025, 1, 1)


def test_an_unconfirmed_cap_is_named_not_priced_at_zero():
    book = RuleBook(rates=PU_RATES, wage_caps=[CAP_2025, CAP_2026])
    with pytest.raises(PricingError, match="JP wage cap rule for March 2026 .* not confirmed"):
        price(pu("2026-02", 2), book)
    quote = price(pu("2026-02", 2, include_unconfirmed=True), book)
    assert [m.components["jp"] for m in quote.months] == [316_422, 332_589]
    assert quote.unconfirmed_used == [CAP_2026]


def test_jp_without_a_rate_is_refused_and_left_out_only_when_asked():
    book = RuleBook(rates=PU_RATES[:2], wage_caps=[CAP_2025])
    with pytest.raises(PricingError, match="No JP rate for PU is valid in 2025-03"):
        price(pu("2025-03", 1), book)
    assert "jp" not in price(pu("2025-03", 1, include_jp=False), book).months[0].components


# --- BPU bounds -----------------------------------------------------------------------------

def _table(top_upper):
    return [
        Bracket(id="b1", program="bpu", lower=0, upper=1_000_000, declared_income=1_000_000,
                validity=ALWAYS),
        Bracket(id="b2", program="bpu", lower=1_000_001, upper=20_700_000,
                declared_income=20_700_000, validity=ALWAYS),
        Bracket(id="top", program="bpu", lower=20_700_001, upper=top_upper,
                declared_income=20_700_000, validity=ALWAYS),
    ]


def test_without_a_bracket_table_the_quote_says_the_ceiling_is_unknown():
    quote = price(bpu(1, "2025-01", 3, income=50_000_000), BPU)
    assert quote.months[0].components["jkk"] == 500_000
    assert len(quote.notes) == 1 and "ceiling on it is unknown" in str(quote.notes[0])


def test_above_an_open_highest_bracket_the_income_is_capped_and_said_so():
    book = RuleBook(rates=BPU.rates, brackets=_table(None))
    quote = price(bpu(1, "2025-01", 2, income=50_000_000), book)
    assert quote.monthly_per_worker == [207_000 + 6_800] * 2
    assert [str(n) for n in quote.notes] == [
        "An income of Rp50,000,000 is above the highest income bracket: it is capped, "
        "declared as Rp20,700,000."]
    # Inside the table: no note.
    assert price(bpu(1, "2025-01", 1, income=900_000), book).notes == []


def test_above_a_closed_highest_bracket_the_quote_is_refused_and_said_so():
    book = RuleBook(rates=BPU.rates, brackets=_table(30_000_000))
    with pytest.raises(PricingError, match=r"above the highest income bracket valid in "
                                           r"January 2025 \(up to Rp30,000,000\): refused"):
        price(bpu(1, "2025-01", 1, income=30_000_001), book)
    assert price(bpu(1, "2025-01", 1, income=30_000_000), book).per_worker == 213_800


# --- sectors --------------------------------------------------------------------------------

TRANSPORT = Discount(id="t", program="bpu", components=frozenset({"jkk", "jkm"}),
                     percent=Decimal(50), validity=ALWAYS, sector="transport")


def test_a_sector_is_matched_whatever_its_case_and_spaces():
    book = RuleBook(rates=BPU.rates, discounts=[TRANSPORT])
    assert price(bpu(1, "2026-01", 1, sector="  Transport "), book).per_worker == 8_400


def test_an_unknown_sector_is_refused_with_the_known_ones():
    book = RuleBook(rates=BPU.rates, discounts=[TRANSPORT, Discount(
        id="f", program="bpu", components=frozenset({"jkk"}), percent=Decimal(10),
        validity=ALWAYS, sector="perikanan")])
    assert book.sectors() == ["perikanan", "transport"]
    with pytest.raises(PricingError, match=r"Unknown sector 'transportasi': choose one of the "
                                           r"sectors the discounts name \(perikanan, transport\)"):
        price(bpu(1, "2026-01", 1, sector="transportasi"), book)
    with pytest.raises(PricingError, match="No discount names a sector"):
        price(bpu(1, "2026-01", 1, sector="transport"), BPU)
