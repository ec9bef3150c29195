from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.accounts.models import AuditAction
from ucj.core.choices import EMPTY_LABEL


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


class BranchForm(forms.Form):
    """A BPJS Ketenagakerjaan branch and the regencies it serves."""

    name = forms.CharField(label=_("Name"), max_length=120)
    regencies = forms.MultipleChoiceField(
        label=_("Regencies served"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The branch's officers see these regencies' data."))

    def __init__(self, *args, **kwargs):
        from ucj.regions.forms import _province_regions
        from ucj.regions.models import Level

        super().__init__(*args, **kwargs)
        self.fields["regencies"].choices = [
            (region.code, f"{region.code} {region.name}")
            for region in _province_regions().filter(level=Level.KABUPATEN_KOTA)]


class UserForm(forms.Form):
    """A user's names, role and its region, and whether the account is active. The
    password is given when the user is made, and only to change it afterwards."""

    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    regency = forms.ChoiceField(label=_("Regency (regency operators)"), required=False)
    branch = forms.ModelChoiceField(label=_("BPJS branch (BPJS officers)"), required=False,
                                    queryset=None, empty_label=EMPTY_LABEL)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True,
                                   help_text=_("An inactive user cannot sign in."))
    password = forms.CharField(
        label=_("Password"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Required for a new user; leave empty to keep the current password."))

    def __init__(self, *args, **kwargs):
        from ucj.accounts.models import BpjsBranch, Role
        from ucj.regions.forms import _province_regions
        from ucj.regions.models import Level

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
        self.fields["regency"].choices = [("", "—"), *(
            (region.code, f"{region.code} {region.name}")
            for region in _province_regions().filter(level=Level.KABUPATEN_KOTA))]
        self.fields["branch"].queryset = BpjsBranch.objects.order_by("name")

    def clean_regency(self):
        from ucj.regions.models import Region

        code = self.cleaned_data["regency"]
        return Region.objects.get(code=code) if code else None
