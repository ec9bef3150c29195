from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ucj.registry.forms import UploadForm


class ExtractUploadForm(forms.Form):
    as_of = forms.DateField(label=_("Extract date"), widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("The date BPJS Ketenagakerjaan drew the extract."))
    file = forms.FileField(label=_("Participant extract (XLSX or CSV)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    clean_file = UploadForm.clean_file  # the same formats and size limit as worker lists

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("The extract date cannot be in the future."))
        return as_of


class ThresholdForm(forms.Form):
    upper = forms.FloatField(label=_("Link automatically from probability"), min_value=0.01,
                             max_value=1)
    lower = forms.FloatField(label=_("Send for review from probability"), min_value=0.01,
                             max_value=1)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("upper") is not None and cleaned.get("lower") is not None \
                and cleaned["lower"] > cleaned["upper"]:
            raise forms.ValidationError(_("The review threshold must not exceed the automatic "
                                          "link threshold."))
        return cleaned


class SettingsForm(forms.Form):
    min_accepted_percent = forms.DecimalField(
        label=_("Minimum share of an extract's rows that must be accepted (%)"), min_value=0,
        max_value=100, max_digits=5, decimal_places=2,
        help_text=_("An extract below it, or with no accepted row at all, fails: it is never "
                    "used for reconciliation, coverage or budgets."))
    max_loss_percent = forms.DecimalField(
        label=_("Largest share of active workers a reconciliation may turn into not enrolled "
                "(%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2,
        help_text=_("A reconciliation above it does not take effect until province staff "
                    "confirm it."))
