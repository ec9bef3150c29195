import pytest

from ucj.registry import services
from ucj.registry.models import Submission, SubmissionStatus

pytestmark = pytest.mark.django_db


def test_upload_poll_and_read_results_through_the_api(client_for, sambas_user, people_file):
    client = client_for(sambas_user)
    path = people_file()
    with path.open("rb") as handle:
        created = client.post("/api/registry/submissions",
                              {"regency": "61.01", "ecosystem": "guru", "file": handle})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "queued" and body["mapping"]["nik"]
    services.run_intake(submission_id=body["id"])
    polled = client.get(f"/api/registry/submissions/{body['id']}").json()
    assert (polled["status"], polled["rows"], polled["accepted"]) == ("done", 30, 30)
    rows = client.get(f"/api/registry/submissions/{body['id']}/rows").json()
    assert len(rows) == polled["warned"] + polled["rejected"]
    assert all(row["verdict"] == "warning" and row["message"] for row in rows)
    workbook = client.get(f"/api/registry/submissions/{body['id']}/workbook")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    found = client.get("/api/registry/workers?limit=3").json()
    assert len(found) == 3 and len(found[0]["nik"]) == 16


def test_api_scope_and_errors(client_for, client, sambas_user, pimpinan_user, people_file):
    path = people_file()
    other = services.import_file(data=path.read_bytes(), file_name=path.name,
                                 regency_code="61.02", ecosystem_code="guru").submission
    assert client.get(f"/api/registry/submissions/{other.pk}").status_code == 401
    sambas = client_for(sambas_user)
    assert sambas.get(f"/api/registry/submissions/{other.pk}").status_code == 404
    with path.open("rb") as handle:
        refused = sambas.post("/api/registry/submissions",
                              {"regency": "61.02", "ecosystem": "guru", "file": handle})
    assert refused.status_code == 404
    leader = client_for(pimpinan_user)
    masked = leader.get("/api/registry/workers?limit=1").json()
    assert "********" in masked[0]["nik"]
    assert Submission.objects.filter(status=SubmissionStatus.DONE).count() == 1


def test_submission_api_names_who_uploaded(client_for, sambas_user, people_file):
    from ucj.registry import services as registry_services

    sambas_user.first_name, sambas_user.last_name = "Siti", "Operator"
    sambas_user.save()
    path = people_file()
    made = registry_services.create_submission(
        user=sambas_user, regency_code="61.01", ecosystem_code="guru", file_name=path.name,
        data=path.read_bytes())
    answer = client_for(sambas_user).get(f"/api/registry/submissions/{made.pk}").json()
    assert answer["uploaded_by"] == "Siti Operator"
