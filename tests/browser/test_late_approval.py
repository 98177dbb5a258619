"""A governor who signs late, in a real browser: the plan is sent on 10 October, the October report
is typed and sent on 3 November, the governor signs on 20 November; the results are kept and counted."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from labourplan.evaluation.models import Scheme
from labourplan.evaluation.services import copy_scheme
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans import services as plans
from labourplan.plans.models import MeetingKind, PlanItem
from labourplan.reference.models import FiscalYear, Province
from labourplan.reference.services import copy_fiscal_year_setup
from labourplan.reports.models import MonthlyReport, ReportResult, ReportState, Timeliness
from tests.browser.conftest import SCREENSHOTS, grid_ready, sign_in
from tests.conftest import PASSWORD, PDF_BYTES
from tests.evaluation.conftest import track

D = datetime.date
NETWORK = "ขยายเครือข่ายในกลุ่มอื่น ๆ ตามที่เห็นสมควร อาทิ อสม. NGOs กำนัน และผู้ใหญ่บ้าน"  # 1 in October
REGISTER = "จัดทำ/ปรับปรุงทะเบียนเครือข่ายให้เป็นปัจจุบัน"  # 1 in October


def bangkok(*args):
    return datetime.datetime(*args, tzinfo=BANGKOK)


@pytest.fixture
def sent_plan(cm_editor, cm_approver, central_admin):
    """Chiang Mai's FY 2570 plan drafted from the template, 100,000 baht allocated."""
    fiscal_year = FiscalYear.objects.get(year_be=2570)
    copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=fiscal_year)
    copy_scheme(source=Scheme.objects.get(fiscal_year__year_be=2562), target=fiscal_year, by=central_admin)
    plan = plans.create_plan(province=Province.objects.get(code="50"), fiscal_year=fiscal_year, by=cm_editor)
    plans.add_allocation(plan=plan, amount=100_000, received_on=D(2026, 10, 9), by=cm_editor)
    track(plan, held_on=D(2026, 9, 25), by=cm_editor, kind=MeetingKind.PLANNING)
    return plan


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1400, "height": 900})
    return context.new_page()


