"""Session limits: an idle timeout and an absolute lifetime, a person's list of their own signed-in
sessions (sign the others out), and signing out everywhere when the password changes.

The session holds when it was signed in and when it was last used; the last use is written at
most once a minute (SEEN_EVERY), so that pages cost no extra write on every request. One
UserSession row per signed-in session lets a person see and end their sessions elsewhere."""

import datetime
import time
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from labourplan.accounts.models import UserSession
from labourplan.audit import services as audit
from labourplan.audit.models import AuditEvent
from labourplan.lib.client import client_address

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
SEEN_EVERY = 60  # seconds between two writes of the last use


def idle_seconds() -> int:
    return settings.SESSION_IDLE_MINUTES * 60


def absolute_seconds() -> int:
    return settings.SESSION_ABSOLUTE_HOURS * 3600


def started(request, user, *, fresh: bool = True) -> None:
    """A sign-in (or, not fresh, the same session under a new key): stamp the session and keep a
    row of it for the person's list."""
    now = int(time.time())
    if fresh or SIGNED_IN_AT not in request.session:
        request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip_address": client_address(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "signed_in_at": datetime.datetime.fromtimestamp(request.session[SIGNED_IN_AT], tz=datetime.UTC),
        },
    )


def signed_in(sender, request, user, **kwargs):
    """Django's user_logged_in (every way of signing in sends it)."""
    if request is not None and hasattr(request, "session"):
        started(request, user)


def signed_out(sender, request, user, **kwargs):
    """Django's user_logged_out: the session's row goes with it."""
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


def password_changed(request, user) -> None:
    """After a password change, every other session of the person ends; this one goes on."""
    end_sessions(user=user, keep_session_key=request.session.session_key, request=request, reason="password_changed")
    started(request, user, fresh=False)


def expired_reason(request, now: float) -> str | None:
    """ "idle" or "absolute" when the session has run out, else None."""
    signed_in = request.session.get(SIGNED_IN_AT)
    last_seen = request.session.get(LAST_SEEN_AT)
    if signed_in is None or last_seen is None:
        return None
    if now - signed_in > absolute_seconds():
        return "absolute"
    if now - last_seen > idle_seconds():
        return "idle"
    return None


def seen(request, now: float, *, force: bool = False) -> None:
    last_seen = request.session.get(LAST_SEEN_AT)
    if last_seen is None:  # a session from before these limits: from now on
        request.session[SIGNED_IN_AT] = int(now)
    if force or last_seen is None or now - last_seen >= SEEN_EVERY:
        request.session[LAST_SEEN_AT] = int(now)
        if request.session.session_key:
            UserSession.objects.filter(session_key=request.session.session_key).update(last_seen_at=timezone.now())


def seconds_left(request, now: float) -> int:
    signed_in = request.session.get(SIGNED_IN_AT, now)
    last_seen = request.session.get(LAST_SEEN_AT, now)
    return int(max(0, min(last_seen + idle_seconds(), signed_in + absolute_seconds()) - now))


def active_sessions(user):
    """The person's sessions that have not run out (rows of ended ones are left to end_sessions)."""
    now = timezone.now()
    return UserSession.objects.filter(
        user=user,
        last_seen_at__gt=now - datetime.timedelta(seconds=idle_seconds() + SEEN_EVERY),
        signed_in_at__gt=now - datetime.timedelta(seconds=absolute_seconds()),
    )


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


@transaction.atomic
def end_sessions(*, user, keep_session_key: str | None = None, by=None, request=None, reason: str = "") -> int:
    """Sign the person out of every session but `keep_session_key` (or all of them)."""
    rows = UserSession.objects.filter(user=user)
    if keep_session_key:
        rows = rows.exclude(session_key=keep_session_key)
    keys = list(rows.values_list("session_key", flat=True))
    store = _store()
    for key in keys:
        store(session_key=key).delete()
    rows.delete()
    if keys:
        audit.record(
            action=AuditEvent.Action.SIGN_OUT,
            user=by or user,
            obj=user,
            request=request,
            sessions_ended=len(keys),
            reason=reason,
        )
    return len(keys)


def end_one(*, user, pk: int, request=None) -> bool:
    row = UserSession.objects.filter(user=user, pk=pk).exclude(session_key=request.session.session_key).first()
    if row is None:
        return False
    _store()(session_key=row.session_key).delete()
    row.delete()
    audit.record(action=AuditEvent.Action.SIGN_OUT, user=user, obj=user, request=request, sessions_ended=1)
    return True
