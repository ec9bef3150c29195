from django.contrib import admin

from ucj.core.admin import AuditedAdmin
from ucj.regions.models import Denominator, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "is_current", "bps_code", "population_total"]
    list_filter = ["level", "is_current"]
    search_fields = ["code", "name"]
    # Codes come from the Kemendagri list (ucj load-regions); only attributes are edited here.
    readonly_fields = ["code", "level", "parent", "first_listed", "last_listed"]
    exclude = ["boundary"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Denominator)
class DenominatorAdmin(AuditedAdmin):
    list_display = ["region", "year", "kind", "value", "source", "reference_date"]
    list_filter = ["kind", "year"]
    search_fields = ["region__code", "region__name", "source"]
    autocomplete_fields = ["region"]
