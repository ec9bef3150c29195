"""Errors of the pure modules in the reader's language (see ucj.core.explained)."""

from django.utils.formats import number_format
from django.utils.translation import gettext

from ucj.core.explained import Explained


def explain(error: Exception) -> str:
    if not isinstance(error, Explained):
        return str(error)
    params = {key: number_format(value, force_grouping=True)
              if isinstance(value, int) and not isinstance(value, bool) else value
              for key, value in error.params.items()}
    return gettext(error.template) % params
