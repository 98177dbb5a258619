"""No input answers 500: every numeric field of the API has its bounds, declared in the schema
and enforced before anything reaches the database.

Wilai (Chiang Mai's editor) sends what a careless or hostile program would: numbers too large for
any database column, negative, fractional, "1e309", NaN and infinities, Thai digits, text.
"""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from labourplan.reports.models import ReportResult

pytestmark = pytest.mark.django_db

HUGE = 9223372036854775808  # one more than a 64-bit integer holds

# Raw JSON, as a client could send it (NaN and Infinity are not JSON, but programs send them).
HOSTILE = [
    str(HUGE),
    str(-HUGE - 1),
    str(2**31),
    "-1",
    "1.5",
    "1e309",
    "-1e309",
    "1e308",
    "NaN",
    "Infinity",
    '"9223372036854775808"',
    '"๙๒๒๓๓๗๒๐๓๖๘๕๔๗๗๕๘๐๘"',
    '"๒,๑๔๗,๔๘๓,๖๔๘"',
    '"1e309"',
    '"NaN"',
    '"-Infinity"',
    '"สิบ"',
    '"1,2,3"',
    '""',
    "null",
    "true",
    "[]",
    "{}",
]

# Every operation with a numeric input: a body that would succeed, so that only the field tried
# can stop it. {ids} are the world fixture's objects.
BODIES = {
    ("patch", "/api/annual-reports/{pk}/"): ("annual", {"revision": 1, "narrative": "x"}),
    ("post", "/api/annual-reports/{pk}/items/"): ("annual", {"strategy": 1, "title": "งาน"}),
    ("patch", "/api/items/{pk}/"): ("item", {"revision": 1, "budget": "1000"}),
    ("post", "/api/items/{pk}/move/"): ("item", {"offset": 1}),
    ("post", "/api/plans/"): (None, {"province": "50", "fiscal_year": 2571}),
    ("post", "/api/plans/{pk}/allocations/"): ("plan", {"amount": "1000", "received_on": "2026-11-01"}),
    ("post", "/api/plans/{pk}/reports/"): ("plan", {"month_index": 2}),
    ("patch", "/api/reports/{pk}/"): ("report", {"revision": 1, "disbursed": "10"}),
    ("put", "/api/reports/{pk}/results/{item_key}/"): (
        "report",
        {"revision": 0, "result": 1, "confirmed": True, "remark": "ตรวจจริง"},  # past the over-3× rule
    ),
    ("patch", "/api/topics/{pk}/"): ("topic", {"revision": 1, "title": "หัวข้อ"}),
    ("post", "/api/topics/{pk}/items/"): ("topic", {"title": "กิจกรรม", "parent": None}),
    ("post", "/api/topics/{pk}/move/"): ("topic", {"offset": 1}),
    ("post", "/api/versions/{pk}/topics/"): ("version", {"strategy": 1, "title": "หัวข้อ"}),
    ("post", "/api/quality/findings/{pk}/ask/"): ("finding", {"revision": 1, "text": "จริงหรือ"}),
    ("post", "/api/quality/findings/{pk}/answer/"): ("finding", {"revision": 1, "text": "ถูกต้อง"}),
    ("post", "/api/quality/findings/{pk}/close/"): ("finding", {"revision": 1, "text": ""}),
}


def numeric(schema) -> bool:
    if schema.get("type") in ("integer", "number"):
        return True
    return any(numeric(s) for s in schema.get("oneOf", []) + schema.get("anyOf", []))


def bounded(schema) -> bool:
    """Every number a schema allows has a minimum and a maximum."""
    alternatives = schema.get("oneOf", []) + schema.get("anyOf", []) or [schema]
    return all("minimum" in s and "maximum" in s for s in alternatives if s.get("type") in ("integer", "number"))


