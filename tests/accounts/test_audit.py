import pytest
from django.urls import reverse

from tests.conftest import TEST_PASSWORD
from ucj.accounts.models import AuditAction, AuditEvent
from ucj.accounts.services import record_audit
from ucj.regions.models import Region

pytestmark = pytest.mark.django_db


def test_login_logout_and_failed_login_are_recorded_without_the_password(client, sambas_user):
    login_url = reverse("accounts:login")
    client.post(login_url, {"username": "op_sambas", "password": "salah-sandi"})
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.detail == {"username": "op_sambas"}
    assert "salah-sandi" not in str(failed.detail)

    response = client.post(login_url, {"username": "op_sambas", "password": TEST_PASSWORD})
    assert response.status_code == 302
    login = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (login.actor, login.actor_role, login.ip_address) == (sambas_user, "kabupaten", "127.0.0.1")
    client.post(reverse("accounts:logout"))
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=sambas_user).count() == 1


def test_record_audit_names_the_object_and_survives_the_actor_deletion(provinsi_user):
    sambas = Region.objects.get(code="61.01")
    event = record_audit(actor=provinsi_user, action=AuditAction.EXPORT_PERSONAL, obj=sambas,
                         region_code="61.01", detail={"rows": 120})
    assert (event.object_type, event.object_id, event.object_repr) == (
        "regions.region", "61.01", "61.01 Kabupaten Sambas")
    provinsi_user.delete()
    event.refresh_from_db()
    assert event.actor is None and event.actor_username == "prov"


def test_audit_page_is_for_province_staff_only(client_for, sambas_user, pimpinan_user,
                                               bpjs_user, provinsi_user):
    url = reverse("accounts:audit")
    for user in (sambas_user, pimpinan_user, bpjs_user):
        assert client_for(user).get(url).status_code == 404
    assert client_for(provinsi_user).get(url).status_code == 200


def test_audit_page_filters(client_for, provinsi_user, sambas_user):
    record_audit(actor=sambas_user, action=AuditAction.EXPORT_PERSONAL,
                 object_type="registry.worker", object_repr="daftar", region_code="61.01")
    record_audit(actor=provinsi_user, action=AuditAction.VIEW_PERSONAL,
                 object_type="registry.worker", object_repr="pekerja", region_code="61.02.01")
    client = client_for(provinsi_user)
    url = reverse("accounts:audit")

    def shown(**query):
        return [e.object_repr for e in client.get(url, query).context["page"]]

    assert shown(action="export_personal") == ["daftar"]
    assert shown(username="sambas", object_type="registry.worker") == ["daftar"]
    assert shown(region_code="61.02") == ["pekerja"]
    assert set(shown(object_type="registry.worker")) == {"daftar", "pekerja"}


def test_admin_changes_are_audited(client_for, provinsi_user):
    provinsi_user.is_staff = provinsi_user.is_superuser = True
    provinsi_user.save()
    client = client_for(provinsi_user)
    response = client.post(reverse("admin:regions_denominator_add"), {
        "region": "61.01", "year": 2022, "kind": "bps_employed", "value": 282918,
        "source": "BPS Sambas", "reference_date": "2022-08-31", "note": "",
    })
    assert response.status_code == 302, response.context["adminform"].errors if response.context else ""
    event = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert event.object_type == "regions.denominator" and event.actor == provinsi_user
