"""Reminders of monthly reports (Form 2) and of the annual summary report (Form 3) coming due or missing.

One function, `reminder_kind`, decides which notice applies to a province's report of a month
on a day; the daily messages (`manage.py send_reminders`, through the outbox) and the province's home page both ask
it, so that what the officers read on the page is what they were sent.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from labourplan.lib import fiscal
from labourplan.notifications.services import notify, province_officers, reachable_outside_app
from labourplan.plans.models import Plan, PlanVersion
from labourplan.reference.models import Province
from labourplan.reports.models import MonthlyReport, ReminderKind, ReminderSent

DAYS_BEFORE = 3
# ReminderSent.month_index of Form 3's reminders: the months of the fiscal year are 1–12.
ANNUAL_REPORT = 0
# A Form 3 missing for longer than this is not reminded of any more (a first run years later
# does not bring up old years).
ANNUAL_MISSING_WATCH = datetime.timedelta(days=60)
# Other forms' notices (Form 3's, registered by the annual app when it is ready), so that this
# module imports no app that imports reports.
NOTICE_SOURCES: list = []


def reminder_kind(*, due_date: datetime.date, today: datetime.date, submitted: bool) -> ReminderKind | None:
    """The notice for a report not yet submitted, on `today`; None once it is submitted.

    - BEFORE from three days before the due date to the day before it (the e-mail goes once, on
      the first of those days the daily job runs, normally the third day before);
    - DUE on the due date;
    - MISSING from the day after the due date for as long as the report is not submitted.
    """
    if submitted:
        return None
    days_left = (due_date - today).days
    if days_left < 0:
        return ReminderKind.MISSING
    if days_left == 0:
        return ReminderKind.DUE
    if days_left <= DAYS_BEFORE:
        return ReminderKind.BEFORE
    return None


@dataclass(frozen=True)
class Notice:
    plan: Plan
    month_index: int
    kind: ReminderKind
    due_date: datetime.date
    today: datetime.date

    @property
    def is_annual(self) -> bool:
        """Form 3's notice rather than a month's."""
        return self.month_index == ANNUAL_REPORT

    @property
    def month_start(self) -> datetime.date | None:
        if self.is_annual:
            return None
        year, month = self.plan.fiscal_year.months[self.month_index - 1]
        return datetime.date(year, month, 1)

    @property
    def days_left(self) -> int:
        return (self.due_date - self.today).days


def _watched_fiscal_years(today: datetime.date) -> set[int]:
    """The fiscal years of this month and of last month: September's report falls due in October,
    when the next fiscal year has begun."""
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    return {fiscal.fiscal_year_of(today), fiscal.fiscal_year_of(last_month)}


def sent_plans(plans, today: datetime.date, province: Province | None):
    """The plans with a version in force on `today` (sent to the governor, maybe approved)."""
    plans = (
        plans.filter(Exists(PlanVersion.objects.filter(plan=OuterRef("pk")).in_force(as_of=today)))
        .select_related("province", "fiscal_year")
        .order_by("province__name_th", "fiscal_year__year_be")
    )
    if province is not None:
        plans = plans.filter(province=province)
    return list(plans)


def notices(*, today: datetime.date, province: Province | None = None) -> list[Notice]:
    """The notices in force on `today` for every province whose plan has been sent to the governor
    (reports do not wait for the approval), or for one province.

    Two queries: the plans with a version in force, and which of their months have been submitted.
    """
    plans = sent_plans(Plan.objects.filter(fiscal_year__year_be__in=_watched_fiscal_years(today)), today, province)
    submitted = set(
        MonthlyReport.objects.filter(plan__in=plans, first_submitted_at__isnull=False).values_list(
            "plan_id", "month_index"
        )
    )
    found = []
    for plan in plans:
        for index, (year, month) in enumerate(plan.fiscal_year.months, start=1):
            due_date = fiscal.report_due_date(year, month, due_day=plan.fiscal_year.report_due_day)
            kind = reminder_kind(due_date=due_date, today=today, submitted=(plan.pk, index) in submitted)
            if kind is not None:
                found.append(Notice(plan=plan, month_index=index, kind=kind, due_date=due_date, today=today))
    return found


def all_notices(*, today: datetime.date, province: Province | None = None) -> list[Notice]:
    """The monthly reports' notices and those of every other form registered in NOTICE_SOURCES."""
    found = notices(today=today, province=province)
    for source in NOTICE_SOURCES:
        found += source(today=today, province=province)
    return found


