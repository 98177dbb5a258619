"""The demo data follows the reporting calendar on whatever day it is loaded: no report is sent
for a month that has not ended (neither when it was sent, nor on the day of loading)."""

import datetime
import os

import pytest
import time_machine
from django.core.management import call_command

from labourplan.lib import fiscal
from labourplan.lib.fiscal import BANGKOK
from labourplan.reports.models import MonthlyReport, Timeliness


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        # The first day of a month, early: November has just ended (its reports may go), December
        # has just begun (drafted only). The demo test in test_operations.py loads on the real day.
        # A mid-month load (17 January 2570) passes too but doubles the cost (five minutes a load).
        datetime.datetime(2026, 12, 1, 8, 0, tzinfo=BANGKOK),
    ],
    ids=["first-of-month"],
)
def test_the_demo_never_sends_a_month_that_has_not_ended(settings, tmp_path, moment):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(moment, tick=False):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    today = fiscal.bangkok_today(moment)
    reports = list(MonthlyReport.objects.select_related("plan__fiscal_year"))
    sent = [r for r in reports if r.first_submitted_at is not None]
    assert sent  # the demo does send reports
    for report in sent:
        assert report.has_ended(today), report
        assert fiscal.bangkok_today(report.first_submitted_at) >= report.sending_opens_on, report
    running = [r for r in reports if not r.has_ended(today) and r.month_start <= today]
    assert running  # the month under way is drafted, not sent
    assert {r.timeliness(now=moment) for r in running} == {Timeliness.IN_PROGRESS}
