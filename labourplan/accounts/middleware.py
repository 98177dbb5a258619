import json
import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from labourplan.accounts import sessions, two_factor

# Reachable before the second factor: giving or setting it up, signing out, the language switch,
# static files and the health check.
_OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")


class TwoFactorMiddleware:
    """A signed-in person who needs a second factor reaches no page, and no API call made with the
    session, before giving it. (A call with an API token has no session user here: unaffected.)

    Reads only the user row already loaded, so a person without a second factor costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and two_factor.needs_second_factor(user)
            and not user.is_verified()
        ):
            return self._refuse(request, user)
        return self.get_response(request)

    def _refuse(self, request, user):
        if request.path.startswith("/api/"):
            body = {
                "code": "second_factor_required",
                "message": _("Complete the two-factor sign-in in the browser first."),
                "errors": {},
            }
            return HttpResponse(json.dumps(body, ensure_ascii=False), status=403, content_type="application/json")
        target = "two_factor_verify" if user.two_factor_enabled else "two_factor_setup"
        return redirect_to_login(request.get_full_path(), reverse(target))


class SessionLimitsMiddleware:
    """Sign out a session idle for SESSION_IDLE_MINUTES, or signed in SESSION_ABSOLUTE_HOURS ago;
    note the last use of the others (written at most once a minute). Asking how long is left
    (the page's warning before the idle timeout) is not a use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            reason = sessions.expired_reason(request, now)
            if reason:
                return self._signed_out(request, reason)
            if not (request.method == "GET" and request.path == reverse("session_status")):
                sessions.seen(request, now)
        return self.get_response(request)

    def _signed_out(self, request, reason):
        logout(request)
        if reason == "idle":
            message = _("You were signed out after %(minutes)s minutes without activity. Sign in again.") % {
                "minutes": sessions.idle_seconds() // 60
            }
        else:
            message = _("Your session reached its limit of %(hours)s hours. Sign in again.") % {
                "hours": sessions.absolute_seconds() // 3600
            }
        if request.path.startswith("/api/") or request.path == reverse("session_status"):
            body = {"code": "session_expired", "message": message, "errors": {}}
            return HttpResponse(json.dumps(body, ensure_ascii=False), status=401, content_type="application/json")
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())