def render_reminder(notice: Notice) -> tuple[str, str]:
    """Subject and body of one notice, in Thai whatever language the command runs in."""
    context = {
        "kind": notice.kind,
        "province": notice.plan.province,
        "month_start": notice.month_start,
        "due_date": notice.due_date,
        "days_left": notice.days_left,
        "fiscal_year": notice.plan.fiscal_year,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("reports/email/reminder_subject.txt", context)
        body = render_to_string("reports/email/reminder_body.txt", context)
    return " ".join(subject.split()), body


def render_reminders(province: Province, notices_of_the_day: list[Notice]) -> tuple[str, str]:
    """One message for a province's notices of the day (its months' and its Form 3's): never one
    per month."""
    if len(notices_of_the_day) == 1 and not notices_of_the_day[0].is_annual:
        return render_reminder(notices_of_the_day[0])
    context = {
        "province": province,
        "notices": [
            {
                "kind": n.kind,
                "annual": n.is_annual,
                "fiscal_year": n.plan.fiscal_year,
                "month_start": n.month_start,
                "due_date": n.due_date,
                "days_left": n.days_left,
            }
            for n in notices_of_the_day
        ],
        "annual": any(n.is_annual for n in notices_of_the_day),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("reports/email/reminders_subject.txt", context)
        body = render_to_string("reports/email/reminders_body.txt", context)
    return " ".join(subject.split()), body


@dataclass
class Outcome:
    sent: list[tuple[Notice, list]] = field(default_factory=list)
    already_sent: list[Notice] = field(default_factory=list)
    without_recipients: list[Notice] = field(default_factory=list)
    messages: int = 0  # one a person a province a day, whatever the number of notices


def send_reminders(*, today: datetime.date | None = None) -> Outcome:
    """Tell every province's officers, once, of each notice in force on `today` (its monthly
    reports' and its Form 3's): one message a province a day, in the app, by e-mail and on LINE,
    through the outbox.

    The ReminderSent rows and the notifications are written in one transaction per province; the
    delivery comes after commit (`send_notifications`, which the command also runs when it ends).
    Two runs at once cannot both record a notice, since the unique constraint lets only one of
    them insert its row. A province whose officers can be reached only inside the app is left for
    a later day, when an address may be recorded (its home page shows the notice meanwhile).
    """
    today = today or fiscal.bangkok_today()
    outcome = Outcome()
    by_province: dict[int, list[Notice]] = defaultdict(list)
    for notice in all_notices(today=today):
        by_province[notice.plan.province_id].append(notice)
    for province_id, pending in by_province.items():
        officers = list(province_officers(province_id).order_by("username"))
        if not reachable_outside_app(officers):
            outcome.without_recipients.extend(pending)
            continue
        with transaction.atomic():
            new = []
            for notice in pending:
                _row, created = ReminderSent.objects.get_or_create(
                    plan=notice.plan,
                    month_index=notice.month_index,
                    kind=notice.kind,
                    defaults={"recipients": "\n".join(person.get_username() for person in officers)},
                )
                (new if created else outcome.already_sent).append(notice)
            if not new:
                continue
            province = new[0].plan.province
            subject, body = render_reminders(province, new)
            monthly = [notice for notice in new if not notice.is_annual]
            path = reverse("report_months", args=[monthly[0].plan.pk]) if monthly else reverse("annual_home")
            told = notify(
                recipients=officers,
                kind="report_reminder" if monthly else "annual_reminder",
                subject=subject,
                body=body,
                path=path,
                province=province,
            )
        outcome.messages += len(told)
        outcome.sent.extend((notice, officers) for notice in new)
    return outcome
