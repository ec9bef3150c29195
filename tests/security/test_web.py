"""Web security: production settings pass `check --deploy`, every page sends the security
headers and a nonce-based content security policy, templates run no inline script without
the nonce, every form that posts carries a CSRF token, and passwords follow the rules."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import get_resolver, reverse

from tests.conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "ucj" / "templates"


def production_env(tmp_path, **extra) -> dict[str, str]:
    # As a server would run: none of the test run's UCJ_* or DJANGO_ALLOW_ASYNC_UNSAFE.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("UCJ_", "DJANGO_"))}
    return env | {
        "UCJ_DEBUG": "0",
        "UCJ_SECRET_KEY": secrets.token_urlsafe(50),
        "UCJ_ALLOWED_HOSTS": "ucj.kalbarprov.go.id",
        "UCJ_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "ucj.settings",
    } | extra


def test_check_deploy_is_clean_for_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_refuses_to_start_with_the_development_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["UCJ_SECRET_KEY"]
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "UCJ_SECRET_KEY" in result.stderr


def test_production_settings_values(tmp_path):
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
            "s.SECURE_PROXY_SSL_HEADER)")
    env = production_env(tmp_path, UCJ_SSL_REDIRECT="0", UCJ_BEHIND_TLS_PROXY="1")
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().split(maxsplit=4) == [
        "True", "True", "False", str(365 * 24 * 3600), "('HTTP_X_FORWARDED_PROTO', 'https')"]


@pytest.mark.django_db
def test_pages_send_security_headers_and_a_nonce_policy(client_for, provinsi_user):
    response = client_for(provinsi_user).get(reverse("coverage:dashboard"))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    # The page's inline scripts carry this response's nonce, and only they run.
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the dashboard has inline scripts to check"
    for attributes in inline:
        if 'type="application/json"' in attributes:
            continue  # data, never executed
        assert f'nonce="{nonce}"' in attributes, attributes
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_nonce_changes_with_every_response(client_for, provinsi_user):
    client = client_for(provinsi_user)
    first, second = (client.get(reverse("coverage:dashboard")).headers["Content-Security-Policy"]
                     for _ in range(2))
    assert first != second


def test_session_and_cookie_settings():
    assert 4 * 3600 <= settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


@pytest.mark.parametrize("password, problem", [
    ("Kalbar2026", None),
    ("pendek12!", "password_too_short"),
    ("1234567890123", "password_entirely_numeric"),
    ("password1234", "password_too_common"),
    ("op_sambas_2026", "password_too_similar"),
])
@pytest.mark.django_db
def test_password_rules(sambas_user, password, problem):
    if problem is None:
        validate_password(password, sambas_user)
        return
    with pytest.raises(ValidationError) as raised:
        validate_password(password, sambas_user)
    assert problem in {error.code for error in raised.value.error_list}


def _templates() -> list[Path]:
    found = sorted(TEMPLATES.rglob("*.html"))
    assert len(found) > 10
    return found


def test_templates_run_no_script_without_the_nonce():
    """Inline <script> blocks need nonce="{{ csp_nonce }}" (or type application/json, which
    is data); inline event handlers (onclick=...) and javascript: URLs never run under the
    policy, so none may be written."""
    problems = []
    for path in _templates():
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" in attributes or "application/json" in attributes:
                continue
            if 'nonce="{{ csp_nonce }}"' not in attributes:
                problems.append(f"{path.relative_to(ROOT)}: <script{attributes}> lacks "
                                'nonce="{{ csp_nonce }}"')
        for match in re.finditer(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", text):
            problems.append(f"{path.relative_to(ROOT)}: inline handler {match.group(1)}=")
        if "javascript:" in text:
            problems.append(f"{path.relative_to(ROOT)}: javascript: URL")
    assert not problems, "\n".join(problems)


def test_every_post_form_in_the_templates_has_a_csrf_token():
    problems = []
    for path in _templates():
        text = path.read_text()
        for match in re.finditer(r"<form\b([^>]*)>(.*?)</form>", text, flags=re.S | re.I):
            attributes, body = match.groups()
            if re.search(r"method\s*=\s*[\"']?post", attributes, re.I) and \
                    "{% csrf_token %}" not in body:
                problems.append(f"{path.relative_to(ROOT)}: <form{attributes}>")
    assert not problems, "POST forms without {% csrf_token %}:\n" + "\n".join(problems)


def _views():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    return list(walk(get_resolver().url_patterns))


def test_no_page_is_exempt_from_csrf():
    exempt = [route for route, view in _views()
              if getattr(view, "csrf_exempt", False) and not route.startswith("api/")]
    assert not exempt, f"csrf_exempt views: {exempt}"


@pytest.mark.django_db
def test_posts_without_a_csrf_token_are_refused(sambas_user):
    client = Client(enforce_csrf_checks=True)
    login = client.post(reverse("accounts:login"), {"username": "op_sambas",
                                                    "password": TEST_PASSWORD})
    assert login.status_code == 403
    client.force_login(sambas_user)
    assert client.post(reverse("accounts:tokens"), {"name": "x"}).status_code == 403
    # The API with the session cookie needs the token as well (a bearer token does not).
    api = client.put("/api/coverage/targets", {"region": "61.01", "year": 2030, "rate": 50,
                                                "source": "x"}, content_type="application/json")
    assert api.status_code == 403


def test_the_settings_hash_passwords_with_a_slow_hasher():
    # The suite swaps in a fast hasher (tests/conftest.py); the settings a server loads
    # must not: they hash with PBKDF2 (Django's default, 1,000,000+ iterations).
    from django.conf import global_settings

    import ucj.settings as server_settings

    hashers = getattr(server_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert "MD5" not in " ".join(hashers)
