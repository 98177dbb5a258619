from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "labourplan.quality"
    verbose_name = _("Data quality")

    def ready(self):
        # The checks run after a report is sent; the reports app knows nothing of this one.
        from labourplan.quality import services
        from labourplan.reports.services import after_submit

        after_submit.append(services.check_after_submit)
