"""Back up and restore the whole application: the database (every table, as Django fixtures, so a
backup of SQLite restores into PostgreSQL and back) and the uploaded files (MEDIA_ROOT).

A backup is a folder:

    manifest.json      when, from which database engine, how many rows of each model
    database.xml.gz   `dumpdata` of everything but sessions, ids kept (XML: Django's JSON
                      would cut times to the millisecond)
    media/             a copy of MEDIA_ROOT (approval documents, minutes, evidence), or, when
                      the private files are in an object store (STORAGES["private"]), its
                      objects under media/private/: either restores into either

`restore` empties the database and loads the backup in one transaction (nothing half-restored on
a failure), checks every model's row count against the manifest, then replaces MEDIA_ROOT (or
the object store's files).
"""

import datetime
import gzip
import json
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

FORMAT_VERSION = 1
# Sessions are transient, and their keys would sign people in again from a copied backup.
EXCLUDED = ["sessions.session"]


class BackupError(Exception):
    pass


def _models():
    for model in apps.get_models():
        if model._meta.label_lower not in EXCLUDED and model._meta.managed and not model._meta.proxy:
            yield model


def _counts() -> dict[str, int]:
    return {model._meta.label_lower: model._default_manager.count() for model in _models()}


def backup(target: Path, fmt: str = "xml") -> dict:
    if fmt == "pg":  # PostgreSQL's own pg_dump (lib/backup_pg.py)
        from labourplan.lib import backup_pg

        return backup_pg.backup(target)
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    outermost = not connection.in_atomic_block
    with transaction.atomic():  # one consistent view of the data (a snapshot on PostgreSQL)
        if connection.vendor == "postgresql" and outermost:
            connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = _counts()
        with gzip.open(target / "database.xml.gz", "wt", encoding="utf-8") as out:
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                natural_primary=False,  # every row keeps its id: URLs, tokens and logs name them
                format="xml",
                stdout=out,
            )
    copy_files_out(target / "media")
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database_engine": connection.vendor,
        "counts": counts,
        "media_files": sum(1 for p in (target / "media").rglob("*") if p.is_file()),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return manifest


def restore(source: Path) -> dict:
    source = Path(source)
    manifest_path = source / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"{source} has no manifest.json: not a backup made by `manage.py backup`.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup format {manifest.get('format')} is not supported.")
    if manifest.get("database_format") == "pg_dump":
        from labourplan.lib import backup_pg

        return backup_pg.restore(source, manifest)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with deferred checks still pending in this transaction.
            connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Empty every table (reference data loaded by migrations included: it is in the backup).
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        if connection.vendor == "postgresql":
            connection.cursor().execute("SET CONSTRAINTS ALL DEFERRED")  # rows load in any order
        # The histories are in the backup: loading must not write history of its own (loaddata's
        # saves are "raw", but simple_history still records the many-to-many fields it sets).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(source / "database.xml.gz"), verbosity=0)
        counts = _counts()
        differences = {
            label: (expected, counts.get(label))
            for label, expected in manifest["counts"].items()
            if counts.get(label) != expected
        }
        if differences:
            raise BackupError(f"Rows restored differ from the backup's (expected, restored): {differences}")
    copy_files_in(source / "media")
    return manifest


def _in_a_folder() -> bool:
    return isinstance(storages["private"], FileSystemStorage)


def _walk(storage, folder: str = ""):
    """Every file's name in a storage, a folder on disk or the keys of an object store alike."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def copy_files_out(media: Path) -> None:
    """The private files into `media` (laid out as MEDIA_ROOT: private files under private/)."""
    if _in_a_folder():
        root = Path(settings.MEDIA_ROOT)
        if root.exists():
            shutil.copytree(root, media)
        else:
            media.mkdir()
        return
    storage = storages["private"]
    for name in _walk(storage):
        path = media / "private" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as stored, open(path, "wb") as out:
            shutil.copyfileobj(stored, out)
    media.mkdir(exist_ok=True)


def copy_files_in(media: Path) -> None:
    """Replace the private files by those of a backup's `media` folder."""
    if not _in_a_folder():
        storage = storages["private"]
        for name in list(_walk(storage)):
            storage.delete(name)
        private = media / "private"
        for path in sorted(private.rglob("*")) if private.exists() else ():
            if path.is_file():
                with open(path, "rb") as content:
                    storage.save(path.relative_to(private).as_posix(), content)
        return
    _replace_folder(media)


def _replace_folder(source_media: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    staging = media.with_name(media.name + ".restoring")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(source_media, staging)
    if media.exists():
        shutil.rmtree(media)
    staging.rename(media)
