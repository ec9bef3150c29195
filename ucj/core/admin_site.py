"""Django's admin, for superusers only (issue 18 item 4).

Province staff keep the master data on the application's own pages (/induk/), which ask
the role table and write the audit trail through the services. The admin stays for
superusers (the system's administrators); anyone else who is signed in is refused (403)
rather than shown the admin's login form, and gets no link to it."""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


def _refuse_non_superusers(request) -> None:
    user = request.user
    if user.is_authenticated and not (user.is_active and user.is_superuser):
        raise PermissionDenied("the admin is for superusers only")


class UcjAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            _refuse_non_superusers(request)
            return inner(request, *args, **kwargs)
        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        _refuse_non_superusers(request)
        return super().login(request, extra_context)


class UcjAdminConfig(AdminConfig):
    default_site = "ucj.core.admin_site.UcjAdminSite"
