"""The KPI criteria as data (a scheme per fiscal year: rounds, levels, conditions) and the
frozen results of a round."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from labourplan.evaluation import engine, kinds
from labourplan.reference.models import FiscalYear, Province

# The choices of `Condition.kind`: every registered kind (`evaluation.kinds`), in their order.
ConditionKind = models.TextChoices(
    "ConditionKind", [(kind.name.upper(), (kind.name, kind.label)) for kind in kinds.all_kinds()]
)


class Scheme(models.Model):
    """The KPI criteria of one fiscal year (ตัวชี้วัด), made of rounds."""

    fiscal_year = models.OneToOneField(
        FiscalYear, models.PROTECT, related_name="evaluation_scheme", verbose_name=_("fiscal year")
    )
    title = models.CharField(_("title"), max_length=300)
    show_score = models.BooleanField(
        _("show a fractional score"),
        default=False,
        help_text=_("Linear interpolation between levels (e.g. 4.37), as performance agreements report it."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year"]
        verbose_name = _("KPI scheme")
        verbose_name_plural = _("KPI schemes")

    def __str__(self):
        return f"{self.title} {self.fiscal_year}"


class Round(models.Model):
    scheme = models.ForeignKey(Scheme, models.CASCADE, related_name="rounds", verbose_name=_("scheme"))
    number = models.PositiveSmallIntegerField(_("round"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("frozen by")
    )
    frozen_as_of = models.DateField(_("frozen as of"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "number"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="round_number_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="round_ends_after_start"),
            models.CheckConstraint(condition=Q(number__gte=1), name="round_number_positive"),
        ]

    def __str__(self):
        return _("Round %(n)s") % {"n": self.number}

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Level(models.Model):
    round = models.ForeignKey(Round, models.CASCADE, related_name="levels", verbose_name=_("round"))
    number = models.PositiveSmallIntegerField(_("level"))
    description = models.TextField(_("description"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("success level")
        verbose_name_plural = _("success levels")
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="level_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="level_number_positive"),
        ]

    def __str__(self):
        return _("Level %(n)s") % {"n": self.number}


class Condition(models.Model):
    level = models.ForeignKey(Level, models.CASCADE, related_name="conditions", verbose_name=_("level"))
    kind = models.CharField(_("condition"), max_length=30, choices=ConditionKind.choices)
    threshold = models.DecimalField(_("threshold (percent)"), max_digits=5, decimal_places=2, null=True, blank=True)
    after_approval = models.BooleanField(_("only on or after the plan's approval"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        constraints = [
            models.UniqueConstraint(fields=["level", "kind"], name="one_condition_of_a_kind_per_level"),
            models.CheckConstraint(
                condition=Q(threshold__isnull=True) | Q(threshold__gte=0, threshold__lte=100),
                name="condition_threshold_is_a_percent",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=engine.PERCENT_KINDS) | Q(threshold__isnull=False),
                name="percent_condition_has_threshold",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class FrozenEvaluation(models.Model):
    """A province's result for a frozen round: the snapshot no longer follows the data. An
    override keeps the computed level beside the one that counts."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="frozen_evaluations", verbose_name=_("round"))
    province = models.ForeignKey(Province, models.PROTECT, related_name="+", verbose_name=_("province"))
    computed_level = models.PositiveSmallIntegerField(_("computed level"))
    snapshot = models.JSONField(_("snapshot"))
    override_level = models.PositiveSmallIntegerField(_("level set by the centre"), null=True, blank=True)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "province_id"]
        verbose_name = _("frozen evaluation")
        verbose_name_plural = _("frozen evaluations")
        constraints = [
            models.UniqueConstraint(fields=["round", "province"], name="one_frozen_evaluation_per_round"),
            models.CheckConstraint(
                condition=Q(override_level__isnull=True) | ~Q(override_reason=""), name="override_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.province} {self.round}"

    @property
    def level(self) -> int:
        return self.computed_level if self.override_level is None else self.override_level
