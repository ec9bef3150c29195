from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from ucj.accounts.models import Role
from ucj.accounts.rights import Action, may
from ucj.accounts.selectors import region_scope
from ucj.core import queues
from ucj.core.forms import ConfirmDeleteForm
from ucj.monitoring.selectors import overdue_items

OVERDUE_SHOWN = 10


@require_safe
def home(request):
    """The work waiting for the user (core.queues), each kind a count and a link to the
    page where it is done; a leader's summary of the province; the overdue follow-up
    actions of visits in the user's regions."""
    user = request.user
    queue = queues.for_request(request)
    overdue_count = next((e.count for e in queue.entries if e.key == "overdue_actions"), 0)
    context = {"queue": queue.waiting, "has_regions": bool(region_scope(user).regency_codes),
               "overdue": list(overdue_items(user)[:OVERDUE_SHOWN]) if overdue_count else [],
               "overdue_count": overdue_count}
    if user.role == Role.PIMPINAN and not user.is_superuser and context["has_regions"]:
        context["summary"] = queues.leader_summary(user, overdue=overdue_count)
    return render(request, "core/home.html", context)


@require_safe
def master_data(request):
    """The master-data index (province staff): each kind of master data and the page
    where it is listed and changed. Django's admin is linked for superusers only."""
    user = request.user
    if not may(user, Action.MANAGE_MASTER_DATA):
        raise PermissionDenied
    return render(request, "core/master_data.html", {
        "can_manage_users": may(user, Action.AUDIT_AND_USERS),
        "can_edit_decree_texts": may(user, Action.VERIFY_AND_DECREE)})


def delete_page(request, *, obj, remove, title: str, effect: str, back_url: str,
                back_title: str, done: str):
    """The confirmation page of a master-data removal and its POST: `remove()` runs only
    with the tick; a ValidationError it raises is shown on the page (nothing removed)."""
    form = ConfirmDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            remove()
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, done)
            return redirect(back_url)
    return render(request, "core/master_delete.html", {
        "form": form, "title": title, "object": obj, "effect": effect,
        "back_url": back_url, "back_title": back_title})
