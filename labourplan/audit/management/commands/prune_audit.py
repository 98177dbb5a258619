from django.core.management.base import BaseCommand

from labourplan.audit.retention import prune


class Command(BaseCommand):
    help = (
        "Delete audit events and record history older than AUDIT_RETENTION_DAYS, except from the start of "
        "the oldest fiscal year whose evaluation is still open; the newest version of each record stays."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted, delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        result = prune(dry_run=dry_run)
        kept_from = result.pop("kept_from")
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"kept from {kept_from:%Y-%m-%d}; {verb}:")
        for kind, count in result.items():
            if count:
                self.stdout.write(f"  {kind}: {count}")
        self.stdout.write(f"  total: {sum(result.values())}")
