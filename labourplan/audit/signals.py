"""Signing in and out, as Django's auth signals tell them, into the audit trail.

(Signals are the one way to hear about every sign-in: the password form, Google sign-in and the
admin's login all send them. Nothing else is done here.)"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record


def stamp_last_login(sender, request, user, **kwargs):
    user.last_login = timezone.now()
    type(user).objects.filter(pk=user.pk).update(last_login=user.last_login)


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    record(action=AuditEvent.Action.SIGN_IN, user=user, province=user.province, request=request)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(action=AuditEvent.Action.SIGN_OUT, user=user, province=user.province, request=request)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(action=AuditEvent.Action.SIGN_IN_FAILED, username=username or "?", request=request)
