"""The real worker: `manage.py db_worker` in a process of its own takes the queued job from the
database, makes the file and keeps it where the application servers read it. Runs on SQLite and
on PostgreSQL (DATABASE_URL), as every test does."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from labourplan.jobs.models import ExportJob, JobState
from tests.jobs.conftest import pdf_text, workbook_sheets

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database, as the worker's environment names it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def run_worker(*args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "labourplan.settings",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "database",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_makes_the_queued_files(client, committed_reference_data, central_viewer, tmp_path):
    from labourplan.reference.models import FiscalYear
    from labourplan.reference.services import copy_fiscal_year_setup

    copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=FiscalYear.objects.get(year_be=2570))
    client.force_login(central_viewer)
    workbook = int(client.post("/jobs/start/national-xlsx/?fy=2570")["Location"].split("/")[2])
    pdf = int(client.post("/jobs/start/national-pdf/?fy=2570")["Location"].split("/")[2])
    assert set(ExportJob.objects.values_list("state", flat=True)) == {JobState.QUEUED}  # nothing ran in the request

    done = run_worker()
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout

    for pk in (workbook, pdf):
        job = ExportJob.objects.get(pk=pk)
        assert (job.state, job.progress, job.error) == (JobState.DONE, 100, ""), job.error
    response = client.get(f"/jobs/{workbook}/download/")
    sheets = workbook_sheets(b"".join(response.streaming_content))
    assert sheets[0] == "สรุปทั้งประเทศ" and "เชียงใหม่" in sheets and len(sheets) == 77
    response = client.get(f"/jobs/{pdf}/download/")
    text = pdf_text(b"".join(response.streaming_content), tmp_path)
    assert "ผลการดำเนินงานตามแผนปฏิบัติการป้องกันการค้ามนุษย์ด้านแรงงาน" in text and "2570" in text
    status = client.get(f"/jobs/{pdf}/status.json").json()
    assert status["state"] == "done" and status["download_url"] == f"/jobs/{pdf}/download/"


@pytest.mark.django_db(transaction=True)
def test_a_job_that_fails_in_the_worker_says_so_and_the_worker_goes_on(
    client, committed_reference_data, central_viewer
):
    client.force_login(central_viewer)
    broken = int(client.post("/jobs/start/national-xlsx/?fy=2570")["Location"].split("/")[2])
    ExportJob.objects.filter(pk=broken).update(kind="retired-kind")  # a kind no longer registered
    later = int(client.post("/jobs/start/national-xlsx/?fy=2570")["Location"].split("/")[2])

    done = run_worker()
    assert done.returncode == 0, done.stderr

    failed = ExportJob.objects.get(pk=broken)
    assert failed.state == JobState.FAILED and failed.error == "ไม่สามารถสร้างไฟล์ประเภทนี้ได้อีกแล้ว"
    assert ExportJob.objects.get(pk=later).state == JobState.DONE  # the next job was made all the same
