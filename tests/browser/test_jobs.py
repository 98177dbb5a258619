"""The centre's analyst asks for the national workbook: the dashboard's button queues it, the
job's page follows the worker (a real `manage.py db_worker`) without being reloaded, and the file
downloads from it."""

import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from labourplan.jobs.models import ExportJob
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import Audit
from tests.conftest import PASSWORD
from tests.jobs.test_worker import run_worker


def test_the_analyst_starts_the_national_workbook_sees_it_made_and_downloads_it(
    page, reporting_plan, central_viewer, screenshot, browser, live_server
):
    sign_in(page, "preecha", PASSWORD)
    page.goto("/national/?fy=2570")
    page.get_by_test_id("exports").get_by_role("button", name="ไฟล์ Excel (.xlsx)").click()

    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    job = page.get_by_test_id("job")
    expect(page.get_by_role("heading", name=re.compile("สมุดงานภาพรวมทั้งประเทศ"))).to_be_visible()
    expect(job.locator("[data-job-state]")).to_have_text("รอเครื่องทำงานเบื้องหลัง")
    expect(job.locator("progress")).to_have_attribute("value", "0")
    expect(job.locator("[data-job-ready]")).to_be_hidden()
    screenshot("job-queued")

    # the worker, in a process of its own, takes the job from the database while the page waits
    done = run_worker()
    assert done.returncode == 0, done.stderr
    assert ExportJob.objects.get().state == "done"

    expect(job.locator("[data-job-state]")).to_have_text("พร้อมแล้ว")  # the page asked, it was not reloaded
    expect(job.locator("progress")).to_have_attribute("value", "100")
    expect(job.locator("[data-job-percent]")).to_have_text("100")
    expect(job.locator("[data-job-step]")).to_have_text("")
    screenshot("job-done")
    with page.expect_download() as download:
        job.get_by_role("link", name=re.compile("ดาวน์โหลด")).click()
    assert download.value.suggested_filename == "national-2570.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    assert workbook.sheetnames[0] == "สรุปทั้งประเทศ" and "เชียงใหม่" in workbook.sheetnames

    page.goto("/jobs/")
    expect(page.get_by_test_id("jobs").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("jobs")).to_contain_text("พร้อมแล้ว")

    audit = Audit(browser, live_server.url)  # axe-core, at a desktop's and a phone's width
    audit("job page", f"/jobs/{ExportJob.objects.get().pk}/", "preecha")
    audit("my files", "/jobs/", "preecha")
    assert not audit.found, "\n".join(audit.found)
