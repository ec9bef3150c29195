from django.utils.functional import SimpleLazyObject

from ucj.accounts.rights import Action, may
from ucj.accounts.selectors import can_manage_master_data, can_read_audit_trail


def permissions(request):
    """What the navigation may offer; the views check the same selectors again."""
    user = request.user
    return {
        "can_read_audit_trail": can_read_audit_trail(user),
        "can_manage_master_data": can_manage_master_data(user),
        "can_resolve_nik_conflicts": may(user, Action.RESOLVE_NIK_CONFLICTS),
    }


def queue_badges(request):
    """The menu's counts of work waiting (core.queues), counted only when a page draws
    the menu, once per request, and only what the user's role does."""
    from ucj.core import queues

    return {"queue_badges": SimpleLazyObject(lambda: queues.for_request(request).badges)}
