from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.accounts.models import AuditAction


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("All actions")), *AuditAction.choices])
    username = forms.CharField(label=_("User"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False, choices=[])
    region_code = forms.CharField(label=_("Region code"), required=False,
                                  widget=forms.TextInput(attrs={"placeholder": "61.01"}))
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All types"))] + [(t, t) for t in object_types]


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What is the token for?"), max_length=100,
                           widget=forms.TextInput(attrs={"placeholder": "skrip rekap bulanan"}))
    expires_at = forms.DateTimeField(
        label=_("Expires (optional)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for a token that works until it is revoked."))
