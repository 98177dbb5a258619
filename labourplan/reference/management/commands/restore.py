import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from labourplan.lib.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database and the uploaded files with a backup made by `backup`. "
        "Run `migrate` first on a new database. Everything in the database now is lost. "
        "A pg_dump backup (backup --format=pg) goes into a new, empty PostgreSQL database instead (no migrate)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, folder, yes, **options):
        if not yes:
            # Without a terminal (cron, a pipe, CI) nobody can answer: refuse rather than fail on input().
            if not sys.stdin or not sys.stdin.isatty():
                raise CommandError(
                    "Nothing restored: there is no terminal to confirm on. "
                    "Run it again with --yes to replace the database and the uploaded files."
                )
            try:
                answer = input(f"Replace every row of the database and MEDIA_ROOT with {folder}? Type yes: ")
            except (EOFError, KeyboardInterrupt):
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            manifest = restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Restored {rows} rows and {manifest['media_files']} files from {folder}.")
