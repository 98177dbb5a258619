"""The public page in a browser, signed in as no one: Thai first, English through the language
switch, the map of a frozen round's levels the centre made public, screenshots at a phone's and a
desktop's width, and axe finds no violation at either."""

import datetime
import re

from playwright.sync_api import expect

from labourplan.evaluation.models import Round
from labourplan.evaluation.services import freeze_round
from labourplan.lib.fiscal import BANGKOK
from labourplan.opendata.models import Publication
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import WIDTHS, violations
from tests.browser.test_dashboard import nation  # noqa: F401 (a fixture: Chiang Mai reporting, four provinces too)


def test_anyone_reads_the_open_page_on_a_phone_and_a_desktop_with_no_accessibility_violation(
    browser,
    live_server,
    nation,  # noqa: F811
    central_admin,
):
    round_ = Round.objects.get(scheme__fiscal_year=nation.fiscal_year, number=1)
    freeze_round(round_=round_, by=central_admin, now=datetime.datetime(2027, 4, 6, 9, tzinfo=BANGKOK))
    Publication.objects.create(fiscal_year=nation.fiscal_year, levels_round=round_)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = []
    for viewport in WIDTHS:
        context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport=viewport, bypass_csp=True)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto("/open/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("ข้อมูลเปิด")
        expect(page.get_by_test_id("headline")).to_contain_text("5 จาก 76")
        expect(page.get_by_test_id("tile-map")).to_be_visible()
        expect(page.get_by_test_id("chart-disbursement")).to_be_visible()
        expect(page.get_by_test_id("last-updated")).to_contain_text("ต.ค. 2569")
        page.screenshot(path=str(SCREENSHOTS / f"open-data-{viewport['width']}.png"), full_page=True)
        found.extend(f"/open/ at {viewport['width']} px: {line}" for line in violations(page))
        context.close()
    assert not found, "\n".join(found)


def test_the_language_switch_turns_the_open_page_to_english(page, nation):  # noqa: F811
    page.goto("/open/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("^Open data"))
    expect(page.get_by_test_id("downloads")).to_contain_text("Download the data")
