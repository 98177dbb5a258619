import datetime

from django.core.management.base import BaseCommand, CommandError

from labourplan.lib import fiscal
from labourplan.lib.thaidate import format_date
from labourplan.notifications.services import send_due
from labourplan.reports.reminders import send_reminders


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date expects YYYY-MM-DD (C.E.), got {value!r}") from None


def _what(notice) -> str:
    return f"Form 3 FY {notice.plan.fiscal_year.year_be}" if notice.is_annual else f"{notice.month_start:%Y-%m}"


class Command(BaseCommand):
    help = (
        "Tell the provinces' officers (in the app, by e-mail, on LINE) about monthly reports and Form 3 due "
        "in three days, due today, or missing: one message a province a day, each reminder once, so running twice "
        "a day is harmless; then deliver what waits in the outbox. Run it daily from cron, e.g. "
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
        for notice, officers in outcome.sent:
            self.stdout.write(
                f"  sent {notice.kind} for {notice.plan.province.name_en} "
                f"{_what(notice)} (due {notice.due_date.isoformat()}) to {len(officers)}"
            )
        for notice in outcome.without_recipients:
            self.stderr.write(
                f"  no e-mail address for {notice.plan.province.name_en}: {notice.kind} for {_what(notice)} not sent"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(outcome.sent)} reminders sent in {outcome.messages} messages, "
                f"{len(outcome.already_sent)} already sent before, "
                f"{len(outcome.without_recipients)} without an address."
            )
        )
        # Recorded and committed above; delivered now (send_notifications does the same, and retries).
        counts = send_due()
        self.stdout.write(f"Delivered: {counts.sent}, to retry {counts.retried}, failed {counts.failed}.")
