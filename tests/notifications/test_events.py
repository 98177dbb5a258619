"""Who is told what when the centre reviews a province's monthly report or Form 3: the province's
officers, in Thai whoever reviews, with the comment or reason and the link; e-mail after commit."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from labourplan.annual import services as annual_services
from labourplan.annual.models import AnnualReport
from labourplan.notifications.models import Notification
from labourplan.notifications.services import send_due
from labourplan.reports import services
from tests.annual.conftest import report_a_quarter

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def submitted(reporting_plan, cm_editor, cm_approver):
    report = services.open_report(plan=reporting_plan, month_index=1, by=cm_editor, today=TODAY)
    return services.submit_report(report=report, by=cm_approver)


def told(kind):
    return Notification.objects.filter(kind=kind).select_related("recipient").order_by("recipient__username")


def test_a_returned_report_tells_the_provinces_officers_with_the_comment(
    submitted, cm_editor, cm_approver, sk_editor, central_admin
):
    cm_editor.email = "wilai@example.go.th"
    cm_editor.save()
    with translation.override("en"):  # the reviewer reads English; the province is told in Thai
        services.return_report(report=submitted, by=central_admin, comment="กรุณาแนบภาพกิจกรรมตรวจตลาดสด")
    notifications = list(told("report_returned"))
    assert [n.recipient for n in notifications] == [cm_approver, cm_editor]  # not Songkhla's, not the centre
    for n in notifications:
        assert n.subject == f"{submitted} ถูกส่งกลับให้แก้ไข"
        assert "ความเห็น: กรุณาแนบภาพกิจกรรมตรวจตลาดสด" in n.body and "อนงค์" in n.body
        assert n.path == f"/reports/{submitted.pk}/" and n.province == submitted.plan.province
    assert not mail.outbox  # recorded, not sent, in the review's transaction

    send_due()
    [message] = mail.outbox  # Somchai has no e-mail address: the app and LINE only
    assert message.to == ["wilai@example.go.th"] and "กรุณาแนบภาพกิจกรรม" in message.body


def test_accepting_and_reopening_tell_the_province_too(submitted, central_admin):
    services.accept_report(report=submitted, by=central_admin)
    assert told("report_accepted").count() == 2
    assert told("report_accepted").first().subject.endswith("ได้รับการยอมรับแล้ว")
    services.reopen_report(report=submitted, by=central_admin, reason="ยอดเบิกจ่ายไม่ตรงกับหลักฐาน")
    reopened = told("report_reopened").first()
    assert "เหตุผล: ยอดเบิกจ่ายไม่ตรงกับหลักฐาน" in reopened.body


def test_a_refused_review_tells_nobody(submitted, central_admin):
    with pytest.raises(services.ReportError):
        services.return_report(report=submitted, by=central_admin, comment="  ")
    assert not Notification.objects.filter(kind__startswith="report_").exists()


def test_a_returned_form_3_tells_the_province(approved_cm_plan, cm_editor, cm_approver, central_admin):
    report_a_quarter(approved_cm_plan, cm_editor)
    annual = annual_services.open_annual_report(plan=approved_cm_plan, by=cm_editor)
    AnnualReport.objects.filter(pk=annual.pk).update(executive_summary="สรุปผลการดำเนินงาน")
    annual_services.submit_annual_report(report=annual, by=cm_approver)
    annual_services.return_annual_report(report=annual, by=central_admin, comment="เพิ่มปัญหาอุปสรรค")
    notification = told("annual_returned").first()
    assert notification.subject == f"{annual} ถูกส่งกลับให้แก้ไข"
    assert "เพิ่มปัญหาอุปสรรค" in notification.body and notification.path == f"/annual/{annual.pk}/"
    annual_services.accept_annual_report(
        report=annual_services.submit_annual_report(report=annual, by=cm_approver), by=central_admin
    )
    assert told("annual_accepted").count() == 2


def test_a_plan_sent_approved_and_amended_tells_the_other_officers(
    approved_cm_plan, cm_editor, cm_approver, sk_editor, central_admin
):
    from labourplan.plans.services import start_amendment

    plan = approved_cm_plan
    sent, approved = told("plan_submitted"), told("plan_approved")
    assert [n.recipient for n in sent] == [cm_editor]  # Somchai sent it himself
    assert sent.get().subject == f"{plan} เสนอผู้ว่าราชการจังหวัดแล้ว"
    assert "วันที่: 10 ตุลาคม 2569" in sent.get().body and sent.get().path == f"/plans/{plan.pk}/"
    assert approved.get().subject == f"{plan} ได้รับอนุมัติจากผู้ว่าราชการจังหวัดแล้ว"
    assert "วันที่: 20 ตุลาคม 2569" in approved.get().body

    start_amendment(plan=plan, reason="เพิ่มการตรวจแรงงานประมง", by=cm_editor)
    amended = told("plan_amended").get()
    assert amended.recipient == cm_approver and "เหตุผล: เพิ่มการตรวจแรงงานประมง" in amended.body
    assert not Notification.objects.filter(recipient__in=[sk_editor, central_admin]).exists()
