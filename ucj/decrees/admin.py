from django.contrib import admin

from ucj.decrees.models import Decree, DecreeClause, DocumentImage, Proposal


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


@admin.register(DecreeClause)
class DecreeClauseAdmin(admin.ModelAdmin):
    """The decree text templates (also edited on the templates page, which records who
    changed what in the audit trail). Issued decrees keep their own copy of the text."""

    list_display = ["issuer", "part", "rank", "position", "year", "first_year", "last_year",
                    "regency_code", "confirmed", "text"]
    list_filter = ["issuer", "part", "confirmed"]
    search_fields = ["text", "source"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(DocumentImage)
class DocumentImageAdmin(ProposalAdmin):
    """Read-only: the emblem and the office logo are uploaded on the decree templates page
    (Gambar lambang dan logo), which checks the file and records the upload in the audit
    trail; earlier uploads stay for the decrees issued with them."""

    list_display = ["kind", "uploaded_at", "uploaded_by", "file_name", "extension", "size",
                    "sha256"]
    list_filter = ["kind"]
