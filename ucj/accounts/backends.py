"""Login throttling with django-axes.

AxesStandaloneBackend refuses a login while the username, from the same IP address, is
locked out after too many failed attempts (settings.AXES_*). It needs the request; a
call of authenticate() without one (Django's test client, scripts) cannot come from the
login page and is left to the next backend instead of failing."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
