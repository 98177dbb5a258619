import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labourplan.lib import fiscal
from labourplan.lib.thaidate import format_date, month_name

COMMON_UNITS = ["ครั้ง", "แห่ง", "เล่ม", "ช่องทาง", "คน", "ราย"]


class Region(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name_th


class ProvinceQuerySet(models.QuerySet):
    def regional(self):
        """The 76 provinces of the regional administration (Bangkok excluded)."""
        return self.filter(in_regional_administration=True)


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("Two-digit DOPA code"))
    name_th = models.CharField(_("Thai name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100)
    region = models.ForeignKey(Region, models.PROTECT, related_name="provinces", verbose_name=_("region"))
    in_regional_administration = models.BooleanField(
        _("in the regional administration"),
        default=True,
        help_text=_("Bangkok is outside the regional administration and reports only if the centre adds it."),
    )
    # Set by the centre's administrators (accounts.two_factor.set_approvers_two_factor, audited).
    approvers_two_factor_required = models.BooleanField(
        _("two-factor sign-in required of the approvers"),
        default=False,
        help_text=_("The province's approvers set up and give a second factor before any page, as the centre does."),
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[1-9][0-9]$"), name="province_code_two_digits")
        ]

    def __str__(self):
        return self.name_th


class Agency(models.Model):
    abbreviation = models.CharField(_("abbreviation"), max_length=30, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "abbreviation"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.abbreviation


class StrategyFramework(models.Model):
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    first_year_be = models.PositiveSmallIntegerField(_("first year (B.E.)"))
    last_year_be = models.PositiveSmallIntegerField(_("last year (B.E.)"))

    class Meta:
        ordering = ["-first_year_be"]
        verbose_name = _("strategy framework")
        verbose_name_plural = _("strategy frameworks")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year_be__gte=models.F("first_year_be")), name="framework_years_ordered"
            )
        ]

    def __str__(self):
        return f"{self.name_th} ({self.first_year_be}–{self.last_year_be})"


class Strategy(models.Model):
    framework = models.ForeignKey(
        StrategyFramework, models.CASCADE, related_name="strategies", verbose_name=_("framework")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="strategy_number_unique")]

    def __str__(self):
        return f"ยุทธศาสตร์ที่ {self.number} : {self.name_th}"


class FiscalYearQuerySet(models.QuerySet):
    def for_date(self, day: datetime.date):
        return self.filter(start_date__lte=day, end_date__gte=day).first()

    def current(self):
        return self.for_date(fiscal.bangkok_today())


class FiscalYear(models.Model):
    """A Thai fiscal year (ปีงบประมาณ) in B.E., with the deadlines the centre sets for it."""

    year_be = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    framework = models.ForeignKey(
        StrategyFramework, models.PROTECT, related_name="fiscal_years", verbose_name=_("strategy framework")
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("monthly report due day"),
        default=fiscal.REPORT_DUE_DAY,
        help_text=_("The report for a month is due on this day of the following month."),
    )
    plan_due_date = models.DateField(_("plan due date"))
    annual_report_due_date = models.DateField(_("annual report due date"))

    objects = FiscalYearQuerySet.as_manager()

    class Meta:
        ordering = ["-year_be"]
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="fiscal_year_dates_ordered"),
            models.CheckConstraint(
                condition=Q(report_due_day__gte=1, report_due_day__lte=28), name="fiscal_year_due_day_in_month"
            ),
            models.CheckConstraint(condition=Q(year_be__gte=2500, year_be__lte=2700), name="fiscal_year_is_be"),
        ]

    def __str__(self):
        return f"ปีงบประมาณ พ.ศ. {self.year_be}"

    def clean(self):
        if self.year_be and self.start_date and self.end_date:
            start, end = fiscal.fiscal_year_bounds(self.year_be)
            if (self.start_date, self.end_date) != (start, end):
                raise ValidationError(
                    _("Fiscal year %(year)s runs from %(start)s to %(end)s.")
                    % {"year": self.year_be, "start": format_date(start), "end": format_date(end)}
                )

    @property
    def months(self) -> list[tuple[int, int]]:
        return fiscal.fiscal_months(self.year_be)

    def month_headings(self) -> list[dict]:
        """Column headings for Form 1: Thai month abbreviations with the B.E. calendar year."""
        return [{"year_be": y + 543, "month": m, "label": month_name(m, abbr=True)} for y, m in self.months]

    def report_due_date(self, year: int, month: int) -> datetime.date:
        fiscal.month_index(self.year_be, year, month)
        return fiscal.report_due_date(year, month, due_day=self.report_due_day)

    def next_report_due(self, today: datetime.date) -> tuple[tuple[int, int], datetime.date] | None:
        """The earliest month whose report is not yet past due on `today`, with its due date."""
        for year, month in self.months:
            due = self.report_due_date(year, month)
            if due >= today and datetime.date(year, month, 1) <= today:
                return (year, month), due
        return None


