"""The API's OpenAPI document, completed: every operation states its error answers and
the media type of each successful answer, so that clients (and schemathesis in the test
suite) can rely on it. Applies to every router, including those added later."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI, Schema
from pydantic import field_validator

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
            media = FILE_ANSWERS.get(operation.get("operationId", ""))
            for status, response in responses.items():
                if status.startswith("2") and not response.get("content") and media:
                    response["content"] = {media: {"schema": {"type": "string",
                                                              "format": "binary"}}}
                    response["description"] = response.get("description") or "File"
    return schema


class TextIn(Schema):
    """Base of every request body: text may not contain NUL characters (PostgreSQL cannot
    store them), a 422 rather than a server error."""

    @field_validator("*", mode="before")
    @classmethod
    def no_nul(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("text contains a NUL character")
        return value


class UcjNinjaAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any):
        return complete_schema(super().get_openapi_schema(*args, **kwargs))
