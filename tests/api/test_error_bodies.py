"""Every refusal of the API answers the JSON error body {"code", "message", "errors"} with a
Thai message: a server error in production, and a CSRF refusal, which says that it is one."""

import pytest
from django.middleware.csrf import get_token
from django.test import RequestFactory
from rest_framework.test import APIClient

from labourplan.reports import services as report_services
from labourplan.reports.models import MonthlyReport

pytestmark = pytest.mark.django_db


def thai(text: str) -> bool:
    return any("\u0e00" <= c <= "\u0e7f" for c in text)


def test_in_production_a_server_error_of_the_api_answers_the_json_error_body(world, cm_editor, settings, monkeypatch):
    settings.DEBUG = False

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(report_services, "update_report", broken)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(cm_editor)
    response = client.patch(f"/api/reports/{world['report']}/", {"revision": 1, "disbursed": "1"}, format="json")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "server_error" and body["errors"] == {}
    assert thai(body["message"]), body


def test_a_page_error_in_production_stays_an_html_page(cm_editor, settings, monkeypatch):
    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("labourplan.partners.views.render", broken)
    client = APIClient(raise_request_exception=False)
    client.force_login(cm_editor)
    response = client.get("/partners/50/")
    assert response.status_code == 500 and response["Content-Type"].startswith("text/html")


def test_a_csrf_refusal_on_the_api_says_so(world, cm_editor):
    """The pages call the API with the session and the CSRF token; a call without the token is a
    CSRF refusal, not a question of role, and nothing is saved."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cm_editor)
    url = f"/api/reports/{world['report']}/"
    refused = client.patch(url, {"revision": 1, "problems": "ฝนตก"}, format="json")
    assert refused.status_code == 403
    body = refused.json()
    assert body["code"] == "csrf_failed" and body["errors"] == {}
    assert "CSRF" in body["message"] and thai(body["message"])
    assert MonthlyReport.objects.get(pk=world["report"]).problems == ""

    token = get_token(RequestFactory().get("/"))
    client.cookies["csrftoken"] = token
    accepted = client.patch(url, {"revision": 1, "problems": "ฝนตก"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200, accepted.content


def test_a_role_refusal_with_a_good_csrf_token_stays_a_role_refusal(world, central_viewer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(central_viewer)
    token = get_token(RequestFactory().get("/"))
    client.cookies["csrftoken"] = token
    url = f"/api/reports/{world['report']}/"
    refused = client.patch(url, {"revision": 1, "problems": "x"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")


def test_a_request_refused_before_any_view_answers_the_json_error_body_under_api(cm_editor, settings):
    settings.DEBUG = False
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(cm_editor)
    response = client.get("/api/plans/", HTTP_HOST="evil.example")  # not an allowed host
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "bad_request" and thai(body["message"])
    page = APIClient(raise_request_exception=False).get("/plans/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
