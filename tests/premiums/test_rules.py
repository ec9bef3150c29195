"""The seeded rules (JP wage caps by period), BPU bounds and sectors as choices, through the
database, the calculator page, the API and the command. Expected values by hand."""

import io
import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from ucj.core.messages import explain
from ucj.premiums import pricing, selectors
from ucj.premiums.models import ContributionRate, Discount, IncomeBracket, PensionWageCap

WAGE = 15_000_000

#: JP for one worker a month at a Rp15,000,000 wage: 2 % + 1 % of the cap of the month, each
#: share rounded to the rupiah (the caps are whole hundreds, so no rounding happens).
JP_BY_MONTH = {
    "2015-07": 210_000,   # 140,000 + 70,000 of Rp7,000,000
    "2016-02": 210_000, "2016-03": 220_059,   # 146,706 + 73,353 of Rp7,335,300
    "2017-02": 220_059, "2017-03": 231_105,   # 154,070 + 77,035 of Rp7,703,500
    "2018-02": 231_105, "2018-03": 242_820,   # 161,880 + 80,940 of Rp8,094,000
    "2019-02": 242_820, "2019-03": 255_372,   # 170,248 + 85,124 of Rp8,512,400
    "2020-02": 255_372, "2020-03": 268_191,   # 178,794 + 89,397 of Rp8,939,700
    "2021-02": 268_191, "2021-03": 262_638,   # 175,092 + 87,546 of Rp8,754,600
    "2022-02": 262_638,
    "2023-03": 286_788,                       # 191,192 + 95,596 of Rp9,559,600
    "2024-02": 286_788, "2024-03": 301_269,   # 200,846 + 100,423 of Rp10,042,300
    "2025-01": 301_269,                       # priced at 0 before these rules
    "2025-02": 301_269, "2025-03": 316_422,   # 210,948 + 105,474 of Rp10,547,400
    "2026-02": 316_422, "2026-03": 332_589,   # 221,726 + 110,863 of Rp11,086,300
    "2030-12": 332_589,
}


def pu_quote(month: str, months: int = 1, **kwargs) -> pricing.Quote:
    return selectors.quote(pricing.Request(
        program="pu", income=WAGE, workers=1, start=pricing.parse_month(month), months=months,
        risk_class=1, **kwargs))


@pytest.mark.parametrize("month, jp", JP_BY_MONTH.items())
def test_every_jp_period_boundary_by_hand(kalbar, month, jp):
    quote = pu_quote(month, include_unconfirmed=True)
    assert quote.months[0].components["jp"] == jp
    # The other PU components are confirmed rates of the whole wage (class 1: 0.24 %).
    assert quote.months[0].components["jkk"] == 36_000
    assert quote.months[0].components["jkm"] == 45_000


def test_a_february_to_march_quote_changes_cap_mid_period(kalbar):
    quote = pu_quote("2025-12", 4, include_unconfirmed=True)
    assert [m.components["jp"] for m in quote.months] == [316_422, 316_422, 316_422, 332_589]
    assert quote.component_total("jp") == 3 * 316_422 + 332_589


@pytest.mark.parametrize("month, name", [("2022-03", "Maret 2022"),
                                         ("2023-02", "Februari 2023"),
                                         ("2015-06", None)])
def test_a_month_no_cap_covers_is_refused_in_indonesian(kalbar, month, name):
    with pytest.raises(pricing.PricingError) as refused:
        pu_quote(month, include_unconfirmed=True)
    with translation.override("id"):
        text = explain(refused.value)
    if name:
        assert text.startswith(f"Tidak ada aturan batas upah JP untuk {name}: ")
    else:  # before PP 45/2015 took effect nothing PU is priced at all
        assert "JKK" in text


def test_unconfirmed_caps_are_named_until_confirmed(kalbar, provinsi_user):
    from ucj.premiums.services import confirm_rule

    with pytest.raises(pricing.PricingError) as refused:
        pu_quote("2025-01")
    with translation.override("id"):
        assert explain(refused.value).startswith(
            "Aturan batas upah JP untuk Januari 2025 (Rp10.042.300) belum dikonfirmasi")
    confirm_rule(user=provinsi_user, rule=PensionWageCap.objects.get(amount=10_042_300))
    assert pu_quote("2025-01").months[0].components["jp"] == 301_269


