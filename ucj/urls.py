from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from ucj.api.urls import api
from ucj.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("induk/", core_views.master_data, name="master_data"),
    path("akun/", include("ucj.accounts.urls")),
    path("wilayah/", include("ucj.regions.urls")),
    path("registri/", include("ucj.registry.urls")),
    path("kepesertaan/", include("ucj.membership.urls")),
    path("cakupan/", include("ucj.coverage.urls")),
    path("iuran/", include("ucj.premiums.urls")),
    path("anggaran/", include("ucj.budget.urls")),
    path("pemantauan/", include("ucj.monitoring.urls")),
    path("sk/", include("ucj.decrees.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
