"""Schemathesis against the API in this process (WSGI, no server): for every operation of
the OpenAPI document, a small, derandomised set of generated requests (a province staff
token, the access-test world as data) must never get a server error, and every answer
must conform to the document: a declared status, media type and body schema."""

from __future__ import annotations

import contextlib

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, kept inside the test's transaction: as Django's test
    client does, the end of a request must not close the database connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


EXAMPLES = 8  # per operation; ~30 operations stay well under a minute per database
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def fuzz(operation, headers: dict) -> list[str]:
    found: list[str] = []

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as failure:  # one failure or a group of them
            kinds = [str(e).strip().splitlines()[0] for e in
                     getattr(failure, "exceptions", [failure])]
            found.append(f"{operation.method.upper()} {operation.path}: {'; '.join(kinds)}\n"
                         f"  {case.as_curl_command(headers=headers)}")
            raise

    # hypothesis re-raises the (shrunk) failure; it is already in `found`
    with contextlib.suppress(Exception, BaseExceptionGroup):
        run()
    return found[-1:]


def test_no_operation_fails_or_breaks_its_schema(world, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    headers = {"Authorization": f"Bearer {world.tokens['provinsi']}"}
    failures: list[str] = []
    tested = 0
    for result in schema.get_all_operations():
        tested += 1
        failures += fuzz(result.ok(), headers)
    assert tested >= 20
    assert not failures, "\n".join(failures)


def test_a_server_error_would_be_caught(monkeypatch, world, wsgi_app):
    """The run fails when an operation answers 500."""
    import ucj.coverage.api as coverage_api

    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(coverage_api.selectors, "latest_by_regency", broken)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operation = schema["/api/coverage/indicators"]["GET"]
    case = operation.Case()
    response = case.call(headers={"Authorization": f"Bearer {world.tokens['provinsi']}"})
    assert response.status_code == 500
    with pytest.raises(BaseException, match="Server error"):
        case.validate_response(response, checks=[not_a_server_error])
