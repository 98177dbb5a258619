"""Each role signs in through the real sign-in page and sees what it should, and no more."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.conftest import PASSWORD


def nav(page):
    return page.get_by_role("navigation", name="เมนูหลัก")


def test_central_admin_sees_the_nation_and_the_settings(page, central_admin, screenshot):
    sign_in(page, "anong", PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="ภาพรวมทั้งประเทศ")).to_be_visible()
    expect(nav(page).get_by_role("link", name="หน้าหลัก", exact=True)).to_be_visible()
    # The menu keeps to one line at 1280 px: the centre's pages are grouped in two drop-downs.
    heights = page.evaluate("[...document.querySelectorAll('#main-nav .nav-link')].map(e => e.offsetHeight)")
    assert max(heights) < 1.5 * min(heights), f"a menu entry wraps onto several lines: {heights}"
    nav(page).get_by_role("button", name="ติดตามผล").click()
    expect(nav(page).get_by_role("link", name="จังหวัด", exact=True)).to_be_visible()
    expect(nav(page).get_by_role("link", name="ความครบถ้วนของรายงาน", exact=True)).to_be_visible()
    nav(page).get_by_role("button", name="ดูแลระบบ").click()
    expect(nav(page).get_by_role("link", name="ผู้ใช้", exact=True)).to_be_visible()
    screenshot("central-admin-home")
    nav(page).get_by_role("link", name="ตั้งค่าระบบ", exact=True).click()
    expect(page.get_by_role("link", name="ปีงบประมาณ", exact=True)).to_be_visible()


def test_central_viewer_reads_every_province_but_has_no_settings(page, central_viewer, cm_editor):
    sign_in(page, "preecha", PASSWORD)
    expect(page.get_by_role("heading", name="ภาพรวมทั้งประเทศ")).to_be_visible()
    expect(nav(page).get_by_role("link", name="ตั้งค่าระบบ", exact=True)).to_have_count(0)
    expect(nav(page).get_by_role("link", name="ผู้ใช้", exact=True)).to_have_count(0)
    nav(page).get_by_role("button", name="ติดตามผล").click()
    nav(page).get_by_role("link", name="จังหวัด", exact=True).click()
    page.get_by_role("link", name="เชียงใหม่", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("สำนักงานแรงงานจังหวัด เชียงใหม่"))).to_be_visible()
    expect(page.get_by_text("วิไล")).to_be_visible()
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))


def test_provincial_editor_lands_on_the_province_and_cannot_open_another(page, cm_editor, screenshot):
    sign_in(page, "wilai", PASSWORD)
    expect(page).to_have_url(re.compile(r"/provinces/50/$"))
    expect(page.get_by_role("heading", name=re.compile("สำนักงานแรงงานจังหวัด เชียงใหม่"))).to_be_visible()
    expect(page.get_by_test_id("next-report")).to_contain_text("กำหนดส่ง")
    expect(nav(page).get_by_role("link", name="จังหวัด", exact=True)).to_have_count(0)
    expect(nav(page).get_by_role("link", name="ตั้งค่าระบบ", exact=True)).to_have_count(0)
    screenshot("provincial-editor-home")
    response = page.goto("/provinces/90/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="คุณไม่มีสิทธิ์เปิดหน้านี้")).to_be_visible()
    assert page.goto("/provinces/").status == 403


def test_provincial_approver_sees_own_role_and_can_sign_out(page, cm_approver):
    sign_in(page, "somchai", PASSWORD)
    expect(page).to_have_url(re.compile(r"/provinces/50/$"))
    page.get_by_role("link", name=re.compile("แรงงานจังหวัด \\(ผู้อนุมัติ\\)")).click()
    expect(page.get_by_test_id("role")).to_have_text("แรงงานจังหวัด (ผู้อนุมัติ)")
    page.get_by_role("button", name="ออกจากระบบ").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/provinces/50/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))


def test_thai_is_drawn_with_the_served_sarabun_font(page, cm_editor, screenshot):
    sign_in(page, "wilai", PASSWORD)
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Sarabun', 'สำนักงานแรงงานจังหวัด')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Sarabun') && f.status === 'loaded').length"
    )
    assert loaded >= 1
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Sarabun"') or family.startswith("Sarabun")
    screenshot("thai-font")


def test_english_is_available_and_thai_comes_back(page, cm_editor):
    sign_in(page, "wilai", PASSWORD)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("button", name="ไทย").click()
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("button", name="ออกจากระบบ")).to_be_visible()


def test_a_wrong_password_is_explained_in_thai(page, cm_editor):
    sign_in(page, "wilai", "not-my-password")
    expect(page.get_by_role("alert")).to_contain_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")


def test_the_layout_works_on_a_phone(browser, live_server, cm_editor):
    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        sign_in(page, "wilai", PASSWORD)
        menu = page.get_by_role("button", name="เปิดเมนู")
        expect(menu).to_be_visible()
        expect(page.get_by_role("button", name="ออกจากระบบ")).to_be_hidden()
        menu.click()
        expect(page.get_by_role("button", name="ออกจากระบบ")).to_be_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "phone-menu.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    finally:
        context.close()
