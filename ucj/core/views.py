from django.shortcuts import render

from ucj.accounts.selectors import regencies_in_scope
from ucj.monitoring.selectors import overdue_items

OVERDUE_SHOWN = 10


def home(request):
    """The user's regions, and the follow-up actions of visits that are overdue there."""
    overdue = overdue_items(request.user)
    return render(request, "core/home.html", {
        "regencies": regencies_in_scope(request.user),
        "overdue": list(overdue[:OVERDUE_SHOWN]), "overdue_count": overdue.count()})
