from django.contrib import admin

from ucj.core.admin import AuditedAdmin
from ucj.monitoring.models import (
    ActionItem,
    Attendee,
    ComplianceBudget,
    ComplianceRecord,
    ComplianceWeight,
    Evidence,
    SocialisationEvent,
    StatusChange,
    Visit,
)


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0


@admin.register(Visit)
class VisitAdmin(AuditedAdmin):
    list_display = ["date", "regency", "status", "place", "coverage_rate"]
    list_filter = ["status", "regency"]
    date_hierarchy = "date"
    inlines = [AttendeeInline]
    readonly_fields = ["coverage_rate", "coverage_month", "coverage_active",
                       "coverage_denominator", "coverage_source", "created_by"]


class StatusChangeInline(admin.TabularInline):
    """The history is append-only: shown, never edited here."""

    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "by_username", "from_status", "to_status", "note"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


@admin.register(ActionItem)
class ActionItemAdmin(AuditedAdmin):
    list_display = ["title", "visit", "owner_office", "due_date", "status"]
    list_filter = ["status", "owner_office"]
    search_fields = ["title"]
    inlines = [EvidenceInline, StatusChangeInline]
    # Status changes go through the pages and the API, which keep the history.
    readonly_fields = ["status"]


class BudgetInline(admin.TabularInline):
    model = ComplianceBudget
    extra = 0


@admin.register(ComplianceRecord)
class ComplianceRecordAdmin(AuditedAdmin):
    list_display = ["regency", "regulation_type", "regulation_number", "ptsp_required",
                    "updated_at"]
    inlines = [BudgetInline]


@admin.register(ComplianceWeight)
class ComplianceWeightAdmin(AuditedAdmin):
    list_display = ["key", "kind", "value", "updated_at"]


@admin.register(SocialisationEvent)
class SocialisationEventAdmin(AuditedAdmin):
    list_display = ["date", "regency", "desa", "audience", "participants"]
    list_filter = ["regency"]
    date_hierarchy = "date"
    raw_id_fields = ["desa", "visit"]
