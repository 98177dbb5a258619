"""Fetch a Form 3 for a user, or refuse (404 outside the province, 403 when the role lacks the action)."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from labourplan.accounts.permissions import Action, get_for_user, scope_to_user
from labourplan.annual.models import AnnualItem, AnnualReport


def annual_reports_for_user(user) -> QuerySet[AnnualReport]:
    queryset = AnnualReport.objects.select_related("plan__province", "plan__fiscal_year")
    return scope_to_user(user, queryset, province_field="plan__province")


def get_annual_report_for_user(user, pk, *, action: Action = Action.VIEW) -> AnnualReport:
    queryset = AnnualReport.objects.select_related("plan__province__region", "plan__fiscal_year__framework")
    return get_for_user(user, queryset, action=action, province_field="plan__province", pk=pk)


def get_annual_item_for_user(user, pk, *, action: Action = Action.VIEW) -> AnnualItem:
    queryset = AnnualItem.objects.select_related("report__plan")
    return get_for_user(user, queryset, action=action, province_field="report__plan__province", pk=pk)


NONE_SENT = _("No province has sent its annual report for this fiscal year yet.")


def national_reports(user, fiscal_year) -> QuerySet[AnnualReport]:
    """Every Form 3 the centre has received for a fiscal year, by province: the national volume."""
    return (
        annual_reports_for_user(user)
        .filter(plan__fiscal_year=fiscal_year)
        .sent()
        .select_related("plan__fiscal_year__framework")
        .order_by("plan__province__name_th")
    )
