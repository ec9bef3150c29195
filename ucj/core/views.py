from django.shortcuts import render
from django.views.decorators.http import require_safe

from ucj.accounts.selectors import regencies_in_scope
from ucj.monitoring.selectors import overdue_items

OVERDUE_SHOWN = 10


@require_safe
def home(request):
    """The user's regions, and the follow-up actions of visits that are overdue there."""
    overdue = overdue_items(request.user)
    return render(request, "core/home.html", {
        "regencies": regencies_in_scope(request.user),
        "overdue": list(overdue[:OVERDUE_SHOWN]), "overdue_count": overdue.count()})
