from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"oidc_enabled": settings.OIDC_ENABLED})


def _when_oidc_enabled(view):
    def wrapped(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


oidc_authenticate = _when_oidc_enabled(OIDCAuthenticationRequestView.as_view())
oidc_callback = _when_oidc_enabled(OIDCAuthenticationCallbackView.as_view())
