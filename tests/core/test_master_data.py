"""Issue 18 item 4: the master-data pages of the application itself (/induk/ and the
pages it links), in place of Django's admin for province staff.

Each page lists and changes its master data as province staff, through the owning app's
service (which asks the role table and writes the audit trail); regency operators, BPJS
officers and leaders are refused every write and nothing changes; the admin refuses
anyone signed in who is not a superuser."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ucj.accounts.models import AuditAction, AuditEvent, BpjsBranch, Role, User
from ucj.coverage.models import Target
from ucj.premiums.models import ContributionRate
from ucj.regions.models import Denominator

from ..conftest import TEST_PASSWORD

REFUSED = {403, 404}


@pytest.fixture
def others(sambas_user, bpjs_user, pimpinan_user):
    return [sambas_user, bpjs_user, pimpinan_user]


def client_of(user: User, language: str = "id") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # as the language switch does
    client.force_login(user)
    return client


def audit_count() -> int:
    return AuditEvent.objects.exclude(action__in=[AuditAction.LOGIN]).count()


def _denominator() -> Denominator:
    return Denominator.objects.create(region_id="61.01", year=2024, kind="bps_employed",
                                      value=282918, source="BPS Sambas",
                                      reference_date="2024-08-31")


# --- the index, the menu and the admin -----------------------------------------------------


def test_the_index_lists_every_kind_of_master_data(provinsi_user):
    response = client_of(provinsi_user).get(reverse("master_data"))
    assert response.status_code == 200
    text = response.content.decode()
    for url in ("regions:denominators", "coverage:targets", "monitoring:weights",
                "decrees:texts", "membership:settings", "accounts:branches", "accounts:users"):
        assert reverse(url) in text, url
    assert reverse("premiums:calculator") + "#rules" in text
    assert "Data induk" in text  # Indonesian first
    assert reverse("admin:index") not in text  # not a superuser: no admin link
    english = client_of(provinsi_user, "en").get(reverse("master_data")).content.decode()
    assert "Master data" in english and "Data induk" not in english


def test_the_menu_links_the_index_not_the_admin(provinsi_user, others):
    provinsi_user.is_staff = True  # staff, as province staff used to be: still no admin
    provinsi_user.save()
    text = client_of(provinsi_user).get(reverse("home")).content.decode()
    assert reverse("master_data") in text and reverse("admin:index") not in text
    for user in others:
        text = client_of(user).get(reverse("home")).content.decode()
        assert reverse("master_data") not in text


def test_the_index_refuses_other_roles(others):
    for user in others:
        assert client_of(user).get(reverse("master_data")).status_code in REFUSED, user.role


def test_the_admin_refuses_a_non_superuser(provinsi_user, client):
    provinsi_user.is_staff = True
    provinsi_user.save()
    staff = client_of(provinsi_user)
    assert staff.get("/admin/").status_code == 403
    assert staff.get("/admin/login/").status_code == 403
    assert staff.get(reverse("admin:regions_denominator_changelist")).status_code == 403
    before = Denominator.objects.count()
    response = staff.post(reverse("admin:regions_denominator_add"), {
        "region": "61.01", "year": 2022, "kind": "bps_employed", "value": 1,
        "source": "x", "reference_date": "2022-08-31", "note": ""})
    assert response.status_code == 403 and Denominator.objects.count() == before
    # Signed out: the admin's own login page; a superuser: the admin.
    assert client.get("/admin/").status_code == 302
    provinsi_user.is_superuser = True
    provinsi_user.save()
    assert client_of(provinsi_user).get("/admin/").status_code == 200
    index = client_of(provinsi_user).get(reverse("master_data")).content.decode()
    assert reverse("admin:index") in index


# --- denominators ----------------------------------------------------------------------------


DENOMINATOR = {"region": "61.01", "year": "2025", "kind": "bps_employed", "value": "290000",
               "source": "BPS Kabupaten Sambas 2025", "reference_date": "2025-08-31",
               "note": ""}


def test_province_staff_list_add_and_change_denominators(provinsi_user):
    client = client_of(provinsi_user)
    existing = _denominator()
    response = client.get(reverse("regions:denominators"), {"region": "61.01"})
    assert response.status_code == 200
    assert f'data-testid="denominator-{existing.pk}"' in response.content.decode()
    assert client.get(reverse("regions:denominator_create")).status_code == 200

    response = client.post(reverse("regions:denominator_create"), DENOMINATOR)
    assert response.status_code == 302, response.context["form"].errors
    made = Denominator.objects.get(region_id="61.01", year=2025)
    assert made.value == 290000
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="regions.denominator")
    assert event.actor == provinsi_user and event.region_code == "61.01"

    response = client.post(reverse("regions:denominator_edit", args=[existing.pk]),
                           {**DENOMINATOR, "year": "2024", "source": "BPS Sambas",
                            "reference_date": "2024-08-31", "value": "283000"})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.value == 283000
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="regions.denominator")
    assert event.detail["fields"] == ["value"]


def test_a_denominator_is_validated_as_the_model_says(provinsi_user):
    existing = _denominator()
    client = client_of(provinsi_user)
    # The same region, year, kind and source twice: refused, nothing stored.
    response = client.post(reverse("regions:denominator_create"), {
        **DENOMINATOR, "year": "2024", "source": "BPS Sambas", "reference_date": "2024-08-31"})
    assert response.status_code == 200 and response.context["form"].errors
    # A region outside the province is no choice.
    response = client.post(reverse("regions:denominator_create"),
                           {**DENOMINATOR, "region": "62.01"})
    assert response.status_code == 200 and "region" in response.context["form"].errors
    assert list(Denominator.objects.all()) == [existing]
    assert not AuditEvent.objects.filter(object_type="regions.denominator").exists()


def test_other_roles_cannot_read_or_change_denominators(others):
    existing = _denominator()
    for user in others:
        client = client_of(user)
        assert client.get(reverse("regions:denominators")).status_code in REFUSED
        assert client.post(reverse("regions:denominator_create"),
                           DENOMINATOR).status_code in REFUSED
        assert client.post(reverse("regions:denominator_edit", args=[existing.pk]),
                           {**DENOMINATOR, "value": "1"}).status_code in REFUSED
    existing.refresh_from_db()
    assert existing.value == 282918 and Denominator.objects.count() == 1
    assert not AuditEvent.objects.filter(object_type="regions.denominator").exists()


def test_province_staff_delete_a_denominator_after_confirming(provinsi_user):
    existing = _denominator()
    client = client_of(provinsi_user)
    edit = client.get(reverse("regions:denominator_edit", args=[existing.pk])).content.decode()
    delete_url = reverse("regions:denominator_delete", args=[existing.pk])
    assert f'href="{delete_url}"' in edit
    page = client.get(delete_url).content.decode()
    assert "Hapus denominator" in page and "jejak audit" in page
    # Without the tick nothing is removed.
    response = client.post(delete_url, {})
    assert response.status_code == 200 and response.context["form"].errors
    assert Denominator.objects.filter(pk=existing.pk).exists()
    response = client.post(delete_url, {"confirm": "on"})
    assert response.status_code == 302
    assert not Denominator.objects.filter(pk=existing.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="regions.denominator")
    assert event.actor == provinsi_user and event.region_code == "61.01"
    assert event.detail["value"] == 282918 and event.detail["year"] == 2024


def test_other_roles_cannot_delete_a_denominator(others):
    existing = _denominator()
    for user in others:
        client = client_of(user)
        url = reverse("regions:denominator_delete", args=[existing.pk])
        assert client.get(url).status_code in REFUSED
        assert client.post(url, {"confirm": "on"}).status_code in REFUSED
    assert Denominator.objects.filter(pk=existing.pk).exists()
    assert not AuditEvent.objects.filter(object_type="regions.denominator").exists()


# --- targets ---------------------------------------------------------------------------------


TARGET = {"region": "61.01", "year": "2027", "percent": "65,77", "source": "RPJMD Sambas",
          "note": "", "confirmed": "on"}


def test_province_staff_set_and_change_targets(provinsi_user):
    client = client_of(provinsi_user)
    assert client.get(reverse("coverage:targets")).status_code == 200
    response = client.post(reverse("coverage:targets"), TARGET)
    assert response.status_code == 302, response.context["form"].errors
    target = Target.objects.get(region_id="61.01", year=2027)
    assert target.rate == Decimal("0.6577") and target.confirmed
    page = client.get(reverse("coverage:targets"), {"region": "61.01", "year": "2027"})
    assert page.context["form"].initial["source"] == "RPJMD Sambas"
    client.post(reverse("coverage:targets"), {**TARGET, "percent": "70", "confirmed": ""})
    target.refresh_from_db()
    assert target.rate == Decimal("0.7") and not target.confirmed
    events = AuditEvent.objects.filter(object_type="coverage.target", actor=provinsi_user)
    assert events.count() == 2 and {e.region_code for e in events} == {"61.01"}
    # Out of range: refused, unchanged.
    response = client.post(reverse("coverage:targets"), {**TARGET, "percent": "120"})
    assert response.status_code == 200 and "percent" in response.context["form"].errors
    target.refresh_from_db()
    assert target.rate == Decimal("0.7")


def test_province_staff_delete_a_target_after_confirming(provinsi_user, others):
    target = Target.objects.create(region_id="61.01", year=2027, rate=Decimal("0.4"),
                                   source="RPJMD Sambas")
    url = reverse("coverage:target_delete", args=[target.pk])
    for user in others:
        assert client_of(user).post(url, {"confirm": "on"}).status_code in REFUSED
    client = client_of(provinsi_user)
    assert f'href="{url}"' in client.get(reverse("coverage:targets")).content.decode()
    assert "target provinsi" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 200  # no tick: nothing removed
    assert Target.objects.filter(pk=target.pk).exists()
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="coverage.target")
    assert event.actor == provinsi_user and event.detail["rate"] == "0.4000"


def test_other_roles_cannot_read_or_set_targets(others):
    for user in others:
        client = client_of(user)
        assert client.get(reverse("coverage:targets")).status_code in REFUSED
        assert client.post(reverse("coverage:targets"), TARGET).status_code in REFUSED
    assert not Target.objects.filter(year=2027).exists()
    assert not AuditEvent.objects.filter(object_type="coverage.target").exists()


# --- contribution rules ----------------------------------------------------------------------


def _rate_form(rule: ContributionRate, **changes) -> dict:
    data = {"program": rule.program, "component": rule.component,
            "risk_class": rule.risk_class or "", "payer": rule.payer,
            "percent": "" if rule.percent is None else str(rule.percent),
            "flat_amount": rule.flat_amount or "", "base_minimum": rule.base_minimum or "",
            "base_cap": rule.base_cap or "", "valid_from": rule.valid_from.isoformat(),
            "valid_to": rule.valid_to.isoformat() if rule.valid_to else "",
            "legal_basis": rule.legal_basis, "source": rule.source, "note": rule.note}
    return {**data, **changes}


def test_a_changed_rule_must_be_confirmed_again(provinsi_user, kalbar):
    rule = ContributionRate.objects.filter(confirmed=True).order_by("pk").first()
    client = client_of(provinsi_user)
    calculator = client.get(reverse("premiums:calculator")).content.decode()
    assert reverse("premiums:edit_rule", args=["rate", rule.pk]) in calculator
    url = reverse("premiums:edit_rule", args=["rate", rule.pk])
    assert client.get(url).status_code == 200
    # Saved unchanged: still confirmed, nothing written.
    assert client.post(url, _rate_form(rule)).status_code == 302
    rule.refresh_from_db()
    assert rule.confirmed
    assert not AuditEvent.objects.filter(object_type="premiums.contributionrate").exists()
    response = client.post(url, _rate_form(rule, note="Diperiksa ulang"))
    assert response.status_code == 302, response.context["form"].errors
    rule.refresh_from_db()
    assert rule.note == "Diperiksa ulang" and not rule.confirmed and rule.confirmed_by is None
    event = AuditEvent.objects.get(object_type="premiums.contributionrate")
    assert event.actor == provinsi_user and event.detail["fields"] == ["note"]
    # Validated as the model says: an end before the start is refused.
    response = client.post(url, _rate_form(rule, valid_to="2000-01-01"))
    assert response.status_code == 200 and response.context["form"].errors


def test_new_rates_and_discounts_are_not_entered_on_pages(provinsi_user, kalbar):
    # Their checks do not yet refuse every combination the calculator cannot price (a
    # second rate for one thing, overlapping discounts), so pages offer brackets and wage
    # caps only (ucj.premiums.views.add_rule).
    client = client_of(provinsi_user)
    calculator = client.get(reverse("premiums:calculator")).content.decode()
    for kind in ("bracket", "wagecap"):
        assert f'href="{reverse("premiums:add_rule", args=[kind])}"' in calculator
    for kind in ("rate", "discount"):
        url = reverse("premiums:add_rule", args=[kind])
        assert f'href="{url}"' not in calculator
        assert client.get(url).status_code == 404
        assert client.post(url, {"program": "bpu"}).status_code == 404


def test_other_roles_cannot_change_a_rule(others, kalbar):
    rule = ContributionRate.objects.filter(confirmed=True).order_by("pk").first()
    url = reverse("premiums:edit_rule", args=["rate", rule.pk])
    for user in others:
        client = client_of(user)
        assert client.get(url).status_code in REFUSED
        assert client.post(url, _rate_form(rule, note="x")).status_code in REFUSED
    rule.refresh_from_db()
    assert rule.confirmed and rule.note != "x"
    assert not AuditEvent.objects.filter(object_type="premiums.contributionrate").exists()


# --- BPJS branches ---------------------------------------------------------------------------


def test_province_staff_add_and_change_branches(provinsi_user, bpjs_user):
    client = client_of(provinsi_user)
    assert client.get(reverse("accounts:branches")).status_code == 200
    response = client.post(reverse("accounts:branch_create"),
                           {"name": "BPJS Ketenagakerjaan Cabang Ketapang",
                            "regencies": ["61.04", "61.11"]})
    assert response.status_code == 302
    made = BpjsBranch.objects.get(name="BPJS Ketenagakerjaan Cabang Ketapang")
    assert set(made.regencies.values_list("code", flat=True)) == {"61.04", "61.11"}
    # The officer's branch loses Sambas: the officer no longer sees it.
    branch = bpjs_user.branch
    response = client.post(reverse("accounts:branch_edit", args=[branch.pk]),
                           {"name": branch.name, "regencies": ["61.72", "61.07"]})
    assert response.status_code == 302
    officer = User.objects.get(pk=bpjs_user.pk)
    from ucj.accounts.selectors import region_scope

    assert not region_scope(officer).allows("61.01")
    assert AuditEvent.objects.filter(object_type="accounts.bpjsbranch").count() == 2
    event = AuditEvent.objects.get(object_type="accounts.bpjsbranch",
                                   action=AuditAction.UPDATE)
    assert event.detail["regencies"]["before"] == ["61.01", "61.07", "61.72"]
    # A duplicate name is refused.
    response = client.post(reverse("accounts:branch_create"),
                           {"name": branch.name, "regencies": []})
    assert response.status_code == 200 and response.context["form"].errors


def test_a_branch_is_deleted_only_without_officers(provinsi_user, bpjs_user, sambas_user):
    staffed = bpjs_user.branch
    empty = BpjsBranch.objects.create(name="Cabang Kosong")
    empty.regencies.set(["61.01"])
    client = client_of(provinsi_user)
    assert client_of(sambas_user).post(reverse("accounts:branch_delete", args=[empty.pk]),
                                       {"confirm": "on"}).status_code in REFUSED
    response = client.post(reverse("accounts:branch_delete", args=[staffed.pk]),
                           {"confirm": "on"})
    assert response.status_code == 200
    assert "1 petugas masih tercatat di cabang ini" in response.content.decode()
    assert BpjsBranch.objects.filter(pk=staffed.pk).exists()
    response = client.post(reverse("accounts:branch_delete", args=[empty.pk]), {"confirm": "on"})
    assert response.status_code == 302 and not BpjsBranch.objects.filter(pk=empty.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="accounts.bpjsbranch")
    assert event.detail == {"name": "Cabang Kosong", "regencies": ["61.01"]}


def test_other_roles_cannot_read_or_change_branches(others, bpjs_user):
    branch = bpjs_user.branch
    for user in others:
        client = client_of(user)
        assert client.get(reverse("accounts:branches")).status_code in REFUSED
        assert client.post(reverse("accounts:branch_create"),
                           {"name": "Cabang Baru", "regencies": ["61.01"]}).status_code in REFUSED
        assert client.post(reverse("accounts:branch_edit", args=[branch.pk]),
                           {"name": "Diubah", "regencies": []}).status_code in REFUSED
    branch.refresh_from_db()
    assert branch.name == "Cabang bpjs_skw" and branch.regencies.count() == 3
    assert not BpjsBranch.objects.filter(name="Cabang Baru").exists()
    assert not AuditEvent.objects.filter(object_type="accounts.bpjsbranch").exists()


# --- users -----------------------------------------------------------------------------------


NEW_USER = {"username": "op_ketapang", "first_name": "Operator", "last_name": "Ketapang",
            "email": "", "role": "kabupaten", "regency": "61.04", "branch": "",
            "is_active": "on", "password": "Ketapang-Uji-2026!"}


def test_province_staff_add_and_change_users(provinsi_user, sambas_user):
    client = client_of(provinsi_user)
    listing = client.get(reverse("accounts:users"))
    assert listing.status_code == 200 and "op_sambas" in listing.content.decode()
    response = client.post(reverse("accounts:user_create"), NEW_USER)
    assert response.status_code == 302, response.context["form"].errors
    made = User.objects.get(username="op_ketapang")
    assert made.regency_id == "61.04" and made.check_password(NEW_USER["password"])
    assert not made.is_staff and not made.is_superuser
    assert Client().login(username="op_ketapang", password=NEW_USER["password"])
    event = AuditEvent.objects.get(object_type="accounts.user", action=AuditAction.CREATE)
    assert event.detail["password_set"] and NEW_USER["password"] not in str(event.detail)

    # The operator of Sambas becomes a leader: the regency goes with the old role.
    response = client.post(reverse("accounts:user_edit", args=[sambas_user.pk]), {
        **NEW_USER, "username": "op_sambas", "role": "pimpinan", "regency": "61.01",
        "password": ""})
    assert response.status_code == 302, response.context["form"].errors
    sambas_user.refresh_from_db()
    assert sambas_user.role == Role.PIMPINAN and sambas_user.regency_id is None
    assert sambas_user.check_password(TEST_PASSWORD)  # no new password given
    event = AuditEvent.objects.get(object_type="accounts.user", action=AuditAction.UPDATE)
    assert "role" in event.detail["fields"] and "password_set" not in event.detail


def test_users_are_validated(provinsi_user, sambas_user):
    client = client_of(provinsi_user)
    # An operator without a regency, a duplicate username, a new user without password, a
    # weak password: each refused, nothing stored.
    for changes in ({"regency": ""}, {"username": "op_sambas"}, {"password": ""},
                    {"password": "123"}):
        response = client.post(reverse("accounts:user_create"), {**NEW_USER, **changes})
        assert response.status_code == 200 and response.context["form"].errors, changes
    assert not User.objects.filter(username="op_ketapang").exists()
    # Nobody takes away their own role or access.
    response = client.post(reverse("accounts:user_edit", args=[provinsi_user.pk]), {
        **NEW_USER, "username": provinsi_user.username, "role": "provinsi", "regency": "",
        "is_active": "", "password": ""})
    assert response.status_code == 200
    provinsi_user.refresh_from_db()
    assert provinsi_user.is_active
    assert not AuditEvent.objects.filter(object_type="accounts.user").exists()


def test_a_superuser_is_changed_only_by_a_superuser(provinsi_user, make_user):
    admin = make_user("root", Role.PROVINSI)
    admin.is_superuser = True
    admin.save()
    client = client_of(provinsi_user)
    url = reverse("accounts:user_edit", args=[admin.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {**NEW_USER, "username": "root", "role": "pimpinan",
                             "regency": ""}).status_code == 403
    admin.refresh_from_db()
    assert admin.role == Role.PROVINSI


def test_other_roles_cannot_read_or_change_users(others, sambas_user):
    for user in others:
        client = client_of(user)
        assert client.get(reverse("accounts:users")).status_code in REFUSED
        assert client.post(reverse("accounts:user_create"), NEW_USER).status_code in REFUSED
        assert client.post(reverse("accounts:user_edit", args=[sambas_user.pk]), {
            **NEW_USER, "username": "op_sambas", "role": "provinsi", "regency": ""
        }).status_code in REFUSED
    sambas_user.refresh_from_db()
    assert sambas_user.role == Role.KABUPATEN
    assert not User.objects.filter(username="op_ketapang").exists()
    assert not AuditEvent.objects.filter(object_type="accounts.user").exists()


# --- ecosystems --------------------------------------------------------------------------------


def test_province_staff_rename_an_ecosystem_in_both_languages(provinsi_user, others):
    from ucj.registry.models import Ecosystem

    url = reverse("registry:ecosystem_edit", args=["guru"])
    body = {"name": "Guru", "name_en": "Teachers", "description": "Guru honorer.",
            "sort_order": "4"}
    for user in others:
        client = client_of(user)
        assert client.get(reverse("registry:ecosystems")).status_code in REFUSED
        assert client.post(url, body).status_code in REFUSED
    assert Ecosystem.objects.get(code="guru").name == "Guru dan tenaga kependidikan"
    client = client_of(provinsi_user)
    index = client.get(reverse("master_data")).content.decode()
    assert reverse("registry:ecosystems") in index
    listing = client.get(reverse("registry:ecosystems")).content.decode()
    assert 'data-testid="ecosystem-guru"' in listing and "Teachers and education staff" in listing
    response = client.post(url, body)
    assert response.status_code == 302, response.context["form"].errors
    guru = Ecosystem.objects.get(code="guru")
    assert (guru.name, guru.name_en) == ("Guru", "Teachers")
    event = AuditEvent.objects.get(object_type="registry.ecosystem")
    assert event.detail["fields"] == ["description", "name", "name_en"]
    assert client.post(url, {**body, "name": ""}).status_code == 200  # a name is required
    assert Ecosystem.objects.get(code="guru").name == "Guru"

