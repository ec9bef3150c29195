from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ucj.accounts import selectors, services
from ucj.accounts.forms import ApiTokenForm, AuditFilterForm, BranchForm, UserForm
from ucj.accounts.models import BpjsBranch, User
from ucj.accounts.rights import Action, may
from ucj.core.views import delete_page


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


# --- master data: BPJS branches and users (issue 18 item 4) --------------------------------


@require_safe
def branches(request):
    if not selectors.can_manage_master_data(request.user):
        raise PermissionDenied
    rows = BpjsBranch.objects.prefetch_related("regencies").order_by("name")
    return render(request, "accounts/branches.html", {"branches": rows})


@require_http_methods(["GET", "HEAD", "POST"])
def branch_edit(request, pk: int | None = None):
    if not selectors.can_manage_master_data(request.user):
        raise PermissionDenied
    branch = None if pk is None else get_object_or_404(BpjsBranch, pk=pk)
    initial = {} if branch is None else {
        "name": branch.name, "regencies": list(branch.regencies.values_list("code", flat=True))}
    form = BranchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_branch(user=request.user, branch=branch,
                                         name=form.cleaned_data["name"],
                                         regency_codes=form.cleaned_data["regencies"],
                                         request=request)
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("BPJS branch saved: %(branch)s.") % {"branch": saved})
            return redirect("accounts:branches")
    return render(request, "core/master_form.html", {
        "form": form, "back_url": reverse("accounts:branches"), "back_title": _("BPJS branches"),
        "title": _("New BPJS branch") if branch is None else _("Change a BPJS branch"),
        "delete_url": branch and reverse("accounts:branch_delete", args=[branch.pk]),
        "intro": _("A BPJS officer sees the data of the regencies their branch serves.")})


@require_http_methods(["GET", "HEAD", "POST"])
def branch_delete(request, pk: int):
    """Master data: remove a BPJS branch without officers, after a confirmation."""
    if not selectors.can_manage_master_data(request.user):
        raise PermissionDenied
    branch = get_object_or_404(BpjsBranch, pk=pk)
    return delete_page(
        request, obj=branch, title=_("Delete a BPJS branch"),
        remove=lambda: services.delete_branch(user=request.user, branch=branch, request=request),
        back_url=reverse("accounts:branches"), back_title=_("BPJS branches"),
        done=_("BPJS branch deleted: %(branch)s.") % {"branch": branch},
        effect=_("The regencies it serves are no longer linked to it. A branch that still "
                 "has officers cannot be deleted. The removal is recorded in the audit "
                 "trail."))


def _can_manage_users(user) -> bool:
    return may(user, Action.AUDIT_AND_USERS)


@require_safe
def users(request):
    if not _can_manage_users(request.user):
        raise PermissionDenied
    role = request.GET.get("peran", "")
    rows = User.objects.select_related("regency", "branch").order_by("username")
    if role:
        rows = rows.filter(role=role)
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    from ucj.accounts.models import Role

    return render(request, "accounts/users.html", {
        "page": page, "query": query.urlencode(), "roles": Role.choices, "role": role})


@require_http_methods(["GET", "HEAD", "POST"])
def user_edit(request, pk: int | None = None):
    if not _can_manage_users(request.user):
        raise PermissionDenied
    account = None if pk is None else get_object_or_404(User, pk=pk)
    if account is not None and account.is_superuser and not request.user.is_superuser:
        raise PermissionDenied
    initial = {"is_active": True} if account is None else {
        "username": account.username, "first_name": account.first_name,
        "last_name": account.last_name, "email": account.email, "role": account.role,
        "regency": account.regency_id or "", "branch": account.branch_id,
        "is_active": account.is_active}
    form = UserForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        password = fields.pop("password")
        try:
            saved = services.save_user(user=request.user, account=account,
                                       password=password, request=request, **fields)
        except ValidationError as refused:
            if hasattr(refused, "error_dict"):
                for field, errors in refused.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, refused)
        else:
            messages.success(request, _("User saved: %(user)s.") % {"user": saved.username})
            return redirect("accounts:users")
    return render(request, "core/master_form.html", {
        "form": form, "back_url": reverse("accounts:users"), "back_title": _("Users"),
        "title": _("New user") if account is None else _("Change a user"),
        "intro": _("A regency operator needs a regency, a BPJS officer a branch; other roles "
                   "need neither. Users are never deleted: make an account inactive instead, "
                   "so that the audit trail keeps its name.")})
