"""Two-factor sign-in: Anong (central administrator) and Preecha (central viewer) reach no page
before their second factor; Wilai (Chiang Mai's editor) may set one up and is then always asked;
the centre requires it of Somchai (an approver) and resets a lost phone with a reason."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from labourplan.accounts import two_factor
from labourplan.accounts.services import create_api_token
from labourplan.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code_for(device: TOTPDevice) -> str:
    """What the person's authenticator app shows now (the same RFC 6238 code the server checks)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in(client, user, next_url="/"):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD, "next": next_url})


def set_up_authenticator(client, user, clock) -> list[str]:
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"] in page.content.decode() and "<svg" in page.context["qr"]
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 200
    clock.shift(datetime.timedelta(seconds=31))  # the next code is a new one (a code is accepted once)
    return response.context["codes"]


@pytest.mark.parametrize("role", ["central_admin", "central_viewer"])
def test_central_users_reach_no_page_before_setting_up_and_giving_the_second_factor(client, role, request, clock):
    user = request.getfixturevalue(role)
    response = sign_in(client, user, next_url="/national/")
    assert response.status_code == 302
    for path in ["/", "/national/", "/plans/", "/accounts/profile/", "/audit/", "/partners/"]:
        refused = client.get(path)
        assert refused.status_code == 302 and refused["Location"].startswith("/accounts/two-factor/setup/"), path
    assert client.get("/api/plans/").json()["code"] == "second_factor_required"

    codes = set_up_authenticator(client, user, clock)
    assert len(codes) == 10
    assert client.get("/national/").status_code == 200
    assert AuditEvent.objects.filter(username=user.username, detail__two_factor="set_up").exists()

    # The next sign-in asks for the code from the app.
    client.logout()
    sign_in(client, user)
    refused = client.get("/national/")
    assert refused["Location"].startswith("/accounts/two-factor/?next=/national/")
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000", "next": "/national/"})
    assert "รหัสไม่ถูกต้อง" in wrong.content.decode()
    assert client.get("/national/").status_code == 302
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    clock.shift(datetime.timedelta(seconds=2))  # the throttle after a wrong code
    done = client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": "/national/"})
    assert done.status_code == 302 and done["Location"] == "/national/"
    assert client.get("/national/").status_code == 200


def test_a_code_typed_in_thai_digits_is_accepted(client, central_admin, clock):
    sign_in(client, central_admin)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=central_admin)
    thai = code_for(device).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    response = client.post(reverse("two_factor_setup"), {"code": thai})
    assert response.status_code == 200 and len(response.context["codes"]) == 10


