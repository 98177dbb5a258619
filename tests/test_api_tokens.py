"""Personal API tokens: Wilai creates one on her profile for her office's script, the script reads
Chiang Mai's plans with it (and nothing of Songkhla's), and once revoked it is refused."""

import pytest
from rest_framework.test import APIClient

from labourplan.accounts.models import ApiToken
from labourplan.accounts.services import create_api_token
from labourplan.audit.models import AuditEvent
from labourplan.plans.services import create_plan

pytestmark = pytest.mark.django_db


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_is_created_on_the_profile_page_and_shown_once(client, cm_editor):
    client.force_login(cm_editor)
    response = client.post("/accounts/tokens/", {"name": "สคริปต์รายงานของสำนักงาน"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("lp_") and len(key) > 40
    assert key in response.content.decode()

    token = ApiToken.objects.get(user=cm_editor)
    assert token.name == "สคริปต์รายงานของสำนักงาน"
    assert key not in (token.key_hash, token.prefix)  # only a hash is stored
    page = client.get("/accounts/profile/").content.decode()
    assert "สคริปต์รายงานของสำนักงาน" in page and key not in page
    assert AuditEvent.objects.filter(action="create", object_type="accounts.apitoken", username="wilai").exists()


def test_a_token_needs_a_name(client, cm_editor):
    client.force_login(cm_editor)
    response = client.post("/accounts/tokens/", {"name": "  "})
    assert response.status_code == 400
    assert "ตั้งชื่อ" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_token_reads_as_its_owner_within_the_province(cm_plan, cm_editor, sk_editor, songkhla, fy2570_template):
    create_plan(province=songkhla, fiscal_year=fy2570_template, by=sk_editor)
    _token, wilai_key = create_api_token(user=cm_editor, name="script")

    response = token_client(wilai_key).get("/api/plans/")
    assert response.status_code == 200
    assert [p["province"]["code"] for p in response.json()["results"]] == ["50"]
    assert ApiToken.objects.get(name="script").last_used_at is not None


def test_a_revoked_or_wrong_token_is_refused_with_401(client, cm_editor):
    token, key = create_api_token(user=cm_editor, name="script")
    client.force_login(cm_editor)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None

    for header in (f"Token {key}", "Token lp_not-a-token", "Token a b"):
        response = APIClient().get("/api/plans/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["code"] == "authentication_failed"
        assert response.json()["message"] == "โทเคน API ไม่ถูกต้อง หรือถูกยกเลิกแล้ว"


def test_nobody_revokes_someone_elses_token(client, cm_editor, sk_editor):
    token, key = create_api_token(user=cm_editor, name="script")
    client.force_login(sk_editor)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert token_client(key).get("/api/plans/").status_code == 200


def test_a_deactivated_user_s_tokens_stop_working(cm_editor):
    _token, key = create_api_token(user=cm_editor, name="script")
    cm_editor.is_active = False
    cm_editor.save()
    assert token_client(key).get("/api/plans/").status_code == 401


def test_the_centre_revokes_tokens_in_the_admin(client, central_admin, cm_editor):
    token, key = create_api_token(user=cm_editor, name="script")
    client.force_login(central_admin)
    response = client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    assert token_client(key).get("/api/plans/").status_code == 401


def test_the_pages_keep_the_session(client, cm_editor):
    client.force_login(cm_editor)
    assert client.get("/api/plans/").status_code == 200


def csrf_client(user) -> tuple[APIClient, str]:
    """A browser session as the pages have it: signed in, with the CSRF cookie and token."""
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    token = get_token(RequestFactory().get("/"))
    client.cookies["csrftoken"] = token
    return client, token


def test_a_signed_in_user_creates_a_token_through_the_api_and_sees_the_key_once(cm_editor, chiang_mai):
    client, csrf = csrf_client(cm_editor)
    response = client.post("/api/tokens/", {"name": "สคริปต์ของสำนักงาน"}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201, response.content
    body = response.json()
    key = body["key"]
    assert key.startswith("lp_") and len(key) > 40 and body["prefix"] == key[:10]
    assert (body["name"], body["active"], body["last_used_at"]) == ("สคริปต์ของสำนักงาน", True, None)
    token = ApiToken.objects.get(user=cm_editor)
    assert key not in (token.key_hash, token.prefix)
    assert AuditEvent.objects.filter(
        action="create", object_type="accounts.apitoken", object_id=str(token.pk), username="wilai"
    ).exists()

    listed = client.get("/api/tokens/").json()
    assert [t["name"] for t in listed] == ["สคริปต์ของสำนักงาน"] and key not in str(listed)
    assert token_client(key).get("/api/plans/").status_code == 200  # the key works as a token


def test_a_token_through_the_api_needs_the_session_its_csrf_token_and_a_name(cm_editor):
    client, csrf = csrf_client(cm_editor)
    without_csrf = client.post("/api/tokens/", {"name": "script"}, format="json")
    assert (without_csrf.status_code, without_csrf.json()["code"]) == (403, "csrf_failed")
    unnamed = client.post("/api/tokens/", {"name": "  "}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert unnamed.status_code == 400 and "ตั้งชื่อ" in unnamed.json()["message"]
    _token, key = create_api_token(user=cm_editor, name="script")
    by_token = token_client(key).post("/api/tokens/", {"name": "another"}, format="json")
    assert (by_token.status_code, by_token.json()["code"]) == (403, "session_required")  # no token mints tokens
    assert "โทเคน" in by_token.json()["message"]
    assert APIClient().post("/api/tokens/", {"name": "x"}, format="json").status_code == 401
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["script"]
