"""A person's own signed-in sessions: the list, signing the others out, the idle warning's
status and "stay signed in"; password changes and resets that sign out everywhere else."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from labourplan.accounts import sessions


@login_required
@require_http_methods(["GET", "POST"])
def status(request):
    """GET: how long this session has left (not a use of it). POST: stay signed in."""
    now = time.time()
    if request.method == "POST":
        sessions.seen(request, now, force=True)
    return JsonResponse(
        {
            "seconds_left": sessions.seconds_left(request, now),
            "idle_seconds": sessions.idle_seconds(),
            "warn_before": settings.SESSION_WARNING_SECONDS,
        }
    )


@login_required
def session_list(request):
    rows = list(sessions.active_sessions(request.user))
    for row in rows:
        row.current = row.is_current(request)
    context = {"rows": rows, "idle_minutes": settings.SESSION_IDLE_MINUTES, "hours": settings.SESSION_ABSOLUTE_HOURS}
    return render(request, "accounts/sessions.html", context)


@login_required
@require_POST
def end_others(request):
    ended = sessions.end_sessions(user=request.user, keep_session_key=request.session.session_key, request=request)
    messages.success(request, _("Signed out of %(count)s other sessions.") % {"count": ended})
    return redirect("session_list")


@login_required
@require_POST
def end_one(request, pk):
    if sessions.end_one(user=request.user, pk=pk, request=request):
        messages.success(request, _("That session is signed out."))
    return redirect("session_list")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django keeps this session signed in; every other session of the person ends here."""

    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.password_changed(self.request, form.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A password set from the e-mailed link ends every session of the person."""

    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.end_sessions(user=form.user, request=self.request, reason="password_reset")
        return response
