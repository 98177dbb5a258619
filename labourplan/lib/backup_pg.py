"""PostgreSQL's own backup, for a DBA: `pg_dump` in its custom format plus the private files,
restored with `pg_restore` into a fresh database (`manage.py backup --format=pg`, `restore`).

A backup is a folder:

    manifest.json     when, "database_format": "pg_dump", how many rows of each model
    database.dump     `pg_dump -Fc` of the whole database (schema, migrations' record, rows)
    media/            the private files, as for the portable backup (lib/backup.py)

The rows are counted in the very snapshot that pg_dump copies (`pg_export_snapshot`), so the
counts that a restore is checked against are exactly the dump's, even while people keep working.
The restore goes into a new, empty database (created by the DBA, named by DATABASE_URL) in one
transaction; the server can go on serving the old one until it is switched over. For recovery to
a point in time, archive PostgreSQL's WAL as the README describes.
"""

import datetime
import json
import os
import shutil
import subprocess  # pg_dump and pg_restore, with arguments from the settings only  # nosec B404
from pathlib import Path

from django.db import connection, transaction

from labourplan.lib.backup import FORMAT_VERSION, BackupError, _counts, copy_files_in, copy_files_out

DUMP = "database.dump"


def _client(program: str) -> tuple[list[str], dict]:
    """The program with the connection's options; the password in the environment, not the command line."""
    path = shutil.which(program)
    if path is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    db = connection.settings_dict
    args = [path, "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [option, str(db[key])]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or os.environ.get("PGPASSWORD", "")}
    return args, env


def _run(args: list[str], env: dict) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()}")


def _require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            "--format=pg is PostgreSQL's own backup; this database is "
            f"{connection.vendor}: use the portable backup (--format=xml)."
        )


def backup(target: Path) -> dict:
    _require_postgresql()
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    if connection.in_atomic_block:
        raise BackupError("A pg_dump backup cannot be taken inside a transaction.")
    args, env = _client("pg_dump")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = _counts()
        # The snapshot lives while this transaction does: pg_dump reads the same rows as counted.
        _run([*args, "--format=custom", f"--snapshot={snapshot}", "--file", str(target / DUMP),
              connection.settings_dict["NAME"]], env)  # fmt: skip
    copy_files_out(target / "media")
    manifest = {
        "format": FORMAT_VERSION,
        "database_format": "pg_dump",
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database_engine": connection.vendor,
        "counts": counts,
        "media_files": sum(1 for p in (target / "media").rglob("*") if p.is_file()),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return manifest


def restore(source: Path, manifest: dict) -> dict:
    _require_postgresql()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables): restore a "
            "pg_dump backup into a new database (createdb, point DATABASE_URL at it, do not migrate)."
        )
    args, env = _client("pg_restore")
    _run([*args, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
          "--dbname", connection.settings_dict["NAME"], str(Path(source) / DUMP)], env)  # fmt: skip
    counts = _counts()
    differences = {
        label: (expected, counts.get(label))
        for label, expected in manifest["counts"].items()
        if counts.get(label) != expected
    }
    if differences:
        raise BackupError(f"Rows restored differ from the backup's (expected, restored): {differences}")
    copy_files_in(Path(source) / "media")
    return manifest
