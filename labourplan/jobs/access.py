"""Fetch a job for a person, or refuse: another person's job answers 404 (its existence leaks
nothing), except to the centre's administrators."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from labourplan.jobs import kinds
from labourplan.jobs.models import ExportJob


def get_job_for_user(user, pk) -> ExportJob:
    job = ExportJob.objects.visible_to(user).select_related("fiscal_year", "requested_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    kind = kinds.get(job.kind)
    if kind is None or not kind.allowed(user):  # the same rule as the export itself
        raise PermissionDenied
    return job
