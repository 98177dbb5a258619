"""Form 3: each province's annual summary report of its approved plan, due on the fiscal year's date."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from labourplan.plans.models import Plan
from labourplan.reference.models import Strategy
from labourplan.submissions.models import Submission, SubmissionQuerySet, submitted_has_time, timeliness


class AnnualReportQuerySet(SubmissionQuerySet):
    pass


class AnnualReport(Submission):
    """One Form 3 per plan (that is, per province and fiscal year)."""

    plan = models.OneToOneField(Plan, models.PROTECT, related_name="annual_report", verbose_name=_("plan"))
    executive_summary = models.TextField(_("executive summary"), blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    figures_as_of = models.DateTimeField(_("figures taken from the plan and reports at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AnnualReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("annual summary report")
        verbose_name_plural = _("annual summary reports")
        constraints = [submitted_has_time("annual_submitted_has_time")]

    def __str__(self):
        return f"รายงานสรุปผลการดำเนินงานประจำปี {self.plan.fiscal_year.year_be} จังหวัด{self.plan.province}"

    @property
    def province(self):
        return self.plan.province

    @property
    def due_date(self) -> datetime.date:
        return self.plan.fiscal_year.annual_report_due_date

    def timeliness(self, now=None) -> str:
        return timeliness(due_date=self.due_date, first_submitted_at=self.first_submitted_at, now=now or timezone.now())


class AnnualItem(models.Model):
    """A numbered item of section 2 under one strategy: prefilled from an activity of the plan
    (`item_key`) with its figures, then edited by the officer (title and narrative)."""

    report = models.ForeignKey(AnnualReport, models.CASCADE, related_name="items", verbose_name=_("report"))
    strategy = models.ForeignKey(Strategy, models.PROTECT, related_name="+", verbose_name=_("strategy"))
    order = models.PositiveIntegerField(_("order"), default=0)
    item_key = models.UUIDField(_("plan activity"), null=True, blank=True)
    title = models.TextField(_("item"))
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    annual_target = models.PositiveIntegerField(_("annual target"), default=0)
    result = models.PositiveIntegerField(_("result of the year"), default=0)
    narrative = models.TextField(_("narrative"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("result item")
        verbose_name_plural = _("result items")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "item_key"], condition=Q(item_key__isnull=False), name="one_annual_item_per_activity"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def percent(self) -> float | None:
        if not self.annual_target:
            return None
        return round(self.result * 100 / self.annual_target, 2)
