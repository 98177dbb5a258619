"""Hardening: lockout after repeated failed sign-ins, the Content-Security-Policy and the pages
it needs, request size limits, cookies and `check --deploy` under production settings."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from labourplan.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.PACKAGE_DIR) / "templates"
# Rendered by WeasyPrint into a PDF, never served to a browser (so are all the *_pdf.html).
PDF_TEMPLATES = {"plans/form1_pdf.html"}


def sign_in(client, password):
    return client.post("/accounts/login/", {"username": "wilai", "password": password})


def test_five_wrong_passwords_lock_the_account_with_a_thai_message(client, cm_editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong-password-x").status_code == 200
    assert sign_in(client, "wrong-password-x").status_code == 429
    response = sign_in(client, PASSWORD)  # even the right password, now
    assert response.status_code == 429
    page = response.content.decode()
    assert "ระงับการเข้าสู่ระบบ" in page and "ศปคร." in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_in_failed", username="wilai").count() >= settings.AXES_FAILURE_LIMIT


def test_the_centre_unlocks_the_account_in_the_admin(client, cm_editor, central_admin):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong-password-x")
    admin = client.__class__()
    admin.force_login(central_admin)
    response = admin.post(
        "/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [cm_editor.pk]}, follow=True
    )
    assert response.status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="change", object_type="accounts.user", username="anong").exists()


def test_a_lockout_is_for_one_address_only(client, cm_editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong-password-x")
    other_office = client.post(
        "/accounts/login/", {"username": "wilai", "password": PASSWORD}, REMOTE_ADDR="10.20.30.40"
    )
    assert other_office.status_code == 302


def test_pages_send_a_strict_content_security_policy(client, cm_editor):
    client.force_login(cm_editor)
    policy = client.get("/accounts/profile/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_no_template_has_inline_script_style_or_event_handler():
    offending = []
    for path in TEMPLATES.rglob("*.html"):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in PDF_TEMPLATES or name.endswith("_pdf.html"):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offending.append(f"{name}: inline <script>")
        if re.search(r"<style\b", text) or re.search(r"\sstyle=", text):
            offending.append(f"{name}: inline style")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text:
            offending.append(f"{name}: inline event handler")
    assert not offending


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(client, cm_editor, settings):
    settings.MAX_REQUEST_BYTES = 1000
    client.force_login(cm_editor)
    page = client.post("/accounts/tokens/", {"name": "x" * 2000})
    assert page.status_code == 413
    assert "ใหญ่เกินไป" in page.content.decode()
    api = client.post("/api/plans/", {"province": "x" * 2000}, content_type="application/json")
    assert api.status_code == 413
    assert api.json()["code"] == "too_large"


def test_cookies_are_http_only_and_same_site(client, cm_editor):
    response = sign_in(client, PASSWORD)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY


# check --deploy and the production cookies are tested in tests/test_operations.py.
