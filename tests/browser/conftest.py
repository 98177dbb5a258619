"""Browser tests: Playwright drives the Chromium of Debian's `chromium` package.

Playwright's own browser download cannot work here, so the browser is found on the PATH (or
in $CHROMIUM). When it is missing the tests fail, never skip: `make test` installs it.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from bench.browser import CHROMIUM_ARGS  # the benchmark drives the same Chromium the same way

# Playwright's sync API keeps an event loop running in this thread; the ORM calls made by the
# tests' own fixtures are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def reference_data(committed_reference_data):
    """A live server needs committed data, so these tests run outside a transaction."""


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("Debian's chromium is not installed: run `make test`, or `apt-get install chromium`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save what the user sees, for a person to look at (var/screenshots/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state("networkidle")


def grid_ready(page) -> None:
    """Wait until the grid's script has started (it marks the table), as an officer's first
    keystroke would be handled either way but the test should not race the page."""
    page.locator("table.lp-grid[data-ready='1']").wait_for()