def test_the_seeded_caps_carry_their_source_and_stay_unconfirmed(kalbar):
    caps = list(PensionWageCap.objects.order_by("valid_from"))
    assert [c.amount for c in caps] == [7_000_000, 7_335_300, 7_703_500, 8_094_000, 8_512_400,
                                        8_939_700, 8_754_600, 9_559_600, 10_042_300,
                                        10_547_400, 11_086_300]
    assert all(c.source and not c.confirmed for c in caps)
    assert caps[-2].valid_to == date(2026, 2, 28) and caps[-1].valid_to is None
    assert "B/1226/022026" in caps[-1].source
    # The JP rates are PP 45/2015's, from July 2015, with no cap of their own.
    rates = ContributionRate.objects.filter(program="pu", component="jp")
    assert {(r.payer, r.percent, r.valid_from, r.base_cap, r.confirmed) for r in rates} == {
        ("employer", 2, date(2015, 7, 1), None, True),
        ("worker", 1, date(2015, 7, 1), None, True)}


def test_confirming_an_overlapping_cap_is_refused(kalbar, provinsi_user):
    from ucj.premiums.services import confirm_rule

    confirm_rule(user=provinsi_user, rule=PensionWageCap.objects.get(amount=10_547_400))
    clash = PensionWageCap.objects.create(valid_from=date(2026, 1, 1), amount=1,
                                          legal_basis="uji")
    with pytest.raises(ValidationError, match="tumpang tindih"):
        confirm_rule(user=provinsi_user, rule=clash)


# --- the page, the API and the command ---------------------------------------------------------

def test_the_calculator_names_the_uncovered_month_and_labels_unconfirmed_caps(
        client_for, provinsi_user, kalbar):
    client = client_for(provinsi_user)
    page = client.get(reverse("premiums:calculator"), {
        "program": "pu", "income": WAGE, "workers": 1, "start": "2022-03", "months": 1,
        "risk_class": 1, "include_unconfirmed": "on"})
    assert page.context["error"].startswith("Tidak ada aturan batas upah JP untuk Maret 2022")
    page = client.get(reverse("premiums:calculator"), {
        "program": "pu", "income": WAGE, "workers": 1, "start": "2026-03", "months": 1,
        "risk_class": 1, "include_unconfirmed": "on"})
    assert page.context["quote"].months[0].components["jp"] == 332_589
    html = page.content.decode()
    cap = PensionWageCap.objects.get(amount=11_086_300)
    assert f'data-testid="rule-wagecap-{cap.pk}"' in html
    row = html.split(f'data-testid="rule-wagecap-{cap.pk}"')[1].split("</tr>")[0]
    assert "belum dikonfirmasi" in row and "B/1226/022026" in row
    assert any("11.086.300" in used for used in page.context["used"])


def test_the_api_quotes_jp_by_period_and_refuses_an_uncovered_month(client_for, provinsi_user,
                                                                   kalbar):
    client = client_for(provinsi_user)
    params = {"program": "pu", "income": WAGE, "start": "2026-02", "months": 2,
              "risk_class": 1, "include_unconfirmed": True}
    quote = client.get("/api/premiums/quote", params).json()
    assert [m["components"]["jp"] for m in quote["months"]] == [316_422, 332_589]
    refused = client.get("/api/premiums/quote", {**params, "start": "2022-03"})
    assert refused.status_code == 422
    assert "Tidak ada aturan batas upah JP untuk Maret 2022" in refused.json()["detail"]
    caps = [r for r in client.get("/api/premiums/rules").json() if r["kind"] == "wagecap"]
    assert caps[-1]["amount"] == 11_086_300 and "B/1226/022026" in caps[-1]["source"]


def test_the_command_refuses_an_uncovered_month_naming_it(kalbar):
    with pytest.raises(CommandError, match="Maret 2022"):
        call_command("premium", "--program", "pu", "--risk-class", "1", "--income", str(WAGE),
                     "--from", "2022-03", "--months", "1", "--with-unconfirmed")


