"""A province across fiscal years, in a real browser: its key activities beside its region and the
nation and its data-quality score, on a desktop and on a phone, with no accessibility violation."""

import pytest
from playwright.sync_api import expect

from labourplan.reference.models import Province
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.browser.test_accessibility import WIDTHS, violations
from tests.conftest import PASSWORD
from tests.dashboard.conftest import approved_plan, report


@pytest.fixture
def years_page(reporting_plan, cm_approver):
    """Chiang Mai, Lamphun (the north) and Songkhla (the south) report on FY 2570's plans."""
    report(reporting_plan, cm_approver, 1, result=4, disbursed="30000")
    for code, result in (("51", 3), ("90", 7)):
        plan, approver = approved_plan(Province.objects.get(code=code), reporting_plan.fiscal_year)
        report(plan, approver, 1, result=result, disbursed="9000")
    return "/provinces/50/years/"


def test_an_officer_reads_the_key_activities_beside_the_region_and_the_nation(
    browser, live_server, years_page, cm_editor
):
    found = []
    for viewport in WIDTHS:
        # bypass_csp only to let the test inject axe
        context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport=viewport, bypass_csp=True)
        context.set_default_timeout(15_000)
        page = context.new_page()
        sign_in(page, "wilai", PASSWORD)
        page.goto(years_page)
        expect(page.get_by_role("heading", name="เปรียบเทียบรายปีงบประมาณ: เชียงใหม่")).to_be_visible()
        table = page.get_by_role("table", name="กิจกรรมหลัก: ผลเทียบเป้าหมาย")
        expect(table.locator("thead")).to_contain_text("ภาคเหนือ")
        expect(table.locator("thead")).to_contain_text("ทั้งประเทศ")
        expect(table.locator("tbody tr[data-year='2570']")).to_have_count(3)
        cells = table.locator("tbody td[data-who]")
        expect(cells).to_have_count(9)
        assert all("%" in text or "ไม่มีในแผน" in text for text in cells.all_inner_texts())
        expect(page.get_by_test_id("quality-score")).to_contain_text("ตรงเวลา")
        width = viewport["width"]
        # the page never scrolls sideways: a wide table scrolls inside its own box
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        table.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"province-years-{width}.png"), full_page=True)
        found += [f"at {width} px: {line}" for line in violations(page)]
        context.close()
    assert not found, "\n".join(found)
