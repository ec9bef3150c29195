import pytest

from ucj.budget.models import Scenario


@pytest.fixture
def api(client_for):
    def make(user):
        return client_for(user)
    return make


def test_rules_and_a_quote(api, provinsi_user, kalbar):
    client = api(provinsi_user)
    rules = client.get("/api/premiums/rules").json()
    assert {r["kind"] for r in rules} == {"rate", "discount", "wagecap"}
    assert any(r["component"] == "jkm" and r["flat_amount"] == 6_800 for r in rules)
    quote = client.get("/api/premiums/quote", {"start": "2025-01", "workers": 20_000,
                                               "months": 6}).json()
    assert quote["total"] == 2_016_000_000
    assert quote["totals"] == {"jkk": 1_200_000_000, "jkm": 816_000_000, "discount": 0}
    bad = client.get("/api/premiums/quote", {"start": "Januari"})
    assert bad.status_code == 422 and "YYYY-MM" in str(bad.json()["detail"])


def test_budget_workflow_over_the_api(api, provinsi_user, province):
    client = api(provinsi_user)
    created = client.post("/api/budget/budgets", {
        "name": "Rentan 2025", "fiscal_year": 2025, "programme": "rentan",
        "funding_source": "apbd_provinsi", "amount": 5 * 201_600, "start_month": "2025-01",
        "months": 12, "ecosystems": ["rentan", "rt_rw"]}, content_type="application/json")
    assert created.status_code == 201, created.content
    budget = created.json()
    assert budget["affordable"] == 5 and budget["per_worker"] == 201_600
    preview = client.post(f"/api/budget/budgets/{budget['id']}/allocate",
                          {"name": "x", "policy": "lowest_first"},
                          content_type="application/json").json()
    assert preview["funded"] == 5 and not Scenario.objects.exists()
    saved = client.post(f"/api/budget/budgets/{budget['id']}/scenarios",
                        {"name": "A", "policy": "fairest", "limits": {"rentan": {"max": 3}}},
                        content_type="application/json")
    assert saved.status_code == 201
    scenario = saved.json()
    assert sum(r["ecosystems"].get("rentan", 0) for r in scenario["regencies"]) <= 3
    other = client.post(f"/api/budget/budgets/{budget['id']}/scenarios",
                        {"name": "B", "policy": "most_points"},
                        content_type="application/json").json()
    compared = client.get("/api/budget/compare",
                          {"scenarios": [scenario["id"], other["id"]]}).json()
    assert {row["regency"] for row in compared} >= {"61.01", "61.72"}
    assert all(len(row["funded"]) == 2 for row in compared)
    adopted = client.post(f"/api/budget/scenarios/{scenario['id']}/adopt").json()
    assert adopted["adopted_scenario"] == scenario["id"]


def test_infeasible_allocation_is_a_422_with_the_reason(api, provinsi_user, budget):
    response = api(provinsi_user).post(
        f"/api/budget/budgets/{budget.pk}/scenarios",
        {"name": "x", "policy": "fairest", "minimums": {"61.01": 99}},
        content_type="application/json")
    assert response.status_code == 422
    assert "61.01" in response.json()["detail"] or "Sambas" in response.json()["detail"]


def test_a_regency_reads_its_share_and_cannot_plan(api, provinsi_user, sambas_user, budget):
    scenario = api(provinsi_user).post(f"/api/budget/budgets/{budget.pk}/scenarios",
                                       {"name": "A", "policy": "lowest_first"},
                                       content_type="application/json").json()
    client = api(sambas_user)
    mine = client.get(f"/api/budget/scenarios/{scenario['id']}").json()
    assert [r["regency"] for r in mine["regencies"]] == ["61.01"]
    assert client.post(f"/api/budget/budgets/{budget.pk}/scenarios",
                       {"name": "B", "policy": "fairest"},
                       content_type="application/json").status_code == 403


def test_cost_of_the_target_over_the_api(api, provinsi_user, province):
    result = api(provinsi_user).get("/api/budget/target-cost", {"share": 100}).json()
    sambas = next(r for r in result["regencies"] if r["regency"] == "61.01")
    assert sum(y["new_needed"] for y in sambas["years"]) == 191_391 - 67_000
    assert sambas["years"][-1]["paid_total"] == 191_391 - 67_000
