from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from labourplan.lib.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder (see labourplan/lib/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--format",
            choices=["xml", "pg"],
            default="xml",
            help="xml: portable (SQLite <-> PostgreSQL, the default); pg: PostgreSQL's pg_dump in custom format, "
            "restored with pg_restore into a new database",
        )

    def handle(self, *args, folder, format, **options):
        try:
            manifest = backup(folder, fmt=format)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Backed up {rows} rows and {manifest['media_files']} files into {folder}.")
