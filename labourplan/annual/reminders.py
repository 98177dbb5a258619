"""Form 3's reminders, given to the monthly reports' reminders (labourplan.reports.reminders) as a
notice source when the app is ready: one message a province a day carries both."""

import datetime

from labourplan.annual.models import AnnualReport
from labourplan.plans.models import Plan
from labourplan.reference.models import Province
from labourplan.reports.reminders import (
    ANNUAL_MISSING_WATCH,
    ANNUAL_REPORT,
    DAYS_BEFORE,
    Notice,
    reminder_kind,
    sent_plans,
)


def annual_notices(*, today: datetime.date, province: Province | None = None) -> list[Notice]:
    """Form 3's notices on `today`: three days before the fiscal year's due date, on it, and once
    missing (within ANNUAL_MISSING_WATCH of it), for the plans sent to the governor.

    Two queries: the plans whose Form 3 falls due around `today`, and which of them were submitted.
    """
    window = Plan.objects.filter(
        fiscal_year__annual_report_due_date__gte=today - ANNUAL_MISSING_WATCH,
        fiscal_year__annual_report_due_date__lte=today + datetime.timedelta(days=DAYS_BEFORE),
    )
    plans = sent_plans(window, today, province)
    submitted = set(
        AnnualReport.objects.filter(plan__in=plans, first_submitted_at__isnull=False).values_list("plan_id", flat=True)
    )
    found = []
    for plan in plans:
        due_date = plan.fiscal_year.annual_report_due_date
        kind = reminder_kind(due_date=due_date, today=today, submitted=plan.pk in submitted)
        if kind is not None:
            found.append(Notice(plan=plan, month_index=ANNUAL_REPORT, kind=kind, due_date=due_date, today=today))
    return found
