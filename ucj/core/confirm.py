"""The review step before an irreversible action on a page: what will happen (workers,
months, premiums) and a box to tick. A POST without the tick changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.core.dates import DateNotUnderstood, parse_date


@dataclass(frozen=True)
class Review:
    """What a confirmed action does, in figures; `refusal` says why it cannot be done."""

    workers: int
    start: date
    end: date
    months: int
    per_worker: int
    total: int
    refusal: str = ""


class IndonesianDateField(forms.DateField):
    """A date field shown as the browser's date input (ISO value) that also accepts the
    dates people type: 3/12/2026, 03-12-2026, 3 Desember 2026, 2026-12-03."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": _(
        "Write the date as day/month/year, e.g. 3/12/2026 or 3 Desember 2026.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return parse_date(value)
        except DateNotUnderstood:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone"),
        error_messages={"required": _("Nothing was changed: tick “I understand this cannot "
                                      "be undone” and confirm again.")})
