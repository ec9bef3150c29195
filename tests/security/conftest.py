from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import transaction

from tests.e2e.conftest import (  # noqa: F401 - the browser fixtures, for test_browser.py
    browser_context_args,
    browser_type_launch_args,
    server,
)

from .world import World, build_world


@pytest.fixture(scope="module")
def world_module(django_db_setup, django_db_blocker):
    """The access-test world, built once per module inside a transaction that is rolled
    back at the end of the module (each test adds its own savepoint)."""
    from ucj.regions.models import Region
    from ucj.regions.services import load_regions
    from ucj.registry.models import Ecosystem

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        if not Region.objects.filter(code="61.01").exists():  # after a browser test's flush
            load_regions(provinces={"61"})
        if not Ecosystem.objects.exists():
            importlib.import_module("ucj.registry.migrations.0002_seed_ecosystems").seed(
                django_apps, None)
        built = build_world()
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(world_module, db) -> World:
    world_module.cache.clear()
    yield world_module
    world_module.cache.clear()
