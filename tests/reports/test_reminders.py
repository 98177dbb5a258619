"""Reminders of the monthly report, by e-mail and on the province's home page.

Chiang Mai's report for October 2569 is due on 5 November 2569. Wilai and Somchai hear about it on
2 November (three days before), on the 5th, and once on the 6th if it is still not in. Songkhla's
officers hear nothing of Chiang Mai's; nor does Chiang Mai's former officer, nor the centre.
"""

import datetime
import io
import smtplib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.lib.fiscal import BANGKOK
from labourplan.notifications.models import Delivery, Notification
from labourplan.notifications.services import send_due
from labourplan.plans.services import create_plan, record_approval, submit_plan
from labourplan.reports.models import ReminderKind, ReminderSent
from labourplan.reports.reminders import reminder_kind
from labourplan.reports.services import open_report, submit_report
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 11, 5)  # October 2569's report
WILAI, SOMCHAI = "wilai@labour.mail.go.th", "somchai@labour.mail.go.th"


def at(*args):
    return datetime.datetime(*args, tzinfo=BANGKOK)


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def sent():
    return sorted(ReminderSent.objects.values_list("plan__province__code", "month_index", "kind"))


@pytest.fixture
def officers(cm_editor, cm_approver, sk_editor, central_admin, chiang_mai):
    """Everyone has an address; only Chiang Mai's active officers should be written to."""
    for user, email in [
        (cm_editor, WILAI),
        (cm_approver, SOMCHAI),
        (sk_editor, "hassan@labour.mail.go.th"),
        (central_admin, "anong@labour.mail.go.th"),
    ]:
        user.email = email
        user.save(update_fields=["email"])
    gone = create_user(
        username="former", password=None, role=Role.PROVINCIAL_EDITOR, province=chiang_mai, email="former@example.org"
    )
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    create_user(username="noaddress", password=None, role=Role.PROVINCIAL_EDITOR, province=chiang_mai)
    return cm_editor, cm_approver


def songkhla_plan(songkhla, fiscal_year, approver):
    plan = create_plan(province=songkhla, fiscal_year=fiscal_year, by=approver)
    version = submit_plan(version=plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=approver)
    document = SimpleUploadedFile("approval.pdf", PDF_BYTES, content_type="application/pdf")
    record_approval(version=version, approved_on=datetime.date(2026, 10, 20), document=document, by=approver)
    return plan


def submit_october(plan, by, moment):
    with time_machine.travel(moment, tick=False):
        submit_report(report=open_report(plan=plan, month_index=1, by=by), by=by)


@pytest.mark.parametrize(
    ("days_left", "submitted", "kind"),
    [
        (4, False, None),
        (3, False, ReminderKind.BEFORE),
        (1, False, ReminderKind.BEFORE),
        (0, False, ReminderKind.DUE),
        (-1, False, ReminderKind.MISSING),
        (-40, False, ReminderKind.MISSING),
        (3, True, None),
        (0, True, None),
        (-1, True, None),
    ],
)
def test_one_function_decides_the_notice(days_left, submitted, kind):
    assert reminder_kind(due_date=DUE, today=DUE - datetime.timedelta(days=days_left), submitted=submitted) == kind


@pytest.mark.parametrize(
    ("moment", "kind"),
    [
        (at(2026, 11, 1, 7, 5), None),
        (at(2026, 11, 2, 7, 5), ReminderKind.BEFORE),
        (at(2026, 11, 5, 23, 59), ReminderKind.DUE),
        # 00:30 on the 6th in Bangkok is still the 5th in UTC: the day follows Bangkok.
        (at(2026, 11, 6, 0, 30), ReminderKind.MISSING),
        (at(2026, 11, 7, 7, 5), ReminderKind.MISSING),
    ],
)
def test_the_right_reminder_goes_to_the_provinces_active_officers(reporting_plan, officers, moment, kind, mailoutbox):
    with time_machine.travel(moment, tick=False):
        run()
    if kind is None:
        assert mailoutbox == [] and sent() == []
        return
    assert sent() == [("50", 1, kind)]
    assert sorted(address for message in mailoutbox for address in message.to) == [SOMCHAI, WILAI]
    assert all(len(message.to) == 1 for message in mailoutbox)  # colleagues' addresses are not handed round
    row = ReminderSent.objects.get()
    assert sorted(row.recipients.split()) == ["noaddress", "somchai", "wilai"]  # told in the app too
    told = Notification.objects.filter(kind="report_reminder")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["noaddress", "somchai", "wilai"]
    message = mailoutbox[0]
    for text in (message.subject, message.body):
        assert "เชียงใหม่" in text and "ตุลาคม 2569" in text
    assert "5 พฤศจิกายน 2569" in message.body
    assert "\n" not in message.subject


