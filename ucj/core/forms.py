"""Forms shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmDeleteForm(forms.Form):
    """The tick a removal asks for: a POST without it removes nothing."""

    confirm = forms.BooleanField(label=_("Yes, delete it"), required=True)

