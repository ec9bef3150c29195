"""Writes to the contribution rules: entering a rule (unconfirmed) and confirming it once
its legal text is checked."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ucj.accounts import rights
from ucj.accounts.models import AuditAction, User
from ucj.accounts.services import record_audit
from ucj.premiums.models import Rule


@transaction.atomic
def confirm_rule(*, user: User, rule: Rule, request=None) -> Rule:
    """Marks `rule` confirmed (refused when it would overlap a confirmed rule of the same
    kind: the ValidationError says which)."""
    rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    rule.confirmed = True
    rule.full_clean()
    rule.confirmed_by = user
    rule.confirmed_at = timezone.now()
    rule.save(update_fields=["confirmed", "confirmed_by", "confirmed_at"])
    record_audit(actor=user, action=AuditAction.UPDATE, obj=rule, request=request,
                 detail={"confirmed": True})
    return rule


@transaction.atomic
def add_rule(*, user: User, rule: Rule, request=None) -> Rule:
    """Stores a new rule (an income bracket, a JP wage cap...) as staff entered it:
    unconfirmed, so it prices nothing until confirmed. Raises ValidationError saying what
    is wrong with it."""
    rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    rule.confirmed, rule.confirmed_by, rule.confirmed_at = False, None, None
    rule.full_clean()
    rule.save()
    record_audit(actor=user, action=AuditAction.CREATE, obj=rule, request=request)
    return rule


@transaction.atomic
def update_rule(*, user: User, rule: Rule, changed: list[str], request=None) -> Rule:
    """Stores a rule staff changed (`rule` holds the new values, `changed` names the
    fields). A changed rule must be confirmed again, as in the admin: its figures are no
    longer the checked ones, so it prices nothing until confirmed. Raises ValidationError
    saying what is wrong with it."""
    rights.require(user, rights.Action.MANAGE_MASTER_DATA)
    if not changed:
        return rule
    was_confirmed = rule.confirmed
    rule.confirmed, rule.confirmed_by, rule.confirmed_at = False, None, None
    rule.full_clean()
    rule.save()
    record_audit(actor=user, action=AuditAction.UPDATE, obj=rule, request=request,
                 detail={"fields": sorted(changed), "confirmed": False,
                         "was_confirmed": was_confirmed})
    return rule
