from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "labourplan.reports"
    verbose_name = _("Monthly reports")

    def ready(self):
        from labourplan.plans import stamps
        from labourplan.reports.models import MonthlyReport, ReportResult

        def plan_of_result(result: ReportResult):
            report = stamps.held(result, "report")
            if report is not None:
                return report.plan_id
            return MonthlyReport.objects.filter(pk=result.report_id).values_list("plan_id", flat=True).first()

        # A monthly report and its results are part of their plan's data (plans/stamps.py).
        stamps.register(MonthlyReport)
        stamps.register(ReportResult, plan_of_result)
