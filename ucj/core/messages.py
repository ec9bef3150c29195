"""Errors of the pure modules in the reader's language (see ucj.core.explained)."""

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from ucj.core.explained import Explained


def explain(error: Exception) -> str:
    if not isinstance(error, Explained):
        return str(error)
    params = {key: _local(value) for key, value in error.params.items()}
    return gettext(error.template) % params


def _local(value: object) -> object:
    """Numbers grouped the reader's way; a date stands for its month ('Januari 2025')."""
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    if isinstance(value, date):
        return date_format(value, "F Y")
    return value
