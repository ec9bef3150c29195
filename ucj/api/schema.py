"""The API's OpenAPI document, completed: every operation states its error answers and
the media type of each successful answer, so that clients (and schemathesis in the test
suite) can rely on it. Applies to every router, including those added later."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI, Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from ucj.core import bounds

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"

# The error body of django-ninja: {"detail": "message"} from HttpError/404/401, or
# {"detail": [ {loc, msg, type}, ... ]} for a request that fails validation.
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "object"}},
            ],
        },
    },
    "required": ["detail"],
}

ERROR_ANSWERS = {
    "400": "The request could not be read (malformed JSON or form).",
    "401": "No valid token or session: send Authorization: Bearer <token> or log in.",
    "403": "Not allowed for your role (or a session request without a CSRF token).",
    "404": "Not found, or outside your regions (the two look the same).",
    "409": "The object is not ready for this yet (e.g. still being processed).",
    "422": "The input is invalid; `detail` says which field and why.",
}

# Operations that answer with a file rather than JSON, by operationId. An operation can
# also say so itself: openapi_extra={"responses": {"200": {"content": {XLSX: ...}}}}.
FILE_ANSWERS = {
    "ucj_registry_api_workbook": XLSX,
    "ucj_membership_api_workbook": XLSX,
}


def complete_schema(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error_ref = {"$ref": "#/components/schemas/Error"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            # django-ninja keys the answers by int; JSON (and this loop) wants strings.
            responses = {str(status): answer
                         for status, answer in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status, description in ERROR_ANSWERS.items():
                if status == "401" and not operation.get("security"):
                    continue
                responses.setdefault(str(status), {
                    "description": description,
                    "content": {"application/json": {"schema": error_ref}},
                })
            # Every file sent in a form must hold something (each endpoint refuses an
            # empty file with its own message).
            for body in operation.get("requestBody", {}).get("content", {}).values():
                for field in body.get("schema", {}).get("properties", {}).values():
                    if field.get("format") == "binary":
                        field.setdefault("minLength", 1)
            media = FILE_ANSWERS.get(operation.get("operationId", ""))
            for status, response in responses.items():
                if status.startswith("2") and not response.get("content") and media:
                    response["content"] = {media: {"schema": {"type": "string",
                                                              "format": "binary"}}}
                    response["description"] = response.get("description") or "File"
    return schema


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_contains_nul(v) for v in value)
    return False


class TextIn(Schema):
    """Base of every request body (and of query parameters read as a schema): a JSON
    object, whose text, at any depth, has no NUL character (PostgreSQL cannot store it).
    Both are a 422 rather than a server error or, for a body that is not an object (a
    list, a number), silently taking every field's default: ninja's Schema reads
    attributes from any object."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info):
        if not isinstance(values, dict | cls | DjangoGetter):
            raise ValueError("the body must be a JSON object")
        validated = handler(DjangoGetter(values, cls, info.context)
                            if isinstance(values, dict) else values)
        if isinstance(values, dict) and _contains_nul(values):
            raise ValueError("text contains a NUL character")
        return validated

    @field_validator("*", mode="before")
    @classmethod
    def no_nul(cls, value):
        if _contains_nul(value):
            raise ValueError("text contains a NUL character")
        return value


# --- bounded values (ucj/core/bounds.py): a number out of range is a 422 naming the
# field and its range, and the OpenAPI document states the range ---------------------

def _bounded(low: int, high: int) -> Any:
    return Annotated[int, Field(ge=low, le=high)]


Id = _bounded(bounds.ID_MIN, bounds.ID_MAX)
Offset = _bounded(0, bounds.OFFSET_MAX)
Year = _bounded(bounds.YEAR_MIN, bounds.YEAR_MAX)
Rupiah = _bounded(0, bounds.RUPIAH_MAX)
Income = _bounded(0, bounds.INCOME_MAX)
Persons = _bounded(0, bounds.PERSONS_MAX)
QuoteMonths = _bounded(1, bounds.QUOTE_MONTHS_MAX)
BudgetMonths = _bounded(1, bounds.BUDGET_MONTHS_MAX)


def Limit(most: int) -> Any:
    """How many rows a list answers with: 1 to `most`."""
    return _bounded(1, most)


def DecimalIn(low: str, high: str) -> Any:
    """A decimal number from `low` to `high`, given as a JSON number (or a string of one)."""
    return Annotated[Decimal, Field(ge=Decimal(low), le=Decimal(high), allow_inf_nan=False),
                     WithJsonSchema({"type": "number", "minimum": float(low),
                                     "maximum": float(high)})]


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD (pydantic alone takes 0 for 1970-01-01 and many other spellings)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise ValueError("a date is written YYYY-MM-DD, e.g. 2026-07-01")


Day = Annotated[date, BeforeValidator(_iso_day)]


def _iso_month(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return value
    raise ValueError(f"{value!r} is not a month: write it YYYY-MM, e.g. 2025-01")


# A month as YYYY-MM (the premium rules change by month).
MonthText = Annotated[str, BeforeValidator(_iso_month), WithJsonSchema(
    {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$",
     "description": "a month, YYYY-MM, e.g. 2026-01"})]


class UcjNinjaAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A service's PermissionDenied that an endpoint does not turn into its own
        # message: the documented 403 with a JSON body, not Django's HTML page.
        self.add_exception_handler(PermissionDenied, self._denied)

    def _denied(self, request, exc):
        return self.create_response(
            request, {"detail": "Peran Anda tidak boleh melakukan ini."}, status=403)

    def get_openapi_schema(self, *args: Any, **kwargs: Any):
        return complete_schema(super().get_openapi_schema(*args, **kwargs))
