"""The owner removes one of their second factors from their profile page: Wilai (Chiang Mai's
editor, for whom it is optional) down to none, which switches it off with her recovery codes;
Anong (central administrator, for whom it is required) never below one. Always with the second
factor given in the last minutes, always in the audit trail, and nobody else's device."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from labourplan.audit.models import AuditEvent
from tests.test_passkeys import give_passkey
from tests.test_two_factor import code_for, set_up_authenticator, sign_in

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def remove_authenticator(client, user):
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return client.post(reverse("two_factor_remove_authenticator", args=[device.pk]))


def test_the_owner_removes_a_passkey_then_the_last_device_which_switches_it_off(client, cm_editor, clock):
    sign_in(client, cm_editor)
    set_up_authenticator(client, cm_editor, clock)
    passkey = give_passkey(cm_editor)
    profile = client.get(reverse("profile")).content.decode()
    assert profile.count('data-testid="device"') == 2 and "แล็ปท็อป" in profile
    assert "เหลือรหัสกู้คืน 10 รหัส" in profile

    response = client.post(reverse("passkey_remove", args=[passkey.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("profile") + "#two-factor"
    assert "ลบ “แล็ปท็อป” ออกจากอุปกรณ์ยืนยันตัวตนขั้นที่สองของท่านแล้ว" in response.content.decode()
    assert not WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    cm_editor.refresh_from_db()
    assert cm_editor.two_factor_enabled and StaticToken.objects.filter(device__user=cm_editor).count() == 10
    event = AuditEvent.objects.get(detail__two_factor="passkey_removed")
    assert (event.username, event.object_id, event.detail["device"]) == ("wilai", str(cm_editor.pk), "แล็ปท็อป")
    assert event.detail["two_factor_off"] is False

    # Her last device: optional for a province, so two-factor sign-in goes off, recovery codes with it.
    done = remove_authenticator(client, cm_editor)
    assert done.status_code == 302
    cm_editor.refresh_from_db()
    assert not cm_editor.two_factor_enabled
    assert not TOTPDevice.objects.filter(user=cm_editor).exists()
    assert not StaticToken.objects.filter(device__user=cm_editor).exists()
    event = AuditEvent.objects.get(detail__two_factor="authenticator_removed")
    assert event.detail["two_factor_off"] is True
    client.logout()
    sign_in(client, cm_editor)
    assert client.get(reverse("profile")).status_code == 200  # no longer asked for a second factor


def test_a_central_user_keeps_at_least_one_device(client, central_admin, clock):
    sign_in(client, central_admin)
    set_up_authenticator(client, central_admin, clock)
    profile = client.get(reverse("profile")).content.decode()
    assert "บัญชีของท่านต้องมีอุปกรณ์ยืนยันตัวตนขั้นที่สองอย่างน้อยหนึ่งรายการ" in profile

    refused = remove_authenticator(client, central_admin)
    page = client.get(refused["Location"]).content.decode()
    assert "ลบไม่ได้: รายการนี้เป็นอุปกรณ์ยืนยันตัวตนขั้นที่สองรายการสุดท้ายของท่าน" in page
    assert "บัญชีของท่านต้องใช้การยืนยันตัวตนสองขั้นตอน" in page
    assert TOTPDevice.objects.filter(user=central_admin, confirmed=True).exists()
    central_admin.refresh_from_db()
    assert central_admin.two_factor_enabled
    assert not AuditEvent.objects.filter(detail__has_key="two_factor", detail__two_factor__endswith="_removed")

    # With a passkey beside it, the authenticator may go; then the passkey is the last one.
    passkey = give_passkey(central_admin)
    assert remove_authenticator(client, central_admin).status_code == 302
    assert not TOTPDevice.objects.filter(user=central_admin).exists()
    assert client.get("/audit/").status_code == 200  # the session, verified by that app, stays verified
    client.post(reverse("passkey_remove", args=[passkey.pk]))
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()


def test_removing_needs_a_recent_second_factor(client, cm_editor, clock):
    sign_in(client, cm_editor)
    set_up_authenticator(client, cm_editor, clock)
    give_passkey(cm_editor)
    clock.shift(datetime.timedelta(minutes=20))
    stale = remove_authenticator(client, cm_editor)
    assert stale.status_code == 302 and stale["Location"] == "/accounts/two-factor/?next=/accounts/profile/"
    assert TOTPDevice.objects.filter(user=cm_editor, confirmed=True).exists()

    device = TOTPDevice.objects.get(user=cm_editor, confirmed=True)
    client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": "/accounts/profile/"})
    assert remove_authenticator(client, cm_editor).status_code == 302
    assert not TOTPDevice.objects.filter(user=cm_editor).exists()


def test_someone_else_s_device_is_404(client, cm_editor, cm_approver, sk_editor, clock):
    passkey = give_passkey(cm_editor)
    authenticator = TOTPDevice.objects.create(user=cm_editor, name="โทรศัพท์", confirmed=True)
    for user in (cm_approver, sk_editor):
        other = client.__class__()
        other.force_login(user)  # no second factor of their own here: nothing else stands in the way
        assert other.post(reverse("passkey_remove", args=[passkey.pk])).status_code == 404
        assert other.post(reverse("two_factor_remove_authenticator", args=[authenticator.pk])).status_code == 404
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    assert TOTPDevice.objects.filter(pk=authenticator.pk).exists()
    assert not AuditEvent.objects.filter(detail__has_key="two_factor")


def test_removing_is_a_post(client, cm_editor, clock):
    sign_in(client, cm_editor)
    set_up_authenticator(client, cm_editor, clock)
    device = TOTPDevice.objects.get(user=cm_editor, confirmed=True)
    assert client.get(reverse("two_factor_remove_authenticator", args=[device.pk])).status_code == 405
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
