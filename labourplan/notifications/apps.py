from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "labourplan.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from labourplan.notifications import line  # noqa: F401 — registers the LINE channel