def test_day_by_day_each_kind_goes_once(reporting_plan, officers, mailoutbox):
    kinds_by_day = {}
    for day in range(1, 9):
        before = set(sent())
        run("--date", f"2026-11-{day:02d}")
        run("--date", f"2026-11-{day:02d}")  # a second run the same day sends nothing new
        kinds_by_day[day] = sorted(kind for _code, _month, kind in set(sent()) - before)
    assert kinds_by_day == {1: [], 2: ["before"], 3: [], 4: [], 5: ["due"], 6: ["missing"], 7: [], 8: []}
    assert len(mailoutbox) == 3 * 2


def test_running_twice_sends_nothing_new(reporting_plan, officers, mailoutbox):
    with time_machine.travel(at(2026, 11, 5, 7, 5), tick=False):
        first = run()
        second = run()
    assert len(mailoutbox) == 2
    assert ReminderSent.objects.count() == 1
    assert "1 reminders sent in 3 messages" in first  # Wilai, Somchai, and in the app the one without an address
    assert "0 reminders sent in 0 messages, 1 already sent before" in second


def test_a_province_that_submitted_is_not_reminded(reporting_plan, officers, cm_approver, mailoutbox):
    submit_october(reporting_plan, cm_approver, at(2026, 11, 3, 10, 0))
    for day in ("2026-11-05", "2026-11-06", "2026-11-07"):
        run("--date", day)
    assert mailoutbox == [] and sent() == []


def test_another_provinces_officers_hear_nothing_of_chiang_mai(
    reporting_plan, officers, songkhla, sk_editor, mailoutbox
):
    sk_approver = create_user(
        username="sk.approver",
        password=None,
        role=Role.PROVINCIAL_APPROVER,
        province=songkhla,
        email="songkhla.approver@labour.mail.go.th",
    )
    plan = songkhla_plan(songkhla, reporting_plan.fiscal_year, sk_approver)
    submit_october(plan, sk_approver, at(2026, 11, 4, 10, 0))
    run("--date", "2026-11-06")
    assert sent() == [("50", 1, "missing")]
    # Songkhla's officers were told of their own plan's approval; of Chiang Mai, nothing.
    assert sorted(m.to[0] for m in mailoutbox if "เชียงใหม่" in m.subject + m.body) == [SOMCHAI, WILAI]
    assert not Notification.objects.filter(kind="report_reminder", recipient__province=songkhla).exists()


def test_nothing_when_the_plan_is_not_approved(cm_plan, officers, mailoutbox):
    for day in ("2026-11-02", "2026-11-05", "2026-11-06"):
        run("--date", day)
    assert mailoutbox == [] and sent() == []


def test_septembers_report_is_remembered_in_the_next_fiscal_year(reporting_plan, officers, mailoutbox):
    # September 2570 is due on 5 October 2570, when fiscal year 2571 has begun.
    run("--date", "2027-10-02")
    assert ("50", 12, "before") in sent()
    run("--date", "2027-10-06")
    assert ("50", 12, "missing") in sent()


def test_a_province_without_addresses_is_tried_again_later(reporting_plan, cm_editor, cm_approver, mailoutbox):
    output = io.StringIO()
    errors = io.StringIO()
    call_command("send_reminders", "--date", "2026-11-06", stdout=output, stderr=errors)
    assert mailoutbox == [] and sent() == []
    assert "no e-mail address for Chiang Mai" in errors.getvalue()
    cm_editor.email = WILAI
    cm_editor.save(update_fields=["email"])
    run("--date", "2026-11-07")
    assert [m.to for m in mailoutbox] == [[WILAI]]


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("the mail server is down")


