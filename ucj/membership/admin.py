from django.contrib import admin

from ucj.membership.models import Extract, LinkDecision, Reconciliation


@admin.register(Extract)
class ExtractAdmin(admin.ModelAdmin):
    """Extract versions are only ever added (from the membership pages or the command)."""

    list_display = ["id", "as_of", "file_name", "status", "accepted", "rejected", "uploaded_at"]
    readonly_fields = [f.name for f in Extract._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reconciliation)
class ReconciliationAdmin(admin.ModelAdmin):
    list_display = ["id", "extract", "status", "active", "lapsed", "not_enrolled", "review",
                    "finished_at"]
    readonly_fields = [f.name for f in Reconciliation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(LinkDecision)
class LinkDecisionAdmin(admin.ModelAdmin):
    list_display = ["worker", "kpj", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
    raw_id_fields = ["worker"]
    readonly_fields = ["decided_by", "decided_at", "match_probability"]
