"""The states of a form sent to the centre, the fields its review needs, and the query of what waits."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labourplan.lib import fiscal


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


EDITABLE_STATES = frozenset({SubmissionState.DRAFT, SubmissionState.RETURNED})
SENT_STATES = frozenset({SubmissionState.SUBMITTED, SubmissionState.ACCEPTED})


class Timeliness(models.TextChoices):
    """As DHIS2 reports it: on time or late by the first submission, missing while not submitted;
    the month under way is in progress, whatever was sent (fiscal.month_has_ended)."""

    IN_PROGRESS = "in_progress", _("In progress")
    NOT_DUE = "not_due", _("Not yet due")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")


def timeliness(*, month_start: datetime.date | None = None, due_date: datetime.date, first_submitted_at, now) -> str:
    today = fiscal.bangkok_today(now)
    if month_start and not fiscal.month_has_ended(month_start.year, month_start.month, today=today):
        return Timeliness.IN_PROGRESS if today >= month_start else Timeliness.NOT_DUE
    if first_submitted_at is not None:
        return Timeliness.ON_TIME if fiscal.is_on_time(first_submitted_at, due_date) else Timeliness.LATE
    return Timeliness.MISSING if today > due_date else Timeliness.NOT_DUE


class SubmissionQuerySet(models.QuerySet):
    def awaiting_review(self):
        """Sent and not yet reviewed, the oldest submission first."""
        return self.filter(state=SubmissionState.SUBMITTED).order_by("submitted_at", "pk")

    def sent(self):
        """Submitted or accepted: what the centre has received."""
        return self.filter(state__in=SENT_STATES)

    def returned(self):
        return self.filter(state=SubmissionState.RETURNED)


def submitted_has_time(name: str) -> models.CheckConstraint:
    """A form that has left the draft state knows when it was first sent (its timeliness).
    Named by each model: the names are in the migrations already."""
    return models.CheckConstraint(
        condition=Q(state=SubmissionState.DRAFT) | Q(first_submitted_at__isnull=False), name=name
    )


class Submission(models.Model):
    """What a form sent to the centre carries for its life cycle. `revision` counts every change,
    the transitions included (a page or program holding an older one meets a conflict)."""

    state = models.CharField(_("state"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    review_comment = models.TextField(_("comment of the centre"), blank=True)
    revision = models.PositiveIntegerField(default=1)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_sent(self) -> bool:
        return self.state in SENT_STATES
