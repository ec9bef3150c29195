from django.contrib import admin

from ucj.accounts.models import AuditAction
from ucj.accounts.services import record_audit


class AuditedAdmin(admin.ModelAdmin):
    """Admin pages whose changes go into UCJ's audit trail as well as Django's log."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_audit(actor=request.user, action=AuditAction.UPDATE if change else AuditAction.CREATE,
                     obj=obj, request=request,
                     detail={"fields": sorted(form.changed_data)} if change else None)

    def delete_model(self, request, obj):
        record_audit(actor=request.user, action=AuditAction.DELETE, obj=obj, request=request)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_audit(actor=request.user, action=AuditAction.DELETE, obj=obj, request=request)
        super().delete_queryset(request, queryset)
