"""Passkeys (WebAuthn) as a second factor, on django-otp-webauthn's views: registering one (on the
two-factor set-up page) and giving one after the password. Both ceremonies are JSON calls made by
the library's script; these views add what the project keeps: two-factor sign-in switched on, the
recovery codes of a first second factor, the time the factor was given and the audit trail.

A passkey never replaces the password (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is off): the
sign-in ceremony needs a signed-in person, and only that person's passkeys answer it."""

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn

from labourplan.accounts import two_factor
from labourplan.accounts.views_two_factor import _next

logger = logging.getLogger("labourplan.passkeys")


class RefuseMalformed:
    """An answer py_webauthn cannot even decode (a user handle that is not base64url, a credential
    type it does not know…) is the client's error, 400, not a server error (found by fuzzing)."""

    def handle_exception(self, exc):
        if isinstance(exc, ValueError | TypeError | KeyError | AttributeError):  # binascii, Unicode errors too
            logger.warning("Malformed passkey answer refused: %r", exc)
            exc = exceptions.MalformedRequest()
        return super().handle_exception(exc)


class RegisterBegin(webauthn.BeginCredentialRegistrationView):
    pass


class RegisterComplete(RefuseMalformed, webauthn.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        device = two_factor.passkeys(self.request.user).get(pk=json.loads(response.content)["id"])
        two_factor.passkey_added(request=self.request, device=device)
        return response


class SignInBegin(webauthn.BeginCredentialAuthenticationView):
    pass


class SignInComplete(RefuseMalformed, webauthn.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        two_factor.passkey_verified(request=self.request, device=device)

    def get_success_url(self):
        return self.get_redirect_url() or "/"


@login_required
def added(request):
    """Where the page goes once a passkey is registered: the recovery codes of a first second
    factor (shown once), else back with a message."""
    codes = request.session.pop(two_factor.PASSKEY_CODES, None)
    if codes:
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
    messages.success(request, _("Your passkey is added. Sign in with it after your password."))
    return redirect(_next(request) if _next(request) != "/" else "profile")


# The Thai of the library's script messages lives in the project's djangojs catalogue.
catalog = JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])
