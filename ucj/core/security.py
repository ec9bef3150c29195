"""Security headers that Django does not set itself (issue 9, web security).

- Permissions-Policy: the pages use no camera, microphone, location or payment API;
  saying so stops an injected script or a framed page from asking for them.
- Cache-Control: no-store on every page answered to a signed-in user, so that personal
  data (names, NIKs) is not kept in the browser's or a proxy's cache on a shared office
  computer; a view that sets its own Cache-Control keeps it.
"""

from __future__ import annotations

PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
    "payment", "usb", "interest-cohort",
))


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response.headers["Cache-Control"] = "no-store, private"
        return response


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind settings.UCJ_PROXY_COUNT proxies the
    address the outermost of them put into X-Forwarded-For (entries further left can be
    forged by the client and are ignored)."""
    from django.conf import settings

    count = getattr(settings, "UCJ_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None
