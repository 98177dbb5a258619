"""The centre's daily digest: what arrived yesterday and what waits for review, once a day to each
central administrator, nothing when nothing waits."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from labourplan.annual import services as annual_services
from labourplan.annual.digest import send_digest
from labourplan.annual.models import AnnualReport
from labourplan.lib.fiscal import BANGKOK
from labourplan.notifications.models import Notification
from labourplan.reports.services import accept_report, open_report, submit_report
from tests.annual.conftest import report_a_quarter

pytestmark = pytest.mark.django_db


def digests():
    return Notification.objects.filter(kind="review_digest").select_related("recipient").order_by("pk")


def run(day: str) -> str:
    out = io.StringIO()
    call_command("send_digest", "--date", day, stdout=out)
    return out.getvalue()


def digest_on(day: datetime.date) -> int:
    """The digest run at 8 in the morning of `day`, as cron would."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(8), tzinfo=BANGKOK), tick=False):
        return send_digest()


@pytest.fixture
def october(reporting_plan, cm_editor, cm_approver):
    with time_machine.travel(datetime.datetime(2026, 11, 3, 10, tzinfo=BANGKOK), tick=False):
        return submit_report(report=open_report(plan=reporting_plan, month_index=1, by=cm_editor), by=cm_approver)


def test_nothing_waits_nothing_is_sent(reporting_plan, central_admin):
    assert digest_on(datetime.date(2026, 11, 4)) == 0
    assert not digests().exists()


def test_each_central_administrator_hears_once_a_day(october, central_admin, central_viewer, cm_editor, mailoutbox):
    central_admin.email = "anong@labour.mail.go.th"
    central_admin.save(update_fields=["email"])
    with time_machine.travel(datetime.datetime(2026, 11, 4, 8, tzinfo=BANGKOK), tick=False):
        output = run("2026-11-04")
    assert "1 messages" in output and "Delivered: 1" in output
    [digest] = digests()
    assert digest.recipient == central_admin  # not the viewer, not the province
    assert digest.subject == "สรุปประจำวัน 4 พ.ย. 2569: รายงานรอการตรวจ 1 ฉบับ"
    assert "ได้รับเมื่อวาน (3 พ.ย. 2569): 1 ฉบับ" in digest.body and f"- {october}" in digest.body
    assert digest.path == "/reports/review/"
    assert [m.to for m in mailoutbox] == [["anong@labour.mail.go.th"]]

    assert digest_on(datetime.date(2026, 11, 4)) == 0  # the second run of the day
    assert digest_on(datetime.date(2026, 11, 5)) == 1  # still waiting the next day
    latest = digests().last()
    assert "ได้รับเมื่อวาน (4 พ.ย. 2569): 0 ฉบับ" in latest.body and f"- {october}" in latest.body

    accept_report(report=october, by=central_admin)
    assert digest_on(datetime.date(2026, 11, 6)) == 0


def test_form_3_waits_in_the_digest_too(approved_cm_plan, cm_editor, cm_approver, central_admin):
    report_a_quarter(approved_cm_plan, cm_editor)
    annual = annual_services.open_annual_report(plan=approved_cm_plan, by=cm_editor)
    AnnualReport.objects.filter(pk=annual.pk).update(executive_summary="สรุปผลการดำเนินงาน")
    annual_services.submit_annual_report(report=annual, by=cm_approver)
    today = datetime.datetime.now(BANGKOK).date() + datetime.timedelta(days=1)
    assert send_digest(today=today) == 1
    body = digests().get().body
    assert body.count(f"- {annual}") == 2  # arrived yesterday, and waits
