"""The centre's daily digest: what arrived yesterday and what waits for review (monthly reports
and Form 3), one message a central administrator a day, through the outbox; nothing when
nothing waits.

`manage.py send_digest` runs it from cron; the outbox delivers it after commit.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from labourplan.annual.models import AnnualReport
from labourplan.lib import fiscal
from labourplan.lib.thaidate import format_date
from labourplan.notifications.models import Notification
from labourplan.notifications.services import central_administrators, notify
from labourplan.reports.models import MonthlyReport

KIND = "review_digest"
LISTED = 20  # reports named one by one in each part; the rest are counted


@dataclass
class Digest:
    arrived: list  # monthly reports and Form 3 first submitted or sent again yesterday
    waiting: list  # everything submitted and not yet reviewed, oldest first

    def __bool__(self):
        return bool(self.waiting)


def gather(*, today: datetime.date) -> Digest:
    """Four queries whatever the number of reports."""
    start = fiscal.end_of_day(today - datetime.timedelta(days=2))  # just before yesterday began
    end = fiscal.end_of_day(today - datetime.timedelta(days=1))
    monthly = list(MonthlyReport.objects.awaiting_review().select_related("plan__province", "plan__fiscal_year"))
    annual = list(AnnualReport.objects.awaiting_review().select_related("plan__province", "plan__fiscal_year"))
    waiting = sorted(monthly + annual, key=lambda report: (report.submitted_at, type(report).__name__, report.pk))
    arrived = [report for report in waiting if start < report.submitted_at <= end]
    return Digest(arrived=arrived, waiting=waiting)


def _lines(reports: list) -> list[str]:
    lines = [f"- {report}" for report in reports[:LISTED]]
    if len(reports) > LISTED:
        lines.append(_("- and %(n)s more") % {"n": len(reports) - LISTED})
    return lines


def render(digest: Digest, today: datetime.date) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Daily summary %(date)s: %(n)s report waits for review",
            "Daily summary %(date)s: %(n)s reports wait for review",
            len(digest.waiting),
        ) % {"date": format_date(today), "n": len(digest.waiting)}
        parts = [
            _("Arrived yesterday (%(date)s): %(n)s")
            % {"date": format_date(today - datetime.timedelta(days=1)), "n": len(digest.arrived)},
            *_lines(digest.arrived),
            "",
            _("Waiting for review: %(n)s, oldest first") % {"n": len(digest.waiting)},
            *_lines(digest.waiting),
        ]
    return subject, "\n".join(parts)


def send_digest(*, today: datetime.date | None = None) -> int:
    """Tell each central administrator once on `today` what waits; the number of messages recorded.

    The administrators' rows are locked while it is decided who has had today's digest, so two
    runs at once cannot both record one.
    """
    today = today or fiscal.bangkok_today()
    digest = gather(today=today)
    if not digest:
        return 0
    subject, body = render(digest, today)
    since = fiscal.end_of_day(today - datetime.timedelta(days=1))
    with transaction.atomic():
        people = list(get_user_model().objects.select_for_update().filter(pk__in=central_administrators().values("pk")))
        told = set(
            Notification.objects.filter(kind=KIND, recipient__in=people, created_at__gt=since).values_list(
                "recipient_id", flat=True
            )
        )
        due = [person for person in people if person.pk not in told]
        notify(recipients=due, kind=KIND, subject=subject, body=body, path=reverse("report_review_queue"))
    return len(due)
