"""Form 3 from the province to the centre, in a real browser: Wilai opens the prefilled annual
report and writes the executive summary, Somchai sends it, Anong accepts it, and the PDF and the
Word file both carry what Wilai wrote."""

import io
import subprocess

import docx
import pytest
from playwright.sync_api import expect

from tests.annual.conftest import INSPECTIONS, report_a_quarter
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.conftest import PASSWORD
from tests.plans.test_pdf import assert_in_order

SUMMARY = "จังหวัดเชียงใหม่ตรวจตลาดร่วมกับฝ่ายปกครองครบทุกอำเภอ\n\n1) ตรวจตลาดสด 4 ครั้ง\n2) ปรับปรุงทะเบียนภาคีเครือข่าย"


@pytest.fixture
def year_of_results(approved_cm_plan, cm_editor):
    return report_a_quarter(approved_cm_plan, cm_editor)


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context.new_page()


def test_form_3_from_the_province_to_the_centre_and_out_as_pdf_and_word(
    browser, live_server, year_of_results, cm_editor, cm_approver, central_admin, tmp_path
):
    # 1. Wilai opens the year's Form 3 from the menu: section 2 is already filled in.
    page = new_page(browser, live_server)
    sign_in(page, "wilai", PASSWORD)
    page.get_by_role("link", name="รายงานประจำปี").click()
    page.locator("tr[data-year='2570'] form button").click()
    expect(page.get_by_role("heading", name="2. ผลการดำเนินงาน")).to_be_visible()
    expect(page.get_by_text(INSPECTIONS).first).to_be_visible()
    item = page.locator("li[data-item]").filter(has=page.locator(f"textarea:text-is('{INSPECTIONS}')"))
    expect(item.get_by_test_id("figures")).to_contain_text("60")
    expect(item.locator("textarea[name$='-narrative']")).to_have_value(
        "- ตลาดสด: ผล 4 จากเป้าหมาย 20 ครั้ง\n- ตลาดนัด: ผล 2 จากเป้าหมาย 20 ครั้ง\n- หาบเร่แผงลอย: ผล 0 จากเป้าหมาย 20 ครั้ง"
    )
    # 2. She writes the executive summary and saves.
    page.get_by_role("textbox", name="บทสรุปผู้บริหาร").fill(SUMMARY)
    page.locator("#save-annual").click()
    expect(page.get_by_role("alert")).to_contain_text("บันทึกรายงานประจำปีแล้ว")
    expect(page.get_by_role("textbox", name="บทสรุปผู้บริหาร")).to_have_value(SUMMARY)
    report_url = page.url
    page.screenshot(path=str(SCREENSHOTS / "annual-form3-draft.png"), full_page=True)
    page.context.close()

    # 3. Somchai, the provincial labour officer, sends it to the centre.
    page = new_page(browser, live_server)
    sign_in(page, "somchai", PASSWORD)
    page.goto(report_url)
    page.locator("#submit-annual").click()
    expect(page.get_by_role("alert")).to_contain_text("ส่งรายงานประจำปีให้ส่วนกลางแล้ว")
    expect(page.get_by_test_id("report-state")).to_have_text("ส่งแล้ว")
    page.context.close()

    # 4. Anong at the centre sees Chiang Mai among the provinces that sent it, and accepts it.
    page = new_page(browser, live_server)
    sign_in(page, "anong", PASSWORD)
    page.goto("/annual/?year=2570")
    row = page.locator("tr[data-province='50']")
    expect(row.get_by_test_id("report-state")).to_have_text("ส่งแล้ว")
    row.get_by_role("link", name="เปิด").click()
    expect(page.get_by_test_id("executive-summary")).to_contain_text("ครบทุกอำเภอ")
    expect(page.locator("[data-testid=executive-summary] ol li")).to_have_count(2)
    page.locator("#accept-annual").click()
    expect(page.get_by_test_id("report-state")).to_have_text("ศูนย์รับรายงานแล้ว")
    page.screenshot(path=str(SCREENSHOTS / "annual-form3-accepted.png"), full_page=True)

    # 5. The PDF and the Word file open and carry the edited text.
    pdf = page.request.get(page.locator("#download-pdf").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    path = tmp_path / "form3.pdf"
    path.write_bytes(pdf.body())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert_in_order(
        text,
        [
            "1. บทสรุปผู้บริหาร",
            "จังหวัดเชียงใหม่ตรวจตลาดร่วมกับฝ่ายปกครองครบทุกอำเภอ",
            "1) ตรวจตลาดสด 4 ครั้ง",
            "2) ปรับปรุงทะเบียนภาคีเครือข่าย",
            "2. ผลการดำเนินงาน",
            "เป้าหมาย 60 ครั้ง ผลการดำเนินงาน 6 ครั้ง",
        ],
    )
    with page.expect_download() as download:
        page.locator("#download-docx").click()
    saved = tmp_path / "form3.docx"
    download.value.save_as(saved)
    lines = [p.text for p in docx.Document(io.BytesIO(saved.read_bytes())).paragraphs]
    assert "จังหวัดเชียงใหม่ตรวจตลาดร่วมกับฝ่ายปกครองครบทุกอำเภอ" in lines
    assert "1)\tตรวจตลาดสด 4 ครั้ง" in lines  # marker, tab, text: wrapped lines align under the text
    page.context.close()
