from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from ucj.core import bounds
from ucj.core.choices import EMPTY_CHOICE
from ucj.premiums import selectors
from ucj.premiums.models import (
    ContributionRate,
    Discount,
    IncomeBracket,
    PensionWageCap,
    Program,
)


class MonthField(forms.DateField):
    """A month picked as YYYY-MM (an <input type="month">), kept as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        found = super().to_python(value)
        return found.replace(day=1) if found else found


class QuoteForm(forms.Form):
    program = forms.ChoiceField(label=_("Programme"), choices=Program.choices,
                                initial=Program.BPU)
    income = forms.IntegerField(label=_("Income or wage a month (Rp)"), min_value=0,
                                max_value=bounds.INCOME_MAX, initial=1_000_000)
    workers = forms.IntegerField(label=_("Workers"), min_value=0, max_value=bounds.PERSONS_MAX,
                                 initial=10_000)
    start = MonthField(label=_("First month"))
    months = forms.IntegerField(label=_("Months"), min_value=1,
                                max_value=bounds.QUOTE_MONTHS_MAX, initial=12)
    include_jht = forms.BooleanField(label=_("Include JHT"), required=False)
    risk_class = forms.TypedChoiceField(
        label=_("Risk class (PU)"), required=False, coerce=int, empty_value=None,
        choices=[EMPTY_CHOICE, *[(n, str(n)) for n in range(1, 6)]])
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=(),
                               help_text=_("For sector-specific discounts: one of the sectors "
                                           "the discounts name."))
    include_unconfirmed = forms.BooleanField(label=_("Include unconfirmed rules"),
                                             required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = selectors.sector_choices()


class _RuleForm(forms.ModelForm):
    """A new rule as staff enter it (it is stored unconfirmed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_to"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"},
                                                       format="%Y-%m-%d")
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                field.max_value = bounds.INCOME_MAX
                field.widget.attrs["max"] = bounds.INCOME_MAX
                field.validators.append(MaxValueValidator(bounds.INCOME_MAX))
        self.fields["note"].widget = forms.Textarea(attrs={"rows": 2})


class IncomeBracketForm(_RuleForm):
    class Meta:
        model = IncomeBracket
        fields = ["program", "lower", "upper", "declared_income", "valid_from", "valid_to",
                  "legal_basis", "source", "note"]
        help_texts = {"upper": _("Empty on the highest bracket: a higher income is declared "
                                 "at its value (capped). Filled: a higher income is refused.")}


class PensionWageCapForm(_RuleForm):
    class Meta:
        model = PensionWageCap
        fields = ["amount", "valid_from", "valid_to", "legal_basis", "source", "note"]



class ContributionRateForm(_RuleForm):
    class Meta:
        model = ContributionRate
        fields = ["program", "component", "risk_class", "payer", "percent", "flat_amount",
                  "base_minimum", "base_cap", "valid_from", "valid_to", "legal_basis",
                  "source", "note"]


class DiscountForm(_RuleForm):
    class Meta:
        model = Discount
        fields = ["program", "components", "percent", "sector", "valid_from", "valid_to",
                  "legal_basis", "source", "note"]


# Every kind of rule, for entering or changing one (stored unconfirmed either way).
RULE_FORMS = {"rate": ContributionRateForm, "bracket": IncomeBracketForm,
              "wagecap": PensionWageCapForm, "discount": DiscountForm}
