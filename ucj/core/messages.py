"""Errors of the pure modules in the reader's language (see ucj.core.explained)."""

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from ucj.core.explained import Explained
from ucj.core.reasons import Kind, reason


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


def reason_label(code: str, kind: Kind = Kind.WORKERS) -> str:
    """The short label of a reason code (ucj.core.reasons), in the reader's language."""
    return gettext(reason(code, kind).label)


def reason_sentence(code: str, kind: Kind = Kind.WORKERS) -> str:
    """What is wrong and how to fix it, in the reader's language."""
    return gettext(reason(code, kind).sentence)


def reason_rows(counts, kind: Kind = Kind.WORKERS) -> list[tuple[str, str, int, str]]:
    """(code, label, rows, sentence) for a {code: rows} count, most rows first."""
    return [(code, reason_label(code, kind), count, reason_sentence(code, kind))
            for code, count in sorted(counts.items(), key=lambda item: -item[1])]
