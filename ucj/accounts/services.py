"""Writes about users and the audit trail."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from ucj.accounts.models import ApiToken, AuditAction, AuditEvent, BpjsBranch, Role, User
from ucj.regions.models import Region


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from ucj.core.security import client_ip

    return client_ip(request)


def record_audit(
    *,
    actor: User | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    region_code: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Add one line to the audit trail. Personal data (NIKs, names) must not be put in
    `detail`: the trail says who looked at what, not what they saw."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    authenticated = actor is not None and actor.is_authenticated
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
        actor_role=actor.role if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        region_code=region_code,
        detail=detail or {},
        ip_address=_client_ip(request),
    )


# Demo branches: which Kalbar regencies each BPJS Ketenagakerjaan branch serves.
# This is demo master data, editable in the admin, not an authoritative list.
DEMO_BRANCHES = {
    "BPJS Ketenagakerjaan Cabang Pontianak": [
        "61.71", "61.12", "61.02", "61.08", "61.04", "61.11", "61.03", "61.09",
    ],
    "BPJS Ketenagakerjaan Cabang Singkawang": ["61.72", "61.01", "61.07"],
    "BPJS Ketenagakerjaan Cabang Sintang": ["61.05", "61.06", "61.10"],
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    scope: str


@transaction.atomic
def create_demo_accounts(*, password: str) -> list[DemoAccount]:
    """One account per role (idempotent: existing accounts get the password reset)."""
    for name, codes in DEMO_BRANCHES.items():
        branch, _ = BpjsBranch.objects.get_or_create(name=name)
        branch.regencies.set(Region.objects.filter(code__in=codes))
    sambas = Region.objects.get(code="61.01")
    pontianak_branch = BpjsBranch.objects.get(name="BPJS Ketenagakerjaan Cabang Pontianak")
    specs = [
        ("provinsi", Role.PROVINSI, {"first_name": "Staf", "last_name": "Disnakertrans Kalbar"},
         "Provinsi Kalimantan Barat"),
        ("sambas", Role.KABUPATEN, {"regency": sambas, "first_name": "Operator",
                                    "last_name": "Kabupaten Sambas"}, sambas.name),
        ("bpjs", Role.BPJS, {"branch": pontianak_branch, "first_name": "Petugas",
                             "last_name": "BPJS Cabang Pontianak"}, pontianak_branch.name),
        ("pimpinan", Role.PIMPINAN, {"first_name": "Pimpinan", "last_name": "Daerah"},
         "Provinsi Kalimantan Barat (NIK tersamar)"),
    ]
    accounts = []
    for username, role, extra, scope in specs:
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.regency = extra.pop("regency", None)
        user.branch = extra.pop("branch", None)
        for field, value in extra.items():
            setattr(user, field, value)
        # Province staff administer master data (regions, denominators, users).
        user.is_staff = role == Role.PROVINSI
        user.is_superuser = role == Role.PROVINSI
        user.set_password(password)
        user.full_clean()
        user.save()
        accounts.append(DemoAccount(username=username, role=role, scope=scope))
    return accounts


# API tokens: "ucj_" and 43 URL-safe characters (256 random bits). Only the SHA-256 digest
# is stored; a token is shown once, when it is made, and can be revoked at any time.
TOKEN_PREFIX = "ucj_"


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class NewApiToken:
    token: ApiToken
    raw: str  # show it to the user once; it is not stored


def create_api_token(*, user: User, name: str, expires_at: datetime | None = None,
                     by: User | None = None, request: HttpRequest | None = None) -> NewApiToken:
    """A new token for `user`; it acts with `user`'s role and regions."""
    name = name.strip()
    if not name:
        raise ValueError("name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:12],
                                    digest=token_digest(raw), expires_at=expires_at)
    record_audit(actor=by or user, action=AuditAction.CREATE, obj=token, request=request,
                 detail={"for": user.get_username()})
    return NewApiToken(token=token, raw=raw)


