from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.core.choices import EMPTY_LABEL
from ucj.coverage.services import DEFAULT_SOURCE
from ucj.regions.forms import RegionChoiceField, _province_regions
from ucj.registry.forms import UploadForm


class CountsUploadForm(forms.Form):
    file = forms.FileField(label=_("BPJS counts (XLSX or CSV)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
    source = forms.CharField(label=_("Source of the figures"), initial=DEFAULT_SOURCE,
                             max_length=255,
                             help_text=_("Used for rows without a SUMBER column."))

    clean_file = UploadForm.clean_file


class TargetForm(forms.Form):
    """The coverage target of a region and year, entered as a percentage (65,77)."""

    region = RegionChoiceField(label=_("Region"), queryset=None, empty_label=EMPTY_LABEL)
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    percent = forms.DecimalField(label=_("Target coverage (%)"), min_value=Decimal("0.01"),
                                 max_value=Decimal(100), decimal_places=2, localize=True,
                                 help_text=_("Share of the denominator to be covered, e.g. "
                                             "65,77 for 65,77 %."))
    source = forms.CharField(label=_("Source"), max_length=255,
                             help_text=_("The document that sets the target (RPJMD, "
                                         "Renstra, a decree...)."))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(label=_("Confirmed"), required=False, initial=True,
                                   help_text=_("Untick for a figure still to be checked."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _province_regions()