# --- BPU bounds -----------------------------------------------------------------------------

def test_without_a_table_page_api_and_command_say_the_ceiling_is_unknown(client_for,
                                                                         provinsi_user, kalbar):
    assert not IncomeBracket.objects.exists()
    page = client_for(provinsi_user).get(reverse("premiums:calculator"), {
        "program": "bpu", "income": 1_000_000, "workers": 1, "start": "2025-01", "months": 1})
    assert page.context["notes"] and "tidak diketahui" in page.context["notes"][0]
    assert b'data-testid="quote-note"' in page.content
    api = client_for(provinsi_user).get("/api/premiums/quote", {"start": "2025-01"}).json()
    assert len(api["notes"]) == 1 and "tidak diketahui" in api["notes"][0]
    out = io.StringIO()
    call_command("premium", "--from", "2025-01", "--months", "1", stdout=out)
    assert "Catatan: " in out.getvalue() and "tidak diketahui" in out.getvalue()


def _enter_table(*, top_upper):
    for lower, upper, declared in ((0, 1_000_000, 1_000_000),
                                   (1_000_001, 20_700_000, 20_700_000),
                                   (20_700_001, top_upper, 20_700_000)):
        IncomeBracket.objects.create(program="bpu", lower=lower, upper=upper,
                                     declared_income=declared, valid_from=date(2015, 7, 1),
                                     legal_basis="uji", confirmed=True)


def test_above_an_open_highest_bracket_the_quote_is_capped_and_says_so(client_for,
                                                                        provinsi_user, kalbar):
    _enter_table(top_upper=None)
    quote = client_for(provinsi_user).get("/api/premiums/quote", {
        "start": "2025-01", "income": 50_000_000, "months": 1}).json()
    assert quote["months"][0]["components"] == {"jkk": 207_000, "jkm": 6_800}
    assert quote["notes"] == ["Penghasilan Rp50.000.000 di atas kisaran penghasilan tertinggi: "
                              "dibatasi, dilaporkan sebagai Rp20.700.000."]


def test_above_a_closed_highest_bracket_the_quote_is_refused_and_says_so(client_for,
                                                                          provinsi_user, kalbar):
    _enter_table(top_upper=30_000_000)
    refused = client_for(provinsi_user).get("/api/premiums/quote", {
        "start": "2025-01", "income": 30_000_001, "months": 1})
    assert refused.status_code == 422
    assert "ditolak" in refused.json()["detail"] and "30.000.000" in refused.json()["detail"]


# --- sectors as choices ---------------------------------------------------------------------

def test_the_page_offers_only_the_known_sectors(client_for, provinsi_user, kalbar):
    page = client_for(provinsi_user).get(reverse("premiums:calculator"))
    assert [value for value, _label in page.context["form"].fields["sector"].choices] == [
        "", "transport"]
    page = client_for(provinsi_user).get(reverse("premiums:calculator"), {
        "program": "bpu", "income": 1_000_000, "workers": 1, "start": "2026-01", "months": 1,
        "sector": "transportasi", "include_unconfirmed": "on"})
    assert page.context["quote"] is None and "sector" in page.context["form"].errors
    page = client_for(provinsi_user).get(reverse("premiums:calculator"), {
        "program": "bpu", "income": 1_000_000, "workers": 1, "start": "2026-01", "months": 1,
        "sector": "transport", "include_unconfirmed": "on"})
    assert page.context["quote"].total == 8_400


def test_the_api_lists_sectors_and_refuses_another_with_the_list(client_for, provinsi_user,
                                                                 kalbar):
    client = client_for(provinsi_user)
    assert client.get("/api/premiums/sectors").json() == ["transport"]
    params = {"start": "2026-01", "months": 1, "include_unconfirmed": True}
    assert client.get("/api/premiums/quote", {**params, "sector": "Transport"}).json()[
        "total"] == 8_400
    refused = client.get("/api/premiums/quote", {**params, "sector": "transportasi"})
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "Sektor 'transportasi' tidak dikenal: pilih salah satu sektor yang disebut aturan "
        "potongan (transport), atau kosongkan.")


