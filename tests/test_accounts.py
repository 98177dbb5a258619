import re

import pytest
from django.core import mail
from django.test import override_settings

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_is_thai(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "เข้าสู่ระบบ" in html
    assert "Google" not in html  # Google sign-in is off unless configured


def test_a_wrong_password_says_so_in_thai(client, cm_editor):
    response = client.post("/accounts/login/", {"username": "wilai", "password": "not-the-password"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


@pytest.mark.parametrize(
    ("fixture", "landing"),
    [
        ("central_admin", "/"),
        ("central_viewer", "/"),
        ("cm_editor", "/provinces/50/"),
        ("cm_approver", "/provinces/50/"),
        ("sk_editor", "/provinces/90/"),
    ],
)
def test_each_role_signs_in_to_its_own_home(client, request, fixture, landing):
    user = request.getfixturevalue(fixture)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == landing
    html = response.content.decode()
    if user.is_provincial:
        assert f"สำนักงานแรงงานจังหวัด{user.province.name_th}" in html.replace(" ", "")
    else:
        assert "ภาพรวมทั้งประเทศ" in html


def test_sign_out_is_a_post_and_ends_the_session(client, cm_editor):
    client.force_login(cm_editor)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_change_password_checks_the_old_one_and_the_validators(client, cm_editor):
    client.force_login(cm_editor)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "รหัสผ่านนี้" in response.content.decode()  # Django's Thai validator messages
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "ดอยสุเทพ-2570-x", "new_password2": "ดอยสุเทพ-2570-x"},
    )
    assert response.status_code == 302
    cm_editor.refresh_from_db()
    assert cm_editor.check_password("ดอยสุเทพ-2570-x")


def test_reset_password_by_email(client, cm_editor):
    cm_editor.email = "wilai@example.go.th"
    cm_editor.save()
    response = client.post("/accounts/password/reset/", {"email": "wilai@example.go.th"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "ตั้งรหัสผ่านใหม่" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "แม่ปิง-river-88", "new_password2": "แม่ปิง-river-88"}
    )
    assert response.status_code == 302
    cm_editor.refresh_from_db()
    assert cm_editor.check_password("แม่ปิง-river-88")


def test_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.go.th"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_google_sign_in_is_off_by_default(client):
    assert client.get("/accounts/oidc/authenticate/").status_code == 404


@override_settings(
    OIDC_ENABLED=True,
    OIDC_RP_CLIENT_ID="ministry-client-id",
    OIDC_RP_CLIENT_SECRET="secret",
    AUTHENTICATION_BACKENDS=[
        "labourplan.accounts.backends.RoleModelBackend",
        "labourplan.accounts.backends.GoogleOIDCBackend",
    ],
)
def test_google_sign_in_when_configured_redirects_to_google(client):
    html = client.get("/accounts/login/").content.decode()
    assert "เข้าสู่ระบบด้วย Google" in html
    response = client.get("/accounts/oidc/authenticate/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://accounts.google.com/o/oauth2/v2/auth?")
    assert "client_id=ministry-client-id" in response["Location"]


def test_google_account_matches_a_registered_verified_address_only(cm_editor):
    from labourplan.accounts.backends import GoogleOIDCBackend

    cm_editor.email = "Wilai.CM@gmail.com"
    cm_editor.save()
    backend = GoogleOIDCBackend.__new__(GoogleOIDCBackend)  # no network settings needed for claim matching
    backend.UserModel = type(cm_editor)
    assert list(backend.filter_users_by_claims({"email": "wilai.cm@gmail.com"})) == [cm_editor]
    assert not backend.filter_users_by_claims({"email": "someone@gmail.com"}).exists()
    assert backend.verify_claims({"email": "wilai.cm@gmail.com", "email_verified": True})
    assert not backend.verify_claims({"email": "wilai.cm@gmail.com", "email_verified": False})


def test_profile_shows_role_and_unit(client, cm_approver):
    client.force_login(cm_approver)
    html = client.get("/accounts/profile/").content.decode()
    assert "แรงงานจังหวัด (ผู้อนุมัติ)" in html
    assert "เชียงใหม่" in html


def test_english_is_one_click_away(client, cm_editor):
    client.force_login(cm_editor)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/profile/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "My account" in html
    assert "Provincial editor" in html


def test_a_province_user_cannot_be_saved_without_a_province(db):
    from django.db import IntegrityError

    from labourplan.accounts.models import Role, User

    with pytest.raises(IntegrityError):
        User.objects.create(username="orphan", role=Role.PROVINCIAL_EDITOR)


def test_passwords_are_stored_with_argon2id_and_older_hashes_are_upgraded_at_sign_in(client, cm_editor):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    cm_editor.refresh_from_db()
    # argon2id at OWASP's minimum: 19 MiB, 2 passes, 1 lane
    assert cm_editor.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")

    hasher = PBKDF2PasswordHasher()
    cm_editor.password = hasher.encode(PASSWORD, hasher.salt())  # as stored before
    cm_editor.save(update_fields=["password"])
    response = client.post("/accounts/login/", {"username": cm_editor.username, "password": PASSWORD})
    assert response.status_code == 302
    cm_editor.refresh_from_db()
    assert cm_editor.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
