from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualConfig(AppConfig):
    name = "labourplan.annual"
    verbose_name = _("Annual summary reports")

    def ready(self):
        from labourplan.annual.reminders import annual_notices
        from labourplan.reports.reminders import NOTICE_SOURCES

        if annual_notices not in NOTICE_SOURCES:
            NOTICE_SOURCES.append(annual_notices)

        from labourplan.annual.jobs import register_kinds

        register_kinds()
