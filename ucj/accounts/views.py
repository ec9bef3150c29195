from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from ucj.accounts import selectors
from ucj.accounts.forms import AuditFilterForm


def audit_trail(request):
    if not selectors.can_read_audit_trail(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None, object_types=selectors.audit_object_types())
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(**{key: value for key, value in filters.items() if value})
    page = Paginator(events.select_related("actor"), 50).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "accounts/audit.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })
