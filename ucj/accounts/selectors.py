"""Reads about users, and the one place that answers "which regions may this user see"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from ucj.accounts import rights
from ucj.accounts.models import ApiToken, AuditEvent, Role, User
from ucj.regions.models import Level, Region

# Roles that need full NIKs for their work; leaders see masked numbers only.
FULL_NIK_ROLES = frozenset({Role.PROVINSI, Role.KABUPATEN, Role.BPJS})


@dataclass(frozen=True)
class RegionScope:
    province_code: str
    regency_codes: frozenset[str]

    def allows(self, code: str) -> bool:
        """Whether a region (or an object carrying its region code) is visible.

        The province itself is visible to everyone in it (its page lists only the
        regencies in scope); anything below is visible when its regency is."""
        parts = code.split(".")
        if len(parts) == 1:
            return code == self.province_code and bool(self.regency_codes)
        return ".".join(parts[:2]) in self.regency_codes

    def region_filter(self, field: str = "code") -> Q:
        """A Q that keeps the rows whose region code (in `field`) is in scope."""
        condition = Q(**{field: self.province_code}) if self.regency_codes else Q(pk__in=[])
        for regency in sorted(self.regency_codes):
            condition |= Q(**{field: regency}) | Q(**{f"{field}__startswith": f"{regency}."})
        return condition


def province_regency_codes() -> frozenset[str]:
    return frozenset(
        Region.objects.filter(parent_id=settings.UCJ_PROVINCE_CODE, level=Level.KABUPATEN_KOTA,
                              is_current=True).values_list("code", flat=True)
    )


def region_scope(user: User) -> RegionScope:
    """The user's regions. Kept on the user object for the rest of the request (a page
    asks many times); a change of role, regency or branch is seen at once."""
    key = (user.pk, getattr(user, "role", None), getattr(user, "regency_id", None),
           getattr(user, "branch_id", None), user.is_active, user.is_superuser)
    cached = getattr(user, "_ucj_region_scope", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    scope = _region_scope(user)
    if user.is_authenticated:
        user._ucj_region_scope = (key, scope)
    return scope


def _region_scope(user: User) -> RegionScope:
    province = settings.UCJ_PROVINCE_CODE
    if not user.is_authenticated or not user.is_active:
        codes: frozenset[str] = frozenset()
    elif user.role in (Role.PROVINSI, Role.PIMPINAN) or user.is_superuser:
        codes = province_regency_codes()
    elif user.role == Role.KABUPATEN:
        codes = frozenset({user.regency_id}) if user.regency_id else frozenset()
    elif user.role == Role.BPJS and user.branch_id:
        codes = frozenset(user.branch.regencies.values_list("code", flat=True))
    else:
        codes = frozenset()
    return RegionScope(province_code=province, regency_codes=codes)


def regions_in_scope(user: User, queryset: QuerySet[Region] | None = None) -> QuerySet[Region]:
    queryset = Region.objects.all() if queryset is None else queryset
    return queryset.filter(region_scope(user).region_filter("code"))


def regencies_in_scope(user: User) -> QuerySet[Region]:
    """The current regencies/cities the user may see, by code."""
    return regions_in_scope(user).filter(level=Level.KABUPATEN_KOTA,
                                         is_current=True).order_by("code")


def get_region_for_user(user: User, code: str) -> Region:
    """The region, or 404 when it does not exist or lies outside the user's scope
    (the two answers look the same, so a page does not leak what exists elsewhere)."""
    if not region_scope(user).allows(code):
        raise Http404
    try:
        return Region.objects.select_related("parent").get(code=code)
    except Region.DoesNotExist as missing:
        raise Http404 from missing


def can_see_full_nik(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in FULL_NIK_ROLES)


def can_manage_master_data(user: User) -> bool:
    """Province staff keep the master data: denominators, branches, users."""
    return rights.may(user, rights.Action.MANAGE_MASTER_DATA)


def can_manage_membership(user: User) -> bool:
    """BPJS officers and province staff import extracts, reconcile and review links."""
    return rights.may(user, rights.Action.MANAGE_MEMBERSHIP)


def can_read_audit_trail(user: User) -> bool:
    return rights.may(user, rights.Action.AUDIT_AND_USERS)


def audit_events(
    *,
    action: str = "",
    username: str = "",
    object_type: str = "",
    region_code: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if action:
        events = events.filter(action=action)
    if username:
        events = events.filter(actor_username__icontains=username)
    if object_type:
        events = events.filter(object_type=object_type)
    if region_code:
        events = events.filter(Q(region_code=region_code) | Q(region_code__startswith=f"{region_code}."))
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events


def audit_object_types() -> list[str]:
    return list(AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True)
                .distinct().exclude(object_type=""))


def active_api_token(raw: str) -> ApiToken | None:
    """The live token whose digest matches `raw`: not revoked, not expired, its user
    active. None otherwise (the caller answers 401 without saying which)."""
    import hashlib

    from django.utils import timezone

    if not raw or len(raw) > 200:
        return None
    digest = hashlib.sha256(raw.encode()).hexdigest()
    token = (ApiToken.objects.select_related("user").filter(digest=digest, revoked_at=None)
             .filter(Q(expires_at=None) | Q(expires_at__gt=timezone.now())).first())
    if token is None or not token.user.is_active:
        return None
    return token


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def province_reader(username: str = "ucj-cli") -> User:
    """An unsaved province officer: what the command line and the system's own
    computations (a budget's regencies, allocation inputs) see, without an account."""
    return User(username=username, role=Role.PROVINSI, is_active=True)
