import io
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from ucj.budget import charts, selectors, services
from ucj.budget.models import Budget, Scenario


@pytest.fixture
def two_scenarios(budget, provinsi_user):
    first = services.create_scenario(user=provinsi_user, budget=budget, name="Terendah dulu",
                                     policy="lowest_first")
    second = services.create_scenario(user=provinsi_user, budget=budget, name="Paling adil",
                                      policy="fairest")
    return first, second


def test_the_calculator_prices_the_news_figure(client_for, provinsi_user, kalbar):
    page = client_for(provinsi_user).get(reverse("premiums:calculator"), {
        "program": "bpu", "income": 1_000_000, "workers": 10_000, "start": "2025-01",
        "months": 12})
    assert page.status_code == 200
    quote = page.context["quote"]
    assert quote.total == 2_016_000_000
    assert page.context["uniform_monthly"] == 16_800
    assert b'data-testid="breakdown"' in page.content


def test_the_calculator_warns_of_an_unconfirmed_discount(client_for, provinsi_user, kalbar):
    page = client_for(provinsi_user).get(reverse("premiums:calculator"), {
        "program": "bpu", "income": 1_000_000, "workers": 1, "start": "2026-04", "months": 1})
    assert page.context["quote"].total == 16_800
    assert page.context["ignored"] and "PP 50/2025" in page.context["ignored"][0]


def test_the_calculator_explains_a_month_it_cannot_price(client_for, provinsi_user, kalbar):
    from ucj.premiums.models import ContributionRate

    ContributionRate.objects.filter(program="bpu", component="jkk").delete()
    page = client_for(provinsi_user).get(reverse("premiums:calculator"), {
        "program": "bpu", "income": 1_000_000, "workers": 1, "start": "2025-01", "months": 1})
    assert page.context["quote"] is None
    assert "JKK" in page.context["error"]


def test_confirming_a_rule_is_for_master_data_staff(client_for, provinsi_user, sambas_user,
                                                    kalbar):
    from ucj.premiums.models import Discount

    general = Discount.objects.get(sector="")
    url = reverse("premiums:confirm", args=["discount", general.pk])
    assert client_for(sambas_user).post(url).status_code == 403
    assert client_for(provinsi_user).post(url).status_code == 302
    general.refresh_from_db()
    assert general.confirmed and general.confirmed_by == provinsi_user


def test_a_planner_adds_a_budget(client_for, provinsi_user, province):
    response = client_for(provinsi_user).post(reverse("budget:budgets"), {
        "name": "Iuran sawit", "fiscal_year": 2026, "programme": "sawit",
        "funding_source": "dbh_sawit", "holder": "61", "amount": 2_000_000_000,
        "start_month": "2026-01", "months": 12, "declared_income": 1_000_000,
        "ecosystems": ["sawit"]})
    budget = Budget.objects.get(name="Iuran sawit")
    assert response.url == reverse("budget:detail", args=[budget.pk])
    assert budget.start_month == date(2026, 1, 1)


def test_a_regency_user_cannot_add_a_budget(client_for, sambas_user, province):
    client = client_for(sambas_user)
    assert client.get(reverse("budget:budgets")).context["form"] is None
    assert client.post(reverse("budget:budgets"), {"name": "x"}).status_code == 403


def test_making_a_scenario_from_the_form(client_for, provinsi_user, budget):
    response = client_for(provinsi_user).post(reverse("budget:detail", args=[budget.pk]), {
        "name": "Minimum Singkawang", "policy": "most_points", "min-61.72": "3",
        "eco-max-rentan": "4"})
    scenario = Scenario.objects.get(name="Minimum Singkawang")
    assert response.url == reverse("budget:scenario", args=[scenario.pk])
    assert scenario.minimums == {"61.72": 3}
    assert scenario.limits == {"rentan": {"min": 0, "max": 4}}


def test_an_infeasible_scenario_is_explained_on_the_form(client_for, provinsi_user, budget):
    page = client_for(provinsi_user).post(reverse("budget:detail", args=[budget.pk]), {
        "name": "Terlalu banyak", "policy": "fairest", "min-61.01": "9"})
    assert page.status_code == 200
    assert "4" in str(page.context["form"].non_field_errors())
    assert b'data-testid="scenario-error"' in page.content
    assert not Scenario.objects.exists()


