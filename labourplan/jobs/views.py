"""Start a long export, watch it being made, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.jobs import kinds, services
from labourplan.jobs.access import get_job_for_user
from labourplan.jobs.models import ExportJob, JobState
from labourplan.lib.pages import fiscal_year_asked, safe_next
from labourplan.reference.models import FiscalYear

RECENT = 20
REFRESH_SECONDS = 2  # how often the page asks how far the job is


@require_POST
@login_required
def start(request, kind):
    found = kinds.get(kind)
    if found is None:
        raise Http404
    if not found.allowed(request.user):
        raise PermissionDenied
    fiscal_year = fiscal_year_asked(request, FiscalYear.objects)
    try:
        job = services.start_export(
            kind=found, fiscal_year=fiscal_year, by=request.user, options=request.POST, language=get_language()
        )
    except services.JobError as error:
        messages.info(request, error.message)
        return redirect(safe_next(request, request.POST.get("next")) or reverse("jobs:list"))
    return redirect("jobs:detail", pk=job.pk)


@require_GET
@login_required
def job_list(request):
    jobs = list(ExportJob.objects.recent_of(request.user)[:RECENT])
    for job in jobs:
        job.kind_title = _title(job)
    return render(request, "jobs/list.html", {"jobs": jobs})


@require_GET
@login_required
@cache_control(private=True, no_store=True)
def detail(request, pk):
    job = get_job_for_user(request.user, pk)
    job.kind_title = _title(job)
    return render(request, "jobs/detail.html", {"job": job, "refresh": REFRESH_SECONDS, "states": JobState})


@require_GET
@login_required
@cache_control(private=True, no_store=True)
def status(request, pk):
    job = get_job_for_user(request.user, pk)
    return JsonResponse(
        {
            "id": job.pk,
            "state": job.state,
            "state_label": str(job.get_state_display()),
            "progress": job.progress,
            "step": job.step,
            "error": job.error,
            "finished": job.is_finished,
            "can_retry": job.can_retry,
            "download_url": reverse("jobs:download", args=[job.pk]) if job.state == JobState.DONE else None,
            "filename": job.filename,
        }
    )


@require_GET
@login_required
@cache_control(private=True, max_age=0)
def download(request, pk):
    job = get_job_for_user(request.user, pk)
    if job.state != JobState.DONE:
        raise Http404
    kind = kinds.get(job.kind)
    if kind.audited:
        record(
            action=AuditEvent.Action.EXPORT,
            user=request.user,
            obj=job.fiscal_year,
            request=request,
            format=kind.extension,
        )
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=kind.content_type)


@require_POST
@login_required
def retry(request, pk):
    job = get_job_for_user(request.user, pk)
    try:
        services.retry_export(job=job)
    except services.JobError as error:
        messages.error(request, error.message)
    return redirect("jobs:detail", pk=job.pk)


def _title(job: ExportJob) -> str:
    kind = kinds.get(job.kind)
    return str(kind.title) if kind else job.kind
