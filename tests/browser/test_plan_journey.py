"""The whole journey of a Form 1 plan, in a real browser, as the province and the centre live it."""

import re

import pytest
from playwright.sync_api import expect

from labourplan.plans.models import Plan, PlanItem, PlanStatus
from labourplan.reference.models import FiscalYear
from labourplan.reference.services import copy_fiscal_year_setup
from tests.browser.conftest import SCREENSHOTS, grid_ready, sign_in
from tests.conftest import PASSWORD, PDF_BYTES


@pytest.fixture
def fy2570_template(db):
    fiscal_year = FiscalYear.objects.get(year_be=2570)
    copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=fiscal_year)
    return fiscal_year


def row(page, title):
    key = PlanItem.objects.filter(title=title).values_list("key", flat=True).first()
    return page.locator(f"tr.lp-row[data-key='{key}']")


def wait_saved(page):
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")


def targets(plan, title):
    return PlanItem.objects.get(topic__version=Plan.objects.get(pk=plan.pk).current_version, title=title).targets


def test_plan_from_template_to_amendment(
    browser, live_server, fy2570_template, cm_editor, cm_approver, central_viewer, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1400, "height": 900})
    page = context.new_page()

    # 1. The editor creates the FY 2570 plan from the centre's template.
    sign_in(page, "wilai", PASSWORD)
    page.goto("/plans/?fy=2570")
    expect(page).to_have_url(re.compile(r"/plans/new/\?fy=2570$"))
    page.locator("#main form button[type=submit]").click()
    grid_ready(page)
    plan = Plan.objects.get(province__code="50", fiscal_year__year_be=2570)

    # 2a. Typing: Thai digits in a month cell, saved as a number; the total follows.
    fresh_market = row(page, "ตลาดสด")
    october = fresh_market.locator("[data-col='1']")
    october.fill("๓")
    expect(fresh_market.locator("[data-total]")).to_have_text("23")
    wait_saved(page)
    assert targets(plan, "ตลาดสด")[0] == 3

    # 2b. Pasting a block copied from Excel: two rows by three months, from May of "ตลาดนัด".
    flea_market = row(page, "ตลาดนัด")
    flea_market.locator("[data-col='8']").focus()
    page.evaluate(
        """() => {
            const data = new DataTransfer();
            data.setData('text/plain', '๕\\t-\\t4\\r\\n1\\t1\\t1\\r\\n');
            document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
        }"""
    )
    wait_saved(page)
    expect(page.locator("tr.lp-dirty")).to_have_count(0)  # no eval: the CSP forbids it
    assert targets(plan, "ตลาดนัด")[7:10] == [5, 0, 4]
    assert targets(plan, "หาบเร่แผงลอย")[7:10] == [1, 1, 1]

    # 3. The sub-item warning: the inspections' sub-items no longer add up to 60.
    expect(page.locator("#warnings")).to_contain_text("บูรณาการตรวจตามแผนที่กำหนดร่วมกัน")
    expect(page.locator("#warnings")).to_contain_text("จัดทำสื่อประชาสัมพันธ์")
    page.reload()
    grid_ready(page)
    expect(page.locator("#warnings [data-warning]")).to_have_count(2)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "plan-grid-draft.png"), full_page=True)
    context.close()

    # 4. The provincial labour officer submits to the governor and records the approval.
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sign_in(page, "somchai", PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    page.locator("#id_submitted_on").fill("๑๐/๑๐/๒๕๖๙")
    # The checklist before sending: the template's activity without an agency, confirmed as it is.
    expect(page.locator("#plan-checklist")).to_contain_text("ไม่ระบุหน่วยงานรับผิดชอบ")
    page.locator("#confirm-warnings").check()
    page.locator("#lifecycle button[type=submit]").first.click()
    expect(page.locator("#id_approved_on")).to_be_visible()
    signed = tmp_path / "signed-approval.pdf"
    signed.write_bytes(PDF_BYTES)
    page.locator("#id_approved_on").fill("20/10/2569")
    page.locator("#id_document").set_input_files(str(signed))
    page.locator("#lifecycle form[enctype] button[type=submit]").click()
    expect(page.locator("[data-testid=plan-status]").first).to_have_class(re.compile("lp-status-approved"))
    expect(page.locator("table.lp-grid[data-editable='0']")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "plan-approved.png"), full_page=True)
    context.close()

    # 5. The editor amends the approved plan, with a reason.
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sign_in(page, "wilai", PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    page.locator("#lifecycle summary").click()
    page.locator("#id_reason").fill("เพิ่มการตรวจแพปลาตามข่าวที่ได้รับ")
    page.locator("#lifecycle form button[type=submit]").click()
    grid_ready(page)
    row(page, "ตลาดสด").locator("[data-col='2']").fill("4")
    wait_saved(page)
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.AMENDED
    context.close()

    # 6. The centre sees the new status in its list of plans.
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sign_in(page, "preecha", PASSWORD)
    page.goto("/plans/?fy=2570")
    status = page.locator("tr[data-province='50'] [data-testid=plan-status]")
    expect(status).to_have_class(re.compile("lp-status-amended"))
    page.locator("tr[data-province='50'] a").click()
    expect(page.get_by_role("link", name=re.compile("เปรียบเทียบ"))).to_be_visible()
    context.close()
