"""The REST API: django-ninja, OpenAPI 3.1 at /api/openapi.json, Swagger UI at /api/docs."""

from ucj.api.auth import API_AUTH
from ucj.api.schema import UcjNinjaAPI
from ucj.budget.api import router as budget_router
from ucj.coverage.api import router as coverage_router
from ucj.decrees.api import router as decrees_router
from ucj.membership.api import router as membership_router
from ucj.monitoring.api import router as monitoring_router
from ucj.premiums.api import router as premiums_router
from ucj.registry.api import router as registry_router

api = UcjNinjaAPI(
    title="UCJ API",
    version="1",
    description="Universal Coverage Jamsostek, Kalimantan Barat. Every answer is limited "
                "to the regions of the signed-in user. Authenticate with a personal token "
                "(`Authorization: Bearer ucj_...`, made on the page /akun/token/ or with "
                "`ucj api-token create`) or with the web session.",
    auth=API_AUTH,
    urls_namespace="api",
)
api.add_router("/registry/", registry_router, tags=["registry"])
api.add_router("/membership/", membership_router, tags=["membership"])
api.add_router("/coverage/", coverage_router, tags=["coverage"])
api.add_router("/premiums/", premiums_router, tags=["premiums"])
api.add_router("/budget/", budget_router, tags=["budget"])
api.add_router("/decrees/", decrees_router, tags=["decrees"])
api.add_router("/monitoring/", monitoring_router, tags=["monitoring"])
