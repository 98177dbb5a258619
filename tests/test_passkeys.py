"""Passkeys (WebAuthn, django-otp-webauthn) as a second factor beside the authenticator app: the
middleware lets a session verified by a passkey through, the sign-in ceremony refuses a forged
answer, nobody adds a passkey to skip the factor they already have, and the centre's reset
removes passkeys too. (The full ceremonies run in Chromium: tests/browser/test_passkeys.py.)"""

import base64
import json

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from labourplan.accounts import two_factor
from labourplan.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def give_passkey(user) -> WebAuthnCredential:
    credential = WebAuthnCredential.objects.create(
        user=user, name="แล็ปท็อป", credential_id=b"credential-" + user.username.encode(), public_key=b"key"
    )
    type(user).objects.filter(pk=user.pk).update(two_factor_enabled=True)
    return credential


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_a_session_verified_by_a_passkey_passes_and_one_without_does_not(client, central_admin):
    credential = give_passkey(central_admin)
    sign_in(client, central_admin)
    assert client.get("/audit/")["Location"].startswith("/accounts/two-factor/?next=/audit/")
    assert client.get("/api/plans/").status_code == 403

    page = client.get(reverse("two_factor_verify"))
    html = page.content.decode()
    assert "ใช้พาสคีย์" in html and 'id="otp_webauthn_config"' in html
    assert page.context["passkey_config"]["beginAuthenticationUrl"] == reverse("passkey_sign_in_begin")

    session = client.session  # what django-otp-webauthn's completed ceremony stores (django_otp.login)
    session[DEVICE_ID_SESSION_KEY] = credential.persistent_id
    session.save()
    assert client.get("/audit/").status_code == 200


def test_the_sign_in_ceremony_offers_only_ones_own_passkeys_and_refuses_a_forged_answer(
    client, central_admin, central_viewer
):
    give_passkey(central_viewer)
    give_passkey(central_admin)
    sign_in(client, central_admin)
    options = client.post(reverse("passkey_sign_in_begin")).json()
    offered = [c["id"] for c in options["allowCredentials"]]
    assert len(offered) == 1 and options["rpId"] == "localhost"
    forged = {"id": offered[0], "rawId": offered[0], "type": "public-key", "response": {}}
    answer = client.post(reverse("passkey_sign_in_complete"), json.dumps(forged), content_type="application/json")
    assert answer.status_code == 422  # unprocessable: no signature at all
    assert client.get("/audit/").status_code == 302  # still not verified
    # The challenge was used up: the same answer again is refused as a ceremony never begun.
    again = client.post(reverse("passkey_sign_in_complete"), json.dumps(forged), content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "invalid_state"
    assert not AuditEvent.objects.filter(detail__second_factor="passkey").exists()


def test_a_stranger_gets_no_ceremony_at_all(client, central_admin):
    give_passkey(central_admin)
    assert client.post(reverse("passkey_sign_in_begin")).status_code == 403  # no sign-in by passkey alone
    assert client.post(reverse("passkey_register_begin")).status_code == 403


def test_registering_offers_the_relying_party_of_the_settings(client, cm_editor, settings):
    settings.OTP_WEBAUTHN_RP_NAME = "ระบบแผนแรงงาน"
    sign_in(client, cm_editor)
    options = client.post(reverse("passkey_register_begin")).json()
    assert options["rp"] == {"id": "localhost", "name": "ระบบแผนแรงงาน"}
    assert options["user"]["name"] == "wilai"
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert 'id="passkey-registration-placeholder"' in page and "เพิ่มพาสคีย์" in page


def test_a_person_with_an_authenticator_gives_it_before_adding_a_passkey(client, cm_editor):
    TOTPDevice.objects.create(user=cm_editor, name="app", confirmed=True)
    type(cm_editor).objects.filter(pk=cm_editor.pk).update(two_factor_enabled=True)
    sign_in(client, cm_editor)
    refused = client.post(reverse("passkey_register_begin"))
    assert refused.status_code == 403
    assert "ยืนยันตัวตนขั้นที่สอง" in refused.json()["detail"]  # in Thai
    assert not WebAuthnCredential.objects.exists()


def test_the_centres_reset_removes_passkeys_with_the_rest(cm_approver, central_admin):
    give_passkey(cm_approver)
    cm_approver.refresh_from_db()
    two_factor.reset_devices(user=cm_approver, by=central_admin, reason="เครื่องหาย")
    assert not WebAuthnCredential.objects.filter(user=cm_approver).exists()
    cm_approver.refresh_from_db()
    assert not cm_approver.two_factor_enabled
    assert AuditEvent.objects.get(detail__two_factor="reset").detail["reason"] == "เครื่องหาย"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)
B64 = st.binary(max_size=80).map(_b64url) | st.text(max_size=20)
CREDENTIAL_LIKE = st.fixed_dictionaries(
    {"id": B64, "rawId": B64, "type": st.sampled_from(["public-key", "other"])},
    optional={
        "response": st.dictionaries(
            st.sampled_from(["clientDataJSON", "authenticatorData", "signature", "userHandle", "attestationObject"]),
            B64,
        )
    },
)


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(body=JSON | CREDENTIAL_LIKE)
def test_fuzzed_ceremony_answers_are_refused_without_a_server_error(client, central_admin, cm_editor, body):
    """Signing in (Anong has a passkey) and registering (Wilai has no second factor yet), each
    ceremony begun as the browser would, then answered with anything at all."""
    if not WebAuthnCredential.objects.exists():  # the examples share the test's database
        give_passkey(central_admin)
    for user, begin, complete in (
        (central_admin, "passkey_sign_in_begin", "passkey_sign_in_complete"),
        (cm_editor, "passkey_register_begin", "passkey_register_complete"),
    ):
        client.force_login(user)
        assert client.post(reverse(begin)).status_code == 200
        answer = client.post(reverse(complete), json.dumps(body), content_type="application/json")
        assert 400 <= answer.status_code < 500, answer.content
    assert WebAuthnCredential.objects.count() == 1  # nothing registered
    client.force_login(central_admin)
    assert client.get("/audit/").status_code == 302  # never verified by a forged answer
