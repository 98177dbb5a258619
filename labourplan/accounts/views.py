from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from labourplan.accounts import services, two_factor
from labourplan.accounts.models import ApiToken
from labourplan.accounts.views_two_factor import redirect_to_verify


def _profile(request, *, new_key: str = "", error: str = "", status: int = 200):
    context = {
        "oidc_enabled": settings.OIDC_ENABLED,
        "tokens": request.user.api_tokens.all(),
        "new_key": new_key,
        "token_error": error,
        "authenticators": two_factor.authenticators(request.user),
        "passkeys": two_factor.passkeys(request.user),
        "recovery_codes_left": two_factor.recovery_codes_left(request.user) if request.user.two_factor_enabled else 0,
        "two_factor_required": two_factor.is_required(request.user),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request):
    return _profile(request)


@login_required
@require_POST
def token_create(request):
    """The new key is shown on this answer only: it is stored as a hash."""
    if not two_factor.has_recent_second_factor(request):
        return redirect_to_verify(request, "profile")
    try:
        _token, key = services.create_api_token(user=request.user, name=request.POST.get("name", ""), request=request)
    except services.AccountError as exc:
        return _profile(request, error=exc.message, status=400)
    return _profile(request, new_key=key)


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(token=token, by=request.user, request=request)
    messages.success(
        request, _("The token “%(name)s” is revoked: programs using it are refused from now on.") % {"name": token.name}
    )
    return redirect("profile")


def _when_oidc_enabled(view):
    def wrapped(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


oidc_authenticate = _when_oidc_enabled(OIDCAuthenticationRequestView.as_view())
oidc_callback = _when_oidc_enabled(OIDCAuthenticationCallbackView.as_view())
