"""Form 1: a province's action plan for a fiscal year, in versions (the original and amendments)."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from labourplan.lib.uploads import private_storage
from labourplan.reference.models import Agency, FiscalYear, MonthlyTargets, Province, Strategy


class PlanStatus(models.TextChoices):
    """What the centre's list shows for a province and fiscal year."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the governor")
    APPROVED = "approved", _("Approved")
    AMENDED = "amended", _("Amended")


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the governor")
    APPROVED = "approved", _("Approved")


class Plan(models.Model):
    """One plan per province per fiscal year. Its content lives in versions."""

    province = models.ForeignKey(Province, models.PROTECT, related_name="plans", verbose_name=_("province"))
    fiscal_year = models.ForeignKey(FiscalYear, models.PROTECT, related_name="plans", verbose_name=_("fiscal year"))
    current_version = models.OneToOneField(
        "PlanVersion", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("current version")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "province__name_th"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(fields=["province", "fiscal_year"], name="one_plan_per_province_and_year")
        ]

    def __str__(self):
        return f"แผนปฏิบัติการฯ จังหวัด{self.province} ปีงบประมาณ พ.ศ. {self.fiscal_year.year_be}"

    @property
    def status(self) -> str:
        version = self.current_version
        if version is None:
            return PlanStatus.NOT_STARTED
        if version.number > 1:
            return PlanStatus.AMENDED
        return version.state

    def get_status_display(self):
        return PlanStatus(self.status).label

    def version_in_force(self, as_of: datetime.date | None = None) -> "PlanVersion | None":
        """The single-record twin of `PlanVersion.objects.in_force()`: what this plan's monthly
        reports are made against on `as_of` (None: today, whatever has been recorded)."""
        return self.versions.in_force(as_of=as_of).first()


class PlanVersionQuerySet(models.QuerySet):
    def in_force(self, *, as_of: datetime.date | None = None):
        """Each plan's version in force on `as_of` (default: with everything recorded so far), one
        per plan: the latest version approved by the governor; before any approval, the version
        sent to the governor. Monthly reports are made against it, whatever the approval state
        (reporting does not wait for the governor); a draft (an amendment being written, or a
        plan taken back to draft) is never in force."""
        sent = Q(state=VersionState.APPROVED) | Q(state=VersionState.SUBMITTED)
        approved = Q(state=VersionState.APPROVED)
        if as_of is not None:
            sent &= Q(submitted_on__lte=as_of)
            approved &= Q(approved_on__lte=as_of)
        candidates = (
            PlanVersion.objects.filter(sent, plan=OuterRef("plan"))
            .annotate(approved_then=Case(When(approved, then=Value(1)), default=Value(0)))
            .order_by("-approved_then", "-number")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(candidates))


