"""What the worker runs (`manage.py db_worker`). django-tasks is the reference implementation of
Django's coming tasks API: on Django 6, `from django.tasks import task` replaces the import."""

from django_tasks import task


@task()
def run_export_job(job_id: int) -> None:
    from labourplan.jobs.services import run_export  # services queue this task: imported when run

    run_export(job_id=job_id)
