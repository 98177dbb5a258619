"""The OpenAPI schema documents every endpoint of the API, and its Swagger UI is served from the
application itself."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api_routes() -> set[str]:
    """Every /api/ URL pattern of the project, in OpenAPI's spelling (/api/plans/{pk}/)."""

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)

    return {r for r in walk(get_resolver().url_patterns) if r.startswith("/api/")} - {"/api/schema/", "/api/docs/"}


def test_the_schema_builds_without_warnings_and_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_the_schema_covers_every_api_endpoint():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert api_routes() == set(schema["paths"])


def test_every_operation_documents_the_shared_error_body():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("400", "401", "403", "404"):
                body = operation["responses"][code]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def test_the_schema_needs_a_signed_in_user(client, cm_editor):
    anonymous = APIClient().get("/api/schema/", {"format": "json"})
    assert anonymous.status_code in (401, 403)
    assert json.loads(anonymous.content)["code"] == "not_authenticated"
    client.force_login(cm_editor)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/plans/{pk}/" in response.content


def test_the_docs_page_sends_strangers_to_sign_in(client):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files_without_inline_script(client, cm_editor):
    client.force_login(cm_editor)
    page = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts
    for attributes, body in scripts:
        assert 'src="/static/' in attributes or 'src="/api/docs/?script=' in attributes, attributes
        assert not body.strip()
    assert "cdn" not in page.lower()
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_an_address_under_api_that_matches_nothing_answers_the_api_error_body(client, cm_editor):
    client.force_login(cm_editor)
    for path in ("/api/plans/-1/", "/api/nothing-here/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "ไม่พบข้อมูล หรือคุณไม่มีสิทธิ์ดูข้อมูลนี้", "errors": {}}
    assert client.get("/plans/-1/")["Content-Type"].startswith("text/html")
