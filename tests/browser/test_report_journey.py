"""A month's report from the province to the centre and back, in a real browser."""

import datetime
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import expect

from labourplan.lib.fiscal import BANGKOK
from labourplan.plans import services as plans
from labourplan.plans.models import PlanItem
from labourplan.reference.models import FiscalYear, Province
from labourplan.reference.services import copy_fiscal_year_setup
from labourplan.reports.models import MonthlyReport, ReportResult, ReportState
from tests.browser.conftest import SCREENSHOTS, grid_ready, sign_in
from tests.conftest import PASSWORD, PDF_BYTES


@pytest.fixture
def approved_plan(cm_editor, cm_approver):
    fiscal_year = FiscalYear.objects.get(year_be=2570)
    copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=fiscal_year)
    plan = plans.create_plan(province=Province.objects.get(code="50"), fiscal_year=fiscal_year, by=cm_editor)
    version = plans.submit_plan(version=plan.current_version, submitted_on=datetime.date(2026, 10, 3), by=cm_approver)
    document = SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf")
    plans.record_approval(version=version, approved_on=datetime.date(2026, 10, 8), document=document, by=cm_approver)
    plans.add_allocation(plan=plan, amount=100_000, received_on=datetime.date(2026, 10, 9), by=cm_editor)
    return plan


INTELLIGENCE = "หาข่าว และกำหนดเป้าหมายการตรวจร่วมกับหน่วยงานด้านความมั่นคงและฝ่ายปกครองในพื้นที่ พร้อมทั้งจัดทำแผนตรวจตามการข่าว"
NETWORK = "ขยายเครือข่ายในกลุ่มอื่น ๆ ตามที่เห็นสมควร อาทิ อสม. NGOs กำนัน และผู้ใหญ่บ้าน"
REGISTER = "จัดทำ/ปรับปรุงทะเบียนเครือข่ายให้เป็นปัจจุบัน"


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1400, "height": 900})
    return context.new_page()


def leaf(page, title):
    key = PlanItem.objects.filter(title=title).values_list("key", flat=True).first()
    return page.locator(f"tr.lp-row[data-key='{key}']")


def results():
    return {r.item_key: r.result for r in ReportResult.objects.all()}


