"""Long exports as background jobs: queued by a button, run by the worker with their progress,
downloaded by the person who asked (or the centre's administrators), tried again when they fail."""

import io
import json

import docx
import pytest

from labourplan.audit.models import AuditEvent
from labourplan.jobs import kinds, services
from labourplan.jobs.models import ExportJob, JobState
from tests.jobs.conftest import pdf_text, workbook_sheets

pytestmark = pytest.mark.django_db


def start(client, kind, year=2570, **data):
    return client.post(f"/jobs/start/{kind}/?fy={year}", data)


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


# Starting -------------------------------------------------------------------------------------------


def test_a_button_queues_the_job_and_leads_to_its_page(client, central_viewer, fy2570_template):
    client.force_login(central_viewer)
    response = start(client, "national-xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.requested_by, job.kind, job.fiscal_year.year_be) == (central_viewer, "national-xlsx", 2570)
    assert job.state == JobState.QUEUED and job.progress == 0 and job.task_id  # waiting for the worker
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == "READY" and task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "รอเครื่องทำงานเบื้องหลัง" in page
    assert 'http-equiv="refresh"' in page  # without JavaScript the page looks again by itself


def test_the_start_takes_a_post_with_its_csrf_token(central_viewer, fy2570_template):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(central_viewer)
    assert client.get("/jobs/start/national-xlsx/?fy=2570").status_code == 405
    assert start(client, "national-xlsx").status_code == 403  # no token
    assert not ExportJob.objects.exists()


def test_the_export_buttons_start_jobs_and_carry_each_persons_token(client, central_viewer, central_admin, fy2570):
    pages = []
    for user in (central_viewer, central_admin):  # the dashboard's body is cached for both
        client.force_login(user)
        page = client.get("/national/?fy=2570").content.decode()
        assert 'action="/jobs/start/national-xlsx/?fy=2570"' in page
        assert 'action="/jobs/start/national-pdf/?fy=2570"' in page
        assert "/national/export.csv?fy=2570" in page  # the CSV still comes at once
        pages.append(page)
    tokens = [p.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0] for p in pages]
    assert tokens[0] != tokens[1]
    client.force_login(central_viewer)
    overview = client.get("/annual/?fy=2570").content.decode()
    assert 'action="/jobs/start/form3-national-pdf/?fy=2570"' in overview
    assert 'action="/jobs/start/form3-national-docx/?fy=2570"' in overview


def test_a_kind_that_does_not_exist_is_404_and_a_province_may_not_start_a_national_one(
    client, central_viewer, cm_approver, fy2570
):
    client.force_login(central_viewer)
    assert start(client, "everything").status_code == 404
    client.force_login(cm_approver)
    assert start(client, "national-xlsx").status_code == 403
    assert start(client, "form3-national-pdf").status_code == 403
    assert not ExportJob.objects.exists()


def test_form3s_volume_with_nothing_sent_is_refused_before_it_is_queued(client, central_viewer, fy2570):
    client.force_login(central_viewer)
    response = start(client, "form3-national-pdf", next="/annual/?fy=2570")
    assert response.status_code == 302 and response["Location"] == "/annual/?fy=2570"
    assert not ExportJob.objects.exists()
    page = client.get("/annual/?fy=2570").content.decode()
    assert "ยังไม่มีจังหวัดใดส่งรายงาน" in page


# Running: states and progress -----------------------------------------------------------------------


def test_the_worker_runs_a_job_through_its_states_and_keeps_the_file(central_viewer, fy2570_template, monkeypatch):
    job = services.start_export(kind=kinds.get("national-xlsx"), fiscal_year=fy2570_template, by=central_viewer)
    seen = []
    real = kinds.get("national-xlsx")

    def watching(**kwargs):
        progress = kwargs["progress"]

        def recorded(percent, step):
            progress(percent, step)
            row = ExportJob.objects.get(pk=job.pk)
            seen.append((row.state, row.progress, row.step))

        return real.build(**{**kwargs, "progress": recorded})

    monkeypatch.setitem(kinds._KINDS, "national-xlsx", kinds.Kind(**{**real.__dict__, "build": watching}))
    services.run_export(job_id=job.pk)

    job.refresh_from_db()
    assert {state for state, _p, _s in seen} == {JobState.RUNNING}
    percents = [p for _s, p, _t in seen]
    assert percents == sorted(percents) and percents[0] < 20 and percents[-1] >= 90  # it moves forward
    assert any("ชีตของจังหวัด (40 จาก 76)" in step for _s, _p, step in seen)
    assert seen[0][2] == "กำลังอ่านตัวเลขทั้งประเทศ"
    assert (job.state, job.progress, job.filename) == (JobState.DONE, 100, "national-2570.xlsx")
    assert job.started_at <= job.finished_at
    assert job.file.name.startswith("exports/") and job.file.name.endswith("/national-2570.xlsx")
    sheets = workbook_sheets(job.file.open("rb").read())
    assert sheets[0] == "สรุปทั้งประเทศ" and len(sheets) == 77


