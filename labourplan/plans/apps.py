from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "labourplan.plans"
    verbose_name = _("Action plans")

    def ready(self):
        from labourplan.plans import stamps

        stamps.connect()