def test_october_report_from_province_to_centre_and_back(
    browser, live_server, approved_plan, cm_editor, cm_approver, central_admin
):
    # 1. The editor fills October's report, typing and pasting a block of results.
    page = new_page(browser, live_server)
    sign_in(page, "wilai", PASSWORD)
    page.goto(f"/reports/plan/{approved_plan.pk}/")
    page.locator("tr[data-month='1'] form button").click()
    grid_ready(page)
    leaf(page, INTELLIGENCE).locator("[data-field=result]").fill("๑")
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    # Topic 8's two activities, results and remarks copied from the office's Excel sheet.
    leaf(page, NETWORK).locator("[data-field=result]").focus()
    page.evaluate(
        """() => {
            const data = new DataTransfer();
            data.setData('text/plain', '๑\\tเพิ่ม อสม. 24 คน\\r\\n1\\tทะเบียนปี 2570\\r\\n');
            document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
        }"""
    )
    expect(page.locator("tr.lp-dirty")).to_have_count(0)  # no eval: the CSP forbids it
    expect(leaf(page, REGISTER).locator("[data-field=remark]")).to_have_value("ทะเบียนปี 2570")
    expect(leaf(page, REGISTER).locator("[data-percent]")).to_have_text("100.00")  # 1 of the year's 1
    # 25 social-media posts in October, before any month with a target: more than three times the
    # year's 6, so the officer confirms and explains (9 would pass: early work is normal).
    social = leaf(page, "สื่อโซเชียล")
    social.locator("[data-field=result]").fill("25")
    expect(social.locator(".lp-confirm")).to_be_visible()
    social.locator("[data-field=remark]").fill("ช่วงรณรงค์วันต่อต้านการค้ามนุษย์")
    social.locator(".lp-confirm").check()
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    page.locator("#disbursed").fill("๑๒,๕๐๐.๕๐")
    page.locator("#key_results").fill("ขยายเครือข่ายและปรับปรุงทะเบียนภาคีเครือข่าย")
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    page.wait_for_timeout(200)
    report = MonthlyReport.objects.get(plan=approved_plan, month_index=1)
    assert str(report.disbursed) == "12500.50"
    assert sorted(results().values()) == [1, 1, 1, 25]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "report-october-draft.png"), full_page=True)
    page.context.close()

    # 2. The provincial labour officer submits it.
    page = new_page(browser, live_server)
    sign_in(page, "somchai", PASSWORD)
    page.goto(f"/reports/{report.pk}/")
    expect(page.locator("#report-checklist")).to_contain_text("หลักฐาน")  # no evidence: confirmed, then sent
    page.locator("#confirm-warnings").check()
    page.locator("#submit-report").click()
    expect(page.locator("[data-testid=report-state]")).to_have_class(re.compile("lp-report-submitted"))
    page.context.close()

    # 3. The centre returns it with a comment, from its review queue.
    page = new_page(browser, live_server)
    sign_in(page, "anong", PASSWORD)
    page.goto("/reports/review/")
    page.locator(f"tr[data-report='{report.pk}'] a").click()
    page.locator("#return-comment").fill("กรุณาระบุจำนวนผู้ใช้แรงงานที่ตรวจพบในหมายเหตุ")
    page.locator("#return-report").click()
    # Back in the queue it came from, where the report no longer waits.
    expect(page).to_have_url(re.compile(r"/reports/review/$"))
    expect(page.locator(f"tr[data-report='{report.pk}']")).to_have_count(0)
    page.goto(f"/reports/{report.pk}/")
    expect(page.locator("[data-testid=report-state]")).to_have_class(re.compile("lp-report-returned"))
    page.context.close()

    # 4. The editor corrects it and the approver resubmits.
    page = new_page(browser, live_server)
    sign_in(page, "wilai", PASSWORD)
    page.goto(f"/reports/{report.pk}/")
    expect(page.locator("#lifecycle")).to_contain_text("กรุณาระบุจำนวนผู้ใช้แรงงาน")
    grid_ready(page)
    leaf(page, INTELLIGENCE).locator("[data-field=remark]").fill("พบแรงงานต่างด้าว 12 คน เอกสารครบ")
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    page.context.close()
    page = new_page(browser, live_server)
    sign_in(page, "somchai", PASSWORD)
    page.goto(f"/reports/{report.pk}/")
    expect(page.locator("#report-checklist")).to_contain_text("หลักฐาน")  # no evidence: confirmed, then sent
    page.locator("#confirm-warnings").check()
    page.locator("#submit-report").click()
    expect(page.locator("[data-testid=report-state]")).to_have_class(re.compile("lp-report-submitted"))
    page.context.close()

    # 5. The centre accepts it; the report is locked and says who can reopen it.
    page = new_page(browser, live_server)
    sign_in(page, "anong", PASSWORD)
    page.goto(f"/reports/{report.pk}/")
    page.locator("#accept-report").click()
    expect(page).to_have_url(re.compile(rf"/reports/{report.pk}/$"))  # opened directly: back on the report
    expect(page.locator("[data-testid=report-state]")).to_have_class(re.compile("lp-report-accepted"))
    expect(page.locator("[data-testid=lock-reason]")).to_contain_text("ศปคร.")
    page.context.close()
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert report.first_submitted_at < report.submitted_at  # timeliness keeps the first submission


def test_a_province_that_has_not_submitted_gets_the_reminder_and_the_notice(
    browser, live_server, approved_plan, cm_editor, sk_editor, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cm_editor.email = "wilai@example.go.th"
    cm_editor.save()
    sk_editor.email = "hassan@example.go.th"
    sk_editor.save()
    # 6 November 2569, 09:00 in Bangkok: October's report was due yesterday and was not sent.
    with time_machine.travel(datetime.datetime(2026, 11, 6, 9, 0, tzinfo=BANGKOK), tick=True):
        call_command("send_reminders", stdout=io.StringIO())
        assert [m.to for m in mail.outbox] == [["wilai@example.go.th"]]  # Songkhla has no approved plan
        assert "ตุลาคม 2569" in mail.outbox[0].subject
        call_command("send_reminders", stdout=io.StringIO())
        assert len(mail.outbox) == 1  # never the same reminder twice

        page = new_page(browser, live_server)
        sign_in(page, "wilai", PASSWORD)
        notice = page.locator("[data-testid=report-notice][data-month='1']")
        expect(notice).to_be_visible()
        expect(notice).to_have_attribute("data-kind", "missing")
        expect(notice).to_contain_text("ตุลาคม 2569")
        notice.get_by_role("link").click()
        expect(page).to_have_url(re.compile(rf"/reports/plan/{approved_plan.pk}/$"))
        page.context.close()
