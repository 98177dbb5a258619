from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class RoleModelBackend(ModelBackend):
    """Username and password, and the Django admin opened to central administrators by role.

    Central administrators maintain reference data and users in the admin: they hold every
    model permission there, so no group or permission row has to be kept in step with roles.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if user_obj.is_active and getattr(user_obj, "is_central_admin", False):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and getattr(user_obj, "is_central_admin", False):
            return True
        return super().has_module_perms(user_obj, app_label)


class GoogleOIDCBackend(OIDCAuthenticationBackend):
    """Google sign-in for officers whose Gmail address the centre has put on their account."""

    def verify_claims(self, claims):
        return bool(claims.get("email")) and claims.get("email_verified") is True

    def filter_users_by_claims(self, claims):
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout for sign-ins from the web. An authentication without a request (the
    shell, Django's test client `login()`) is no sign-in over the web: left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
