"""What each role may do: the one table of role rights (ARCHITECTURE.md, "Who uses it").

Every service that writes asks `require(user, Action.X, regency_code)` before it changes
anything; pages and the API ask `may(...)` only to decide what to show. Region scope (which
regencies a user sees) comes from the selectors (`region_scope`); this table says, per
action and role, whether the role may act in the whole province, in its own regions (a
regency operator's regency, a BPJS officer's branch), or not at all.

The leader (pimpinan) appears in no row: leaders write nothing, anywhere. A user's own
account (password, API tokens, language) is not in the table: every signed-in user keeps
their own."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from ucj.accounts.models import Role, User


class Action(StrEnum):
    UPLOAD_WORKERS = "upload_workers"  # upload worker lists, fix rows, resolve own uploads
    RESOLVE_NIK_CONFLICTS = "resolve_nik_conflicts"  # a NIK listed by two regencies
    CORRECT_WORKERS = "correct_workers"  # correct a registered worker's field by hand
    MANAGE_MEMBERSHIP = "manage_membership"  # extracts, reconciliation, link review
    # A reconciliation that would drop many active workers waits for the province.
    CONFIRM_RECONCILIATION = "confirm_reconciliation"
    IMPORT_COUNTS = "import_counts"  # BPJS aggregate counts of active participants
    MANAGE_MASTER_DATA = "manage_master_data"  # denominators, targets, rules, weights, settings, branches
    PLAN_BUDGETS = "plan_budgets"  # budgets, scenarios, adoption
    PROPOSE = "propose"  # build, submit and resubmit proposals
    VERIFY_AND_DECREE = "verify_and_decree"  # verify proposals, issue and amend decrees
    EXPORT_REGISTRATION = "export_registration"  # decree files with full NIK (BPJS CSV)
    MANAGE_VISITS = "manage_visits"  # schedule visits, minutes, agree action items
    FOLLOW_UP = "follow_up"  # action items' progress and evidence, compliance, socialisation
    AUDIT_AND_USERS = "audit_and_users"


# Where a role may act: the whole province, or only its own regions.
PROVINCE = "province"
OWN = "own"

RIGHTS: dict[Action, dict[str, str]] = {
    Action.UPLOAD_WORKERS: {Role.PROVINSI: PROVINCE, Role.KABUPATEN: OWN},
    Action.RESOLVE_NIK_CONFLICTS: {Role.PROVINSI: PROVINCE},
    Action.CORRECT_WORKERS: {Role.PROVINSI: PROVINCE},
    Action.MANAGE_MEMBERSHIP: {Role.PROVINSI: PROVINCE, Role.BPJS: OWN},
    Action.CONFIRM_RECONCILIATION: {Role.PROVINSI: PROVINCE},
    Action.IMPORT_COUNTS: {Role.PROVINSI: PROVINCE, Role.BPJS: OWN},
    Action.MANAGE_MASTER_DATA: {Role.PROVINSI: PROVINCE},
    Action.PLAN_BUDGETS: {Role.PROVINSI: PROVINCE},
    Action.PROPOSE: {Role.PROVINSI: PROVINCE, Role.KABUPATEN: OWN},
    Action.VERIFY_AND_DECREE: {Role.PROVINSI: PROVINCE},
    Action.EXPORT_REGISTRATION: {Role.PROVINSI: PROVINCE, Role.BPJS: OWN},
    Action.MANAGE_VISITS: {Role.PROVINSI: PROVINCE, Role.BPJS: OWN},
    Action.FOLLOW_UP: {Role.PROVINSI: PROVINCE, Role.KABUPATEN: OWN, Role.BPJS: OWN},
    Action.AUDIT_AND_USERS: {Role.PROVINSI: PROVINCE},
}


def reach(user: User | None, action: Action) -> str | None:
    """PROVINCE, OWN, or None when the user may not take the action at all."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return PROVINCE
    return RIGHTS[action].get(user.role)


def may(user: User | None, action: Action, regency_code: str | None = None) -> bool:
    """Whether the user may take the action; for a given regency (or anything below it)
    when `regency_code` is given. Without one, whether the user may take it anywhere."""
    if reach(user, action) is None:
        return False
    from ucj.accounts.selectors import region_scope  # selectors import this module

    # The province's staff are scoped to the province's regencies; the others to their own.
    scope = region_scope(user)
    return bool(scope.regency_codes) if regency_code is None else scope.allows(regency_code)


def require(user: User | None, action: Action, regency_code: str | None = None) -> None:
    """Raise PermissionDenied unless the user may take the action (in that regency)."""
    if not may(user, action, regency_code):
        raise PermissionDenied(f"{action} not allowed")


def regencies_where(user: User | None, action: Action) -> list:
    """The current regencies in which the user may take the action, by code (the choices
    of a form that names a regency)."""
    from ucj.accounts.selectors import regencies_in_scope

    if reach(user, action) is None:
        return []
    return list(regencies_in_scope(user))


def require_posted_regency(request, action: Action, field: str = "regency") -> None:
    """A form that names its regency: a POST naming one where the user may not act is
    refused (403) before the form is read, rather than answered as a wrong choice."""
    code = request.POST.get(field, "") if request.method == "POST" else ""
    if code and not may(request.user, action, code):
        raise PermissionDenied(f"{action} not allowed in {code}")


def table() -> list[tuple[str, dict[str, str]]]:
    """The table as rows of (action, {role: reach or "-"}), for docs and tests."""
    return [(action.value, {role.value: RIGHTS[action].get(role, "-") for role in Role})
            for action in Action]
