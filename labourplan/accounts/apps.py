from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "labourplan.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from labourplan.accounts import checks  # noqa: F401 (registers the deploy check)
        from labourplan.accounts.sessions import signed_in, signed_out

        # Every way of signing in (password, Google, the admin, force_login) sends it.
        user_logged_in.connect(signed_in, dispatch_uid="accounts_session_started")
        user_logged_out.connect(signed_out, dispatch_uid="accounts_session_ended")
