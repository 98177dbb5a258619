from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "labourplan.evaluation"
    verbose_name = _("KPI evaluation")
