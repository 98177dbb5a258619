"""In Chromium, with its virtual authenticator (DevTools' WebAuthn domain: a CTAP2 platform
authenticator with a resident key and user verification, as a laptop's fingerprint reader):
Anong, the central administrator, adds a passkey as her second factor, keeps her recovery codes,
signs out, and signs in again with her password and the passkey, reaching the dashboard.
django-otp-webauthn checks the real attestation and assertion the browser makes."""

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from labourplan.audit.models import AuditEvent
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import audit  # noqa: F401 (a fixture: axe-core at both widths)
from tests.conftest import PASSWORD

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def passkey_settings(settings, live_server):
    settings.TWO_FACTOR_REQUIRED = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"  # WebAuthn takes no IP address
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


@pytest.fixture
def authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    authenticator_id = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    return cdp, authenticator_id


def test_the_central_administrator_signs_in_with_a_passkey(page, central_admin, authenticator, screenshot):
    page.set_default_timeout(30_000)  # the machine is shared: Argon2 and the first pages take a while
    cdp, authenticator_id = authenticator
    sign_in(page, "anong", PASSWORD)
    assert "/accounts/two-factor/setup/" in page.url
    add = page.get_by_role("button", name="เพิ่มพาสคีย์")
    expect(add).to_be_visible()
    screenshot("passkey-setup-1280")
    page.set_viewport_size(PHONE)
    screenshot("passkey-setup-390")
    page.set_viewport_size(DESKTOP)

    add.click()
    # A first second factor comes with the recovery codes.
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    credential = WebAuthnCredential.objects.get(user=central_admin)
    central_admin.refresh_from_db()
    assert central_admin.two_factor_enabled
    assert AuditEvent.objects.filter(username="anong", detail__two_factor="passkey_added").exists()
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1
    page.get_by_role("link", name="เก็บรหัสไว้แล้ว ดำเนินการต่อ").click()
    assert "/two-factor/" not in page.url

    page.get_by_role("button", name="ออกจากระบบ").click()
    sign_in(page, "anong", PASSWORD)
    assert "/accounts/two-factor/" in page.url
    use = page.get_by_role("button", name="ใช้พาสคีย์")
    expect(use).to_be_visible()
    page.set_viewport_size(PHONE)
    screenshot("passkey-sign-in-390")
    page.set_viewport_size(DESKTOP)
    screenshot("passkey-sign-in-1280")
    use.click()
    page.wait_for_url(lambda url: "/two-factor/" not in url and "/login/" not in url)
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_be_visible()
    screenshot("passkey-dashboard-1280")
    page.goto("/audit/")
    assert page.url.endswith("/audit/")  # a verified session: no page is held back
    event = AuditEvent.objects.filter(detail__second_factor="passkey").get()
    assert event.username == "anong"
    credential.refresh_from_db()
    assert credential.last_used_at is not None


def test_the_passkey_parts_of_the_two_factor_pages_pass_axe(audit, central_admin, cm_editor):  # noqa: F811
    """Wilai (no second factor yet) on the set-up page with its "add a passkey"; Anong, who has a
    passkey, on the second step of the sign-in with its "use a passkey"."""
    WebAuthnCredential.objects.create(user=central_admin, name="แล็ปท็อป", credential_id=b"anong", public_key=b"k")
    type(central_admin).objects.filter(pk=central_admin.pk).update(two_factor_enabled=True)
    audit("two-factor set-up", "/accounts/two-factor/setup/", "wilai")
    audit("two-factor sign-in", "/accounts/two-factor/", "anong")
    assert audit.found == []
