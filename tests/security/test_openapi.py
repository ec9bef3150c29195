"""The OpenAPI document is complete: every operation names its successful answer with a
media type and schema, its error answers, and how to authenticate."""

from __future__ import annotations

import pytest
from django.test import Client

from ucj.api.urls import api


@pytest.fixture(scope="module")
def schema():
    return api.get_openapi_schema()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_declares_its_answers(schema):
    problems = []
    for name, operation in operations(schema):
        responses = operation["responses"]
        successes = [s for s in responses if s.startswith("2")]
        if not successes:
            problems.append(f"{name}: no 2xx answer")
        for status, answer in responses.items():
            content = answer.get("content")
            if not content:
                problems.append(f"{name} {status}: no media type (a file download? add it to "
                                "ucj/api/schema.py FILE_ANSWERS or openapi_extra)")
                continue
            for media, body in content.items():
                if not body.get("schema"):
                    problems.append(f"{name} {status} {media}: no schema")
        for status in ("401", "404", "422"):
            if status not in responses:
                problems.append(f"{name}: answer {status} not declared")
        if not operation.get("security"):
            problems.append(f"{name}: no security requirement")
        if not operation.get("summary"):
            problems.append(f"{name}: no summary")
    assert not problems, "\n".join(problems)


def test_both_ways_to_authenticate_are_described(schema):
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    assert any(s.get("in") == "cookie" for s in schemes.values())
    for _, operation in operations(schema):
        assert len(operation["security"]) == 2


@pytest.mark.django_db
def test_the_served_document_is_the_completed_one(schema):
    served = Client().get("/api/openapi.json").json()
    assert served["components"]["schemas"]["Error"] == schema["components"]["schemas"]["Error"]
    assert set(served["paths"]) == set(schema["paths"])