def numeric_inputs():
    """(method, path, field, schema) of every numeric body field and query parameter."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and numeric(parameter["schema"]):
                    yield method, path, f"?{parameter['name']}", parameter["schema"]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                body = components[content["schema"]["$ref"].rsplit("/", 1)[1]]
                for name, field in body.get("properties", {}).items():
                    if numeric(field) and not field.get("readOnly"):
                        yield method, path, name, field
                break


def test_every_numeric_input_of_the_schema_declares_its_bounds():
    inputs = list(numeric_inputs())
    assert len(inputs) > 20
    unbounded = [(m, p, f) for m, p, f, schema in inputs if not bounded(schema)]
    assert not unbounded


def test_every_numeric_body_field_is_tried_below():
    body_fields = {(m, p) for m, p, f, _ in numeric_inputs() if not f.startswith("?")}
    assert body_fields == set(BODIES)


def assert_error_body(response):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    body = response.json()
    assert set(body) >= {"code", "message", "errors"} and body["message"], body
    return body


def send_raw(client, method, url, fields: dict, hostile_field: str, raw: str):
    encoded = {k: json.dumps(v, ensure_ascii=False) for k, v in fields.items() if k != hostile_field}
    encoded[hostile_field] = raw
    text = "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in encoded.items()) + "}"
    return client.generic(method.upper(), url, text.encode(), content_type="application/json")


@pytest.mark.parametrize(("method", "path"), sorted(BODIES))
def test_no_hostile_number_answers_500(world, cm_editor, method, path):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(cm_editor)
    target, body = BODIES[(method, path)]
    url = path.format(pk=world[target] if target else "", item_key=world["item_key"])
    fields = [name for m, p, name, _ in numeric_inputs() if (m, p) == (method, path)]
    passed = set()
    for field in fields:
        for raw in HOSTILE:
            if raw in ("null", '""') and field in body and body[field] is None:
                continue  # null is the field's own "none"
            response = send_raw(client, method, url, body, field, raw)
            if response.status_code >= 400:
                assert_error_body(response)
            else:
                passed.add(raw)
    # Whatever passed was a number inside its field's bounds.
    assert not passed & {str(HUGE), str(-HUGE - 1), "1e309", "NaN", "Infinity", '"9223372036854775808"', '"1e309"'}
    assert not ReportResult.objects.filter(result__gt=1_000_000).exists()


def test_a_result_too_large_for_any_column_is_refused_in_thai(world, cm_editor):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(cm_editor)
    url = f"/api/reports/{world['report']}/results/{world['item_key']}/"
    for value in [HUGE, "๙๒๒๓๓๗๒๐๓๖๘๕๔๗๗๕๘๐๘", 1_000_001, 2**31]:
        response = client.put(url, {"revision": 0, "result": value, "confirmed": True, "remark": "x"}, format="json")
        body = assert_error_body(response)
        assert body["code"] == "invalid" and list(body["errors"]) == ["result"]
        assert "1000000" in body["message"] or "1,000,000" in body["message"], body
    assert client.put(url, {"revision": 0, "result": "๑,๐๐๐,๐๐๐"}, format="json").status_code in (200, 400)
    assert not ReportResult.objects.filter(result__gt=1_000_000).exists()


@pytest.mark.parametrize(
    "url",
    [
        f"/api/plans/{HUGE}/",
        f"/api/reports/{HUGE}/",
        f"/api/evaluations/{HUGE}/rounds/{HUGE}/",
        f"/api/plans/?limit={HUGE}&offset={HUGE}",
        "/api/reports/?limit=-1&offset=-5",
        f"/api/reports/?fiscal_year={HUGE}&month={HUGE}",
        f"/api/provinces/50/partners/?limit={HUGE}",
        "/api/plans/?fiscal_year=1e309",
    ],
)
def test_huge_numbers_in_addresses_and_queries_never_answer_500(world, cm_editor, url):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(cm_editor)
    response = client.get(url)
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert_error_body(response)


def test_one_two_three_is_not_a_hundred_and_twenty_three(world, cm_editor):
    """Separators out of place are refused with a Thai message that shows where they go."""
    client = APIClient()
    client.force_authenticate(cm_editor)
    result_url = f"/api/reports/{world['report']}/results/{world['item_key']}/"
    for value in ["1,2,3", "๑,๒,๓", "12,34"]:
        body = assert_error_body(client.put(result_url, {"revision": 0, "result": value}, format="json"))
        assert body["code"] == "invalid" and list(body["errors"]) == ["result"]
        assert "1,234" in body["message"] and "หลัก" in body["message"], body["message"]
    report_url = f"/api/reports/{world['report']}/"
    body = assert_error_body(client.patch(report_url, {"revision": 1, "disbursed": "1,2,3"}, format="json"))
    assert list(body["errors"]) == ["disbursed"]
    assert not ReportResult.objects.exists()
    saved = client.patch(report_url, {"revision": 1, "disbursed": "๑,๐๐๐.๐๐"}, format="json")  # all of 1,000 allocated
    assert saved.json()["disbursed"] == "1000.00", saved.content
