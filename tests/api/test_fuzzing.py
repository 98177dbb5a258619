"""Schemathesis fuzzes every operation of the API's own OpenAPI schema, signed in with an API
token of each role (and without one), against the application itself (WSGI, in this process, on
the test database with Chiang Mai's plan, report, evidence and meeting in it).

It must find no server error (500) and no answer that breaks the schema: undocumented status
codes, content types or bodies. The number of examples per operation is kept small enough for the
whole run to take a couple of minutes; FUZZ_EXAMPLES raises it for a deeper run.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from labourplan.accounts.services import create_api_token
from labourplan.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def in_process_wsgi():
    """Let the WSGI application answer inside the test's transaction: at the end of each request
    Django would close a connection left in a transaction (Django's test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(in_process_wsgi):
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = in_process_wsgi
    return schema


@pytest.mark.parametrize(
    "role", ["anonymous", "central_admin", "central_viewer", "cm_editor", "cm_approver", "sk_editor"]
)
def test_no_operation_answers_500_or_off_schema(request, role, api_schema, world):
    headers = {}
    if role != "anonymous":
        _token, key = create_api_token(user=request.getfixturevalue(role), name="fuzz")
        headers["Authorization"] = f"Token {key}"
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            fuzz()
        except Exception as exc:  # noqa: BLE001 (collect every operation's failure, then report them all)
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