def test_the_command_lists_sectors_and_refuses_another(kalbar):
    out = io.StringIO()
    call_command("premium", "--sectors", "--json", stdout=out)
    assert json.loads(out.getvalue()) == ["transport"]
    with pytest.raises(CommandError, match=r"transportasi.*\(transport\)"):
        call_command("premium", "--from", "2026-01", "--sector", "transportasi")


def test_a_discount_keeps_one_spelling_of_its_sector(kalbar):
    discount = Discount(program="bpu", components="jkk", percent=10, sector="  Perikanan  Laut",
                        valid_from=date(2026, 1, 1), legal_basis="uji")
    discount.full_clean()
    discount.save()
    assert discount.sector == "perikanan laut"
    assert selectors.known_sectors() == ["perikanan laut", "transport"]


def test_a_budget_takes_only_a_known_sector(provinsi_user, kalbar):
    from ucj.budget import services

    fields = dict(user=provinsi_user, name="Sopir", fiscal_year=2026, programme="rentan",
                  funding_source="apbd_provinsi", holder="61", amount=1_000_000,
                  start_month=date(2026, 1, 1), months=1, ecosystems=["rentan"])
    with pytest.raises(ValidationError, match=r"transportasi.*\(transport\)"):
        services.create_budget(**fields, sector="transportasi")
    assert services.create_budget(**fields, sector=" Transport").sector == "transport"


# --- entering rules (page and API; admin as before) ----------------------------------------

def test_province_staff_enter_a_bracket_on_the_page_unconfirmed(client_for, provinsi_user,
                                                               sambas_user, kalbar):
    url = reverse("premiums:add_rule", args=["bracket"])
    body = {"program": "bpu", "lower": "20700001", "upper": "", "declared_income": "20700000",
            "valid_from": "2015-07-01", "legal_basis": "PP 44/2015 Lampiran II",
            "source": "radarmukomuko.disway.id (JKK paling besar Rp207.000)", "note": ""}
    assert client_for(sambas_user).post(url, body).status_code == 403
    assert not IncomeBracket.objects.exists()
    client = client_for(provinsi_user)
    assert client.get(url).status_code == 200
    response = client.post(url, body)
    assert response.status_code == 302
    bracket = IncomeBracket.objects.get()
    assert bracket.upper is None and not bracket.confirmed and "207.000" in bracket.source
    # Unconfirmed, it prices nothing: the quote still says the ceiling is unknown.
    quote = client.get("/api/premiums/quote", {"start": "2025-01", "income": 50_000_000,
                                                "months": 1}).json()
    assert quote["months"][0]["components"]["jkk"] == 500_000
    refused = client.post(url, {**body, "upper": "1", "lower": "5"})
    assert refused.status_code == 200 and refused.context["form"].errors


def test_province_staff_enter_a_wage_cap_over_the_api(client_for, provinsi_user, bpjs_user,
                                                      kalbar):
    body = {"amount": 9_077_600, "valid_from": "2022-03-01", "valid_to": "2023-02-28",
            "legal_basis": "PP 45/2015 Pasal 29", "source": "surat BPJS (uji)"}
    assert client_for(bpjs_user).post("/api/premiums/wage-caps", body,
                                      content_type="application/json").status_code == 403
    client = client_for(provinsi_user)
    created = client.post("/api/premiums/wage-caps", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["amount"] == 9_077_600 and created.json()["confirmed"] is False
    # The month that had no cap is now priced (with unconfirmed rules): 181,552 + 90,776.
    quote = client.get("/api/premiums/quote", {"program": "pu", "income": WAGE,
                                               "start": "2022-03", "months": 1,
                                               "risk_class": 1,
                                               "include_unconfirmed": True}).json()
    assert quote["months"][0]["components"]["jp"] == 272_328
    bad = client.post("/api/premiums/brackets", {
        "lower": 5, "upper": 1, "declared_income": 1, "valid_from": "2025-01-01",
        "legal_basis": "uji"}, content_type="application/json")
    assert bad.status_code == 422
