"""The grid never loses what an officer typed: conflicts, dropped connections, expired sessions."""

import re

import pytest
from playwright.sync_api import expect

from labourplan.plans import services
from labourplan.plans.models import PlanItem
from labourplan.reference.models import FiscalYear, Province
from labourplan.reference.services import copy_fiscal_year_setup
from tests.browser.conftest import grid_ready, sign_in
from tests.conftest import PASSWORD


@pytest.fixture
def plan(cm_editor):
    fiscal_year = FiscalYear.objects.get(year_be=2570)
    copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=fiscal_year)
    return services.create_plan(province=Province.objects.get(code="50"), fiscal_year=fiscal_year, by=cm_editor)


@pytest.fixture
def editor_page(browser, live_server, plan):
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sign_in(page, "wilai", PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    grid_ready(page)
    yield page
    context.close()


def fresh_market():
    return PlanItem.objects.get(title="ตลาดสด")


def cell(page, item, col):
    return page.locator(f"tr.lp-row[data-item='{item.pk}'] [data-col='{col}']")


def test_a_conflict_shows_both_values_and_the_officer_keeps_theirs(editor_page, cm_approver):
    page, item = editor_page, fresh_market()
    # Somchai saves the same row from another screen after Wilai opened the page.
    services.update_item(item=item, revision=item.revision, changes={"target_1": 7}, by=cm_approver)
    cell(page, item, 1).fill("9")
    conflict = page.locator("#grid-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("ต.ค.")
    expect(conflict.locator("tbody tr").first).to_contain_text("9")
    expect(conflict.locator("tbody tr").first).to_contain_text("7")
    assert fresh_market().target_1 == 7  # nothing overwritten yet
    conflict.get_by_role("button", name="ใช้ค่าของฉัน").click()
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    assert fresh_market().target_1 == 9


def test_a_conflict_resolved_by_taking_the_saved_values(editor_page, cm_approver):
    page, item = editor_page, fresh_market()
    services.update_item(item=item, revision=item.revision, changes={"target_1": 7}, by=cm_approver)
    cell(page, item, 1).fill("9")
    page.locator("#grid-conflict").get_by_role("button", name="ใช้ค่าที่บันทึกไว้แล้ว").click()
    expect(cell(page, item, 1)).to_have_value("7")
    expect(page.locator(f"tr.lp-row[data-item='{item.pk}'] [data-total]")).to_have_text("27")
    assert fresh_market().target_1 == 7
    # The next edit builds on the saved revision and goes through without a conflict.
    cell(page, item, 2).fill("3")
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    assert fresh_market().targets[:2] == [7, 3]


def test_typing_while_offline_is_kept_and_saved_when_back_online(editor_page):
    page, item = editor_page, fresh_market()
    page.context.set_offline(True)
    cell(page, item, 1).fill("๕")
    expect(page.locator("#grid-status")).to_contain_text("การเชื่อมต่อขาดหาย")
    assert fresh_market().target_1 == 0
    page.context.set_offline(False)
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว", timeout=15_000)
    assert fresh_market().target_1 == 5


def test_an_expired_session_keeps_the_edits_until_the_officer_signs_in_again(editor_page):
    page, item = editor_page, fresh_market()
    page.context.clear_cookies()  # the session expired while the page was open
    cell(page, item, 12).fill("4")
    link = page.get_by_role("link", name=re.compile("เข้าสู่ระบบอีกครั้ง"))
    expect(link).to_be_visible()
    assert fresh_market().target_12 == 0
    link.click()
    page.get_by_label("ชื่อผู้ใช้").fill("wilai")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    expect(cell(page, item, 12)).to_have_value("4")
    assert fresh_market().target_12 == 4


def test_spreading_a_total_over_chosen_months(editor_page):
    page, item = editor_page, fresh_market()
    page.locator(f"tr.lp-row[data-item='{item.pk}'] .lp-spread").click()
    dialog = page.locator("#spread-dialog")
    dialog.locator("#spread-total").fill("๑๐")
    for box in dialog.locator("[name=spread-month]").all():
        box.uncheck()
    for month in ["1", "4", "7"]:
        dialog.locator(f"[name=spread-month][value='{month}']").check()
    dialog.locator("#spread-apply").click()
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    assert fresh_market().targets == [4, 0, 0, 3, 0, 0, 3, 0, 0, 0, 0, 0]


def test_a_rule_broken_in_a_cell_is_named_and_not_saved(editor_page):
    page, item = editor_page, fresh_market()
    cell(page, item, 3).fill("1.5")
    expect(cell(page, item, 3)).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#grid-status")).to_contain_text("ธ.ค. 2569")
    assert fresh_market().target_3 == 2


def test_arrow_keys_and_enter_move_between_cells_like_a_spreadsheet(editor_page):
    page = editor_page
    markets = list(PlanItem.objects.filter(parent__title="บูรณาการตรวจตามแผนที่กำหนดร่วมกัน").order_by("order"))
    cell(page, markets[0], 5).click()
    page.keyboard.press("ArrowDown")
    expect(cell(page, markets[1], 5)).to_be_focused()
    page.keyboard.press("Enter")
    expect(cell(page, markets[2], 5)).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    expect(cell(page, markets[2], 6)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(cell(page, markets[1], 6)).to_be_focused()
    page.keyboard.type("8")
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    markets[1].refresh_from_db()
    assert markets[1].target_6 == 8  # as in Excel, typing into a cell reached by the keyboard replaces it


def test_an_activitys_budget_is_typed_in_thai_digits(editor_page):
    page = editor_page
    activity = PlanItem.objects.get(title="บูรณาการตรวจตามแผนที่กำหนดร่วมกัน")
    page.locator(f"tr.lp-row[data-item='{activity.pk}'] [data-field=budget]").fill("๑๕,๐๐๐.๕๐")
    expect(page.locator("#grid-status")).to_contain_text("บันทึกแล้ว")
    activity.refresh_from_db()
    assert str(activity.budget) == "15000.50"
    # Sub-items carry no budget of their own.
    assert page.locator(f"tr.lp-row[data-parent='{activity.pk}'] [data-field=budget]").count() == 0
