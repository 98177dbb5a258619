"""A questionable value from the centre to the province and back, in a real browser: Anong opens
the fiscal year's questionable values and asks Chiang Mai about a spike, Wilai answers it from her
list, Anong closes it. Screenshots at a phone's width and a desktop's."""

from playwright.sync_api import expect

from labourplan.quality.models import Finding, FindingState
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.browser.test_accessibility import violations
from tests.conftest import PASSWORD
from tests.quality.conftest import report_months

QUESTION = "ตรวจตลาดสด 40 ครั้งในเดือนเดียวจริงหรือ กรุณาแนบภาพกิจกรรม"
ANSWER = "พิมพ์ผิด ที่ถูกคือ 4 ครั้ง แก้ไขในรายงานแล้ว"


def new_page(browser, live_server, width=1280):
    # bypass_csp: axe is injected as an inline script, as the accessibility tests do
    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def shots(page, name):
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"quality-{name}-{width}.png"), full_page=True)


def test_the_centre_asks_the_province_answers_the_centre_closes(
    browser, live_server, reporting_plan, cm_editor, cm_approver, central_admin
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    report_months(reporting_plan, cm_approver, [1, 2, [40, 1, 1]])  # the checks run as each is sent
    spike = Finding.objects.get(plan=reporting_plan, rule="high_month")

    # 1. Anong lists FY 2570's questionable values, narrows them to the rule, and opens the spike.
    page = new_page(browser, live_server)
    sign_in(page, "anong", PASSWORD)
    page.goto("/quality/?fy=2570")
    page.locator("#f-rule").select_option("high_month")
    page.locator("#quality-filters button").click()
    row = page.locator(f"tr[data-finding='{spike.pk}']")
    expect(row).to_contain_text("เชียงใหม่")
    expect(row).to_contain_text("40")
    shots(page, "list")
    assert violations(page) == []
    row.get_by_role("link").click()
    # 2. She asks the province about it.
    page.locator("#ask-text").fill(QUESTION)
    page.get_by_role("button", name="ส่งข้อสอบถาม").click()
    expect(page.get_by_test_id("finding-state")).to_contain_text("สอบถามจังหวัดแล้ว")
    finding_url = page.url
    page.context.close()

    # 3. Wilai finds the question on her list, with her province's score, and answers it.
    page = new_page(browser, live_server, width=390)
    sign_in(page, "wilai", PASSWORD)
    page.goto("/quality/?fy=2570")
    expect(page.get_by_test_id("quality-score")).to_be_visible()
    page.get_by_test_id("quality-questions").get_by_role("link").first.click()
    expect(page.get_by_test_id("question")).to_contain_text(QUESTION)
    page.locator("#answer-text").fill(ANSWER)
    page.get_by_role("button", name="ส่งคำตอบ").click()
    expect(page.get_by_test_id("finding-state")).to_contain_text("จังหวัดตอบแล้ว")
    shots(page, "answered")
    assert violations(page) == []
    page.context.close()

    # 4. Anong reads the answer and closes the question; the history keeps every step.
    page = new_page(browser, live_server)
    sign_in(page, "anong", PASSWORD)
    page.goto(finding_url)
    expect(page.get_by_test_id("answer")).to_contain_text(ANSWER)
    page.locator("#close-text").fill("ขอบคุณ")
    page.get_by_role("button", name="ปิด", exact=True).click()
    expect(page.get_by_test_id("finding-state")).to_contain_text("ปิดแล้ว")
    expect(page.locator("#finding-history li")).to_have_count(3)
    shots(page, "closed")
    assert violations(page) == []
    page.goto("/quality/rules/2570/")
    assert violations(page) == []
    page.context.close()
    spike.refresh_from_db()
    assert spike.state == FindingState.CLOSED