def test_a_job_already_taken_is_not_run_twice(central_viewer, fy2570_template):
    job = services.start_export(kind=kinds.get("national-xlsx"), fiscal_year=fy2570_template, by=central_viewer)
    ExportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, progress=40)
    services.run_export(job_id=job.pk)  # a second worker, or the task queued twice
    job.refresh_from_db()
    assert (job.state, job.progress, job.file.name) == (JobState.RUNNING, 40, "")


def test_a_failed_job_says_why_in_thai_and_can_be_tried_again(client, central_viewer, fy2570_template, monkeypatch):
    real = kinds.get("national-pdf")

    def broken(**kwargs):
        kwargs["progress"](30, "ครึ่งทาง")
        raise OSError("disk full")

    monkeypatch.setitem(kinds._KINDS, "national-pdf", kinds.Kind(**{**real.__dict__, "build": broken}))
    client.force_login(central_viewer)
    job = ExportJob.objects.get(pk=int(start(client, "national-pdf")["Location"].split("/")[2]))
    services.run_export(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.progress == 30
    assert job.error.startswith("สร้างไฟล์ไม่สำเร็จ") and "disk full" not in job.error  # no internals shown
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert job.error in page and "ลองอีกครั้ง" in page and 'http-equiv="refresh"' not in page
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404  # no file

    monkeypatch.setitem(kinds._KINDS, "national-pdf", real)
    response = client.post(f"/jobs/{job.pk}/retry/")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert (job.state, job.progress, job.error, job.attempts) == (JobState.QUEUED, 0, "", 2)
    services.run_export(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.filename == "national-2570.pdf"
    client.post(f"/jobs/{job.pk}/retry/")  # only a failed job is tried again
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 2


def test_a_service_refusal_is_the_jobs_message(central_viewer, fy2570, sent_annual):
    from labourplan.annual.models import AnnualReport

    job = services.start_export(kind=kinds.get("form3-national-docx"), fiscal_year=fy2570, by=central_viewer)
    AnnualReport.objects.update(state="draft")  # returned to the province before the worker came
    services.run_export(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "ยังไม่มีจังหวัดใดส่งรายงานประจำปีของปีงบประมาณนี้"


# Status, download, list -----------------------------------------------------------------------------


def test_status_json_tells_the_page_how_far_the_job_is(client, central_viewer, fy2570_template):
    client.force_login(central_viewer)
    job = services.start_export(kind=kinds.get("national-xlsx"), fiscal_year=fy2570_template, by=central_viewer)
    ExportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, progress=42, step="กำลังเขียน")
    running = json.loads(client.get(f"/jobs/{job.pk}/status.json").content)
    assert running == {
        "id": job.pk, "state": "running", "state_label": "กำลังสร้าง", "progress": 42, "step": "กำลังเขียน",
        "error": "", "finished": False, "can_retry": False, "download_url": None, "filename": "",
    }  # fmt: skip
    ExportJob.objects.filter(pk=job.pk).update(state=JobState.QUEUED, progress=0)
    services.run_export(job_id=job.pk)
    done = client.get(f"/jobs/{job.pk}/status.json")
    assert done["Cache-Control"].startswith("max-age=0") or "no-store" in done["Cache-Control"]
    done = json.loads(done.content)
    assert done["state"] == "done" and done["finished"] and done["progress"] == 100
    assert done["download_url"] == f"/jobs/{job.pk}/download/" and done["filename"] == "national-2570.xlsx"


def test_the_download_is_the_file_and_is_audited_as_the_export_was(
    client, central_viewer, fy2570_template, immediate_tasks
):
    client.force_login(central_viewer)
    job = ExportJob.objects.get(pk=int(start(client, "national-xlsx")["Location"].split("/")[2]))
    assert job.state == JobState.DONE  # the immediate backend ran it at once
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="national-2570.xlsx"' in response["Content-Disposition"]
    assert workbook_sheets(content_of(response))[0] == "สรุปทั้งประเทศ"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.user, event.object_type, event.object_id, event.detail) == (
        central_viewer,
        "reference.fiscalyear",
        str(fy2570_template.pk),
        {"format": "xlsx"},
    )  # as /national/export.xlsx writes it
    client.get("/national/export.xlsx?fy=2570")
    old = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).order_by("-pk").first()
    assert (old.object_type, old.object_id, old.detail) == (event.object_type, event.object_id, event.detail)


