from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ucj.accounts.models import ApiToken, AuditEvent, BpjsBranch, User
from ucj.accounts.services import revoke_api_token
from ucj.core.admin import AuditedAdmin


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "regency", "branch", "is_active"]
    list_filter = ["role", "is_active", "regency"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("UCJ role and region"), {"fields": ["role", "regency", "branch"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("UCJ role and region"), {"fields": ["role", "regency", "branch"]}),
    ]
    autocomplete_fields = ["regency"]


@admin.register(BpjsBranch)
class BpjsBranchAdmin(AuditedAdmin):
    list_display = ["name"]
    filter_horizontal = ["regencies"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is only ever added to."""

    list_display = ["at", "actor_username", "action", "object_type", "object_repr", "region_code"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "object_repr", "region_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their users (page /akun/token/ or `ucj api-token`); here
    province staff see them all and can revoke any."""

    list_display = ["prefix", "name", "user", "created_at", "expires_at", "last_used_at",
                    "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "name", "user__username"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.select_related("user"):
            revoke_api_token(token=token, by=request.user, request=request)
