"""The province home and the reporting calendar: a late plan says so and what to do; months made
overdue by a late plan say why; the running month is in progress; results count before approval."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from labourplan.dashboard.province import province_picture
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans import services as plan_services
from labourplan.plans.models import PlanItem
from labourplan.reports import services
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db
D = datetime.date
GLP = "ส่งเสริมสถานประกอบการนำแนวปฏิบัติการใช้แรงงานที่ดีไปใช้ (GLP)"


def at(*args):
    return datetime.datetime(*args, tzinfo=BANGKOK)


def home(client, user, moment):
    client.force_login(user)
    with time_machine.travel(moment, tick=False):
        response = client.get(f"/provinces/{user.province.code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_province_without_a_plan_sent_by_the_deadline_is_told_the_plan_is_overdue(
    client, cm_editor, cm_approver, fy2570_template
):
    # FY 2570's plan is due at the governor by 12 October 2569.
    assert 'data-testid="plan-overdue"' not in home(client, cm_editor, at(2026, 10, 12, 15))
    late = home(client, cm_editor, at(2026, 10, 13, 9))  # no plan at all
    assert 'data-testid="plan-overdue"' in late and "12 ตุลาคม 2569" in late
    plan = plan_services.create_plan(province=cm_editor.province, fiscal_year=fy2570_template, by=cm_editor)
    for moment in (at(2026, 11, 3, 9), at(2026, 12, 4, 9)):  # a draft: overdue, and no countdown to a report
        html = home(client, cm_editor, moment)
        assert 'data-testid="plan-overdue"' in html
        assert 'data-testid="next-report-task"' not in html
    plan_services.submit_plan(version=plan.current_version, submitted_on=D(2026, 12, 4), by=cm_approver)
    html = home(client, cm_editor, at(2026, 12, 4, 10))
    assert 'data-testid="plan-overdue"' not in html and 'data-testid="next-report-task"' in html


def test_months_made_overdue_by_a_late_plan_say_why(client, cm_plan, cm_editor, cm_approver):
    plan_services.submit_plan(version=cm_plan.current_version, submitted_on=D(2026, 11, 20), by=cm_approver)
    html = home(client, cm_editor, at(2026, 11, 25, 9))
    late = re.search(r'data-testid="late-plan-months">(.*?)</li>', html, re.S).group(1)
    assert "20 พฤศจิกายน 2569" in late and "ตุลาคม 2569" in late
    # Once October is sent, late, the explanation goes.
    report = services.open_report(plan=cm_plan, month_index=1, by=cm_editor, today=D(2026, 11, 25))
    services.submit_report(report=report, by=cm_approver, now=at(2026, 11, 25, 10))
    assert 'data-testid="late-plan-months"' not in home(client, cm_editor, at(2026, 11, 26, 9))


def test_a_plan_sent_in_time_explains_no_late_month(client, cm_plan, cm_editor, cm_approver):
    plan_services.submit_plan(version=cm_plan.current_version, submitted_on=D(2026, 10, 10), by=cm_approver)
    html = home(client, cm_editor, at(2026, 11, 25, 9))  # October missing: for lack of a report, not of a plan
    assert 'data-testid="late-plan-months"' not in html and 'data-testid="plan-overdue"' not in html


def test_the_province_home_counts_results_before_the_approval_and_shows_the_month_in_progress(
    cm_plan, cm_editor, cm_approver, chiang_mai
):
    plan_services.submit_plan(version=cm_plan.current_version, submitted_on=D(2026, 10, 10), by=cm_approver)
    plan_services.add_allocation(plan=cm_plan, amount=Decimal("100000"), received_on=D(2026, 10, 25), by=cm_editor)
    glp = PlanItem.objects.get(topic__version=cm_plan.current_version, title=GLP)
    with time_machine.travel(at(2026, 11, 3, 9), tick=False):
        october = services.open_report(plan=cm_plan, month_index=1, by=cm_editor)
        services.save_result(report=october, item=glp, revision=0, result=1, by=cm_editor, confirmed=True, remark="ก")
        services.submit_report(report=october, by=cm_approver)
    picture = province_picture(province=chiang_mai, fiscal_year=cm_plan.fiscal_year, as_of=at(2026, 11, 10, 9))
    assert picture.plan_sent and not picture.has_approved_plan
    row = next(r for r in picture.rows if r.title == GLP)
    assert row.totals.total_result == 1
    assert [c.status for c in picture.cells[:3]] == ["on_time", "in_progress", "not_due"]
    document = SimpleUploadedFile("approval.pdf", PDF_BYTES, content_type="application/pdf")
    plan_services.record_approval(
        version=cm_plan.current_version, approved_on=D(2026, 11, 20), document=document, by=cm_approver
    )
    after = province_picture(province=chiang_mai, fiscal_year=cm_plan.fiscal_year, as_of=at(2026, 11, 21, 9))
    assert next(r for r in after.rows if r.title == GLP).totals.total_result == 1
