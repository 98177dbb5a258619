"""The four transitions of a form sent to the centre, each one transaction on the locked row:
the province submits (a draft or a returned form), the centre accepts or returns a submitted one
(a return says what to correct) and reopens an accepted one (saying why). After a review the
province is told (labourplan.notifications, delivered after commit)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from labourplan.accounts.permissions import Action, require
from labourplan.lib.errors import ServiceError
from labourplan.lib.history import stamp
from labourplan.notifications import messages
from labourplan.submissions.models import Submission, SubmissionState


@dataclass(frozen=True)
class Lifecycle:
    """The life cycle of one model. `kind` names it everywhere: the notifications' kind
    ("report" → "report_returned"), the pages' URL names (`<kind>_detail`, `<kind>_accept`, …)
    and the buttons' ids (`accept-<kind>`). Refusals raise `error`, the app's ServiceError."""

    model: type[Submission]
    kind: str
    error: type[ServiceError]
    # Called with each form sent, inside its transaction: apps that watch the form (the data-quality
    # checks) append here in their AppConfig.ready and defer their work to on_commit.
    after_submit: list = field(default_factory=list)

    def locked(self, submission) -> Submission:
        """The row again, locked until the transaction ends, with its plan's province and year."""
        return (
            self.model.objects.select_for_update(of=("self",))
            .select_related("plan__fiscal_year", "plan__province")
            .get(pk=submission.pk)
        )

    def require_editable(self, submission, by) -> None:
        require(by, Action.EDIT, submission.plan.province_id)
        if not submission.is_editable:
            raise self.error(
                _("This report is %(state)s and locked; the centre can reopen it.")
                % {"state": submission.get_state_display()}
            )

    def url_name(self, action: str) -> str:
        return f"{self.kind}_{action}"

    @transaction.atomic
    def submit(self, *, report, by, now: datetime.datetime | None = None, check: Callable | None = None) -> Submission:
        """Send a draft or a returned form. `check(submission, now)` raises when the form's own
        rules refuse it; the first submission's time stays (timeliness is judged by it)."""
        submission = self.locked(report)
        require(by, Action.SUBMIT, submission.plan.province_id)
        if not submission.is_editable:
            raise self.error(_("Only a draft or a returned report can be submitted."))
        now = now or timezone.now()
        if check is not None:
            check(submission, now)
        submission.state = SubmissionState.SUBMITTED
        submission.submitted_at, submission.submitted_by = now, by
        if submission.first_submitted_at is None:
            submission.first_submitted_at = now
        self._save(submission, by)
        for hook in self.after_submit:
            hook(submission)
        return submission

    @transaction.atomic
    def accept(self, *, report, by, comment: str = "") -> Submission:
        return self._review(
            report,
            by,
            action="accepted",
            comment=comment,
            refusal=_("Only a submitted report can be accepted."),
        )

    @transaction.atomic
    def return_(self, *, report, by, comment: str) -> Submission:
        return self._review(
            report,
            by,
            action="returned",
            comment=comment,
            refusal=_("Only a submitted report can be returned."),
            needs_text=("comment", _("Say what the province should correct.")),
        )

    @transaction.atomic
    def reopen(self, *, report, by, reason: str) -> Submission:
        """The centre unlocks an accepted form for correction, saying why."""
        return self._review(
            report,
            by,
            action="reopened",
            comment=reason,
            refusal=_("Only an accepted report is reopened."),
            needs_text=("reason", _("Give the reason for reopening the report.")),
        )

    # (the state a review expects, the state it leaves)
    REVIEWS = {
        "accepted": (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED),
        "returned": (SubmissionState.SUBMITTED, SubmissionState.RETURNED),
        "reopened": (SubmissionState.ACCEPTED, SubmissionState.RETURNED),
    }

    def _review(self, report, by, *, action, comment, refusal, needs_text=None) -> Submission:
        expected, new_state = self.REVIEWS[action]
        submission = self.locked(report)
        require(by, Action.REVIEW, submission.plan.province_id)
        if submission.state != expected:
            raise self.error(refusal)
        if needs_text and not comment.strip():
            field, message = needs_text
            raise self.error(message, errors={field: message})
        submission.state = new_state
        submission.reviewed_at, submission.reviewed_by = timezone.now(), by
        submission.review_comment = comment.strip()
        self._save(submission, by)
        messages.reviewed(
            province=submission.plan.province,
            kind=self.kind,
            action=action,
            title=str(submission),
            comment=submission.review_comment,
            by=by,
            path=reverse(self.url_name("detail"), args=[submission.pk]),
        )
        return submission

    @staticmethod
    def _save(submission, by) -> None:
        submission.revision += 1
        stamp(submission, by)
        submission.save()
