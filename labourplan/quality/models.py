"""The data-quality rules of a fiscal year (data, edited by the centre) and the values they
question, each with its follow-up between the centre and the province."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from labourplan.accounts.permissions import Action, has_permission
from labourplan.plans.models import Plan
from labourplan.plans.services import month_label
from labourplan.reference.models import FiscalYear, Province


class Severity(models.TextChoices):
    INFO = "info", _("For information")
    WARNING = "warning", _("Warning")
    SERIOUS = "serious", _("Serious")


class RuleCode(models.TextChoices):
    HIGH_MONTH = "high_month", _("A month's result far above its target")
    CUMULATIVE_OVER_YEAR = "cumulative_over_year", _("Results since October above the year's target")
    COPIED_MONTH = "copied_month", _("The same figures as the month before")
    DISBURSEMENT_PACE = "disbursement_pace", _("Disbursement out of line with the plan's pace")
    NO_EVIDENCE = "no_evidence", _("Results with no evidence")
    EMPTY_NARRATIVE = "empty_narrative", _("Key results left empty")
    OUTLIER_HISTORY = "outlier_history", _("Far from the province's own history")
    OUTLIER_PROVINCES = "outlier_provinces", _("Far from the other provinces")


class Rule(models.Model):
    """One check as the centre set it for a fiscal year."""

    fiscal_year = models.ForeignKey(FiscalYear, models.CASCADE, related_name="quality_rules")
    code = models.CharField(_("rule"), max_length=40, choices=RuleCode.choices)
    enabled = models.BooleanField(_("in use"), default=True)
    threshold = models.DecimalField(_("threshold"), max_digits=10, decimal_places=2)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    message = models.CharField(_("message"), max_length=300)
    revision = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "id"]
        verbose_name = _("data-quality rule")
        verbose_name_plural = _("data-quality rules")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="quality_rule_once_a_year"),
            models.CheckConstraint(condition=Q(threshold__gte=0), name="quality_threshold_not_negative"),
        ]

    def __str__(self):
        return self.get_code_display()


class FindingState(models.TextChoices):
    FOUND = "found", _("Found by the checks")
    QUESTIONED = "questioned", _("Asked to the province")
    ANSWERED = "answered", _("Answered by the province")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (FindingState.QUESTIONED, FindingState.ANSWERED)


class FindingQuerySet(models.QuerySet):
    def open_questions(self):
        """Asked to a province and not yet closed."""
        return self.filter(state__in=OPEN_STATES)

    def asked(self):
        """What a province sees: the values the centre asked it about (the checks' own findings
        are the centre's working list)."""
        return self.exclude(state=FindingState.FOUND)

    def for_user(self, user):
        """The centre sees every finding; a province, the questions asked of it; others nothing."""
        if has_permission(user, Action.VIEW):
            return self
        if user.is_authenticated and user.is_provincial:
            return self.asked().filter(province_id=user.province_id)
        return self.none()


class Finding(models.Model):
    """A questionable value of one province's month (a row's result, or the month as a whole
    when `item_key` is empty), and its follow-up."""

    fiscal_year = models.ForeignKey(FiscalYear, models.CASCADE, related_name="+", verbose_name=_("fiscal year"))
    province = models.ForeignKey(Province, models.PROTECT, related_name="+", verbose_name=_("province"))
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="+", verbose_name=_("plan"))
    month_index = models.PositiveSmallIntegerField(_("month of the fiscal year"))
    item_key = models.CharField(_("plan row"), max_length=36, blank=True)
    item_title = models.TextField(_("activity"), blank=True)
    rule = models.CharField(_("rule"), max_length=40, choices=RuleCode.choices)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    reference = models.DecimalField(_("compared with"), max_digits=16, decimal_places=2, null=True, blank=True)
    detail = models.TextField(_("explanation"))
    # False once a new run no longer finds it (the province corrected the value).
    still_found = models.BooleanField(_("still found"), default=True)
    state = models.CharField(_("state"), max_length=20, choices=FindingState.choices, default=FindingState.FOUND)
    question = models.TextField(_("question of the centre"), blank=True)
    questioned_at = models.DateTimeField(null=True, blank=True)
    questioned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    answer = models.TextField(_("answer of the province"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    closing_comment = models.TextField(_("closing comment"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    found_at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(default=1)

    objects = FindingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["province__name_th", "month_index", "id"]
        verbose_name = _("questionable value")
        verbose_name_plural = _("questionable values")
        constraints = [
            models.UniqueConstraint(fields=["plan", "month_index", "item_key", "rule"], name="quality_finding_once"),
            models.CheckConstraint(condition=Q(month_index__gte=1, month_index__lte=12), name="quality_month_in_year"),
        ]
        indexes = [models.Index(fields=["fiscal_year", "province", "state"])]

    def __str__(self):
        return f"{self.get_rule_display()} {self.province} {self.month_index}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def report_path(self) -> str:
        year, month = self.fiscal_year.months[self.month_index - 1]
        return reverse("report_of_month", args=[self.plan_id, year, month])

    @property
    def month_label(self) -> str:
        return month_label(self.fiscal_year, self.month_index)
