from django import forms
from django.utils.translation import gettext_lazy as _


class DenominatorImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
