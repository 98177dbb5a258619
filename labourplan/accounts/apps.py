from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "labourplan.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from labourplan.accounts import checks  # noqa: F401 (registers the deploy check)
