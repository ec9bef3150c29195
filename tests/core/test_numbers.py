"""Indonesian numbers everywhere (issue 16, item 10): rates as "3,7 %" and "0,24 %", a
negative amount in words ("kurang Rp756.000.000"), one helper for pages, files, PDFs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from ucj.core import formatting

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "text"), [
    (0, "0"), (999, "999"), (1000, "1.000"), (5_646_268, "5.646.268"),
    (-1_234_567, "-1.234.567"),
])
def test_thousands(value, text):
    assert formatting.thousands(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (1_500_000, "Rp1.500.000"), (0, "Rp0"), (-756_000_000, "kurang Rp756.000.000"),
    (201_600, "Rp201.600"), (None, "—"),
])
def test_rupiah(value, text):
    assert formatting.rupiah(value) == text


@pytest.mark.parametrize(("value", "digits", "text"), [
    (Decimal("0.037"), 1, "3,7 %"), (Decimal("0.0024"), 2, "0,24 %"),
    (Decimal("0.2405"), 2, "24,05 %"), (Decimal("0.6577"), 2, "65,77 %"),
    (0.30405, 2, "30,41 %"),  # half up, not banker's rounding
    (1, 0, "100 %"), (None, 2, "—"),
])
def test_percent_of_a_fraction(value, digits, text):
    assert formatting.percent(value, digits) == text


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("3.70"), "3,7 %"), (Decimal("0.240"), "0,24 %"), (Decimal("0.54"), "0,54 %"),
    (Decimal("50.00"), "50 %"), (Decimal("5.11"), "5,11 %"), (2, "2 %"),
])
def test_rate_already_in_percent(value, text):
    assert formatting.rate(value) == text


def test_decimal_rounds_half_up_with_a_comma():
    assert formatting.decimal(2.25, 1) == "2,3"
    assert formatting.decimal(1234.5, 1) == "1.234,5"
    assert formatting.decimal(-0.04, 1) == "0,0"  # never "-0,0"
    assert formatting.decimal(Decimal("3.700"), 3, trim=True) == "3,7"


def render(text: str, **context) -> str:
    return Template("{% load numbers coverage_format %}" + text).render(Context(context))


def test_page_filters_in_indonesian_and_english():
    with translation.override("id"):
        assert render("{{ a|rupiah }}", a=-756_000_000) == "kurang Rp756.000.000"
        assert render("{{ a|rupiah }}", a=1_500_000) == "Rp1.500.000"
        assert render("{{ r|rate }}", r=Decimal("3.70")) == f"3,7{NBSP}%"
        assert render("{{ r|rate }}", r=Decimal("0.240")) == f"0,24{NBSP}%"
        assert render("{{ f|percent:1 }}", f=Decimal("0.037")) == f"3,7{NBSP}%"
        assert render("{{ f|percent }}", f=Decimal("0.2405")) == f"24,05{NBSP}%"
        assert render("{{ n|number }}", n=5_646_268) == "5.646.268"
        assert render("{{ n|rupiah }}", n=None) == "—"
    with translation.override("en"):
        assert render("{{ a|rupiah }}", a=-756_000_000) == "short of Rp756,000,000"
        assert render("{{ r|rate }}", r=Decimal("0.240")) == f"0.24{NBSP}%"
        assert render("{{ f|percent }}", f=Decimal("0.2405")) == f"24.05{NBSP}%"


@pytest.mark.django_db
def test_models_and_documents_use_the_helper(kalbar):
    from ucj.coverage.models import Target
    from ucj.decrees import documents
    from ucj.premiums.models import ContributionRate

    # The seeded PU rates: JHT employer 3.7 %, JKK risk class 1 0.24 % (PP 44/2015).
    assert str(ContributionRate.objects.get(percent=Decimal("3.7"))).endswith(" 3,7 %")
    assert str(ContributionRate.objects.get(percent=Decimal("0.24"))).endswith(" 0,24 %")
    assert str(ContributionRate.objects.filter(flat_amount=6800).first()).endswith(" Rp6.800")
    target = Target(region_id="61", year=2030, rate=Decimal("0.6577"))
    assert str(target) == "61 2030: 65,77 %"
    assert documents.rupiah(-756_000_000) == "kurang Rp756.000.000"
    assert documents.rupiah(10_547_400) == "Rp10.547.400"


@pytest.mark.django_db
def test_the_rules_page_writes_rates_the_indonesian_way(client_for, provinsi_user):
    page = client_for(provinsi_user).get("/iuran/").content.decode()
    assert "3,7 %" in page and "0,24 %" in page and "Rp6.800" in page
    assert "0.24 %" not in page and "3.700" not in page
