"""Login throttling (django-axes): a username is locked from one address after
AXES_FAILURE_LIMIT failed logins, the login page says until when, the audit trail keeps
every failed attempt and the lockout, and the lock ends after AXES_COOLOFF_TIME."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import TEST_PASSWORD
from ucj.accounts.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Dozens of logins here: a fast hasher (the real one costs ~0.3 s per attempt).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def attempt(client, password: str, *, ip: str = "10.0.0.7", username: str = "op_sambas"):
    return client.post(reverse(LOGIN), {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def fail_until_locked(client, **kwargs):
    responses = [attempt(client, "salah-sandi", **kwargs)
                 for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert all(r.status_code == 200 for r in responses[:-1])
    return responses[-1]


def test_limit_and_cool_off_are_sensible():
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10
    assert timedelta(minutes=5) <= settings.AXES_COOLOFF_TIME <= timedelta(hours=1)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_lockout_after_the_limit_even_with_the_right_password(client, sambas_user):
    locked = fail_until_locked(client)
    assert locked.status_code == 429
    until = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    html = locked.content.decode()
    assert 'id="login-locked"' in html and until.strftime("%H.%M") in html  # WIB, Indonesian style
    # The right password does not help while locked.
    again = attempt(client, TEST_PASSWORD)
    assert again.status_code == 429 and "_auth_user_id" not in client.session


def test_failed_attempts_and_the_lockout_are_audited_without_the_password(client, sambas_user):
    fail_until_locked(client)
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert failed.count() >= settings.AXES_FAILURE_LIMIT
    assert failed.filter(detail__locked_out=True).count() == 1
    assert {e.detail["username"] for e in failed} == {"op_sambas"}
    assert not any("salah-sandi" in str(e.detail) for e in failed)
    assert {e.ip_address for e in failed} == {"10.0.0.7"}


def test_lock_is_per_username_and_address(client, sambas_user, make_user):
    fail_until_locked(client)
    # The same user from another office computer, and another user from this one.
    assert attempt(client, TEST_PASSWORD, ip="10.0.0.8").status_code == 302
    client.logout()
    make_user("op_mempawah", "kabupaten", regency="61.02")
    assert attempt(client, TEST_PASSWORD, username="op_mempawah").status_code == 302


def test_lock_ends_after_the_cool_off(client, sambas_user):
    from axes.models import AccessAttempt

    fail_until_locked(client)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert attempt(client, TEST_PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, sambas_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "salah-sandi")
    assert attempt(client, TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "salah-sandi").status_code == 200


def test_behind_a_proxy_the_forwarded_address_is_used(client, sambas_user, settings):
    settings.UCJ_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse(LOGIN), {"username": "op_sambas", "password": "x"},
                    REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).first()
    assert event.ip_address == "203.0.113.5"
    # Another client behind the same proxy is not locked out.
    ok = client.post(reverse(LOGIN), {"username": "op_sambas", "password": TEST_PASSWORD},
                     REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert ok.status_code == 302


def test_test_client_login_still_works(client, sambas_user):
    assert client.login(username="op_sambas", password=TEST_PASSWORD)
