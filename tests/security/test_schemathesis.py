"""Schemathesis against the API in this process (WSGI, no server), as `schemathesis run`
would test it: for every operation of the OpenAPI document, the examples, coverage and
fuzzing phases, positive and negative data (a province staff token, the access-test
world as data), and every check schemathesis has for a single request:

- not_a_server_error, status_code_conformance, content_type_conformance,
  response_headers_conformance, response_schema_conformance: each answer is one the
  document declares, with its media type, headers and body schema;
- negative_data_rejection: a request the document says is invalid (a number out of
  range, a wrong type, a missing field, a body that is not an object) is refused;
- positive_data_acceptance: a request the document says is valid is not refused as
  invalid. A 422 whose `detail` is a sentence is a business rule refusing well-formed
  input (the file was already imported, the budget is too small) and passes; a 422 with
  a list of field errors means the server checks something the document does not say;
- missing_required_header, unsupported_method, allow_header_conformance, ignored_auth.

The stateful checks (use_after_free, ensure_resource_availability) need the stateful
phase, which walks links between operations the document does not declare.

Generated text has no NUL character (generation.allow_x00 = false, schemathesis's
setting for servers that refuse it, as UCJ does with a 422: test_bounds.py checks that
for every operation). Each request runs in a savepoint, so that a failure in one does not
end the test's transaction on PostgreSQL."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import IntegrityError, connection, transaction
from schemathesis.config import HealthCheck
from schemathesis.generation.feedback import FeedbackSources

# Not part of schemathesis's documented API, but what its pytest plugin uses to build
# the test of one operation with all its phases (its lazy loader does not work with
# pytest 9). The version is pinned in uv.lock.
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance


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


EXAMPLES = 6  # fuzzing cases per operation (the coverage phase adds its own fixed set)


def positive_data_acceptance_or_business_rule(ctx, response, case):
    """positive_data_acceptance, letting through a 422 that names a business rule."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except AssertionError:
        if response.status_code == 422:
            try:
                detail = response.json().get("detail")
            except (ValueError, AttributeError):
                detail = None
            if isinstance(detail, str):
                return None
        raise


def load_schema(wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    # Derandomized, no example database (no replay of an earlier run's cases), no health
    # check that a slow, shared machine could trip.
    schema.config.generation.update(max_examples=EXAMPLES, deterministic=True,
                                    allow_x00=False, modes=["positive", "negative"],
                                    database="none")
    schema.config.update(suppress_health_check=[HealthCheck.all])
    return schema


class Run:
    """The cases of one operation and the distinct failures they found (one example of
    each). ignored_auth sends a request again without and with a wrong token; as in
    `schemathesis run`, one confirmation per operation is enough."""

    def __init__(self, operation, headers: dict):
        self.operation, self.headers = operation, headers
        self.cases = 0
        self.failures: dict[str, str] = {}
        self.auth_enforced = False

    def check(self, case) -> None:
        self.cases += 1
        savepoint = transaction.savepoint_create()
        response = case.call(headers=self.headers)
        excluded = [positive_data_acceptance] + ([ignored_auth] if self.auth_enforced else [])
        try:
            case.validate_response(response, headers=self.headers, excluded_checks=excluded,
                                   additional_checks=[positive_data_acceptance_or_business_rule])
            self.auth_enforced = self.auth_enforced or 200 <= response.status_code < 300
        except (Exception, BaseExceptionGroup) as failure:  # one failure or a group of them
            for error in getattr(failure, "exceptions", [failure]):
                self.failures.setdefault(
                    str(error).strip().splitlines()[0],
                    f"{self.operation.method.upper()} {self.operation.path}: "
                    f"{str(error).strip()[:1500]}\n  [{response.status_code}] "
                    f"{response.text[:500]}\n  {case.as_curl_command(headers=self.headers)[:3000]}")
        broken = self.broken_constraint(case, response)
        if broken:
            self.failures.setdefault("constraint", f"{self.operation.method.upper()} "
                                             f"{self.operation.path}: {broken}\n  "
                                             f"{case.as_curl_command(headers=self.headers)}")
        if response.status_code >= 500 or broken:
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)

    @staticmethod
    def broken_constraint(case, response) -> str | None:
        """A write the database would refuse at COMMIT (a foreign key to nothing): inside
        the test's transaction it would go unnoticed, in production it is a 500."""
        if case.method.upper() == "GET" or response.status_code >= 300:
            return None
        try:
            connection.check_constraints()
        except IntegrityError as error:
            return f"Constraint violated at commit: {str(error).splitlines()[0][:300]}"
        return None


def fuzz(schema, operation, headers: dict) -> tuple[int, list[str]]:
    """Runs every phase for one operation: the number of cases and the failures found.
    Hypothesis derives its (derandomized) data from the code of `test`: keep it short."""
    run = Run(operation, headers)

    def test(case):
        run.check(case)

    build_operation_test(config=schema.config, operation=operation, test_func=test,
                         given_kwargs={}, feedback=FeedbackSources())()
    return run.cases, list(run.failures.values())


def test_no_operation_fails_a_check(world, wsgi_app):
    schema = load_schema(wsgi_app)
    headers = {"Authorization": f"Bearer {world.tokens['provinsi']}"}
    failures: list[str] = []
    operations = cases = 0
    for result in schema.get_all_operations():
        operations += 1
        ran, found = fuzz(schema, result.ok(), headers)
        cases += ran
        failures += found
    print(f"{operations} operations, {cases} cases")
    assert operations >= 20 and cases >= 20 * operations
    assert not failures, f"{len(failures)} failures:\n" + "\n\n".join(failures)


def test_a_server_error_would_be_caught(monkeypatch, world, wsgi_app):
    """The run fails when an operation answers 500."""
    import ucj.coverage.api as coverage_api

    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(coverage_api.selectors, "latest_by_regency", broken)
    schema = load_schema(wsgi_app)
    operation = schema["/api/coverage/indicators"]["GET"]
    cases, found = fuzz(schema, operation, {"Authorization": f"Bearer {world.tokens['provinsi']}"})
    assert cases and any("Server error" in failure for failure in found), found


def test_an_unstated_constraint_would_be_caught(monkeypatch, world, wsgi_app):
    """A check the server makes that the document does not state (here: visits asked for
    by a year after 2050 refused as invalid, although the document allows up to 2100)
    fails the run."""
    from ninja.errors import ValidationError

    import ucj.monitoring.api as monitoring_api

    real = monitoring_api.selectors.visits_for

    def strict(user, *, regency, status, year):
        if year is not None and year > 2050:
            raise ValidationError([{"loc": ["query", "year"], "msg": "at most 2050"}])
        return real(user, regency=regency, status=status, year=year)

    monkeypatch.setattr(monitoring_api.selectors, "visits_for", strict)
    schema = load_schema(wsgi_app)
    operation = schema["/api/monitoring/visits"]["GET"]
    _, found = fuzz(schema, operation, {"Authorization": f"Bearer {world.tokens['provinsi']}"})
    assert any("Schema-valid request rejected" in failure for failure in found), found
