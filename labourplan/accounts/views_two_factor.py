"""Pages of the two-factor sign-in: giving the second factor, setting up an authenticator app,
new recovery codes, and the centre's reset of a person's devices (with a reason)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.middleware import csrf
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from labourplan.accounts import two_factor
from labourplan.accounts.models import User
from labourplan.accounts.permissions import Action, require


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class ResetForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def passkey_config(request) -> dict:
    """What django-otp-webauthn's scripts read from the page (json_script "otp_webauthn_config")."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("passkey_sign_in_begin"),
        "completeAuthenticationUrl": reverse("passkey_sign_in_complete"),
        "beginRegistrationUrl": reverse("passkey_register_begin"),
        "completeRegistrationUrl": reverse("passkey_register_complete"),
        "addedUrl": reverse("passkey_added"),
    }


@login_required
def verify(request):
    if not request.user.two_factor_enabled:
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if two_factor.verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error(
            "code", _("The code is not right. Type the 6 digits the app shows now, or one of your recovery codes.")
        )
    context = {"form": form, "next": _next(request), "passkeys": two_factor.passkeys(request.user).exists()}
    if context["passkeys"]:
        context["passkey_config"] = passkey_config(request)
    return render(request, "accounts/two_factor_verify.html", context)


@login_required
def setup(request):
    """Set up (or replace) the authenticator app: the QR code, its secret, the first code."""
    if request.user.two_factor_enabled and not request.user.is_verified():
        return redirect("two_factor_verify")  # replacing it needs the current one first
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            codes = two_factor.confirm_authenticator(request=request, device=device, code=form.cleaned_data["code"])
        except two_factor.TwoFactorError as exc:
            form.add_error("code", exc.message)
        else:
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
    context = {
        "form": form,
        "qr": two_factor.qr_code_svg(device),
        "secret": two_factor.base32_secret(device),
        "next": _next(request),
        "required": two_factor.is_required(request.user),
        "passkeys": list(two_factor.passkeys(request.user)),
        "passkey_config": passkey_config(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_POST
def recovery_codes(request):
    if not (request.user.two_factor_enabled and two_factor.has_recent_second_factor(request)):
        return redirect_to_verify(request, "profile")
    codes = two_factor.new_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/accounts/profile/"})


@login_required
@require_POST
def remove_authenticator(request, pk):
    return _remove(request, get_object_or_404(two_factor.authenticators(request.user), pk=pk))


@login_required
@require_POST
def remove_passkey(request, pk):
    return _remove(request, get_object_or_404(two_factor.passkeys(request.user), pk=pk))


def _remove(request, device):
    """One's own device only (anyone else's is 404 above), with the second factor given recently."""
    if not two_factor.has_recent_second_factor(request):
        return redirect_to_verify(request, "profile")
    try:
        two_factor.remove_device(request=request, device=device)
    except two_factor.TwoFactorError as exc:
        messages.error(request, exc.message)
    else:
        if request.user.two_factor_enabled:
            messages.success(request, _("“%(name)s” is removed from your second factors.") % {"name": device.name})
        else:
            messages.success(
                request,
                _("“%(name)s” is removed. Two-factor sign-in is off, and your recovery codes no longer work.")
                % {"name": device.name},
            )
    return redirect(reverse("profile") + "#two-factor")


def redirect_to_verify(request, then: str):
    messages.info(request, _("Give your second factor again to continue."))
    return redirect(f"{reverse('two_factor_verify')}?next={reverse(then)}")


@login_required
def reset(request, pk):
    """The centre removes a person's authenticator and recovery codes, giving the reason."""
    require(request.user, Action.ADMINISTER)
    person = get_object_or_404(User.objects.select_related("province"), pk=pk)
    form = ResetForm(request.POST or None)
    if form.is_valid():
        two_factor.reset_devices(user=person, by=request.user, reason=form.cleaned_data["reason"], request=request)
        messages.success(
            request, _("%(name)s sets up two-factor sign-in again at the next sign-in.") % {"name": person}
        )
        return redirect("admin:accounts_user_change", person.pk)
    return render(request, "accounts/two_factor_reset.html", {"form": form, "person": person})
