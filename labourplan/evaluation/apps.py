from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "labourplan.evaluation"
    verbose_name = _("KPI evaluation")

    def ready(self):
        from labourplan.audit.retention import KEEP_FROM
        from labourplan.evaluation.services import open_evaluation_start

        if open_evaluation_start not in KEEP_FROM:
            KEEP_FROM.append(open_evaluation_start)
