from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.coverage.services import DEFAULT_SOURCE
from ucj.registry.forms import UploadForm


class CountsUploadForm(forms.Form):
    file = forms.FileField(label=_("BPJS counts (XLSX or CSV)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
    source = forms.CharField(label=_("Source of the figures"), initial=DEFAULT_SOURCE,
                             max_length=255,
                             help_text=_("Used for rows without a SUMBER column."))

    clean_file = UploadForm.clean_file
