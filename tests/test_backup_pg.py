"""PostgreSQL's own backup: `backup --format=pg` runs pg_dump in custom format plus the files;
`restore` runs pg_restore into a fresh database (created as a DBA would, run by the command as an
operator would, in a process of its own); the restored database shows the same figures, every
row and every file, checked as the portable round trip checks them (tests/test_backup.py)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from labourplan.reports.models import ReportResult
from tests import test_backup
from tests.test_backup import figures, files

demo_like = test_backup.demo_like  # the portable round trip's data, as a fixture here too

ROOT = Path(__file__).resolve().parents[1]

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump/pg_restore back up PostgreSQL only: run with DATABASE_URL=postgres://… (CI's second half)",
)


def admin_connection():
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def fresh_database():
    """A new, empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def url_of(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def figures_of(name: str) -> dict:
    """The figures as the application computes them from the database `name`."""
    from django.core.cache import cache

    cache.clear()  # computed afresh from that database, not taken from the cache of the original
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        return figures()
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_backup_restores_into_a_fresh_database_with_the_same_figures_and_files(
    settings, tmp_path, committed_reference_data, demo_like, fresh_database
):
    before, before_files = figures(), files(settings.MEDIA_ROOT)
    assert ReportResult.objects.exists() and before_files

    call_command("backup", tmp_path / "backup", "--format=pg", stdout=io.StringIO())
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database_format"] == "pg_dump" and manifest["counts"]["reports.reportresult"] >= 1
    assert (tmp_path / "backup" / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    restored_media = tmp_path / "restored-media"
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup"), "--yes"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "labourplan.settings",
            "DATABASE_URL": url_of(fresh_database),
            "MEDIA_ROOT": str(restored_media),
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Restored" in done.stdout

    after = figures_of(fresh_database)
    assert after["completeness"] == before["completeness"]
    for label, rows in before["rows"].items():
        assert after["rows"][label] == rows, label
    assert after["evaluations"] == before["evaluations"] and len(before["evaluations"]) == 4
    assert after["dashboards"] == before["dashboards"]
    assert files(restored_media) == before_files

    # Again into the same, no longer empty database: refused, nothing touched.
    again = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup"), "--yes"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "labourplan.settings", "DATABASE_URL": url_of(fresh_database)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 1 and "is not empty" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.skipif(connection.vendor == "postgresql", reason="on SQLite only: the refusal of --format=pg")
@pytest.mark.django_db
def test_a_pg_dump_backup_of_sqlite_is_refused_with_a_message(tmp_path):
    with pytest.raises(CommandError, match="PostgreSQL's own backup"):
        call_command("backup", tmp_path / "backup", "--format=pg", stdout=io.StringIO())
