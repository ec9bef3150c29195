"""Errors of the pure modules (pricing, allocation...) that the user reads, in a form the
Django layer can translate: an English template marked with ``_`` (so that makemessages
finds it) and its parameters. No Django import here: ``ucj.core.messages.explain`` turns
one into the reader's language."""

from __future__ import annotations

from datetime import date

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _english(value: object) -> object:
    """A parameter as the English text shows it: 1,000,000; a month (a date) as
    'January 2025' (explain() gives the reader's language, e.g. 'Januari 2025')."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return f"{_MONTHS[value.month - 1]} {value.year}"
    return value


def _(text: str) -> str:
    """Marks a template for translation; the text itself is translated by explain()."""
    return text


class Explained(ValueError):
    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % {key: _english(value) for key, value in params.items()})
