from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.core import bounds
from ucj.core.choices import EMPTY_CHOICE
from ucj.monitoring import compliance
from ucj.monitoring.models import (
    ActionStatus,
    ComplianceRecord,
    Office,
    RegulationType,
    VisitStatus,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"])


class VisitForm(forms.Form):
    regency = forms.ChoiceField(label=_("Regency/city"))
    date = date_field(_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=VisitStatus.choices,
                               initial=VisitStatus.PLANNED)
    agenda = forms.CharField(label=_("Agenda"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))
    minutes = forms.CharField(label=_("Minutes (notulen)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 8}))
    findings = forms.CharField(label=_("Findings"), required=False,
                               help_text=_("One finding per line."),
                               widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, regencies, fixed_regency: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].choices = [(r.code, f"{r.code} {r.name}") for r in regencies]
        if fixed_regency:
            self.fields["regency"].disabled = True


class AttendeeForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"), choices=[EMPTY_CHOICE, *Office.choices],
                               required=False)
    office_name = forms.CharField(label=_("Office name"), max_length=200, required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=3, max_num=60)


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("What is to be done"), max_length=300)
    owner_office = forms.ChoiceField(label=_("Owning office"), choices=Office.choices)
    owner_name = forms.CharField(label=_("Office name or person"), max_length=200,
                                 required=False)
    due_date = date_field(_("Due date"))
    description = forms.CharField(label=_("Details"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, photo, document)"), required=False)
    url = forms.URLField(label=_("or a link"), required=False, max_length=500,
                         assume_scheme="https")
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Attach a file or give a link."))
        return data


class ComplianceForm(forms.ModelForm):
    regulation_date = date_field(_("Regulation date"), required=False)
    ptsp_required = forms.NullBooleanField(
        label=_("Participation required in licensing (PTSP)"))
    document = forms.FileField(label=_("Regulation document (PDF)"), required=False)

    class Meta:
        model = ComplianceRecord
        fields = ["regulation_type", "regulation_number", "regulation_date", "regulation_title",
                  "non_asn_total", "non_asn_enrolled", "bumd_total", "bumd_registered",
                  "ptsp_required", "ptsp_note", "village_total", "village_covered", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regulation_type"].choices = [("", _("None yet")), *RegulationType.choices]


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.IntegerField(label=_("Amount (Rp)"), min_value=0, max_value=bounds.RUPIAH_MAX)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


CRITERION_LABELS = {
    "regulation": _("Regulation"),
    "budget": _("Budget for premiums"),
    "non_asn": _("Non-civil-servant staff enrolled"),
    "bumd": _("BUMD registered"),
    "village": _("Village officials and RT/RW covered"),
    "ptsp": _("Required in licensing (PTSP)"),
}
CREDIT_LABELS = {
    "perda": _("Credit of a Perda"),
    "perkada": _("Credit of a Perbup/Perwali"),
    "other": _("Credit of another regulation"),
}


class WeightsForm(forms.Form):
    def __init__(self, *args, criteria: dict, credits: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for key in compliance.CRITERIA:
            self.fields[key] = forms.DecimalField(label=CRITERION_LABELS[key], min_value=0,
                                                  max_digits=7, decimal_places=3,
                                                  initial=criteria[key])
        for key in compliance.REGULATION_TYPES:
            self.fields[key] = forms.DecimalField(label=CREDIT_LABELS[key], min_value=0,
                                                  max_value=1, max_digits=4, decimal_places=3,
                                                  initial=credits[key])


class SocialisationForm(forms.Form):
    desa = forms.ChoiceField(label=_("Village (desa/kelurahan)"))
    date = date_field(_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    audience = forms.CharField(label=_("Audience"), max_length=300)
    participants = forms.IntegerField(label=_("Participants"), min_value=0,
                                      max_value=bounds.PARTICIPANTS_MAX)
    material = forms.CharField(label=_("Material"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    visit = forms.TypedChoiceField(label=_("During visit"), required=False, coerce=int,
                                   empty_value=None)

    def __init__(self, *args, desa_choices, visits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = [EMPTY_CHOICE, *desa_choices]
        self.fields["visit"].choices = [EMPTY_CHOICE] + [
            (v.pk, f"{v.date:%d-%m-%Y} {v.place}") for v in visits]
