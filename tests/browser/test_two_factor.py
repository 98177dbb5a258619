"""In Chromium: Anong, the central administrator, signs in with her password, is taken to set up
her authenticator app (the code computed here from the secret the page shows, with the library
the server checks it with), keeps her recovery codes, and on her next sign-in gives a fresh code.
Then the idle warning offers to stay signed in without losing what was typed."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def app_code(secret: str, later: int = 0) -> str:
    """What an authenticator app shows for the secret, now or `later` seconds from now."""
    totp = TOTP(base64.b32decode(secret))
    totp.time = time.time() + later
    return f"{totp.token():06d}"


def test_the_central_administrator_sets_up_totp_and_signs_in_with_it(page, central_admin, screenshot):
    page.set_default_timeout(30_000)  # the machine is shared: Argon2 and the first pages take a while
    sign_in(page, "anong", PASSWORD)
    assert "/accounts/two-factor/setup/" in page.url
    page.goto("/national/")  # any page: back to the setup
    assert "/accounts/two-factor/setup/" in page.url
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    screenshot("two-factor-setup")
    page.get_by_label("รหัส").fill(app_code(secret))
    page.get_by_role("button", name="เปิดใช้การยืนยันตัวตนสองขั้นตอน").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="เก็บรหัสไว้แล้ว ดำเนินการต่อ").click()
    assert "/two-factor/" not in page.url

    page.get_by_role("button", name="ออกจากระบบ").click()
    sign_in(page, "anong", PASSWORD)
    assert "/accounts/two-factor/" in page.url
    # A code is accepted once: the app's next one (the server allows one step of clock drift).
    page.get_by_label("รหัส").fill(app_code(secret, later=30))
    page.get_by_role("button", name="ดำเนินการต่อ").click()
    page.wait_for_load_state("networkidle")
    assert "/two-factor/" not in page.url and "/login/" not in page.url
    page.goto("/audit/")
    expect(page.locator("h1")).to_be_visible()
    assert page.url.endswith("/audit/")