def test_the_scenario_page_and_its_workbook(client_for, provinsi_user, two_scenarios):
    first, _second = two_scenarios
    client = client_for(provinsi_user)
    page = client.get(reverse("budget:scenario", args=[first.pk]))
    assert page.status_code == 200
    assert page.context["funded"] == 5
    book = openpyxl.load_workbook(io.BytesIO(
        client.get(reverse("budget:scenario_xlsx", args=[first.pk])).content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    sambas = next(r for r in rows if r[0] == "61.01")
    assert sambas[7] == 4 and sambas[8] == 4 * 201_600
    assert book.sheetnames[1]  # the ecosystem sheet


def test_comparing_two_scenarios(client_for, provinsi_user, two_scenarios):
    first, second = two_scenarios
    client = client_for(provinsi_user)
    url = reverse("budget:compare", args=[first.budget_id])
    page = client.get(url, {"s": [first.pk, second.pk]})
    assert [s.pk for s in page.context["scenarios"]] == [first.pk, second.pk]
    assert {t["funded"] for t in page.context["totals"]} == {5}
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("budget:compare_xlsx", args=[first.budget_id]),
        {"s": [first.pk, second.pk]}).content))
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert "Terendah dulu" in header[3] and "Paling adil" in header[6]
    # Fewer than two: back to the budget with a message.
    assert client.get(url, {"s": [first.pk]}).status_code == 302


def test_a_regency_user_sees_only_its_own_share_on_every_page(client_for, sambas_user,
                                                             two_scenarios):
    first, second = two_scenarios
    client = client_for(sambas_user)
    page = client.get(reverse("budget:scenario", args=[first.pk]))
    assert [r.regency_id for r in page.context["regencies"]] == ["61.01"]
    assert b'data-region="61.72"' not in page.content
    compared = client.get(reverse("budget:compare", args=[first.budget_id]),
                          {"s": [first.pk, second.pk]})
    assert [c.code for c in compared.context["compared"]] == ["61.01"]
    book = openpyxl.load_workbook(io.BytesIO(
        client.get(reverse("budget:scenario_xlsx", args=[first.pk])).content))
    assert "61.72" not in [r[0] for r in book.worksheets[0].iter_rows(values_only=True)]
    assert client.post(reverse("budget:adopt", args=[first.pk])).status_code == 403


def test_a_regency_budget_is_hidden_from_other_regencies(client_for, provinsi_user, province,
                                                        sambas_user):
    own = services.create_budget(
        user=provinsi_user, name="APBD Singkawang", fiscal_year=2025, programme="rentan",
        funding_source="apbd_kabupaten", holder="61.72", amount=1_000_000, months=12,
        start_month=date(2025, 1, 1), ecosystems=["rentan"])
    assert client_for(sambas_user).get(reverse("budget:detail", args=[own.pk])).status_code == 404


def test_adopting_from_the_page(client_for, provinsi_user, two_scenarios):
    first, _ = two_scenarios
    client_for(provinsi_user).post(reverse("budget:adopt", args=[first.pk]), {"confirm": "1"})
    assert Budget.objects.get(pk=first.budget_id).adopted_scenario_id == first.pk
    response = client_for(provinsi_user).post(reverse("budget:delete", args=[first.pk]))
    assert response.status_code == 302 and Scenario.objects.filter(pk=first.pk).exists()


def test_the_cost_of_the_target_page_and_workbook(client_for, provinsi_user, province):
    client = client_for(provinsi_user)
    page = client.get(reverse("budget:target_cost"), {"share": "50", "income": "1000000"})
    result = page.context["result"]
    assert result.share_rate == 0.5
    assert {r.code for r in result.regencies} == {"61.01", "61.72"}
    assert b'data-testid="assumptions"' in page.content
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("budget:target_cost_xlsx"), {"share": "50", "income": "1000000"}).content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] and any(r[0] == "61.01" and r[2] == 2030 for r in rows)


def test_charts_are_valid_vega_lite(provinsi_user, two_scenarios):
    first, second = two_scenarios
    regencies = selectors.scenario_regencies(provinsi_user, first)
    charts.scenario_chart(regencies, validate=True)
    charts.compare_chart(selectors.compare(provinsi_user, [first, second]), [first, second],
                         validate=True)
    from fractions import Fraction

    charts.target_cost_chart(selectors.cost_of_target(provinsi_user, share=Fraction(1, 3)),
                             validate=True)


