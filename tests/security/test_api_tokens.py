"""API tokens: hashed at rest, shown once, per user, revocable, with last use; a token
acts with its user's role and regions; no CSRF token is needed with it."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ucj.accounts.models import ApiToken, AuditAction, AuditEvent
from ucj.accounts.services import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def test_only_the_digest_is_stored(sambas_user):
    made = create_api_token(user=sambas_user, name="skrip rekap")
    stored = ApiToken.objects.get()
    assert made.raw.startswith("ucj_") and len(made.raw) > 40
    assert stored.digest == hashlib.sha256(made.raw.encode()).hexdigest()
    assert made.raw not in str(ApiToken.objects.values().get())
    assert stored.prefix == made.raw[:12]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE,
                                     object_type="accounts.apitoken").count() == 1


def test_a_token_acts_as_its_user_with_the_users_regions(sambas_user, provinsi_user):
    client = Client()
    sambas = create_api_token(user=sambas_user, name="x").raw
    province = create_api_token(user=provinsi_user, name="x").raw
    assert client.get("/api/coverage/regions/61.01/series", headers=bearer(sambas)).status_code == 200
    assert client.get("/api/coverage/regions/61.12/series", headers=bearer(sambas)).status_code == 404
    assert client.get("/api/coverage/regions/61.12/series",
                      headers=bearer(province)).status_code == 200
    token = ApiToken.objects.get(user=sambas_user)
    assert token.last_used_at is not None


def test_bad_revoked_expired_and_inactive_tokens_get_401(sambas_user):
    client = Client()
    url = "/api/coverage/indicators"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=bearer("ucj_tidak-ada")).status_code == 401
    assert client.get(url, headers={"Authorization": "Basic eDp5"}).status_code == 401
    made = create_api_token(user=sambas_user, name="x")
    assert client.get(url, headers=bearer(made.raw)).status_code == 200
    revoke_api_token(token=made.token)
    assert client.get(url, headers=bearer(made.raw)).status_code == 401
    expired = create_api_token(user=sambas_user, name="y",
                               expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(url, headers=bearer(expired.raw)).status_code == 401
    live = create_api_token(user=sambas_user, name="z")
    sambas_user.is_active = False
    sambas_user.save()
    assert client.get(url, headers=bearer(live.raw)).status_code == 401


def test_writes_with_a_token_need_no_csrf_token_but_sessions_do(provinsi_user):
    raw = create_api_token(user=provinsi_user, name="x").raw
    client = Client(enforce_csrf_checks=True)
    body = {"region": "61.01", "year": 2030, "rate": "0.6", "source": "RPJMD (uji)"}
    answer = client.put("/api/coverage/targets", body, content_type="application/json",
                        headers=bearer(raw))
    assert answer.status_code == 200, answer.content
    client.force_login(provinsi_user)
    assert client.put("/api/coverage/targets", body,
                      content_type="application/json").status_code == 403


def test_the_token_page_shows_a_new_token_once_and_revokes(client_for, sambas_user, make_user):
    client = client_for(sambas_user)
    url = reverse("accounts:tokens")
    made = client.post(url, {"name": "skrip bulanan"})
    raw = made.context["new_token"]
    assert raw and raw in made.content.decode()
    again = client.get(url).content.decode()
    assert raw not in again and raw[:12] in again
    token = ApiToken.objects.get(user=sambas_user)
    # Another user's token cannot be revoked from this account.
    other = create_api_token(user=make_user("op_lain", "kabupaten", regency="61.02"), name="x")
    assert client.post(url, {"revoke": other.token.pk}).status_code == 404
    assert client.post(url, {"revoke": token.pk}).status_code == 302
    token.refresh_from_db()
    other.token.refresh_from_db()
    assert token.revoked_at is not None and other.token.revoked_at is None


def test_the_command_creates_lists_and_revokes(sambas_user):
    out, err = StringIO(), StringIO()
    call_command("api-token", "create", "op_sambas", "--name", "cron", "--days", "30",
                 stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert token.expires_at > timezone.now() + timedelta(days=29)
    listing = StringIO()
    call_command("api-token", "list", stdout=listing)
    assert token.prefix in listing.getvalue() and raw not in listing.getvalue()
    call_command("api-token", "revoke", token.prefix, stdout=StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("api-token", "create", "nobody", "--name", "x")
