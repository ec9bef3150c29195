from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ucj.core import bounds
from ucj.core.choices import EMPTY_LABEL
from ucj.regions.models import Denominator, DenominatorKind, Level, Region


class DenominatorImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


def _province_regions():
    """The province and its current regencies/cities: the regions a denominator is kept
    for on the master-data pages."""
    province = settings.UCJ_PROVINCE_CODE
    return Region.objects.filter(
        Q(code=province) | Q(code__startswith=province + ".", level=Level.KABUPATEN_KOTA),
        is_current=True).order_by("code")


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class DenominatorForm(forms.ModelForm):
    """One denominator of the province or one of its regencies (master data)."""

    region = RegionChoiceField(label=_("Region"), queryset=None, empty_label=EMPTY_LABEL)

    class Meta:
        model = Denominator
        fields = ["region", "year", "kind", "value", "source", "reference_date", "note"]
        widgets = {"reference_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _province_regions()
        self.fields["year"].min_value, self.fields["year"].max_value = 1990, 2100
        self.fields["value"].max_value = bounds.PERSONS_MAX
        for name in ("year", "value"):
            field = self.fields[name]
            field.widget.attrs.update(min=field.min_value or 0, max=field.max_value)
            field.validators += [MinValueValidator(field.min_value or 0),
                                 MaxValueValidator(field.max_value)]


class DenominatorFilterForm(forms.Form):
    region = RegionChoiceField(label=_("Region"), queryset=None, required=False,
                               empty_label=EMPTY_LABEL)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _province_regions()
        self.fields["kind"].choices = [("", "—"), *DenominatorKind.choices]
