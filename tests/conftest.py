"""Shared fixtures. Every test database gets the Kalbar region codes (province 61 and
the list of provinces) loaded once; the full country is loaded only where a test needs it."""

from __future__ import annotations

import importlib
import os

import pytest
from django.apps import apps as django_apps

from ucj.accounts.models import BpjsBranch, Role, User
from ucj.coverage.models import Target
from ucj.decrees.models import DecreeClause
from ucj.monitoring.models import ComplianceWeight
from ucj.premiums.models import ContributionRate, PensionWageCap
from ucj.regions.models import Region
from ucj.regions.services import load_regions
from ucj.registry.models import Ecosystem

TEST_PASSWORD = "uji-rahasia-2026"


# Data the migrations seed, which a transactional test's flush removes: (a model it
# fills, the migration whose seed() fills it again).
SEEDED = [
    (Ecosystem, "ucj.registry.migrations.0002_seed_ecosystems"),
    (Ecosystem, "ucj.registry.migrations.0011_ecosystem_name_en"),
    (Target, "ucj.coverage.migrations.0002_province_target"),
    (Target, "ucj.coverage.migrations.0004_interim_targets"),
    (ContributionRate, "ucj.premiums.migrations.0002_seed_rules"),
    (PensionWageCap, "ucj.premiums.migrations.0003_jp_wage_caps_and_sources"),
    (ComplianceWeight, "ucj.monitoring.migrations.0002_seed_compliance_weights"),
    (DecreeClause, "ucj.decrees.migrations.0002_decree_text_templates"),
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_regions(provinces={"61"})


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request with an English cookie leaves
    English active in the thread (LocaleMiddleware activates, nothing deactivates)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def kalbar(db) -> Region:
    """The province of Kalimantan Barat, with the data the migrations seed, reloaded when
    a transactional test (a browser test) flushed the database before this one."""
    if not Region.objects.filter(code="61.01").exists():
        load_regions(provinces={"61"})
    empty = {model: not model.objects.exists() for model, _ in SEEDED}
    for model, migration in SEEDED:
        if empty[model]:
            importlib.import_module(migration).seed(django_apps, None)
    return Region.objects.get(code="61")


@pytest.fixture
def make_user(kalbar):
    def make(username: str, role: str, *, regency: str | None = None,
             branch_regencies: list[str] | None = None) -> User:
        branch = None
        if branch_regencies is not None:
            branch = BpjsBranch.objects.create(name=f"Cabang {username}")
            branch.regencies.set(Region.objects.filter(code__in=branch_regencies))
        user = User(username=username, role=role, regency_id=regency, branch=branch,
                    first_name=username.title())
        user.set_password(TEST_PASSWORD)
        user.full_clean()
        user.save()
        return user

    return make


@pytest.fixture
def provinsi_user(make_user) -> User:
    return make_user("prov", Role.PROVINSI)


@pytest.fixture
def sambas_user(make_user) -> User:
    return make_user("op_sambas", Role.KABUPATEN, regency="61.01")


@pytest.fixture
def bpjs_user(make_user) -> User:
    return make_user("bpjs_skw", Role.BPJS, branch_regencies=["61.72", "61.01", "61.07"])


@pytest.fixture
def pimpinan_user(make_user) -> User:
    return make_user("pimpinan", Role.PIMPINAN)


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user."""

    def login(user: User):
        client.force_login(user)
        return client

    return login


def pytest_configure(config):
    # The real hasher costs 0.3 s a password and the suite makes thousands of users: a
    # fast one keeps CI inside its budget. PBKDF2 stays listed so its hashes still check;
    # tests/security/test_web.py checks that the settings a server loads keep it first.
    from django.conf import settings

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the
    # browser tests make (fixtures, assertions) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