def test_a_refused_mail_is_tried_again_by_the_outbox_and_the_reminder_recorded_once(
    reporting_plan, officers, settings, mailoutbox
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    output = run("--date", "2026-11-06")
    assert "Delivered: 0, to retry 2, failed 0" in output
    assert sent() == [("50", 1, "missing")]
    assert {d.last_error for d in Delivery.objects.filter(channel="email")} == {"the mail server is down"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run("--date", "2026-11-07")  # nothing new to tell on the 7th, and the retry is not due yet
    assert mailoutbox == []
    later = max(d.next_attempt_at for d in Delivery.objects.all())
    assert send_due(now=later).sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == [SOMCHAI, WILAI]
    assert sent() == [("50", 1, "missing")]


def test_a_province_hears_once_a_day_whatever_the_number_of_months(reporting_plan, officers, mailoutbox):
    """A first run in the middle of the year: October and November both missing, December due in
    three days; one message to each officer, naming the three."""
    run("--date", "2027-01-02")
    assert sent() == [("50", 1, "missing"), ("50", 2, "missing"), ("50", 3, "before")]
    assert sorted(m.to[0] for m in mailoutbox) == [SOMCHAI, WILAI]
    message = mailoutbox[0]
    assert "3" in message.subject and "เชียงใหม่" in message.subject
    for month in ("ตุลาคม 2569", "พฤศจิกายน 2569", "ธันวาคม 2569"):
        assert month in message.body
    assert message.body.count("เจ้าหน้าที่สำนักงานแรงงานจังหวัด") == 1  # one greeting


def test_the_date_option_is_checked():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", "6/11/2569")


# The province's home page shows the same notices -------------------------------------------------


def notices_on_home(client, user, code="50"):
    import re

    client.force_login(user)
    html = client.get(f"/provinces/{code}/").content.decode()
    return re.findall(r'data-testid="report-notice" data-kind="(\w+)" data-month="(\d+)">(.*?)</div>', html, re.S)


@pytest.mark.parametrize(
    ("moment", "kind"),
    [
        (at(2026, 11, 1, 9, 0), None),
        (at(2026, 11, 2, 9, 0), "before"),
        (at(2026, 11, 5, 9, 0), "due"),
        (at(2026, 11, 6, 0, 30), "missing"),
        (at(2026, 11, 7, 9, 0), "missing"),
    ],
)
def test_the_province_home_shows_the_notice_of_the_day(client, reporting_plan, cm_editor, moment, kind):
    with time_machine.travel(moment, tick=False):
        found = notices_on_home(client, cm_editor)
    if kind is None:
        assert found == []
        return
    assert [(k, m) for k, m, _text in found] == [(kind, "1")]
    assert "ตุลาคม 2569" in found[0][2] and "5 พฤศจิกายน 2569" in found[0][2]


def test_the_home_page_notice_goes_once_the_report_is_in(client, reporting_plan, cm_editor, cm_approver, sk_editor):
    with time_machine.travel(at(2026, 11, 6, 9, 0), tick=False):
        assert notices_on_home(client, cm_editor)
        assert notices_on_home(client, sk_editor, code="90") == []  # Songkhla has no approved plan
    submit_october(reporting_plan, cm_approver, at(2026, 11, 6, 10, 0))
    with time_machine.travel(at(2026, 11, 6, 11, 0), tick=False):
        assert notices_on_home(client, cm_editor) == []


# Form 3: FY 2570's annual summary report is due on 30 September 2570 (2027).


def test_form_3_is_reminded_before_on_and_once_after_its_due_date(reporting_plan, officers, mailoutbox):
    for day in ("2027-09-26", "2027-09-27", "2027-09-28", "2027-09-30", "2027-10-01", "2027-10-02"):
        run("--date", day)
    annual = [row for row in sent() if row[1] == 0]
    assert annual == [("50", 0, "before"), ("50", 0, "due"), ("50", 0, "missing")]
    form_3 = Notification.objects.filter(kind="annual_reminder", recipient__email=WILAI).order_by("created_at", "pk")
    subject = "แจ้งเตือนรายงานสรุปผลการดำเนินงานประจำปี (แบบฟอร์ม 3) ของจังหวัดเชียงใหม่ ปีงบประมาณ 2570"
    assert [n.subject for n in form_3] == [subject] * 3  # 27 Sep, 30 Sep, 1 Oct: nothing else was due then
    before, due, missing = form_3
    assert "อีก 3 วัน" in before.body and before.path == "/annual/"
    assert "วันนี้ (30 กันยายน 2570) เป็นวันสุดท้าย" in due.body
    assert "ครบกำหนดส่งเมื่อวันที่ 30 กันยายน 2570 และยังไม่ได้ส่ง" in missing.body


def test_form_3_and_the_months_of_the_day_go_in_one_message(reporting_plan, officers, mailoutbox):
    run("--date", "2027-10-02")  # September's report in 3 days, Form 3 missing since the 1st, and the rest
    assert ("50", 0, "missing") in sent() and ("50", 12, "before") in sent()
    wilai = [m for m in mailoutbox if m.to == [WILAI]]
    assert len(wilai) == 1
    assert wilai[0].subject.startswith("รายงานของจังหวัดเชียงใหม่: แจ้งเตือน")
    assert "แบบฟอร์ม 3" in wilai[0].body and "กันยายน 2570" in wilai[0].body


def test_a_submitted_form_3_is_not_reminded(reporting_plan, officers, cm_editor, cm_approver, mailoutbox):
    from labourplan.annual import services as annual_services
    from labourplan.annual.models import AnnualReport
    from tests.annual.conftest import report_a_quarter

    report_a_quarter(reporting_plan, cm_editor)
    annual = annual_services.open_annual_report(plan=reporting_plan, by=cm_editor)
    AnnualReport.objects.filter(pk=annual.pk).update(executive_summary="สรุปผลการดำเนินงาน")
    annual_services.submit_annual_report(report=annual, by=cm_approver)
    run("--date", "2027-09-27")
    run("--date", "2027-10-01")
    assert [row for row in sent() if row[1] == 0] == []


def test_an_old_missing_form_3_is_not_brought_up(reporting_plan, officers, mailoutbox):
    run("--date", "2027-12-01")  # two months after: a first run does not bring up the year before
    assert [row for row in sent() if row[1] == 0] == []