class PlanVersion(models.Model):
    """The original plan (number 1) or an amendment (2, 3, …). Earlier versions stay readable."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=20, choices=VersionState.choices, default=VersionState.DRAFT)
    reason = models.TextField(_("reason for the amendment"), blank=True)
    submitted_on = models.DateField(_("submitted to the governor on"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    approved_on = models.DateField(_("approved by the governor on"), null=True, blank=True)
    approval_document = models.FileField(
        _("signed approval"), storage=private_storage, upload_to="plans/approvals/%Y/", blank=True
    )
    approved_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1, help_text="Incremented on every change, to detect conflicts.")
    # Topics are numbered in order from this number, as the form was printed: a template may start
    # anywhere (the FY 2562 form starts at 5), and an imported file keeps its own first number.
    first_topic_number = models.PositiveSmallIntegerField(_("number of the first topic"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects = PlanVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.CheckConstraint(condition=Q(number=1) | ~Q(reason=""), name="amendment_has_reason"),
            models.CheckConstraint(
                condition=Q(state=VersionState.DRAFT) | Q(submitted_on__isnull=False), name="submitted_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(state=VersionState.APPROVED) | (Q(approved_on__isnull=False) & ~Q(approval_document="")),
                name="approved_has_date_and_document",
            ),
        ]

    def __str__(self):
        if self.number == 1:
            return str(_("Original plan"))
        return str(_("Amendment %(n)s") % {"n": self.number - 1})

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT


class PlanTopic(models.Model):
    """A topic (ประเด็นกิจกรรม) under one of the five strategies. Numbered by position."""

    version = models.ForeignKey(PlanVersion, models.CASCADE, related_name="topics", verbose_name=_("plan version"))
    key = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable across versions.")
    strategy = models.ForeignKey(Strategy, models.PROTECT, related_name="+", verbose_name=_("strategy"))
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.TextField(_("activity topic"))
    revision = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="plan_topic_key_unique")]

    def __str__(self):
        return self.title


class PlanItem(MonthlyTargets):
    """An activity of a topic, or a sub-item ("-" line) of an activity when `parent` is set."""

    topic = models.ForeignKey(PlanTopic, models.CASCADE, related_name="items", verbose_name=_("topic"))
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="sub_items", verbose_name=_("activity")
    )
    key = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable across versions.")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.TextField(_("project / activity"))
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+", verbose_name=_("responsible agencies"))
    # The agencies' ids in the order the officer typed them ("สสค./สจจ." stays so): a set of
    # agencies has no order of its own. Written with `agencies` by the services.
    agency_order = models.JSONField(default=list, blank=True, editable=False)
    budget = models.DecimalField(
        _("budget for this activity (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # The centre's template row this activity was copied from: what matches "the same activity"
    # across provinces in the national figures, even when a province renames it.
    template_item = models.ForeignKey(
        "reference.TemplateItem",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template activity"),
    )
    revision = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[agencies])

    # Every row of a version as the plan reads, the same on every database: a topic's activities
    # in order, each followed by its sub-items (SQLite and PostgreSQL sort a null parent apart).
    PLAN_ORDER = (
        "topic__order",
        "topic_id",
        Coalesce("parent__order", "order"),
        Coalesce("parent_id", "id"),
        F("parent_id").asc(nulls_first=True),
        "order",
        "id",
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="item_budget_not_negative"
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="item_not_own_parent"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_activity(self) -> bool:
        return self.parent_id is None

    @property
    def ordered_agencies(self) -> list[Agency]:
        """The responsible agencies in the order typed; uses the prefetched agencies when there are."""
        position = {pk: index for index, pk in enumerate(self.agency_order or [])}
        return sorted(self.agencies.all(), key=lambda a: position.get(a.pk, len(position)))


class Allocation(models.Model):
    """Budget the province received for the project in the fiscal year (possibly in several allotments)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="allocations", verbose_name=_("plan"))
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive")]

    def __str__(self):
        return f"{self.amount:,.2f} บาท ({self.received_on})"


class MeetingKind(models.TextChoices):
    PLANNING = "planning", _("Planning the action plan")
    TRACKING = "tracking", _("Driving / tracking the plan")


class Meeting(models.Model):
    """A meeting or coordination (ประชุม/ประสาน) with the agencies in the province."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="meetings", verbose_name=_("plan"))
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("subject"), max_length=300)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+", verbose_name=_("agencies present"))
    minutes = models.FileField(_("minutes"), storage=private_storage, upload_to="plans/minutes/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("meeting or coordination")
        verbose_name_plural = _("meetings and coordination")

    def __str__(self):
        return f"{self.held_on} {self.title}"


class PlanDataStamp(models.Model):
    """A token renewed, in the writer's own transaction, by every change to a plan's data: its
    versions, topics and rows, allocations, meetings, monthly reports and results
    (`plans.stamps`). The caches of figures computed from one province's plan are keyed by it,
    so a write invalidates its province's figures only."""

    plan = models.OneToOneField(
        Plan, models.DO_NOTHING, primary_key=True, db_constraint=False, related_name="data_stamp"
    )
    token = models.UUIDField()

    class Meta:
        verbose_name = _("plan data stamp")
        verbose_name_plural = _("plan data stamps")

    def __str__(self):
        return f"{self.plan_id}: {self.token}"
