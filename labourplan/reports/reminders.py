"""Reminders of monthly reports coming due or missing.

One function, `reminder_kind`, decides which notice applies to a province's report of a month
on a day; the daily e-mails (`manage.py send_reminders`) and the province's home page both ask
it, so that what the officers read on the page is what they were sent.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import translation

from labourplan.accounts.models import PROVINCIAL_ROLES, User
from labourplan.lib import fiscal
from labourplan.plans.models import Plan, PlanVersion
from labourplan.reference.models import Province
from labourplan.reports.models import MonthlyReport, ReminderKind, ReminderSent

DAYS_BEFORE = 3


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
    def month_start(self) -> datetime.date:
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


def notices(*, today: datetime.date, province: Province | None = None) -> list[Notice]:
    """The notices in force on `today` for every province whose plan has been sent to the governor
    (reports do not wait for the approval), or for one province.

    Two queries: the plans with a version in force, and which of their months have been submitted.
    """
    plans = (
        Plan.objects.filter(fiscal_year__year_be__in=_watched_fiscal_years(today))
        .filter(Exists(PlanVersion.objects.filter(plan=OuterRef("pk")).in_force(as_of=today)))
        .select_related("province", "fiscal_year")
        .order_by("province__name_th", "fiscal_year__year_be")
    )
    if province is not None:
        plans = plans.filter(province=province)
    plans = list(plans)
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


def recipients_by_province(province_ids) -> dict[int, list[str]]:
    """The e-mail addresses of each province's active officers (editors and approvers)."""
    addresses = defaultdict(list)
    users = (
        User.objects.filter(province_id__in=province_ids, role__in=PROVINCIAL_ROLES, is_active=True)
        .exclude(email="")
        .order_by("province_id", "email")
        .values_list("province_id", "email")
    )
    for province_id, email in users:
        if email not in addresses[province_id]:
            addresses[province_id].append(email)
    return addresses


def render_reminder(notice: Notice) -> tuple[str, str]:
    """Subject and body, in Thai whatever language the command runs in."""
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


@dataclass
class Outcome:
    sent: list[tuple[Notice, list[str]]] = field(default_factory=list)
    already_sent: list[Notice] = field(default_factory=list)
    without_recipients: list[Notice] = field(default_factory=list)

    @property
    def messages(self) -> int:
        return sum(len(addresses) for _notice, addresses in self.sent)


def send_reminders(*, today: datetime.date | None = None) -> Outcome:
    """E-mail every notice in force on `today` to its province's officers, each notice once ever.

    The ReminderSent row and the e-mails go together in one transaction: if the mail server
    refuses, the row is rolled back and the next run tries again. Two runs at once cannot both
    send, since the unique constraint lets only one of them insert the row.
    A province with nobody to write to is left for a later day, when an address may be recorded.
    """
    today = today or fiscal.bangkok_today()
    outcome = Outcome()
    pending = notices(today=today)
    addresses = recipients_by_province({notice.plan.province_id for notice in pending})
    connection = mail.get_connection()
    for notice in pending:
        to = addresses.get(notice.plan.province_id)
        if not to:
            outcome.without_recipients.append(notice)
            continue
        with transaction.atomic():
            _row, created = ReminderSent.objects.get_or_create(
                plan=notice.plan,
                month_index=notice.month_index,
                kind=notice.kind,
                defaults={"recipients": "\n".join(to)},
            )
            if not created:
                outcome.already_sent.append(notice)
                continue
            subject, body = render_reminder(notice)
            # One message per officer: colleagues' addresses are not handed round.
            connection.send_messages(
                [mail.EmailMessage(subject, body, to=[address], connection=connection) for address in to]
            )
        outcome.sent.append((notice, to))
    return outcome