def test_form3s_national_volume_as_pdf_and_word(client, central_viewer, sent_annual, immediate_tasks, tmp_path):
    client.force_login(central_viewer)
    pdf_job = int(start(client, "form3-national-pdf")["Location"].split("/")[2])
    pdf = client.get(f"/jobs/{pdf_job}/download/")
    assert pdf["Content-Type"] == "application/pdf" and 'filename="form3-national-2570.pdf"' in pdf[
        "Content-Disposition"]  # fmt: skip
    text = pdf_text(content_of(pdf), tmp_path)
    assert "จังหวัดเชียงใหม่" in text and "สรุปเชียงใหม่" in text
    word_job = int(start(client, "form3-national-docx", digits="thai")["Location"].split("/")[2])
    assert ExportJob.objects.get(pk=word_job).options == {"digits": "thai"}
    word = docx.Document(io.BytesIO(content_of(client.get(f"/jobs/{word_job}/download/"))))
    assert "สรุปเชียงใหม่" in [p.text for p in word.paragraphs]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()  # as the old volume: none


def test_another_person_never_sees_nor_downloads_a_job(
    client, central_viewer, central_admin, cm_approver, sk_editor, fy2570_template, immediate_tasks
):
    from labourplan.accounts.models import Role
    from labourplan.accounts.services import create_user
    from tests.conftest import PASSWORD

    colleague = create_user(username="malee", password=PASSWORD, role=Role.CENTRAL_VIEWER, first_name="มาลี")
    job = services.start_export(kind=kinds.get("national-xlsx"), fiscal_year=fy2570_template, by=central_viewer)
    job.refresh_from_db()
    urls = [f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status.json", f"/jobs/{job.pk}/download/"]
    for person in (colleague, cm_approver, sk_editor):
        client.force_login(person)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        assert client.post(f"/jobs/{job.pk}/retry/").status_code == 404
        assert f"/jobs/{job.pk}/" not in client.get("/jobs/").content.decode()
    client.force_login(central_admin)  # the centre's administrators may help
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    assert f"/jobs/{job.pk}/" not in client.get("/jobs/").content.decode()  # their list is their own
    client.force_login(central_viewer)
    assert f"/jobs/{job.pk}/" in client.get("/jobs/").content.decode()


def test_someone_who_lost_the_right_cannot_download_their_old_file(
    client, central_viewer, chiang_mai, fy2570_template, immediate_tasks
):
    job = services.start_export(kind=kinds.get("national-xlsx"), fiscal_year=fy2570_template, by=central_viewer)
    central_viewer.role, central_viewer.province = "provincial_editor", chiang_mai
    central_viewer.save()
    client.force_login(central_viewer)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 403


def test_the_list_shows_a_persons_recent_jobs_in_a_fixed_number_of_queries(
    client, central_viewer, fy2570_template, django_assert_num_queries
):
    for kind in ("national-xlsx", "national-pdf", "national-xlsx"):
        services.start_export(kind=kinds.get(kind), fiscal_year=fy2570_template, by=central_viewer)
    client.force_login(central_viewer)
    # session, user, the jobs with their fiscal years
    with django_assert_num_queries(3):
        page = client.get("/jobs/").content.decode()
    assert page.count('href="/jobs/') == 3 and "สมุดงานภาพรวมทั้งประเทศ (.xlsx)" in page


def test_a_job_whose_worker_vanished_can_be_tried_again_after_a_while(client, central_viewer, fy2570_template):
    import datetime

    import time_machine

    job = services.start_export(kind=kinds.get("national-xlsx"), fiscal_year=fy2570_template, by=central_viewer)
    ExportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, progress=35)  # then the worker was killed
    client.force_login(central_viewer)
    client.post(f"/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.RUNNING, 1)  # moving a minute ago: still being made
    assert not client.get(f"/jobs/{job.pk}/status.json").json()["can_retry"]

    with time_machine.travel(job.updated_at + datetime.timedelta(minutes=16)):
        status = client.get(f"/jobs/{job.pk}/status.json").json()
        assert status["state"] == "running" and status["can_retry"]
        assert "ลองอีกครั้ง" in client.get(f"/jobs/{job.pk}/").content.decode()
        client.post(f"/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert (job.state, job.progress, job.attempts) == (JobState.QUEUED, 0, 2)
    services.run_export(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE
