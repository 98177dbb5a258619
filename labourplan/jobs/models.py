import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labourplan.accounts.permissions import Action, has_permission
from labourplan.lib.uploads import private_storage

# A job "being made" whose progress has not moved for this long lost its worker (killed outright,
# the machine lost): it may be tried again. The longest export moves every few seconds.
STALLED_AFTER = datetime.timedelta(minutes=15)


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person's own jobs; the centre's administrators see everyone's."""
        if has_permission(user, Action.ADMINISTER):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)

    def retryable(self, now: datetime.datetime | None = None):
        """Failed, or "being made" by a worker that vanished (no progress for STALLED_AFTER)."""
        stalled_since = (now or timezone.now()) - STALLED_AFTER
        return self.filter(Q(state=JobState.FAILED) | Q(state=JobState.RUNNING, updated_at__lt=stalled_since))

    def recent_of(self, user):
        return self.filter(requested_by=user).select_related("fiscal_year").order_by("-created_at", "-pk")


class ExportJob(models.Model):
    """A long export made by the worker: who asked for what, how far it is, and the file."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("asked by")
    )
    kind = models.CharField(_("kind"), max_length=40)
    fiscal_year = models.ForeignKey("reference.FiscalYear", on_delete=models.PROTECT, verbose_name=_("fiscal year"))
    options = models.JSONField(_("options"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="th")  # of the steps' labels
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (percent)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to="exports/", max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    task_id = models.CharField(_("task"), max_length=64, blank=True)  # django-tasks' result id
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last progress at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="jobs_by_person")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="jobs_progress_percent"),
            models.CheckConstraint(condition=Q(state__in=JobState.values), name="jobs_state_known"),
            models.CheckConstraint(condition=~Q(state="done") | ~Q(file=""), name="jobs_done_has_file"),
        ]

    def __str__(self):
        return f"{self.kind} {self.fiscal_year_id} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    def is_stalled(self, now: datetime.datetime | None = None) -> bool:
        return self.state == JobState.RUNNING and self.updated_at < (now or timezone.now()) - STALLED_AFTER

    @property
    def can_retry(self) -> bool:
        return self.state == JobState.FAILED or self.is_stalled()
