import datetime

from django.core.management.base import BaseCommand, CommandError

from labourplan.annual.digest import send_digest
from labourplan.lib import fiscal
from labourplan.notifications.services import send_due


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date expects YYYY-MM-DD (C.E.), got {value!r}") from None


class Command(BaseCommand):
    help = (
        "Tell the centre's administrators (in the app, by e-mail, on LINE) what arrived yesterday and what waits "
        "for review (monthly reports and Form 3): one message a person a day, none when nothing waits; then "
        "deliver what waits in the outbox. Run it daily from cron, e.g. "
        "`0 8 * * * cd /srv/labourplan && .venv/bin/python manage.py send_digest` (days counted in Bangkok time)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="Act as if today were this date (YYYY-MM-DD, C.E.).")

    def handle(self, *args, date=None, **options):
        today = date or fiscal.bangkok_today()
        told = send_digest(today=today)
        self.stdout.write(f"Digest for {today.isoformat()}: {told} messages.")
        counts = send_due()
        self.stdout.write(f"Delivered: {counts.sent}, to retry {counts.retried}, failed {counts.failed}.")