def test_adopting_is_reviewed_then_confirmed(provinsi_user, sambas_user, two_scenarios):
    """Issue 15, item 5: the review states the figures and changes nothing; a POST without
    the tick changes nothing either."""
    from django.test import Client

    from tests.security.test_writes import changed_tables, table_digests

    first, second = two_scenarios
    client = Client()
    client.force_login(provinsi_user)
    url = reverse("budget:adopt", args=[first.pk])
    before = table_digests()
    page = client.get(url)
    assert page.status_code == 200 and changed_tables(before, table_digests()) == []
    review = page.context["review"]
    assert (review.workers, review.months, review.per_worker, review.total) == (
        first.funded, 12, first.per_worker, first.cost)
    html = page.content.decode()
    assert "Saya mengerti ini tidak dapat dibatalkan" in html and 'data-testid="review-form"' in html
    refused = client.post(url)
    assert 'data-testid="review-unconfirmed"' in refused.content.decode()
    assert Budget.objects.get(pk=first.budget_id).adopted_scenario_id is None
    client.post(url, {"confirm": "1"})
    assert Budget.objects.get(pk=first.budget_id).adopted_scenario_id == first.pk
    # Adopting the other one says which adoption it replaces; adopting it again is refused.
    assert "Terendah dulu" in client.get(
        reverse("budget:adopt", args=[second.pk])).context["effects"][1]
    assert 'data-testid="review-refusal"' in client.get(url).content.decode()
    regency = Client()
    regency.force_login(sambas_user)
    assert regency.get(url).status_code == 403


def test_the_budget_page_notes_the_unknown_bpu_ceiling_and_offers_known_sectors(
        client_for, provinsi_user, budget):
    page = client_for(provinsi_user).get(reverse("budget:detail", args=[budget.pk]))
    assert page.context["premium_notes"] == [
        "Tabel kisaran penghasilan BPU (PP 44/2015 Lampiran II) belum diisi: penghasilan "
        "dihitung sebagaimana dilaporkan dan batas atasnya tidak diketahui."]
    assert b'data-testid="premium-note"' in page.content
    form = client_for(provinsi_user).get(reverse("budget:budgets")).context["form"]
    assert [value for value, _label in form.fields["sector"].choices] == ["", "transport"]


def _expected_summary(scenarios, codes):
    """Mean and lowest coverage worked out from the stored rows, apart from the view."""
    from ucj.budget.models import ScenarioRegency

    def column(rates):
        return sum(rates.values()) / len(rates), min(rates.items(), key=lambda kv: kv[1])

    first_rows = ScenarioRegency.objects.filter(scenario=scenarios[0], regency_id__in=codes)
    before = column({r.regency.name: r.participants / r.denominator for r in first_rows})
    after = [column({r.regency.name: (r.participants + r.funded) / r.denominator
                     for r in ScenarioRegency.objects.filter(scenario=s, regency_id__in=codes)})
             for s in scenarios]
    return before, after


@pytest.mark.parametrize("who, codes", [("provinsi_user", ["61.01", "61.72"]),
                                        ("pimpinan_user", ["61.01", "61.72"]),
                                        ("sambas_user", ["61.01"])])
def test_the_comparison_has_mean_and_lowest_coverage_rows(request, client_for, who, codes,
                                                          two_scenarios):
    from ucj.core.templatetags.numbers import percent

    first, second = two_scenarios
    client = client_for(request.getfixturevalue(who))
    page = client.get(reverse("budget:compare", args=[first.budget_id]),
                      {"s": [first.pk, second.pk]})
    assert page.status_code == 200
    summary = page.context["summary"]
    (mean, (lowest_name, lowest)), after = _expected_summary([first, second], codes)
    assert summary.before.mean == pytest.approx(mean)
    assert (summary.before.lowest_name, summary.before.lowest) == (lowest_name,
                                                                  pytest.approx(lowest))
    for column, (mean_after, (name_after, lowest_after)) in zip(summary.scenarios, after,
                                                                  strict=True):
        assert column.mean == pytest.approx(mean_after)
        assert (column.lowest_name, column.lowest) == (name_after, pytest.approx(lowest_after))
    # Funding raises the mean (the fixture's budget buys five workers).
    assert max(c.mean for c in summary.scenarios) > summary.before.mean
    html = page.content.decode()
    mean_row = re.search(r'<tr data-testid="compare-mean">(.*?)</tr>', html, re.S).group(1)
    lowest_row = re.search(r'<tr data-testid="compare-lowest">(.*?)</tr>', html, re.S).group(1)
    assert "Rata-rata cakupan kabupaten/kota" in mean_row
    assert percent(mean) in mean_row and percent(after[1][0]) in mean_row
    assert "Cakupan terendah" in lowest_row
    assert percent(lowest) in lowest_row and lowest_name in lowest_row


def test_the_comparison_is_refused_without_signing_in(client, two_scenarios):
    first, second = two_scenarios
    response = client.get(reverse("budget:compare", args=[first.budget_id]),
                          {"s": [first.pk, second.pk]})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert b"compare-mean" not in response.content
