from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "labourplan.quality"
    verbose_name = _("Data quality")

    def ready(self):
        # The checks run after a report is sent; the reports app knows nothing of this one.
        from labourplan.plans import stamps
        from labourplan.quality import services
        from labourplan.quality.models import Finding
        from labourplan.reports.services import after_submit

        after_submit.append(services.check_after_submit)
        # The score (quality/score.py) counts a plan's findings: they renew its data token, so the
        # dashboard's cached pieces follow them (plans/stamps.py). run_checks, writing in bulk,
        # renews the tokens itself.
        stamps.register(Finding)
