"""The officer's entry on a phone (390 px) and a desk screen (1280 px): a month's results typed
without sideways scrolling, the plan grid with its label columns fixed and every column reachable,
the review queue's button in view, and the checks before sending. Screenshots in var/screenshots/."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from labourplan.plans import services as plans
from labourplan.plans.models import PlanItem
from labourplan.reference.models import FiscalYear, Province
from labourplan.reference.services import copy_fiscal_year_setup
from labourplan.reports import services as reports
from labourplan.reports.models import ReportResult, ReportState
from tests.browser.conftest import SCREENSHOTS, grid_ready, sign_in
from tests.conftest import PASSWORD, PDF_BYTES

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}
TODAY = datetime.date(2026, 11, 24)
# The top of an element has come into the window (links scroll smoothly: wait for it).
IN_VIEW = (
    "s => { const r = document.querySelector(s).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
)


@pytest.fixture
def draft_plan(cm_editor):
    fiscal_year = FiscalYear.objects.get(year_be=2570)
    copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=fiscal_year)
    return plans.create_plan(province=Province.objects.get(code="50"), fiscal_year=fiscal_year, by=cm_editor)


@pytest.fixture
def october(draft_plan, cm_editor, cm_approver):
    version = plans.submit_plan(
        version=draft_plan.current_version, submitted_on=datetime.date(2026, 10, 3), by=cm_approver
    )
    document = SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf")
    plans.record_approval(version=version, approved_on=datetime.date(2026, 10, 8), document=document, by=cm_approver)
    return reports.open_report(plan=draft_plan, month_index=1, by=cm_editor, today=TODAY)


def open_as(browser, live_server, username, viewport):
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, username, PASSWORD)
    return page


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")


def box(locator):
    return locator.bounding_box()


def inside_viewport(page, *locators) -> bool:
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    for locator in locators:
        b = box(locator)
        if b is None or b["x"] < 0 or b["x"] + b["width"] > width + 0.5 or b["y"] < 0 or b["y"] + b["height"] > height:
            return False
    return True


def test_a_months_results_are_typed_on_a_phone_without_sideways_scrolling(browser, live_server, october):
    page = open_as(browser, live_server, "wilai", PHONE)
    page.goto(f"/reports/{october.pk}/")
    grid_ready(page)
    assert no_sideways_scroll(page)
    leaves = list(
        PlanItem.objects.filter(topic__version=october.plan.current_version, sub_items=None).values_list(
            "key", flat=True
        )
    )
    for n, key in enumerate(leaves[:4], start=1):  # one activity at a time: all it needs in view
        row = page.locator(f"tr.lp-row[data-key='{key}']")
        result = row.locator("[data-field=result]")
        row.scroll_into_view_if_needed()
        parts = [row.locator(".lp-col-title"), row.locator(".lp-col-target"), row.locator("[data-cumulative]"), result]
        assert inside_viewport(page, *parts), [box(p) for p in parts]
        result.fill(str(n))
        expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
        assert no_sideways_scroll(page)
    expect(page.locator("tr.lp-dirty")).to_have_count(0)
    assert sorted(ReportResult.objects.filter(report=october).values_list("result", flat=True)) == [1, 2, 3, 4]
    result_box = box(page.locator(f"tr.lp-row[data-key='{leaves[0]}'] [data-field=result]"))
    assert result_box["width"] >= 200 and result_box["height"] >= 40  # a box for a thumb
    shot(page, "report-phone-390")
    page.set_viewport_size(DESK)
    assert no_sideways_scroll(page)
    shot(page, "report-desk-1280")
    page.context.close()


def test_the_plan_grid_at_1280_keeps_its_labels_and_reaches_every_column(browser, live_server, draft_plan):
    page = open_as(browser, live_server, "wilai", DESK)
    page.goto(f"/plans/{draft_plan.pk}/")
    grid_ready(page)
    assert no_sideways_scroll(page)
    first = page.locator("tr.lp-activity").first
    unit = first.locator("[data-field=unit]")
    assert unit.input_value() == "ครั้ง"
    assert unit.evaluate("el => el.scrollWidth <= el.clientWidth && el.clientWidth >= 60")  # "ครั้ง" reads whole
    agencies = first.locator("[data-field=agencies]")
    assert agencies.evaluate("el => el.scrollWidth <= el.clientWidth")
    wrap = page.locator("#grid")
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    frame = box(wrap)
    title = first.locator(".lp-col-title")
    for locator in (
        title,
        first.locator("[data-field=target_12]"),
        first.locator("[data-field=budget]"),
        first.locator(".lp-spread"),
    ):
        b = box(locator)
        assert frame["x"] - 0.5 <= b["x"] and b["x"] + b["width"] <= frame["x"] + frame["width"] + 0.5
    # The title is not merely inside the box: it is what shows there, above the scrolled months.
    centre = box(title)
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('td, th').classList.contains('lp-col-title')",
        [centre["x"] + 20, centre["y"] + centre["height"] / 2],
    )
    assert on_top
    topic_title = page.locator("tr.lp-topic-row .lp-sticky-label").first
    assert box(topic_title)["x"] >= frame["x"]
    shot(page, "plan-grid-1280-scrolled")
    # Opening a topic's menu does not take the titles away.
    page.locator("tr.lp-topic-row .lp-actions > summary").first.click()
    page.locator("tr.lp-topic-row .lp-actions-menu input[name=title]").first.focus()
    b = box(title)
    assert frame["x"] - 0.5 <= b["x"] and b["x"] + b["width"] <= frame["x"] + frame["width"] + 0.5
    shot(page, "plan-grid-1280-topic-menu")
    page.context.close()


def test_the_plan_grid_on_a_phone_keeps_the_title_while_the_months_scroll(browser, live_server, draft_plan):
    page = open_as(browser, live_server, "wilai", PHONE)
    page.goto(f"/plans/{draft_plan.pk}/")
    grid_ready(page)
    assert no_sideways_scroll(page)
    wrap = page.locator("#grid")
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth / 2; }")
    title = page.locator("tr.lp-activity .lp-col-title").first
    assert box(title)["x"] >= box(wrap)["x"] - 0.5 and box(title)["x"] + box(title)["width"] <= PHONE["width"]
    shot(page, "plan-grid-phone-390")
    page.context.close()


def test_the_review_queues_button_is_in_view_on_a_phone(browser, live_server, october, cm_approver, central_admin):
    reports.update_report(report=october, revision=october.revision, changes={"key_results": "ตรวจ"}, by=cm_approver)
    reports.submit_report(report=october, by=cm_approver)
    page = open_as(browser, live_server, "anong", PHONE)
    page.goto("/reports/review/")
    button = page.locator(f"tr[data-report='{october.pk}'] a.btn")
    assert no_sideways_scroll(page) and inside_viewport(page, button)
    shot(page, "review-queue-phone-390")
    button.click()
    page.locator("#accept-report").click()
    expect(page).to_have_url(f"{live_server.url}/reports/review/")  # back in the queue
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["390", "1280"])
def test_the_checks_before_sending_say_what_is_missing_and_lead_to_it(browser, live_server, october, viewport):
    page = open_as(browser, live_server, "somchai", viewport)
    page.goto(f"/reports/{october.pk}/")
    checklist = page.locator("#report-checklist")
    expect(checklist).to_contain_text("หลักฐาน")
    expect(checklist).to_contain_text("ผลการดำเนินงานที่สำคัญ")
    # Sending without confirming: the browser's own bubble, in the product's Thai.
    page.locator("#submit-report").click()
    message = page.locator("#confirm-warnings").evaluate("el => el.validationMessage")
    assert message == "กรุณาทำเครื่องหมายในช่องนี้"
    october.refresh_from_db()
    assert october.state == ReportState.DRAFT
    checklist.locator("a[href='#evidence']").click()
    page.wait_for_function(IN_VIEW, arg="#evidence-heading")  # Bootstrap scrolls smoothly
    shot(page, f"report-checks-{viewport['width']}")
    page.locator("#confirm-warnings").check()
    page.locator("#submit-report").click()
    expect(page.locator("[data-testid=report-state]")).to_have_class("badge lp-report-state lp-report-submitted")
    assert no_sideways_scroll(page)
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["390", "1280"])
def test_the_plan_checklist_blocks_a_row_without_a_unit_and_leads_to_it(
    browser, live_server, draft_plan, cm_editor, cm_approver, viewport
):
    item = PlanItem.objects.get(topic__version=draft_plan.current_version, title="ตลาดสด")
    plans.update_item(item=item, revision=item.revision, changes={"unit": ""}, by=cm_editor)
    page = open_as(browser, live_server, "somchai", viewport)
    page.goto(f"/plans/{draft_plan.pk}/")
    checklist = page.locator("#plan-checklist")
    expect(checklist.locator("[data-blocking='1']")).to_contain_text("ตลาดสด")
    expect(checklist.locator("[data-blocking='1']")).to_contain_text("ไม่มีหน่วยนับ")
    expect(page.locator("#submit-plan")).to_be_disabled()
    checklist.locator("[data-blocking='1'] a").click()
    row = page.locator(f"#row-{item.key}")
    assert page.evaluate("() => location.hash") == f"#row-{item.key}"
    page.wait_for_function(IN_VIEW, arg=f"#row-{item.key}")
    title = box(row.locator(".lp-col-title"))
    assert 0 <= title["x"] < viewport["width"]
    shot(page, f"plan-checks-{viewport['width']}")
    page.context.close()
