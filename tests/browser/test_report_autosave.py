"""Form 2 never loses what an officer typed either: it saves through the same autosave script as
the plan grid (static/js/autosave.js), so conflicts, dropped connections and expired sessions
behave alike on both."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from labourplan.plans.models import PlanItem
from labourplan.reports import services as reports
from labourplan.reports.models import MonthlyReport, ReportResult
from tests.browser.conftest import grid_ready, sign_in
from tests.conftest import PASSWORD


@pytest.fixture
def october(approved_cm_plan, cm_editor):
    return reports.open_report(plan=approved_cm_plan, month_index=1, by=cm_editor, today=datetime.date(2026, 11, 24))


@pytest.fixture
def page(browser, live_server, october):
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, "wilai", PASSWORD)
    page.goto(f"/reports/{october.pk}/")
    grid_ready(page)
    yield page
    context.close()


def first_leaf(report) -> PlanItem:
    return PlanItem.objects.filter(topic__version=report.plan.current_version, sub_items=None).order_by("pk").first()


def result_box(page, item):
    return page.locator(f"tr.lp-row[data-key='{item.key}'] [data-field=result]")


def saved_result(report, item):
    row = ReportResult.objects.filter(report=report, item_key=item.key).first()
    return row.result if row else None


def test_a_result_saved_elsewhere_first_is_a_conflict_the_officer_resolves_either_way(page, october, cm_approver):
    item = first_leaf(october)  # target to date 1: up to 3 needs no confirmation
    reports.save_result(report=october, item=item, revision=0, result=2, by=cm_approver)
    result_box(page, item).fill("3")
    conflict = page.locator("#grid-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("ค่าของคุณ: 3 · ค่าที่บันทึกไว้แล้ว: 2")
    expect(page.locator("#grid-status")).to_contain_text("มีการแก้ไขชนกัน")
    assert saved_result(october, item) == 2  # nothing overwritten yet
    conflict.get_by_role("button", name="ใช้ค่าของฉัน").click()
    expect(conflict).to_be_hidden()
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    assert saved_result(october, item) == 3

    # Again, and this time the value saved elsewhere is taken.
    row = ReportResult.objects.get(report=october, item_key=item.key)
    reports.save_result(report=october, item=item, revision=row.revision, result=1, by=cm_approver)
    result_box(page, item).fill("2")
    conflict.get_by_role("button", name="ใช้ค่าที่บันทึกไว้แล้ว").click()
    expect(result_box(page, item)).to_have_value("1")
    expect(page.locator("#grid-status")).to_contain_text("ใช้ค่าที่บันทึกไว้แล้ว")
    assert saved_result(october, item) == 1
    result_box(page, item).fill("3")  # the next edit builds on the saved revision
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    assert saved_result(october, item) == 3


def test_a_narrative_typed_offline_is_kept_and_sent_when_back_online(page, october):
    page.context.set_offline(True)
    page.locator("#key_results").fill("ตรวจแรงงานร่วมกับตำรวจ ๓ ครั้ง")
    expect(page.locator("#grid-status")).to_contain_text("การเชื่อมต่อขาดหาย")
    assert MonthlyReport.objects.get(pk=october.pk).key_results == ""
    page.context.set_offline(False)
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว", timeout=15_000)
    assert MonthlyReport.objects.get(pk=october.pk).key_results == "ตรวจแรงงานร่วมกับตำรวจ ๓ ครั้ง"


def test_an_expired_session_keeps_the_result_until_the_officer_signs_in_again(page, october):
    item = first_leaf(october)
    page.context.clear_cookies()  # the session expired while the page was open
    result_box(page, item).fill("2")
    link = page.get_by_role("link", name=re.compile("เข้าสู่ระบบอีกครั้ง"))
    expect(link).to_be_visible()
    expect(page.locator("#grid-status")).to_contain_text("เซสชันหมดอายุ")
    assert saved_result(october, item) is None
    link.click()
    page.get_by_label("ชื่อผู้ใช้").fill("wilai")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page).to_have_url(re.compile(rf"/reports/{october.pk}/$"))
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    expect(result_box(page, item)).to_have_value("2")
    assert saved_result(october, item) == 2
