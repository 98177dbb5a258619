"""One helper per object type of Form 2: fetch it for a user, or refuse (404 outside the province,
403 when the role lacks the action). Pages and API alike ask here."""

from django.db.models import QuerySet

from labourplan.accounts.permissions import Action, get_for_user, scope_to_user
from labourplan.reports.models import MonthlyReport, ReportEvidence


def reports_for_user(user) -> QuerySet[MonthlyReport]:
    """The reports `user` may see, with what a list line shows (province, fiscal year) joined in."""
    queryset = MonthlyReport.objects.select_related("plan__province", "plan__fiscal_year")
    return scope_to_user(user, queryset, province_field="plan__province")


def get_report_for_user(user, pk, *, action: Action = Action.VIEW) -> MonthlyReport:
    queryset = MonthlyReport.objects.select_related("plan__province", "plan__fiscal_year")
    return get_for_user(user, queryset, action=action, province_field="plan__province", pk=pk)


def get_evidence_for_user(user, pk, *, action: Action = Action.VIEW) -> ReportEvidence:
    queryset = ReportEvidence.objects.select_related("report__plan")
    return get_for_user(user, queryset, action=action, province_field="report__plan__province", pk=pk)
