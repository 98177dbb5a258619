"""The REST API's token authentication: `Authorization: Token <key>` with a personal API token.

The pages' own calls keep using the session (DRF's SessionAuthentication, with its CSRF check)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular import authentication as drf_spectacular_authentication
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions

from labourplan.accounts.models import ApiToken
from labourplan.accounts.services import hash_token

CSRF_FAILED = "csrf_failed"  # the code labourplan.lib.api's handler answers with a Thai message

# Marking a token as used costs a write: at most once in this interval.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The API token is not valid, or was revoked."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The API token is not valid, or was revoked.")) from None
        token = (
            ApiToken.objects.active().select_related("user", "user__province").filter(key_hash=hash_token(key)).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The API token is not valid, or was revoked."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, whose CSRF refusal says that it is one (code csrf_failed)."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc.detail), code=CSRF_FAILED) from None


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Tells the OpenAPI schema (and Swagger UI's Authorize button) how the token is sent."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=ApiTokenAuthentication.keyword
        )


class SessionScheme(drf_spectacular_authentication.SessionScheme):
    target_class = SessionAuthentication
