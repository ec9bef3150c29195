"""The REST API: django-ninja, OpenAPI 3.1 at /api/openapi.json, Swagger UI at /api/docs."""

from ninja import NinjaAPI
from ninja.security import django_auth

from ucj.coverage.api import router as coverage_router
from ucj.membership.api import router as membership_router
from ucj.registry.api import router as registry_router

api = NinjaAPI(
    title="UCJ API",
    version="1",
    description="Universal Coverage Jamsostek, Kalimantan Barat. Every answer is limited "
                "to the regions of the signed-in user.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/registry/", registry_router, tags=["registry"])
api.add_router("/membership/", membership_router, tags=["membership"])
api.add_router("/coverage/", coverage_router, tags=["coverage"])
