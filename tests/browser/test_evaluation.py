"""The KPI evaluation in a real browser: the province sees what it lacks, the centre drills down."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from labourplan.evaluation.models import Scheme
from labourplan.evaluation.services import copy_scheme
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import MeetingKind
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.evaluation.conftest import report_month, track

D = datetime.date


@pytest.fixture
def evaluated(reporting_plan, cm_editor, cm_approver, central_admin):
    """Chiang Mai in round 1 of FY 2570: plan approved, a tracking meeting, October reported."""
    copy_scheme(
        source=Scheme.objects.get(fiscal_year__year_be=2562), target=reporting_plan.fiscal_year, by=central_admin
    )
    track(reporting_plan, held_on=D(2026, 9, 25), by=cm_editor, kind=MeetingKind.PLANNING)
    track(reporting_plan, held_on=D(2026, 10, 25), by=cm_editor)
    report_month(
        reporting_plan, month_index=1, result=1, disbursed="30000", editor=cm_editor, approver=cm_approver,
        submitted_on=D(2026, 11, 3),
    )  # fmt: skip
    with time_machine.travel(datetime.datetime(2026, 11, 24, 10, tzinfo=BANGKOK)):
        yield reporting_plan


def test_the_province_sees_its_level_and_what_it_lacks(page, evaluated, screenshot):
    sign_in(page, "wilai", PASSWORD)
    page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="การประเมินผลตัวชี้วัด").click()

    expect(page).to_have_url(re.compile(r"/evaluation/2570/provinces/50/$"))
    expect(page.get_by_test_id("level")).to_have_text("3")
    expect(page.get_by_test_id("provisional")).to_have_text("ผลเบื้องต้น")
    expect(page.get_by_test_id("gap")).to_contain_text("เบิกจ่ายเพิ่มอีก 10,000.00 บาท ภายใน 31 มี.ค. 2570")
    expect(page.get_by_test_id("projection")).to_be_visible()
    reports = page.get_by_test_id("conditions").locator("tr[data-kind='monthly_reports']")
    expect(reports).to_contain_text("ส่งแล้ว 1 จาก 1 เดือนที่ถึงกำหนด")
    screenshot("evaluation-province")
    page.get_by_label("ณ วันที่").fill("๒/๑๑/๒๕๖๙")  # before October's report was sent
    page.get_by_role("button", name="แสดง").click()
    expect(page.get_by_test_id("activities-percent")).to_have_text("0.00%")


def test_the_centre_filters_the_round_and_drills_down_to_a_province(page, evaluated, central_viewer, screenshot):
    sign_in(page, "preecha", PASSWORD)
    page.goto("/evaluation/")

    expect(page.get_by_role("heading", name=re.compile("การประเมินผลตัวชี้วัด"))).to_be_visible()
    expect(page.get_by_test_id("round-table").locator("tbody tr")).to_have_count(76)
    page.get_by_label("ภาค").select_option(label="ภาคเหนือ")
    page.get_by_role("button", name="แสดง").click()
    rows = page.get_by_test_id("round-table").locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() < 76
    expect(page.get_by_test_id("distribution").locator("tr[data-level='3'] td").first).to_have_text("1")
    screenshot("evaluation-round")
    page.get_by_role("link", name="เชียงใหม่", exact=True).click()

    expect(page.get_by_test_id("level")).to_have_text("3")
    expect(page.get_by_test_id("override-form")).to_have_count(0)  # a provisional round is not overridden