def test_a_recovery_code_signs_in_once(client, central_admin, clock):
    sign_in(client, central_admin)
    codes = set_up_authenticator(client, central_admin, clock)
    client.logout()

    sign_in(client, central_admin)
    assert client.post(reverse("two_factor_verify"), {"code": codes[0], "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(username="anong", detail__second_factor="recovery_code").count() == 1
    client.logout()

    sign_in(client, central_admin)
    clock.shift(datetime.timedelta(seconds=5))
    again = client.post(reverse("two_factor_verify"), {"code": codes[0], "next": "/"})
    assert again.status_code == 200  # refused: used already
    assert client.get("/").status_code == 302
    assert StaticToken.objects.filter(device__user=central_admin).count() == 9


def test_provinces_may_go_without_but_once_set_up_are_always_asked(client, cm_editor, clock):
    sign_in(client, cm_editor)
    profile = client.get("/accounts/profile/")
    assert profile.status_code == 200
    assert "ยืนยันตัวตนสองขั้นตอน" in profile.content.decode()  # encouraged on the profile page
    set_up_authenticator(client, cm_editor, clock)
    client.logout()

    sign_in(client, cm_editor)
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/two-factor/")


def test_the_centre_requires_it_of_an_approver_and_resets_a_lost_phone_with_a_reason(
    client, central_admin, cm_approver, clock
):
    two_factor.set_required(users=[cm_approver], required=True, by=central_admin)
    sign_in(client, cm_approver)
    assert client.get("/plans/")["Location"].startswith("/accounts/two-factor/setup/")
    set_up_authenticator(client, cm_approver, clock)
    client.logout()

    # Somchai lost his phone: a provincial user may not reset anyone, the centre does, with a reason.
    sign_in(client, cm_approver)
    device = TOTPDevice.objects.get(user=cm_approver)
    client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": "/"})
    assert client.post(reverse("two_factor_reset", args=[cm_approver.pk]), {"reason": "x"}).status_code == 403

    admin = client.__class__()
    sign_in(admin, central_admin)
    set_up_authenticator(admin, central_admin, clock)
    assert admin.post(reverse("two_factor_reset", args=[cm_approver.pk]), {"reason": " "}).status_code == 200
    assert TOTPDevice.objects.filter(user=cm_approver).exists()  # no reason, no reset
    reset = admin.post(reverse("two_factor_reset", args=[cm_approver.pk]), {"reason": "โทรศัพท์หาย แจ้งทางโทรศัพท์"})
    assert reset.status_code == 302
    assert not TOTPDevice.objects.filter(user=cm_approver).exists()
    event = AuditEvent.objects.get(detail__two_factor="reset")
    assert (event.username, event.object_id) == ("anong", str(cm_approver.pk))
    assert event.detail["reason"] == "โทรศัพท์หาย แจ้งทางโทรศัพท์"

    fresh = client.__class__()
    sign_in(fresh, cm_approver)
    assert fresh.get("/")["Location"].startswith("/accounts/two-factor/setup/")  # still required: set up again


def test_api_tokens_are_unaffected_but_creating_one_needs_a_recent_second_factor(client, central_admin, clock):
    _token, key = create_api_token(user=central_admin, name="script")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/plans/").status_code == 200  # a token never asks for a second factor

    sign_in(client, central_admin)
    set_up_authenticator(client, central_admin, clock)
    assert client.post("/accounts/tokens/", {"name": "new"}).status_code == 200  # just given
    clock.shift(datetime.timedelta(minutes=20))
    stale = client.post("/accounts/tokens/", {"name": "later"})
    assert stale.status_code == 302 and stale["Location"].startswith("/accounts/two-factor/?next=/accounts/profile/")
    refused = client.post("/api/tokens/", {"name": "later"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "recent_second_factor_required"
    device = TOTPDevice.objects.get(user=central_admin, confirmed=True)
    client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": "/accounts/profile/"})
    assert client.post("/api/tokens/", {"name": "later"}, content_type="application/json").status_code == 201


def test_check_deploy_warns_when_production_turns_the_requirement_off():
    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "TWO_FACTOR"))}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        DJANGO_ALLOWED_HOSTS="labourplan.mol.go.th",
        TWO_FACTOR_REQUIRED="false",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "labourplan.W001" in result.stdout + result.stderr


def test_no_url_of_the_project_lets_a_central_user_through_before_the_second_factor(world, central_admin):
    """Every row of the permission matrix, asked by Anong signed in with her password only."""
    from tests.test_permission_matrix import MATRIX

    client = APIClient()
    client.force_login(central_admin)
    open_paths = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")
    asked = 0
    for row in MATRIX:
        path = row.path.format(**world)
        if path.startswith(open_paths):
            continue
        response = getattr(client, row.method)(path, row.data)
        if path.startswith("/api/"):
            assert (response.status_code, response.json()["code"]) == (403, "second_factor_required"), path
        else:
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/two-factor/setup/"), path
        asked += 1
    assert asked > 100


def test_the_demo_s_central_accounts_sign_in_with_the_secret_the_readme_publishes(client, central_admin, clock):
    from labourplan.demo.data import DEMO_TOTP_SECRETS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert set(DEMO_TOTP_SECRETS) == {"ccpl.admin", "ccpl.viewer"}
    assert all(f"`{secret}`" in readme for secret in DEMO_TOTP_SECRETS.values())
    two_factor.give_demo_authenticator(central_admin, DEMO_TOTP_SECRETS["ccpl.admin"])
    # What a newcomer's authenticator app computes from the published secret alone.
    import base64

    app = TOTP(base64.b32decode(DEMO_TOTP_SECRETS["ccpl.admin"]))
    sign_in(client, central_admin)
    assert client.get("/")["Location"].startswith("/accounts/two-factor/")
    done = client.post(reverse("two_factor_verify"), {"code": f"{app.token():06d}", "next": "/"})
    assert done.status_code == 302 and client.get("/").status_code == 200
