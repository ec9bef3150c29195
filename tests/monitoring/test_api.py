"""The monitoring API: visits, action items, compliance, weights, socialisation."""

from __future__ import annotations

import json

import pytest

from ucj.monitoring.models import ActionStatus

pytestmark = pytest.mark.django_db
API = "/api/monitoring"


def _json(client, method, url, body=None):
    return getattr(client, method)(url, data=json.dumps(body or {}),
                                   content_type="application/json")


def test_visit_item_status_and_overdue(client_for, provinsi_user, sambas_user):
    client = client_for(provinsi_user)
    answer = _json(client, "post", f"{API}/visits", {"regency": "61.01", "date": "2026-06-20",
                                                     "place": "Aula"})
    assert answer.status_code == 201, answer.content
    visit = answer.json()["id"]
    answer = _json(client, "post", f"{API}/visits/{visit}/action-items", {
        "title": "Data perangkat desa", "owner_office": "pmd", "due_date": "2026-07-01"})
    assert answer.status_code == 201
    item = answer.json()["id"]
    found = client.get(f"{API}/action-items", {"overdue": "true", "on": "2026-07-02"}).json()
    assert [(i["id"], i["days_overdue"]) for i in found] == [(item, 1)]
    assert client.get(f"{API}/action-items", {"overdue": "true", "on": "2026-07-01"}).json() == []
    client = client_for(sambas_user)
    answer = _json(client, "post", f"{API}/action-items/{item}/status", {"status": "done"})
    assert answer.status_code == 422  # evidence first
    answer = client.post(f"{API}/action-items/{item}/evidence",
                         {"url": "https://desa.example/data.xlsx", "note": "Data"})
    assert answer.status_code == 201
    answer = _json(client, "post", f"{API}/action-items/{item}/status", {"status": "done"})
    assert answer.status_code == 200 and answer.json()["status"] == ActionStatus.DONE
    assert [h["to_status"] for h in answer.json()["history"]] == ["open", "done"]
    detail = client.get(f"{API}/visits/{visit}").json()
    assert detail["action_items"][0]["status"] == "done"
    # The regency operator cannot schedule visits; another regency is not found.
    assert _json(client, "post", f"{API}/visits", {"regency": "61.01", "date": "2026-08-01"}
                 ).status_code == 403
    assert _json(client, "post", f"{API}/visits", {"regency": "61.72", "date": "2026-08-01"}
                 ).status_code == 404
    assert _json(client, "patch", f"{API}/action-items/{item}", {"due_date": "2026-09-01"}
                 ).json()["due_date"] == "2026-09-01"


def test_scope_of_action_items(client_for, sambas_user, singkawang_item, sambas_item):
    client = client_for(sambas_user)
    assert [i["id"] for i in client.get(f"{API}/action-items").json()] == [sambas_item.pk]
    assert client.get(f"{API}/action-items/{singkawang_item.pk}").status_code == 404
    assert _json(client, "patch", f"{API}/action-items/{singkawang_item.pk}",
                 {"title": "diubah"}).status_code == 404


def test_compliance_weights_and_unreached(client_for, provinsi_user, sambas_user):
    client = client_for(sambas_user)
    ranking = client.get(f"{API}/compliance", {"year": 2026}).json()
    assert [r["regency"] for r in ranking] == ["61.01"]
    # Nothing entered yet: not a score of 0, and no rank.
    assert ranking[0]["score"] is None and ranking[0]["has_data"] is False
    assert ranking[0]["rank"] is None
    assert "no_regulation" in ranking[0]["missing"]
    assert _json(client, "put", f"{API}/compliance-weights", {"criteria": {"budget": 50}}
                 ).status_code == 403
    client = client_for(provinsi_user)
    answer = _json(client, "put", f"{API}/compliance-weights",
                   {"criteria": {"budget": 50}, "regulation_credits": {"perkada": 0.8}})
    assert answer.status_code == 200
    assert answer.json()["criteria"]["budget"] == 50
    assert answer.json()["regulation_credits"]["perkada"] == 0.8
    assert _json(client, "put", f"{API}/compliance-weights", {"criteria": {"budget": -1}}
                 ).status_code == 422
    assert len(client.get(f"{API}/compliance").json()) == 14
    assert client.get(f"{API}/compliance", {"year": 99999}).status_code == 422
    unreached = client.get(f"{API}/socialisation/61.01/unreached", {"limit": 5}).json()
    assert len(unreached) == 5
    answer = _json(client, "post", f"{API}/socialisation/events", {
        "desa": unreached[0]["code"], "date": "2026-06-01", "audience": "RT/RW",
        "participants": 20})
    assert answer.status_code == 201
    again = client.get(f"{API}/socialisation/61.01/unreached", {"limit": 5}).json()
    assert unreached[0]["code"] not in [d["code"] for d in again]
    assert client.get(f"{API}/socialisation/events").json()[0]["participants"] == 20


def test_compliance_list_tells_no_data_from_a_zero_score(client_for, provinsi_user):
    from ucj.monitoring import services

    # Singkawang enters a record with nothing fulfilled: a real score of 0, ranked.
    services.save_compliance(user=provinsi_user, regency_code="61.72", ptsp_required=False)
    services.save_compliance(user=provinsi_user, regency_code="61.71", regulation_type="perda",
                             regulation_number="Perda No. 5 Tahun 2023")
    ranking = client_for(provinsi_user).get(f"{API}/compliance", {"year": 2026}).json()
    assert [(r["regency"], r["rank"], r["has_data"]) for r in ranking[:2]] == [
        ("61.71", 1, True), ("61.72", 2, True)]
    assert ranking[1]["score"] == 0
    rest = ranking[2:]
    assert len(rest) == 12 and all(r["score"] is None and r["rank"] is None
                                   and not r["has_data"] for r in rest)
    assert [r["regency"] for r in rest] == sorted(r["regency"] for r in rest)
    schema = client_for(provinsi_user).get("/api/openapi.json").json()
    fields = schema["components"]["schemas"]["ComplianceOut"]["properties"]
    assert "has_data" in fields
