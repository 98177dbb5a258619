from django.core.management.base import BaseCommand

from labourplan.notifications.tasks import schedule_delivery


class Command(BaseCommand):
    help = (
        "Start the outbox's rounds on the background worker (manage.py db_worker): queue one unless one "
        "is waiting. Safe to run at every start of the worker."
    )

    def handle(self, *args, **options):
        queued = schedule_delivery()
        if options["verbosity"] > 1 or queued:
            self.stdout.write("queued" if queued else "already queued (or the tasks backend runs them at once)")
