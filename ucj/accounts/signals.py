from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ucj.accounts.models import AuditAction
from ucj.accounts.services import record_audit


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record_audit(actor=user, action=AuditAction.LOGIN, request=request)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record_audit(actor=user, action=AuditAction.LOGOUT, request=request)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted username only; never the password.
    record_audit(actor=None, action=AuditAction.LOGIN_FAILED, request=request,
                 detail={"username": str(credentials.get("username", ""))[:150]})


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    # The failed attempt itself is recorded above; this line says it locked the login.
    record_audit(actor=None, action=AuditAction.LOGIN_FAILED, request=request,
                 detail={"username": str(username or "")[:150], "locked_out": True})
