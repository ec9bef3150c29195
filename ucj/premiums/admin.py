from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ucj.core.admin import AuditedAdmin
from ucj.premiums.models import ContributionRate, Discount, IncomeBracket, PensionWageCap
from ucj.premiums.services import confirm_rule


@admin.action(description=_("Confirm the selected rules"))
def confirm_selected(modeladmin, request, queryset):
    for rule in queryset.filter(confirmed=False):
        try:
            confirm_rule(user=request.user, rule=rule, request=request)
        except ValidationError as refused:
            modeladmin.message_user(request, f"{rule}: {' '.join(refused.messages)}",
                                    messages.ERROR)


class RuleAdmin(AuditedAdmin):
    list_filter = ["confirmed", "program"]
    readonly_fields = ["confirmed", "confirmed_by", "confirmed_at"]
    actions = [confirm_selected]

    def save_model(self, request, obj, form, change):
        # A changed rule must be confirmed again: its figures are no longer the checked ones.
        if change and form.changed_data:
            obj.confirmed, obj.confirmed_by, obj.confirmed_at = False, None, None
        super().save_model(request, obj, form, change)


@admin.register(ContributionRate)
class ContributionRateAdmin(RuleAdmin):
    list_display = ["__str__", "valid_from", "valid_to", "legal_basis", "confirmed"]
    list_filter = ["confirmed", "program", "component"]


@admin.register(IncomeBracket)
class IncomeBracketAdmin(RuleAdmin):
    list_display = ["program", "lower", "upper", "declared_income", "valid_from", "valid_to",
                    "source", "confirmed"]


@admin.register(Discount)
class DiscountAdmin(RuleAdmin):
    list_display = ["__str__", "valid_from", "valid_to", "legal_basis", "confirmed"]


@admin.register(PensionWageCap)
class PensionWageCapAdmin(RuleAdmin):
    list_display = ["__str__", "valid_from", "valid_to", "source", "confirmed"]
    list_filter = ["confirmed"]
