from django.contrib import admin

from ucj.decrees.models import Decree, Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-only: proposals change through the workflow pages (maker-checker)."""

    list_display = ["pk", "regency", "ecosystem", "budget", "status", "submitted_at"]
    list_filter = ["status", "regency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decree)
class DecreeAdmin(ProposalAdmin):
    """Read-only: an issued decree is frozen; drafts are edited on the decree pages."""

    list_display = ["pk", "number", "signed_on", "status", "annex_count", "budget"]
    list_filter = ["status"]
