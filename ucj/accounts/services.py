"""Writes about users and the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from ucj.accounts.models import AuditAction, AuditEvent, BpjsBranch, Role, User
from ucj.regions.models import Region


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
