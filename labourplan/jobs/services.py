"""Queue an export, run it in the worker with its progress, try a failed one again."""

import logging
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from labourplan.jobs import kinds
from labourplan.jobs.models import ExportJob, JobState
from labourplan.jobs.tasks import run_export_job
from labourplan.lib.errors import ServiceError
from labourplan.lib.uploads import private_storage

logger = logging.getLogger(__name__)


class JobError(ServiceError):
    pass


def start_export(*, kind: kinds.Kind, fiscal_year, by, options: dict | None = None, language: str = "th") -> ExportJob:
    """Record the job and queue it, in one transaction: the worker sees both or neither."""
    if kind.unavailable and (reason := kind.unavailable(by, fiscal_year)):
        raise JobError(str(reason))
    chosen = {name: value for name, value in (options or {}).items() if name in kind.options and value}
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=by, kind=kind.name, fiscal_year=fiscal_year, options=chosen, language=language
        )
        _enqueue(job)
    job.refresh_from_db()
    return job


def retry_export(*, job: ExportJob) -> ExportJob:
    """A failed job (or one whose worker vanished: `ExportJob.is_stalled`), queued again as it was asked."""
    with transaction.atomic():
        updated = ExportJob.objects.retryable().filter(pk=job.pk).update(
            state=JobState.QUEUED, progress=0, step="", error="", attempts=F("attempts") + 1,
            started_at=None, finished_at=None, updated_at=timezone.now(),
        )  # fmt: skip
        if not updated:
            raise JobError(_("Only a job that failed can be tried again."))
        _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job: ExportJob) -> None:
    result = run_export_job.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def run_export(*, job_id: int) -> None:
    """The worker's part: claim the job, build the file with its progress, keep it. A job taken
    already (a second worker, a task queued twice) is left alone."""
    now = timezone.now()
    if not ExportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=now, updated_at=now, progress=0
    ):
        return
    job = ExportJob.objects.select_related("requested_by", "fiscal_year").get(pk=job_id)
    with translation.override(job.language):
        kind = kinds.get(job.kind)
        try:
            if kind is None:
                raise JobError(_("This kind of file can no longer be made."))
            progress = _reporter(job)
            progress(0, _("Starting"))
            content = kind.build(
                fiscal_year=job.fiscal_year, user=job.requested_by, options=job.options, progress=progress
            )
            progress(98, _("Saving the file"))
            filename = kind.filename(job.fiscal_year.year_be)
            stored = private_storage.save(f"exports/{secrets.token_hex(4)}/{filename}", ContentFile(content))
        except ServiceError as error:
            _fail(job, error.message)
        except Exception:  # any failure ends the job with a message, never the worker
            logger.exception("export job %s (%s) failed", job.pk, job.kind)
            _fail(job, _("The file could not be made. Try again; if it fails again, tell the centre's administrators."))
        else:
            ExportJob.objects.filter(pk=job.pk).update(
                state=JobState.DONE, progress=100, step="", file=stored, filename=filename,
                finished_at=timezone.now(), updated_at=timezone.now(),
            )  # fmt: skip


def _reporter(job: ExportJob) -> kinds.Progress:
    """Write the progress as it moves (a whole percent or a new step), so that the page can show it."""
    last = {"percent": -1, "step": None}

    def progress(percent: int, step: str) -> None:
        percent = max(0, min(99, int(percent)))
        step = str(step)[:200]
        if percent == last["percent"] and step == last["step"]:
            return
        last.update(percent=percent, step=step)
        ExportJob.objects.filter(pk=job.pk).update(progress=percent, step=step, updated_at=timezone.now())

    return progress


def _fail(job: ExportJob, message: str) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, error=str(message), step="", finished_at=timezone.now(), updated_at=timezone.now()
    )
