import time

from django.core.management.base import BaseCommand

from labourplan.notifications.services import send_due


class Command(BaseCommand):
    help = "Deliver the notifications waiting in the outbox (e-mail); run every minute by cron, or with --loop."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, metavar="SECONDS", help="keep running, looking again every SECONDS")
        parser.add_argument("--limit", type=int, default=200, help="deliveries taken per round (default 200)")

    def handle(self, *args, loop=None, limit=200, **options):
        while True:
            counts = send_due(limit=limit)
            if counts.sent or counts.retried or counts.failed or options["verbosity"] > 1:
                self.stdout.write(f"sent {counts.sent}, to retry {counts.retried}, failed {counts.failed}")
            if not loop:
                return
            time.sleep(loop)