def revoke_api_token(*, token: ApiToken, by: User | None = None,
                     request: HttpRequest | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(actor=by or token.user, action=AuditAction.DELETE, obj=token,
                     request=request, detail={"for": token.user.get_username()})
    return token


def touch_api_token(token: ApiToken) -> None:
    """Record the use of a token, at most once a minute (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# --- master data: BPJS branches and users (issue 18 item 4) --------------------------------

USER_FIELDS = ("username", "first_name", "last_name", "email", "role", "regency", "branch",
               "is_active")


@transaction.atomic
def save_branch(*, user: User, branch: BpjsBranch | None = None, name: str,
                regency_codes: list[str], request: HttpRequest | None = None) -> BpjsBranch:
    """Adds a BPJS branch or changes one: its name and the regencies it serves (which
    decide what its officers see). Raises ValidationError saying what is wrong."""
    from django.core.exceptions import ValidationError

    from ucj.accounts import rights
    from ucj.accounts.selectors import province_regency_codes

    rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    created = branch is None
    branch = BpjsBranch() if created else BpjsBranch.objects.select_for_update().get(
        pk=branch.pk)
    before = [] if created else sorted(branch.regencies.values_list("code", flat=True))
    codes = sorted(set(regency_codes))
    outside = sorted(set(codes) - province_regency_codes())
    if outside:
        raise ValidationError({"regencies": f"{', '.join(outside)}"})
    old_name = branch.name
    branch.name = " ".join(name.split())
    branch.full_clean()
    branch.save()
    branch.regencies.set(Region.objects.filter(code__in=codes))
    record_audit(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                 obj=branch, request=request,
                 detail={"name": [old_name, branch.name] if old_name != branch.name else
                         branch.name, "regencies": {"before": before, "after": codes}})
    return branch


def delete_branch(*, user: User, branch: BpjsBranch, request: HttpRequest | None = None) -> None:
    """Removes a BPJS branch that no officer belongs to (their scope comes from it);
    raises ValidationError naming how many officers to move first."""
    from django.core.exceptions import ValidationError

    from ucj.accounts import rights

    rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    officers = branch.officers.count()
    if officers:
        raise ValidationError(ngettext(
            "%(count)d officer still belongs to this branch: give them another branch on "
            "the Users page first.",
            "%(count)d officers still belong to this branch: give them another branch on "
            "the Users page first.", officers) % {"count": officers})
    record_audit(actor=user, action=AuditAction.DELETE, obj=branch, request=request,
                 detail={"name": branch.name,
                         "regencies": sorted(branch.regencies.values_list("code", flat=True))})
    branch.delete()


@transaction.atomic
def save_user(*, user: User, account: User | None = None, password: str = "",
              request: HttpRequest | None = None, **fields: Any) -> User:
    """Adds a user or changes one: names, e-mail, role and its regency or branch, whether
    the account is active, and (when given) a new password. Province staff manage users;
    a superuser's account is changed only by a superuser, nobody takes away their own
    role or access here, and nobody is made superuser or staff here (the admin is for
    superusers). Raises ValidationError saying what is wrong; the audit trail records
    which fields changed, never the password."""
    from django.contrib.auth import password_validation
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    from ucj.accounts import rights

    rights.require(user, rights.Action.AUDIT_AND_USERS)
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    created = account is None
    account = User() if created else User.objects.select_for_update().get(pk=account.pk)
    if account.is_superuser and not user.is_superuser:
        raise PermissionDenied("a superuser's account is changed by a superuser")
    if not created and account.pk == user.pk and (
            fields.get("role", account.role) != account.role
            or not fields.get("is_active", True)):
        raise ValidationError(_("You cannot change your own role or deactivate your own "
                                "account: ask another member of the province staff."))
    before = {name: getattr(account, name) for name in USER_FIELDS}
    for name, value in fields.items():
        setattr(account, name, value)
    # Only the role's own region is kept: an operator's regency, an officer's branch.
    if account.role != Role.KABUPATEN:
        account.regency = None
    if account.role != Role.BPJS:
        account.branch = None
    if created and not password:
        raise ValidationError({"password": _("Give the new user a password.")})
    account.full_clean(exclude=["password"])
    if password:
        password_validation.validate_password(password, account)
        account.set_password(password)
    account.save()
    changed = sorted(name for name in USER_FIELDS if getattr(account, name) != before[name])
    detail: dict[str, Any] = {"fields": changed, "role": account.role}
    if password:
        detail["password_set"] = True
    record_audit(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                 obj=account, request=request,
                 region_code=account.regency_id or "", detail=detail)
    return account
