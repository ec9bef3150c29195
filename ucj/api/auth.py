"""API authentication: a personal token (Authorization: Bearer ucj_...) or the web
session. Either way the request acts as the user, with the user's role and regions.

Tokens are made and revoked on the page /akun/token/ or with `ucj api-token`; only their
SHA-256 digests are stored (ucj.accounts.models.ApiToken)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from ucj.accounts.selectors import active_api_token
from ucj.accounts.services import touch_api_token


class ApiTokenAuth(HttpBearer):
    """Bearer tokens. Needs no CSRF token (a browser does not send it by itself)."""

    def __call__(self, request: HttpRequest) -> Any | None:
        # HttpBearer.__call__ logs an unexpected Authorization header in DEBUG: that
        # would put credentials into the log, so the header is read here instead.
        scheme, _, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token:
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        found = active_api_token(token)
        if found is None:
            return None
        touch_api_token(found)
        request.user = found.user
        request.api_token = found
        return found.user


api_token_auth = ApiTokenAuth()

# Tried in order: a token when the request carries one, else the session (whose
# unsafe methods need Django's CSRF token, as the web pages do).
API_AUTH = [api_token_auth, django_auth]
