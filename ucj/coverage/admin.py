from django.contrib import admin

from ucj.core.admin import AuditedAdmin
from ucj.coverage.models import CountImport, ParticipantCount, Target


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ["region", "year", "rate", "confirmed", "source", "updated_at"]
    list_filter = ["year", "confirmed"]
    search_fields = ["region__code", "region__name", "source"]
    autocomplete_fields = ["region"]


@admin.register(ParticipantCount)
class ParticipantCountAdmin(AuditedAdmin):
    list_display = ["regency", "month", "category", "active", "source"]
    list_filter = ["category", "month"]
    search_fields = ["regency__code", "regency__name", "source"]
    autocomplete_fields = ["regency"]
    date_hierarchy = "month"


@admin.register(CountImport)
class CountImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "uploaded_at", "uploaded_by", "rows"]
    readonly_fields = [f.name for f in CountImport._meta.fields]

    def has_add_permission(self, request):
        return False
