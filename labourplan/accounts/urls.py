from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from labourplan.accounts import views, views_passkeys, views_sessions, views_two_factor
from labourplan.accounts.forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("two-factor/", views_two_factor.verify, name="two_factor_verify"),
    path("two-factor/setup/", views_two_factor.setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views_two_factor.recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/passkeys/register/begin/", views_passkeys.RegisterBegin.as_view(), name="passkey_register_begin"),
    path(
        "two-factor/passkeys/register/complete/",
        views_passkeys.RegisterComplete.as_view(),
        name="passkey_register_complete",
    ),
    path("two-factor/passkeys/added/", views_passkeys.added, name="passkey_added"),
    path("two-factor/passkeys/sign-in/begin/", views_passkeys.SignInBegin.as_view(), name="passkey_sign_in_begin"),
    path(
        "two-factor/passkeys/sign-in/complete/",
        views_passkeys.SignInComplete.as_view(),
        name="passkey_sign_in_complete",
    ),
    # Outside two-factor/: removing a device is for a session that has given its second factor.
    path(
        "devices/authenticator/<int:pk>/remove/",
        views_two_factor.remove_authenticator,
        name="two_factor_remove_authenticator",
    ),
    path("devices/passkeys/<int:pk>/remove/", views_two_factor.remove_passkey, name="passkey_remove"),
    path("two-factor/passkeys/jsi18n/", views_passkeys.catalog, name="passkey_jsi18n"),
    path("people/<int:pk>/two-factor/reset/", views_two_factor.reset, name="two_factor_reset"),
    path("sessions/", views_sessions.session_list, name="session_list"),
    path("sessions/end-others/", views_sessions.end_others, name="session_end_others"),
    path("sessions/<int:pk>/end/", views_sessions.end_one, name="session_end"),
    path("session/", views_sessions.status, name="session_status"),
    path("password/change/", views_sessions.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views_sessions.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # Names required by mozilla-django-oidc.
    path("oidc/authenticate/", views.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", views.oidc_callback, name="oidc_authentication_callback"),
]
