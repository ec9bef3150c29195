from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ucj.core.choices import EMPTY_CHOICE
from ucj.registry.intake.headers import FIELDS, REQUIRED_FIELDS
from ucj.registry.labels import FIELD_LABELS
from ucj.registry.models import ConflictDecision, Ecosystem, Sex

ALLOWED_SUFFIXES = (".xlsx", ".csv", ".txt")


class UploadForm(forms.Form):
    regency = forms.ChoiceField(label=_("Regency/city"))
    ecosystem = forms.ModelChoiceField(label=_("Ecosystem"), queryset=Ecosystem.objects.all(),
                                       empty_label=None)
    file = forms.FileField(label=_("Worker list (XLSX or CSV)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def __init__(self, *args, regencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].choices = [(r.code, f"{r.code} {r.name}") for r in regencies]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_(
                "Only .xlsx and .csv files can be read. Save an .xls or .ods workbook as "
                "Excel Workbook (.xlsx) first."))
        limit = settings.UCJ_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB; split it into several files.")
                % {"limit": settings.UCJ_MAX_UPLOAD_MB})
        return upload


class MappingForm(forms.Form):
    """One choice of file column per registry field, pre-filled with the detected ones."""

    def __init__(self, *args, columns: dict[str, str], mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [
            (column, f"{header}") for column, header in columns.items()]
        for field in FIELDS:
            self.fields[field] = forms.ChoiceField(
                label=FIELD_LABELS[field], choices=choices, required=field in REQUIRED_FIELDS,
                initial=mapping.get(field, ""))


class WorkerSearchForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), required=False, max_length=16)
    name = forms.CharField(label=_("Name"), required=False, max_length=100, help_text=_(
        "Any part of the name, in any case. Three letters or more search fastest."))
    desa = forms.CharField(label=_("Village"), required=False, max_length=100)
    ecosystem = forms.ModelChoiceField(label=_("Ecosystem"), queryset=Ecosystem.objects.all(),
                                       required=False, empty_label=_("All ecosystems"),
                                       to_field_name="code")
    stage = forms.ChoiceField(label=_("Stage"), required=False)

    def __init__(self, *args, **kwargs):
        from ucj.registry.stages import choices

        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("All stages")), *choices()]


class ConflictFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("open", _("Open")), ("resolved", _("Decided")), ("all", _("All"))])
    regency = forms.ChoiceField(label=_("Uploading regency/city"), required=False)

    def __init__(self, *args, regencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].choices = [("", _("All regencies"))] + [
            (r.code, f"{r.code} {r.name}") for r in regencies]


class ConflictDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=ConflictDecision.choices,
                                 widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (required to move or reject)"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class WorkerCorrectionForm(forms.Form):
    """Province staff correct a registered worker's fields (services.correct_worker)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    birth_date = forms.DateField(label=_("Birth date"), required=False,
                                 input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
                                 widget=forms.DateInput(attrs={"type": "date"},
                                                        format="%Y-%m-%d"))
    sex = forms.ChoiceField(label=_("Sex"), required=False,
                            choices=[EMPTY_CHOICE, *Sex.choices])
    desa = forms.CharField(label=_("Village code (Kemendagri)"), required=False, max_length=13,
                           help_text=_("For example 61.01.01.2001; empty when unknown."))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    position = forms.CharField(label=_("Position"), required=False, max_length=150)
    employer = forms.CharField(label=_("Employer or agency"), required=False, max_length=200)
    birth_place = forms.CharField(label=_("Place of birth"), required=False, max_length=100)
    mother_name = forms.CharField(label=_("Mother's maiden name"), required=False,
                                  max_length=200)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500,
                             help_text=_("Recorded in the audit trail, e.g. “as on the ID card "
                                         "checked on 3 December”."))

    def __init__(self, *args, worker, **kwargs):
        kwargs.setdefault("initial", {
            "name": worker.name, "birth_date": worker.birth_date, "sex": worker.sex,
            "desa": worker.desa_id or "", "phone": worker.phone, "position": worker.position,
            "employer": worker.employer, "birth_place": worker.birth_place,
            "mother_name": worker.mother_name})
        super().__init__(*args, **kwargs)


class EcosystemForm(forms.ModelForm):
    class Meta:
        model = Ecosystem
        fields = ["name", "name_en", "description", "sort_order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
