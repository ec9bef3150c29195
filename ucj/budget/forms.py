from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from ucj.budget.models import Budget, PolicyChoice
from ucj.core import bounds
from ucj.premiums import selectors as premiums
from ucj.premiums.forms import MonthField
from ucj.regions.models import Level, Region
from ucj.registry.models import Ecosystem


class BudgetForm(forms.ModelForm):
    start_month = MonthField(label=_("First month covered"))
    ecosystems = forms.ModelMultipleChoiceField(
        label=_("Ecosystems it may pay for"), queryset=Ecosystem.objects.all(),
        widget=forms.CheckboxSelectMultiple)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=(),
                               help_text=_("For sector-specific discounts: one of the sectors "
                                           "the discounts name."))

    class Meta:
        model = Budget
        fields = ["name", "fiscal_year", "programme", "funding_source", "holder", "amount",
                  "start_month", "months", "declared_income", "include_jht", "sector",
                  "ecosystems", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = Region.objects.filter(
            code__startswith=settings.UCJ_PROVINCE_CODE,
            level__in=[Level.PROVINSI, Level.KABUPATEN_KOTA], is_current=True).order_by("code")
        self.fields["holder"].initial = settings.UCJ_PROVINCE_CODE
        self.fields["sector"].choices = premiums.sector_choices()
        # The model's columns take any positive number; a budget has domain bounds.
        for name, low, high in (("fiscal_year", bounds.YEAR_MIN, bounds.YEAR_MAX),
                                ("months", 1, bounds.BUDGET_MONTHS_MAX),
                                ("amount", 0, bounds.RUPIAH_MAX),
                                ("declared_income", 0, bounds.INCOME_MAX)):
            bound_field(self.fields[name], low, high)


def bound_field(field: forms.IntegerField, low: int, high: int) -> None:
    """Adds a range to a model form's number field (validated and shown as min/max)."""
    field.validators += [MinValueValidator(low), MaxValueValidator(high)]
    field.widget.attrs.update(min=low, max=high)


class ScenarioForm(forms.Form):
    """A policy, and optional minimums per regency and limits per ecosystem (one field
    each, named min-<regency code>, eco-min-<ecosystem>, eco-max-<ecosystem>)."""

    name = forms.CharField(label=_("Scenario name"), max_length=200)
    policy = forms.ChoiceField(label=_("Policy"), choices=PolicyChoice.choices,
                               widget=forms.RadioSelect, initial=PolicyChoice.LOWEST_FIRST)

    def __init__(self, *args, regencies=(), ecosystems=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.regencies = list(regencies)
        self.ecosystem_list = list(ecosystems)
        for code, name in self.regencies:
            self.fields[f"min-{code}"] = forms.IntegerField(
                label=name, min_value=0, max_value=bounds.PERSONS_MAX, required=False,
                widget=forms.NumberInput(attrs={"placeholder": "0"}))
        for code, name in self.ecosystem_list:
            self.fields[f"eco-min-{code}"] = forms.IntegerField(
                label=_("%(ecosystem)s: at least") % {"ecosystem": name}, min_value=0,
                max_value=bounds.PERSONS_MAX, required=False)
            self.fields[f"eco-max-{code}"] = forms.IntegerField(
                label=_("%(ecosystem)s: at most") % {"ecosystem": name}, min_value=0,
                max_value=bounds.PERSONS_MAX, required=False)

    def minimum_fields(self):
        return [self[f"min-{code}"] for code, _name in self.regencies]

    def limit_fields(self):
        return [(name, self[f"eco-min-{code}"], self[f"eco-max-{code}"])
                for code, name in self.ecosystem_list]

    def minimums(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"min-{code}"] for code, _name in self.regencies
                if self.cleaned_data.get(f"min-{code}")}

    def limits(self) -> dict[str, dict]:
        found = {}
        for code, _name in self.ecosystem_list:
            low, high = (self.cleaned_data.get(f"eco-min-{code}"),
                         self.cleaned_data.get(f"eco-max-{code}"))
            if low or high is not None:
                found[code] = {"min": low or 0, "max": high}
        return found


class TargetCostForm(forms.Form):
    share = forms.DecimalField(label=_("Share paid by the government (%)"), min_value=0,
                               max_value=100, initial=30, decimal_places=2)
    income = forms.IntegerField(label=_("Declared income (Rp)"), min_value=0,
                                max_value=bounds.INCOME_MAX, initial=1_000_000)
    include_jht = forms.BooleanField(label=_("Include JHT"), required=False)
    include_unconfirmed = forms.BooleanField(label=_("Include unconfirmed rules"),
                                             required=False)