class MonthlyTargets(models.Model):
    """Twelve monthly targets in plan order: target_1 is October, target_12 is September.

    Totals are always computed from the months, never stored or typed.
    """

    target_1 = models.PositiveIntegerField(_("Oct"), default=0)
    target_2 = models.PositiveIntegerField(_("Nov"), default=0)
    target_3 = models.PositiveIntegerField(_("Dec"), default=0)
    target_4 = models.PositiveIntegerField(_("Jan"), default=0)
    target_5 = models.PositiveIntegerField(_("Feb"), default=0)
    target_6 = models.PositiveIntegerField(_("Mar"), default=0)
    target_7 = models.PositiveIntegerField(_("Apr"), default=0)
    target_8 = models.PositiveIntegerField(_("May"), default=0)
    target_9 = models.PositiveIntegerField(_("Jun"), default=0)
    target_10 = models.PositiveIntegerField(_("Jul"), default=0)
    target_11 = models.PositiveIntegerField(_("Aug"), default=0)
    target_12 = models.PositiveIntegerField(_("Sep"), default=0)

    TARGET_FIELDS = [f"target_{i}" for i in range(1, 13)]

    class Meta:
        abstract = True

    @property
    def targets(self) -> list[int]:
        return [getattr(self, name) for name in self.TARGET_FIELDS]

    @targets.setter
    def targets(self, values: list[int]) -> None:
        if len(values) != 12:
            raise ValueError("twelve monthly targets are needed")
        for name, value in zip(self.TARGET_FIELDS, values, strict=True):
            setattr(self, name, value)

    @property
    def total(self) -> int:
        return sum(self.targets)


class TemplateTopic(models.Model):
    """A topic (ประเด็นกิจกรรม) of the centre's Form 1 template for a fiscal year."""

    fiscal_year = models.ForeignKey(
        FiscalYear, models.CASCADE, related_name="template_topics", verbose_name=_("fiscal year")
    )
    strategy = models.ForeignKey(Strategy, models.PROTECT, related_name="template_topics", verbose_name=_("strategy"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("activity topic"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("template topic")
        verbose_name_plural = _("template topics")
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "number"], name="template_topic_number_unique")]

    def __str__(self):
        return f"{self.number} {self.title}"


class TemplateItem(MonthlyTargets):
    """An activity of a template topic, or a sub-item of an activity when `parent` is set."""

    topic = models.ForeignKey(TemplateTopic, models.CASCADE, related_name="items", verbose_name=_("topic"))
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="sub_items", verbose_name=_("activity")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.TextField(_("project / activity"))
    unit = models.CharField(_("unit"), max_length=50)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+", verbose_name=_("responsible agencies"))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("template activity")
        verbose_name_plural = _("template activities")

    def __str__(self):
        return self.title

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError(_("A sub-item belongs to an activity, not to another sub-item."))
        if self.parent_id and self.parent.topic_id != self.topic_id:
            raise ValidationError(_("A sub-item must be in the same topic as its activity."))
