"""Faults: a PostgreSQL restart while the server runs, and a write that fails half-way.

The connection test needs a PostgreSQL server to kill the connections of: it runs in the
PostgreSQL half of CI (.ci/run runs `make test` again with DATABASE_URL set) and is reported as
skipped, with that reason, on SQLite.
"""

import io
import sys
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection

from labourplan.plans.models import PlanItem
from labourplan.plans.services import ItemData, TopicData, replace_rows
from labourplan.reference.models import Strategy
from labourplan.wsgi import application

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: runs in the PostgreSQL half of CI (DATABASE_URL=postgres://…)",
)


def wsgi_get(path: str) -> int:
    """A request through the real WSGI handler (Django's test client skips the connection checks
    made at the start and end of each request, which are what this tests)."""
    status = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    body = application(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    body.close()
    return int(status[0].split()[0])


def kill_the_server_side_of(conn) -> None:
    """What a PostgreSQL restart does to a connection: its server process goes away."""
    import psycopg

    pid = conn.connection.info.backend_pid
    with psycopg.connect(**conn.get_connection_params(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_server_answers_again_after_postgresql_drops_its_connections(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    persistent = {"CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}
    original = {k: connection.settings_dict[k] for k in persistent}
    connection.settings_dict.update(persistent)
    connection.close()
    try:
        assert wsgi_get("/healthz") == 200  # opens the connection that is kept between requests
        kill_the_server_side_of(connection)
        assert wsgi_get("/healthz") == 200  # checked at first use, found dead, opened again

        # Without the health check the first request after the restart fails: the test is not vacuous.
        connection.settings_dict["CONN_HEALTH_CHECKS"] = False
        connection.close()
        assert wsgi_get("/healthz") == 200
        kill_the_server_side_of(connection)
        assert wsgi_get("/healthz") == 503
        assert wsgi_get("/healthz") == 200  # and Django drops the broken connection after it
    finally:
        connection.settings_dict.update(original)
        connection.close()


@pytest.mark.django_db
def test_a_plan_import_that_fails_half_way_leaves_the_plan_as_it_was(cm_plan, cm_editor):
    version = cm_plan.current_version

    def rows():
        return list(PlanItem.objects.filter(topic__version=version).order_by("pk").values_list("pk", "title", "unit"))

    before = rows()
    strategy = Strategy.objects.filter(framework_id=cm_plan.fiscal_year.framework_id).order_by("number").first()
    topics = [
        TopicData(strategy=strategy, title="หัวข้อใหม่", items=[ItemData(title="กิจกรรมใหม่", unit="ครั้ง")]),
        # The last row breaks a database constraint (a negative budget), after the old rows were
        # deleted and the new ones written: all of it must be undone.
        TopicData(strategy=strategy, title="หัวข้อที่สอง", items=[ItemData(title="งบติดลบ", budget=Decimal(-1))]),
    ]
    with pytest.raises(IntegrityError):
        replace_rows(version=version, topics=topics, by=cm_editor)

    assert rows() == before
    version.refresh_from_db()
    assert version.revision == cm_plan.current_version.revision
