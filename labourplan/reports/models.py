"""Form 2: each province's monthly report on its approved plan, due on the 5th of the next month."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from labourplan.lib import fiscal
from labourplan.lib.thaidate import month_name
from labourplan.lib.uploads import private_storage
from labourplan.plans.models import Plan
from labourplan.submissions.models import (
    Submission,
    SubmissionQuerySet,
    SubmissionState,
    Timeliness,
    submitted_has_time,
    timeliness,
)

ReportState = SubmissionState  # the names the other apps know
__all__ = ["ReportState", "Timeliness", "timeliness"]


class MonthlyReportQuerySet(SubmissionQuerySet):
    pass


class MonthlyReport(Submission):
    plan = models.ForeignKey(Plan, models.PROTECT, related_name="reports", verbose_name=_("plan"))
    month_index = models.PositiveSmallIntegerField(
        _("month of the fiscal year"), help_text="1 = October … 12 = September"
    )
    disbursed = models.DecimalField(_("amount disbursed this month (baht)"), max_digits=14, decimal_places=2, default=0)
    key_results = models.TextField(_("key results"), blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MonthlyReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["month_index", "id"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["plan", "month_index"], name="one_report_per_plan_and_month"),
            models.CheckConstraint(condition=Q(month_index__gte=1, month_index__lte=12), name="report_month_in_year"),
            models.CheckConstraint(condition=Q(disbursed__gte=0), name="report_disbursed_not_negative"),
            submitted_has_time("report_submitted_has_time"),
        ]

    def __str__(self):
        year, month = self.calendar_month
        return f"รายงานประจำเดือน {month_name(month)} {year + 543} จังหวัด{self.plan.province}"

    @property
    def calendar_month(self) -> tuple[int, int]:
        return self.plan.fiscal_year.months[self.month_index - 1]

    @property
    def month_start(self) -> datetime.date:
        year, month = self.calendar_month
        return datetime.date(year, month, 1)

    @property
    def due_date(self) -> datetime.date:
        year, month = self.calendar_month
        return fiscal.report_due_date(year, month, due_day=self.plan.fiscal_year.report_due_day)

    def timeliness(self, now=None) -> str:
        return timeliness(
            month_start=self.month_start,
            due_date=self.due_date,
            first_submitted_at=self.first_submitted_at,
            now=now or timezone.now(),
        )

    @property
    def sending_opens_on(self) -> datetime.date:
        """A month is reported after it ends: the report may be sent from this day."""
        return fiscal.sending_opens_on(*self.calendar_month)

    def has_ended(self, today: datetime.date | None = None) -> bool:
        year, month = self.calendar_month
        return fiscal.month_has_ended(year, month, today=today or fiscal.bangkok_today())


class ReportResult(models.Model):
    """The result of one plan row (activity or sub-item, by its stable key) in one month."""

    report = models.ForeignKey(MonthlyReport, models.CASCADE, related_name="results", verbose_name=_("report"))
    item_key = models.UUIDField(_("plan row"))
    result = models.PositiveIntegerField(_("result"), default=0)
    remark = models.TextField(_("remark"), blank=True)
    # A value over three times the target waits here for the officer's confirmation; it counts nowhere.
    pending_result = models.PositiveIntegerField(_("result waiting for confirmation"), null=True, blank=True)
    pending_remark = models.TextField(_("remark waiting for confirmation"), blank=True)
    revision = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [models.UniqueConstraint(fields=["report", "item_key"], name="one_result_per_row_and_report")]

    def __str__(self):
        return f"{self.result}"


class ReportEvidence(models.Model):
    report = models.ForeignKey(MonthlyReport, models.CASCADE, related_name="evidence", verbose_name=_("report"))
    file = models.FileField(_("file"), storage=private_storage, upload_to="reports/evidence/%Y/")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.caption or self.file.name


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Three days before the due date")
    DUE = "due", _("On the due date")
    MISSING = "missing", _("Report missing")


class ReminderSent(models.Model):
    """One reminder of one kind for one province and month, ever: the daily job may run twice."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="reminders", verbose_name=_("plan"))
    month_index = models.PositiveSmallIntegerField(_("month of the fiscal year"))
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        ordering = ["month_index", "kind"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["plan", "month_index", "kind"], name="one_reminder_per_kind_and_month")
        ]

    def __str__(self):
        return f"{self.plan} {self.month_index} {self.kind}"
