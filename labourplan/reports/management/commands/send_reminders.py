import datetime

from django.core.management.base import BaseCommand, CommandError

from labourplan.lib import fiscal
from labourplan.lib.thaidate import format_date
from labourplan.reports.reminders import send_reminders


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date expects YYYY-MM-DD (C.E.), got {value!r}") from None


class Command(BaseCommand):
    help = (
        "E-mail the provinces' officers about monthly reports due in three days, due today, or missing; "
        "each reminder goes once, so running twice a day is harmless. Run it daily from cron, e.g. "
        "`5 7 * * * cd /srv/labourplan && .venv/bin/python manage.py send_reminders` "
        "(cron reads the server's clock; the command always counts days in Bangkok time)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=_date,
            help="Act as if today were this date (YYYY-MM-DD, C.E.), to test or to catch up on a missed day.",
        )

    def handle(self, *args, date=None, **options):
        today = date or fiscal.bangkok_today()
        outcome = send_reminders(today=today)
        self.stdout.write(f"Reminders for {today.isoformat()} ({format_date(today)}):")
        for notice, addresses in outcome.sent:
            self.stdout.write(
                f"  sent {notice.kind} for {notice.plan.province.name_en} "
                f"{notice.month_start:%Y-%m} (due {notice.due_date.isoformat()}) to {len(addresses)}"
            )
        for notice in outcome.without_recipients:
            self.stderr.write(
                f"  no e-mail address for {notice.plan.province.name_en}: {notice.kind} for "
                f"{notice.month_start:%Y-%m} not sent"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(outcome.sent)} reminders sent in {outcome.messages} e-mails, "
                f"{len(outcome.already_sent)} already sent before, "
                f"{len(outcome.without_recipients)} without an address."
            )
        )
