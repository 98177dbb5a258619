"""Before the idle timeout, Wilai's plan grid warns her and offers to stay signed in: she does,
and the page is the one she was typing in, with what she typed."""

import re

import pytest
from playwright.sync_api import expect

from labourplan.accounts.models import UserSession
from tests.browser.test_plan_grid import cell, editor_page, fresh_market, plan  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def short_limits(settings):
    # Three idle minutes, the warning 170 seconds before: it shows ten seconds after the page opens.
    settings.SESSION_IDLE_MINUTES = 3
    settings.SESSION_WARNING_SECONDS = 170
    settings.SESSION_ABSOLUTE_HOURS = 12


def test_the_idle_warning_keeps_the_grid_and_stays_signed_in(editor_page, screenshot):  # noqa: F811
    page, item = editor_page, fresh_market()
    cell(page, item, 12).fill("4")
    warning = page.get_by_test_id("session-warning")
    expect(warning).to_be_visible(timeout=30_000)
    expect(warning).to_contain_text("ระบบจะออกจากระบบเนื่องจากไม่มีการใช้งานในอีก")
    expect(warning.locator("[data-countdown]")).to_have_text(re.compile(r"^2:[0-5]\d$"))  # minutes:seconds left
    screenshot("session-idle-warning")
    before = UserSession.objects.get().last_seen_at
    warning.get_by_role("button", name="ใช้งานต่อ").click()
    expect(warning).to_be_hidden(timeout=15_000)
    assert UserSession.objects.get().last_seen_at > before  # the server counted it as a use
    expect(cell(page, item, 12)).to_have_value("4")
    assert "/plans/" in page.url
