"""Errors of the pure modules (pricing, allocation...) that the user reads, in a form the
Django layer can translate: an English template marked with ``_`` (so that makemessages
finds it) and its parameters. No Django import here: ``ucj.core.messages.explain`` turns
one into the reader's language."""

from __future__ import annotations


def _(text: str) -> str:
    """Marks a template for translation; the text itself is translated by explain()."""
    return text


class Explained(ValueError):
    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % {key: f"{value:,}" if isinstance(value, int) else value
                                     for key, value in params.items()})
