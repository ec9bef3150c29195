from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ucj.accounts import selectors, services
from ucj.accounts.forms import ApiTokenForm, AuditFilterForm


@require_safe
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


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer while a username is locked out from this address: the login
    page again, saying until when (status 429)."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request) or timedelta(0)
    until = timezone.localtime(timezone.now() + cool_off)
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    return render(request, "accounts/login.html", {
        "form": AuthenticationForm(request, initial={"username": username}),
        "next": request.POST.get("next", request.GET.get("next", "")),
        "locked_until": until,
        "locked_minutes": max(1, round(cool_off.total_seconds() / 60)),
    }, status=429)


def api_tokens(request):
    """The user's own API tokens: make one (shown once), see when each was last used,
    revoke one."""
    new_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(selectors.api_tokens_of(request.user),
                                      pk=request.POST.get("revoke"))
            services.revoke_api_token(token=token, by=request.user, request=request)
            messages.success(request, _("The token %(prefix)s… was revoked; it no longer "
                                        "works.") % {"prefix": token.prefix})
            return redirect("accounts:tokens")
        if form.is_valid():
            made = services.create_api_token(
                user=request.user, name=form.cleaned_data["name"],
                expires_at=form.cleaned_data.get("expires_at"), request=request)
            new_token = made.raw
            form = ApiTokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form, "new_token": new_token,
        "tokens": selectors.api_tokens_of(request.user),
    })