def leaf(page, title):
    key = PlanItem.objects.filter(title=title).values_list("key", flat=True).first()
    return page.locator(f"tr.lp-row[data-key='{key}']")


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_late_approval_keeps_and_counts_the_results_sent_before_it(
    browser, live_server, sent_plan, cm_editor, cm_approver, tmp_path
):
    # 10 October 2569: the provincial labour officer sends the plan to the governor.
    with time_machine.travel(bangkok(2026, 10, 10, 9, 0), tick=True):
        page = new_page(browser, live_server)
        sign_in(page, "somchai", PASSWORD)
        page.goto(f"/plans/{sent_plan.pk}/")
        page.locator("#id_submitted_on").fill("๑๐/๑๐/๒๕๖๙")
        page.locator("#confirm-warnings").check()  # the template's activity without an agency, as it is
        page.locator("#lifecycle button[type=submit]").first.click()
        expect(page.locator("#id_approved_on")).to_be_visible()  # waiting for the governor
        page.context.close()

    assert sent_plan.version_in_force().submitted_on == D(2026, 10, 10)
    # 3 November 2569: the governor has not signed, and October's report is typed and sent on time.
    with time_machine.travel(bangkok(2026, 11, 3, 9, 0), tick=True):
        page = new_page(browser, live_server)
        sign_in(page, "wilai", PASSWORD)
        page.goto(f"/reports/plan/{sent_plan.pk}/")
        expect(page.locator("tr[data-month='2'] [data-testid=timeliness]")).to_contain_text("กำลังดำเนินการ")
        page.locator("tr[data-month='1'] form button").click()
        grid_ready(page)
        expect(page.get_by_test_id("plan-not-yet-approved")).to_contain_text("10 ตุลาคม 2569")
        leaf(page, NETWORK).locator("[data-field=result]").fill("๑")
        expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
        leaf(page, REGISTER).locator("[data-field=result]").fill("1")
        expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
        page.locator("#disbursed").fill("๓๐,๐๐๐")
        expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
        page.wait_for_timeout(200)
        shot(page, "late-approval-october-draft")
        page.context.close()

        page = new_page(browser, live_server)
        sign_in(page, "somchai", PASSWORD)
        october = MonthlyReport.objects.get(plan=sent_plan, month_index=1)
        page.goto(f"/reports/{october.pk}/")
        page.locator("#confirm-warnings").check()  # no key results written, no evidence: sent as it is
        page.locator("#submit-report").click()
        expect(page.locator("[data-testid=report-state]")).to_have_class(re.compile("lp-report-submitted"))
        # November is under way: drafted, but its send button waits for 1 December.
        page.goto(f"/reports/plan/{sent_plan.pk}/")
        page.locator("tr[data-month='2'] form button").click()
        expect(page.locator("#submit-report")).to_be_disabled()
        expect(page.get_by_test_id("sending-opens")).to_contain_text("1 ธันวาคม 2569")
        shot(page, "late-approval-november-in-progress")
        page.context.close()
    october.refresh_from_db()
    assert october.state == ReportState.SUBMITTED
    assert october.timeliness(now=bangkok(2026, 11, 10, 9)) == Timeliness.ON_TIME
    assert sorted(ReportResult.objects.filter(report=october).values_list("result", flat=True)) == [1, 1]

    # 20 November: the governor signs; the officer records it with the signed document.
    with time_machine.travel(bangkok(2026, 11, 20, 15, 0), tick=True):
        page = new_page(browser, live_server)
        sign_in(page, "somchai", PASSWORD)
        page.goto(f"/plans/{sent_plan.pk}/")
        signed = tmp_path / "signed-approval.pdf"
        signed.write_bytes(PDF_BYTES)
        page.locator("#id_approved_on").fill("20/11/2569")
        page.locator("#id_document").set_input_files(str(signed))
        page.locator("#lifecycle form[enctype] button[type=submit]").click()
        expect(page.locator("[data-testid=plan-status]").first).to_have_class(re.compile("lp-status-approved"))
        page.context.close()
    sent_plan.current_version.refresh_from_db()
    assert sent_plan.current_version.approved_on == D(2026, 11, 20)
    track(sent_plan, held_on=D(2026, 11, 22), by=cm_editor)

    # 24 November: the results are on the report and in the figures.
    with time_machine.travel(bangkok(2026, 11, 24, 10, 0), tick=True):
        page = new_page(browser, live_server)
        sign_in(page, "wilai", PASSWORD)
        page.goto(f"/reports/{october.pk}/")
        expect(page.get_by_test_id("plan-not-yet-approved")).to_have_count(0)
        expect(leaf(page, NETWORK).locator("[data-result]")).to_have_text("1")  # sent: shown, locked
        expect(leaf(page, REGISTER).locator("[data-result]")).to_have_text("1")
        expect(leaf(page, REGISTER).locator("[data-percent]")).to_have_text("100.00")
        shot(page, "late-approval-october-after-approval")

        page.goto("/provinces/50/")
        expect(page.locator("[data-testid=province-reporting] [data-month='1'] [data-status]")).to_have_attribute(
            "data-status", "on_time"
        )
        expect(page.locator("[data-testid=province-reporting] [data-month='2'] [data-status]")).to_have_attribute(
            "data-status", "in_progress"
        )
        progress = page.get_by_test_id("activity-progress")
        expect(progress.locator("tr", has_text=REGISTER)).to_contain_text("1 / 1")
        expect(page.get_by_test_id("plan-overdue")).to_have_count(0)
        shot(page, "late-approval-province-home")

        page.goto("/evaluation/2570/provinces/50/")
        expect(page.get_by_test_id("activities-percent")).not_to_have_text("0.00%")
        expect(page.get_by_test_id("disbursed-percent")).to_have_text("30.00%")
        reports = page.get_by_test_id("conditions").locator("tr[data-kind='monthly_reports']")
        expect(reports).to_contain_text("ส่งแล้ว 1 จาก 1 เดือนที่ถึงกำหนด")
        shot(page, "late-approval-evaluation")
        page.context.close()
