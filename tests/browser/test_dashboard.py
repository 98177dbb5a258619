"""The centre's national dashboard and a province's home page, in a real browser."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from labourplan.evaluation.models import Scheme
from labourplan.evaluation.services import copy_scheme
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import MeetingKind
from labourplan.reference.models import Province
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.conftest import PASSWORD
from tests.dashboard.conftest import approved_plan, report
from tests.evaluation.conftest import report_month, track

D = datetime.date
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def nation(reporting_plan, cm_editor, cm_approver, central_admin):
    """24 November 2569: Chiang Mai at level 3 of round 1, a few other provinces reporting."""
    fiscal_year = reporting_plan.fiscal_year
    copy_scheme(source=Scheme.objects.get(fiscal_year__year_be=2562), target=fiscal_year, by=central_admin)
    track(reporting_plan, held_on=D(2026, 9, 25), by=cm_editor, kind=MeetingKind.PLANNING)
    track(reporting_plan, held_on=D(2026, 10, 25), by=cm_editor)
    report_month(
        reporting_plan, month_index=1, result=1, disbursed="30000", editor=cm_editor, approver=cm_approver,
        submitted_on=D(2026, 11, 3),
    )  # fmt: skip
    for code in ["57", "30", "90", "20"]:
        plan, approver = approved_plan(Province.objects.get(code=code), fiscal_year)
        report(plan, approver, 1, result=2, disbursed="9000")
    with time_machine.travel(datetime.datetime(2026, 11, 24, 10, tzinfo=BANGKOK)):
        yield reporting_plan


def province_rows(page):
    return page.get_by_test_id("province-table").locator("tbody tr")


def test_the_centre_filters_sorts_and_drills_down_to_a_provinces_evaluation(page, nation, central_viewer, screenshot):
    sign_in(page, "preecha", PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("ภาพรวมทั้งประเทศ"))).to_be_visible()
    expect(page.get_by_test_id("headline")).to_contain_text("5 จาก 76")
    expect(province_rows(page)).to_have_count(76)
    expect(page.get_by_test_id("tile-map").locator("a")).to_have_count(76)
    # every tile writes its province's whole name (เชียงใหม่, not เชียง…)
    expect(page.locator("[data-testid=tile-map] a[data-province='50'] .lp-tile-name")).to_have_text("เชียงใหม่")
    names = page.get_by_test_id("tile-map").locator(".lp-tile-name").all_inner_texts()
    assert not [n for n in names if "…" in n]
    # the heatmap is fetched when its fold is opened
    expect(page.get_by_test_id("heatmap")).to_have_count(0)
    page.get_by_text("รายงานประจำเดือนรายจังหวัดและรายเดือน").click()
    expect(page.get_by_test_id("heatmap").locator("tbody tr")).to_have_count(76)
    page.get_by_test_id("chart-disbursement").get_by_text("ตารางตัวเลข").click()  # the table behind the chart
    expect(page.get_by_test_id("chart-disbursement").locator("table")).to_be_visible()
    screenshot("dashboard-desktop")
    page.set_viewport_size(PHONE)
    screenshot("dashboard-phone")
    page.set_viewport_size(DESKTOP)
    page.locator("#provinces > summary").click()  # the province table is folded under the first screen

    page.get_by_label("ภาค", exact=True).select_option(label="ภาคเหนือ")
    page.get_by_role("button", name="แสดง").click()
    expect(province_rows(page)).to_have_count(9)
    assert {province_rows(page).nth(i).get_attribute("data-region") for i in range(9)} == {"north"}

    # sort by province name with the keyboard: the heading's button, then Enter (again: the other way)
    names = page.get_by_test_id("province-table").locator("tbody th")
    sort = page.get_by_test_id("province-table").get_by_role("button", name="จังหวัด")
    sort.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("province-table").locator("th[aria-sort='ascending']")).to_have_count(1)
    ascending = names.all_inner_texts()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("province-table").locator("th[aria-sort='descending']")).to_have_count(1)
    assert names.all_inner_texts() == ascending[::-1]
    # and by level: Chiang Mai, at level 3, comes first when sorted downwards
    level = page.get_by_test_id("province-table").get_by_role("button", name="ระดับ")
    level.click()
    level.click()
    expect(province_rows(page).first).to_have_attribute("data-province", "50")

    province_rows(page).first.get_by_test_id("evaluation-link").click()
    expect(page).to_have_url(re.compile(r"/evaluation/2570/provinces/50/$"))
    expect(page.get_by_test_id("level")).to_have_text("3")


def first_screen(page, viewport):
    """Where the headline, the map and the trend chart are, on a fresh load at this size."""
    page.set_viewport_size(viewport)
    page.goto("/national/")
    boxes = {name: page.get_by_test_id(name).bounding_box() for name in ["headline", "tile-map", "chart-disbursement"]}
    return {name: (box["y"], box["y"] + box["height"]) for name, box in boxes.items()}


def test_the_first_screen_shows_the_headline_the_map_and_the_trend(page, nation, central_viewer, screenshot):
    sign_in(page, "preecha", PASSWORD)
    desktop = first_screen(page, {"width": 1280, "height": 800})
    screenshot("dashboard-first-screen-1280")
    for name, (_top, bottom) in desktop.items():
        assert bottom <= 800, (name, bottom)  # all three whole, above the fold
    assert desktop["tile-map"][0] < desktop["chart-disbursement"][0] < desktop["tile-map"][1]  # side by side
    phone = first_screen(page, PHONE)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-first-screen-390.png"))
    # a phone's first screen: the headline and the trend chart whole, the map begins (the exports wait below)
    assert phone["headline"][1] <= 844 and phone["chart-disbursement"][1] <= 844
    assert phone["tile-map"][0] < 844
    assert page.get_by_test_id("exports").bounding_box()["y"] > phone["tile-map"][1]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    # the province table and the heatmap follow, folded
    for fold in ["#provinces", "#heatmap-fold"]:
        assert page.locator(fold).get_attribute("open") is None


def test_an_export_shows_that_it_is_being_made_until_the_file_arrives(page, nation, central_viewer):
    """The CSV comes in the request (the workbook and the PDF are background jobs: tests/browser/test_jobs.py)."""
    sign_in(page, "preecha", PASSWORD)
    held = []  # the server's answer is held back, as if the file took seconds
    page.route("**/national/export.csv*", lambda route: held.append(route))
    link = page.locator("[data-testid=exports] a[href*='export.csv']")
    link.click()
    expect(link).to_have_attribute("aria-disabled", "true")  # at once: the click worked
    expect(link).to_contain_text("กำลังสร้างไฟล์")
    link.dispatch_event("click")  # a second click while it is made starts nothing more
    expect(page.locator("[data-export-status]")).to_have_text("กำลังสร้างไฟล์…")
    assert len(held) == 1
    with page.expect_download() as download:
        held[0].fulfill(response=held[0].fetch())
    assert download.value.suggested_filename == "national-2570.csv"
    assert Path(download.value.path()).read_bytes()[:3] == b"\xef\xbb\xbf"  # UTF-8 with its BOM, for Excel
    expect(link).not_to_have_attribute("aria-disabled", "true")
    expect(link).to_have_text("CSV สำหรับการวิเคราะห์")
    expect(page.locator("[data-export-status]")).to_have_text("ดาวน์โหลดไฟล์แล้ว")


def test_a_province_sees_only_its_own_home_and_not_the_national_dashboard(page, nation, cm_editor, screenshot):
    sign_in(page, "wilai", PASSWORD)
    expect(page).to_have_url(re.compile(r"/provinces/50/$"))
    expect(page.get_by_test_id("plan-task")).to_contain_text("อนุมัติ")
    expect(page.get_by_test_id("next-report-task")).to_contain_text("อีก 11 วัน")
    expect(page.get_by_test_id("province-level")).to_contain_text("ระดับ 3")
    expect(page.get_by_test_id("gap")).to_contain_text("เบิกจ่ายเพิ่มอีก")
    expect(page.get_by_test_id("chart-disbursement")).to_be_visible()
    expect(page.get_by_text("สงขลา")).to_have_count(0)
    screenshot("province-home-desktop")
    page.set_viewport_size(PHONE)
    screenshot("province-home-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_test_id("evaluation-link").click()
    expect(page).to_have_url(re.compile(r"/evaluation/2570/provinces/50/$"))
    assert page.goto("/national/").status == 403
    assert page.goto("/provinces/90/").status == 403
