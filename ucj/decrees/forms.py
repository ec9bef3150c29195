from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.core.choices import EMPTY_CHOICE
from ucj.core.confirm import ConfirmForm, IndonesianDateField
from ucj.decrees.models import Decree, DecreeClause, ImageKind


class MonthField(forms.CharField):
    """A month written YYYY-MM (the browser's month input), as its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2025-01"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            year, month = (int(p) for p in text.split("-")[:2])
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Write the month as YYYY-MM, e.g. 2025-01.")) from None

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value


class ProposalForm(forms.Form):
    budget = forms.TypedChoiceField(label=_("Budget"), coerce=int)
    regency = forms.ChoiceField(label=_("Regency/city"))
    ecosystem = forms.ChoiceField(label=_("Ecosystem"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, budgets, regencies, ecosystems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].choices = [(b.pk, str(b)) for b in budgets]
        self.fields["regency"].choices = [(r.code, f"{r.code} {r.name}") for r in regencies]
        self.fields["ecosystem"].choices = [(e.code, e.name) for e in ecosystems]


class CandidateFilterForm(forms.Form):
    nik = forms.CharField(label=_("NIK starts with"), required=False, max_length=16)
    name = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    desa = forms.CharField(label=_("Village"), required=False, max_length=100)
    submission = forms.TypedChoiceField(label=_("From submission"), required=False, coerce=int,
                                        empty_value=None)
    only_not_active = forms.BooleanField(label=_("Only workers not yet active in BPJS"),
                                         required=False, initial=True)

    def __init__(self, *args, submissions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].choices = [("", _("any"))] + [
            (s.pk, f"#{s.pk} {s.file_name} ({s.uploaded_at:%Y-%m-%d})") for s in submissions]


class CorrectionForm(forms.Form):
    """The verifier's correction of a proposed worker: empty fields stay as they are."""

    FIELDS = ("name", "sex", "birth_date", "desa")

    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), required=False,
                            choices=[EMPTY_CHOICE, ("L", _("Male")), ("P", _("Female"))])
    birth_date = forms.CharField(label=_("Birth date"), required=False, max_length=20)
    desa = forms.CharField(label=_("Village"), required=False, max_length=120)
    reason = forms.CharField(label=_("Why"), required=False, max_length=300)


class DecreeForm(forms.ModelForm):
    start_month = MonthField(label=_("First month covered"))

    class Meta:
        model = Decree
        fields = ["issuer", "number", "signed_on", "place", "title", "signatory_name",
                  "signatory_title", "signatory_id", "start_month", "months"]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "title": forms.TextInput(attrs={"size": 80}),
        }
        help_texts = {"number": _("Leave empty until the legal bureau gives the number; "
                                  "required to issue.")}


class SentForm(forms.Form):
    """The day the decree went to BPJS: the browser's date input (its value is ISO,
    YYYY-MM-DD), and typed Indonesian dates such as 3/12/2026 or 3 Desember 2026."""

    sent_on = IndonesianDateField(label=_("Sent to BPJS on"))


class SentConfirmForm(SentForm, ConfirmForm):
    pass


class RemovalForm(forms.Form):
    reason = forms.CharField(label=_("Why they leave the annex"), required=False,
                             max_length=500)


class ClauseForm(forms.ModelForm):
    """An entry of an issuer's decree text template (Menimbang, Mengingat, letterhead)."""

    remove = forms.BooleanField(label=_("Remove this entry from the template"), required=False)

    class Meta:
        model = DecreeClause
        fields = ["issuer", "part", "rank", "year", "position", "text", "source", "confirmed",
                  "first_year", "last_year", "regency_code"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "cols": 90}),
                   "source": forms.TextInput(attrs={"size": 90})}


class ImageForm(forms.Form):
    """The national emblem or the office logo, uploaded once for every decree."""

    kind = forms.ChoiceField(label=_("Picture"), choices=ImageKind.choices)
    file = forms.FileField(label=_("File (PNG or SVG, at most 2 MB)"),
                           widget=forms.ClearableFileInput(
                               attrs={"accept": "image/png,image/svg+xml,.png,.svg"}))
