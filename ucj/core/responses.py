"""What several apps' views answer alike: a file download, and a date asked for in the
query string."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ucj.core.bounds import YEAR_MAX, YEAR_MIN
from ucj.core.workbooks import XLSX


def download(content: bytes, file_name: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def requested_date(request: HttpRequest, default: date, name: str = "tanggal") -> date:
    """?tanggal=YYYY-MM-DD (to look at another day, e.g. what will be overdue by the next
    visit), else `default`; a date that cannot be read falls back with a message."""
    raw = request.GET.get(name, "")
    if raw:
        try:
            found = date.fromisoformat(raw)
            if YEAR_MIN <= found.year <= YEAR_MAX:  # a year 9999 would overflow date sums
                return found
        except ValueError:
            pass
        messages.warning(request, _("The date must look like 2026-08-27; today is used."))
    return default
