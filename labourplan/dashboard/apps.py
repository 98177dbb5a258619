from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "labourplan.dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        from labourplan.dashboard.jobs import register_kinds

        register_kinds()
